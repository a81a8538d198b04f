"""Writing only what changed (``apply_changes``) leaves what rewriting the whole register leaves, on every store."""

from __future__ import annotations

import json
from typing import Any

import pytest

from catalog.app import history as history_service
from catalog.domain.register import EntityKind, Register
from catalog.errors import ConcurrentEditError, ReadOnlyError, RegisterChangedError
from catalog.history.chain import context
from catalog.store import neo4j_cypher
from catalog.store.base import ChangeSet, RegisterStore, stored_body
from catalog.store.neo4j_store import Neo4jStore
from catalog.store.readonly import ReadOnlyStore


class InjectedFailure(RuntimeError):
    pass


def changed_register(seed: Register) -> Register:
    """The seed with a processor renamed, one removed (with the system and links naming it), one added and
    engaged by another processor (a relationship to a new key), and the organisation renamed."""
    data = seed.model_dump(mode="json")
    data["organisation"]["name"] = data["organisation"]["name"] + " (renamed)"
    data["processors"] = [p for p in data["processors"] if p["key"] != "webstat"]
    data["systems"] = [s for s in data["systems"] if s["key"] != "webstat-analytics"]
    for activity in data["activities"]:
        activity["systems"] = [s for s in activity["systems"] if s != "webstat-analytics"]
        activity["provenance"] = [
            p for p in activity["provenance"] if (p["field"], p["value"]) != ("systems", "webstat-analytics")
        ]
    for processor in data["processors"]:
        if processor["key"] == "hubspot":
            processor["legal_name"] = "HubSpot Ireland Ltd (renamed)"
            processor["sub_processors"] = [{"processor": "acme-backup", "locations": ["US"]}]
    data["processors"].append(
        {
            "key": "acme-backup",
            "legal_name": "Acme Backup Inc",
            "service_category": "hosting",
            "established_in": "US",
            "processing_locations": ["US"],
        }
    )
    return Register.model_validate(data)


def change_set_between(before: Register, after: Register) -> ChangeSet:
    """What differs, as an import's plan hands it to the store: entities in ``after``'s order."""
    old = {entity.key: (kind, stored_body(entity)) for kind, entity in before.all_entities()}
    new_keys = {entity.key for _, entity in after.all_entities()}
    put = tuple(entity for kind, entity in after.all_entities() if old.get(entity.key) != (kind, stored_body(entity)))
    deleted = tuple((kind, key) for key, (kind, _) in old.items() if key not in new_keys)
    organisation = after.organisation if after.organisation != before.organisation else None
    return ChangeSet(put, deleted, organisation)


def versions(store: RegisterStore, entities: set[tuple[EntityKind, str]]) -> dict[str, int]:
    found = {}
    for kind, key in entities:
        read = store.get_entity(kind, key)
        if read is not None:
            found[key] = read.version
    organisation = store.get_organisation()
    assert organisation is not None
    found["organisation"] = organisation.version
    return found


def last_entry(store: RegisterStore) -> tuple[Any, list[dict[str, Any]]]:
    entry = store.history()[-1]
    return entry.actor, [change.model_dump(mode="json") for change in entry.changes]


def relationships(store: RegisterStore, request: pytest.FixtureRequest) -> set[tuple[str, str, str, str]]:
    """The Neo4j store's relationships (none to compare on the embedded store, which derives them on read)."""
    if not isinstance(store, Neo4jStore):
        return set()
    target = request.getfixturevalue("neo4j_target")
    records, _, _ = target.driver.execute_query(neo4j_cypher.ALL_RELATIONSHIPS, database_=target.database)
    return {(r["rel"], r["source"], r["target"], json.dumps(r["properties"], sort_keys=True)) for r in records}


def test_writing_the_changes_leaves_what_replacing_the_register_leaves(
    store: RegisterStore, seed_register: Register, request: pytest.FixtureRequest
) -> None:
    after = changed_register(seed_register)
    both = {(kind, entity.key) for register in (seed_register, after) for kind, entity in register.all_entities()}
    store.replace_register(seed_register, change=context("seed", "alice"))
    at_seed = versions(store, both)
    store.replace_register(after, change=context("import", "bob"))
    replaced = (store.stored_bodies(), versions(store, both), last_entry(store), relationships(store, request))

    store.replace_register(seed_register, change=context("seed", "alice"))
    back_at_seed = versions(store, both)
    store.apply_changes(
        change_set_between(seed_register, after), change=context("import", "bob"), expected_revision=store.revision()
    )
    written = (store.stored_bodies(), versions(store, both), last_entry(store), relationships(store, request))

    assert written[0] == replaced[0]
    # The same entities bumped by the same step (the revert in between bumped them once more).
    assert {k: v - back_at_seed.get(k, 0) for k, v in written[1].items()} == {
        k: v - at_seed.get(k, 0) for k, v in replaced[1].items()
    }
    assert written[2] == replaced[2]
    assert written[3] == replaced[3]
    assert store.load_register().sorted() == after.sorted()
    assert history_service.verify_store(store).problems == []


def test_a_change_set_that_changes_nothing_logs_nothing(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    entries = len(store.history())
    hubspot = next(p for p in seed_register.processors if p.key == "hubspot")
    store.apply_changes(ChangeSet(put=(hubspot,), organisation=seed_register.organisation))
    assert len(store.history()) == entries
    read = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert read is not None and read.version == 1


def test_a_change_set_planned_from_an_older_revision_is_refused_and_writes_nothing(
    store: RegisterStore, seed_register: Register
) -> None:
    store.replace_register(seed_register)
    seeded = store.revision()
    crm = store.get_entity(EntityKind.SYSTEM, "crm")
    assert crm is not None
    store.put_entity(crm.value.model_copy(update={"name": "CRM (edited)"}), expected_version=crm.version)
    edited = store.revision()
    bodies = store.stored_bodies()
    with pytest.raises(RegisterChangedError) as refused:
        store.apply_changes(
            change_set_between(seed_register, changed_register(seed_register)), expected_revision=seeded
        )
    assert refused.value.current_revision == edited == store.revision()
    assert isinstance(refused.value, ConcurrentEditError)  # the CLI's exit 2
    assert store.stored_bodies() == bodies


def test_a_failure_in_the_middle_of_writing_the_changes_leaves_the_previous_register(
    store: RegisterStore, seed_register: Register
) -> None:
    store.replace_register(seed_register)
    bodies, entries = store.stored_bodies(), len(store.history())

    def fail_at_the_last_row(written: int) -> None:
        if written >= 2:  # the removals went, the first written entity too
            raise InjectedFailure("disk on fire")

    with pytest.raises(InjectedFailure):
        store.apply_changes(
            change_set_between(seed_register, changed_register(seed_register)), fault_hook=fail_at_the_last_row
        )
    assert store.stored_bodies() == bodies
    assert len(store.history()) == entries
    assert store.load_register().sorted() == seed_register.sorted()


def test_a_read_only_store_refuses_a_change_set(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    with pytest.raises(ReadOnlyError, match="read-only"):
        ReadOnlyStore(store).apply_changes(change_set_between(seed_register, changed_register(seed_register)))
    assert store.load_register().sorted() == seed_register.sorted()
