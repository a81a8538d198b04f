"""The six known tamperings of the history, each detected by ``verify_store`` on both stores.

Each tampering edits the database directly, as someone with access to the file or the server would:
SQL on the embedded store, Cypher on Neo4j.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from catalog.app import history as history_service
from catalog.domain.register import EntityKind, Register
from catalog.errors import StoreError
from catalog.history.chain import context
from catalog.store.base import RegisterStore
from catalog.store.embedded import HEAD_META, EmbeddedStore
from tests.conftest import Neo4jTarget


@dataclass
class Backend:
    """A store with three entries, and raw access to its database."""

    store: RegisterStore
    run: Callable[[str, dict[str, Any]], list[dict[str, Any]]]
    kind: str


def three_entries(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    for actor in ("bob", "carol"):
        current = store.get_entity(EntityKind.PROCESSOR, "hubspot")
        assert current is not None
        edited = current.value.model_copy(update={"description": f"edited by {actor}"})
        store.put_entity(edited, current.version, change=context("edit", actor))


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def backend(request: pytest.FixtureRequest, tmp_path: Path, seed_register: Register) -> Iterator[Backend]:
    if request.param == "embedded":
        path = tmp_path / "c.db"
        store: RegisterStore = EmbeddedStore(path)

        def run_sql(statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
            with sqlite3.connect(path) as raw:
                raw.row_factory = sqlite3.Row
                return [dict(row) for row in raw.execute(statement, params).fetchall()]

        runner = run_sql
    else:
        target: Neo4jTarget = request.getfixturevalue("neo4j_target")
        store = request.getfixturevalue("neo4j_store")

        def run_cypher(statement: str, params: dict[str, Any]) -> list[dict[str, Any]]:
            records, _, _ = target.driver.execute_query(statement, params, database_=target.database)
            return [record.data() for record in records]

        runner = run_cypher
    three_entries(store, seed_register)
    yield Backend(store, runner, request.param)
    store.close()


# Each tampering, in SQL and in Cypher; parameters are values only.
EMBEDDED = {
    "read_entry": "SELECT entry FROM change_log WHERE seq = :seq",
    "write_entry": "UPDATE change_log SET entry = :entry WHERE seq = :seq",
    "delete_entry": "DELETE FROM change_log WHERE seq = :seq",
    "edit_body": "UPDATE entity SET body = :body WHERE key = :key",
    "read_body": "SELECT body FROM entity WHERE key = :key",
    "edit_at": "UPDATE change_log SET at = :at WHERE seq = :seq",
    "set_head": "UPDATE meta SET value = :value WHERE name = '" + HEAD_META + "'",
}
NEO4J = {
    "read_entry": "MATCH (c:ChangeEntry {seq: $seq}) RETURN c.entry AS entry",
    "write_entry": "MATCH (c:ChangeEntry {seq: $seq}) SET c.entry = $entry",
    "delete_entry": "MATCH (c:ChangeEntry {seq: $seq}) DELETE c",
    "edit_body": "MATCH (n:Entity {key: $key}) SET n.body = $body",
    "read_body": "MATCH (n:Entity {key: $key}) RETURN n.body AS body",
    "edit_at": "MATCH (c:ChangeEntry {seq: $seq}) SET c.at = $at",
    "set_head": "MATCH (h:ChangeLogHead) SET h.seq = $seq, h.hash = $hash, h.at = $at",
}


def sql(backend: Backend, name: str, **params: Any) -> list[dict[str, Any]]:
    statements = EMBEDDED if backend.kind == "embedded" else NEO4J
    return backend.run(statements[name], params)


def problems(backend: Backend, expected_head: str | None = None) -> list[str]:
    return [str(p) for p in history_service.verify_store(backend.store, expected_head).problems]


def test_an_untouched_history_verifies_and_names_its_head(backend: Backend) -> None:
    report = history_service.verify_store(backend.store, backend.store.history_head().hash)
    assert report.problems == [] and report.entries == 3
    assert report.head == backend.store.history_head() and report.head.seq == 3


def test_1_editing_an_entry(backend: Backend) -> None:
    (row,) = sql(backend, "read_entry", seq=2)
    data = json.loads(row["entry"])
    data["actor"] = "mallory"
    sql(backend, "write_entry", seq=2, entry=json.dumps(data))
    found = problems(backend)
    assert found and found[0].startswith("entry #2:") and "altered" in found[0]


def test_2_deleting_the_first_entry(backend: Backend) -> None:
    sql(backend, "delete_entry", seq=1)
    found = problems(backend)
    assert found and found[0].startswith("entry #1:")


def test_3_swapping_two_entries(backend: Backend) -> None:
    (second,) = sql(backend, "read_entry", seq=2)
    (third,) = sql(backend, "read_entry", seq=3)
    sql(backend, "write_entry", seq=2, entry=third["entry"])
    sql(backend, "write_entry", seq=3, entry=second["entry"])
    found = problems(backend)
    assert found and found[0].startswith("entry #2:")


def test_4_deleting_the_last_entry_with_the_head_recorded(backend: Backend) -> None:
    recorded = backend.store.history_head()
    before = history_service.verify_store(backend.store).head
    assert before == recorded
    second = backend.store.history()[1]
    sql(backend, "delete_entry", seq=3)
    # The store's own head record notices; a careful intruder rewrites it too ...
    assert any("head records entry #3" in p for p in problems(backend))
    head_at = second.at.isoformat()
    if backend.kind == "embedded":
        sql(backend, "set_head", value=json.dumps({"seq": 2, "hash": second.hash, "at": head_at}))
    else:
        sql(backend, "set_head", seq=2, hash=second.hash, at=head_at)
    # (the stored register still holds the removed edit, which the replay names) ...
    assert problems(backend) == [
        "the stored processor 'HubSpot' (hubspot) differs from the history (edited outside the catalog)"
    ]
    # ... which the head recorded elsewhere (an audit pack's manifest) still catches.
    found = problems(backend, recorded.hash)
    assert any("expected head" in p and "removed or rewritten" in p for p in found)


def test_5_editing_a_stored_entity_directly(backend: Backend) -> None:
    (row,) = sql(backend, "read_body", key="webstat")
    body = json.loads(row["body"])
    body["processing_locations"] = ["NO"]  # hides a transfer to the US from the register
    sql(backend, "edit_body", key="webstat", body=json.dumps(body, sort_keys=True))
    found = problems(backend)
    assert found == ["the stored processor 'Webstat' (webstat) differs from the history (edited outside the catalog)"]


def test_6_editing_the_stored_timestamp(backend: Backend) -> None:
    sql(backend, "edit_at", seq=2, at="2020-01-01T00:00:00+00:00")
    found = problems(backend)
    assert len(found) == 1 and found[0].startswith("entry #2: its stored time '2020-01-01T00:00:00+00:00' differs")


def test_an_unreadable_entry_is_reported_not_raised(backend: Backend) -> None:
    sql(backend, "write_entry", seq=2, entry="{not json")
    assert problems(backend) == ["entry #2: its stored entry is not a readable change entry (altered)"]
    with pytest.raises(StoreError, match="entry #2 cannot be read"):
        backend.store.history()
