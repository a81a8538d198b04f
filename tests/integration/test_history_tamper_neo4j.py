"""Tampering with the Neo4j store's change log directly in Cypher is detected and named."""

from __future__ import annotations

import json

import pytest

from catalog.domain.register import EntityKind, Register
from catalog.history.chain import context, verify_chain
from catalog.store.neo4j_store import Neo4jStore
from tests.conftest import Neo4jTarget

pytestmark = pytest.mark.neo4j


def three_entries(store: Neo4jStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    for actor in ("bob", "carol"):
        current = store.get_entity(EntityKind.PROCESSOR, "hubspot")
        assert current is not None
        edited = current.value.model_copy(update={"description": f"edited by {actor}"})
        store.put_entity(edited, current.version, change=context("edit", actor))


def test_the_chain_is_intact_after_ordinary_writes(neo4j_store: Neo4jStore, seed_register: Register) -> None:
    three_entries(neo4j_store, seed_register)
    entries = neo4j_store.history()
    assert [e.actor for e in entries] == ["alice", "bob", "carol"]
    assert verify_chain(entries) is None


def test_altering_an_entry_is_named(
    neo4j_store: Neo4jStore, neo4j_target: Neo4jTarget, seed_register: Register
) -> None:
    three_entries(neo4j_store, seed_register)
    records, _, _ = neo4j_target.driver.execute_query(
        "MATCH (c:ChangeEntry {seq: 2}) RETURN c.entry AS entry", database_=neo4j_target.database
    )
    data = json.loads(records[0]["entry"])
    data["actor"] = "mallory"
    neo4j_target.driver.execute_query(
        "MATCH (c:ChangeEntry {seq: 2}) SET c.entry = $entry", entry=json.dumps(data), database_=neo4j_target.database
    )
    broken = verify_chain(neo4j_store.history())
    assert broken is not None and broken.seq == 2 and "altered" in broken.reason


def test_deleting_an_entry_is_named(
    neo4j_store: Neo4jStore, neo4j_target: Neo4jTarget, seed_register: Register
) -> None:
    three_entries(neo4j_store, seed_register)
    neo4j_target.driver.execute_query("MATCH (c:ChangeEntry {seq: 2}) DELETE c", database_=neo4j_target.database)
    broken = verify_chain(neo4j_store.history())
    assert broken is not None and broken.seq == 2 and "missing" in broken.reason
