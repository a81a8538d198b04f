"""The store contract: every backend in STORE_BACKENDS must pass every test here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from catalog.app import history as history_service
from catalog.domain.models import ProcessingActivity, Processor, System
from catalog.domain.register import EntityKind, Register
from catalog.domain.vocab import FactBasis
from catalog.errors import ConcurrentEditError, NotFoundError, RegisterChangedError
from catalog.graph.edges import build_graph
from catalog.graph.lineage import lineage_from_graph
from catalog.history.diff import entity_diffs
from catalog.registerfile.register_yaml import dump_register, load_register
from catalog.store.base import RegisterStore
from catalog.store.embedded import EmbeddedStore


class InjectedFailure(RuntimeError):
    pass


def test_a_new_store_is_empty(store: RegisterStore) -> None:
    assert store.is_empty()
    with pytest.raises(NotFoundError):
        store.load_register()
    assert store.get_organisation() is None
    assert store.list_entities(EntityKind.PROCESSOR) == []


def test_replace_then_load_gives_an_equal_register(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    assert not store.is_empty()
    assert store.load_register().sorted() == seed_register.sorted()


def test_replace_is_idempotent_and_keeps_versions_of_unchanged_entities(
    store: RegisterStore, seed_register: Register
) -> None:
    store.replace_register(seed_register)
    before = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    store.replace_register(seed_register)
    after = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert before is not None and after is not None and before.version == after.version


def _unlink_system(activity: dict[str, Any], key: str) -> None:
    """The activity no longer uses the system; a reading of that link goes with it (issue #29)."""
    activity["systems"] = [s for s in activity["systems"] if s != key]
    activity["provenance"] = [p for p in activity["provenance"] if (p["field"], p["value"]) != ("systems", key)]


def test_a_failure_in_the_middle_of_an_import_leaves_the_previous_register(
    store: RegisterStore, seed_register: Register
) -> None:
    store.replace_register(seed_register)
    data = seed_register.model_dump()
    data["processors"] = [p for p in data["processors"] if p["key"] != "webstat"]
    data["systems"] = [s for s in data["systems"] if s["key"] != "webstat-analytics"]
    for activity in data["activities"]:
        _unlink_system(activity, "webstat-analytics")
    changed = Register.model_validate(data)

    def fail_halfway(written: int) -> None:
        if written >= 10:
            raise InjectedFailure("disk on fire")

    with pytest.raises(InjectedFailure):
        store.replace_register(changed, fault_hook=fail_halfway)
    assert store.load_register().sorted() == seed_register.sorted()


def test_entities_are_listed_in_key_order(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    keys = [p.key for p in store.list_entities(EntityKind.PROCESSOR)]
    assert keys == sorted(p.key for p in seed_register.processors)


def test_create_read_update_delete_with_versions(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    new = Processor(
        key="acme-backup",
        legal_name="Acme Backup AS",
        service_category="hosting",
        established_in="NO",
        processing_locations=["NO"],
    )
    assert store.put_entity(new, expected_version=None) == 1
    with pytest.raises(ConcurrentEditError, match="already exists"):
        store.put_entity(new, expected_version=None)
    read = store.get_entity(EntityKind.PROCESSOR, "acme-backup")
    assert read is not None and read.value == new and read.version == 1

    edited = new.model_copy(update={"legal_name": "Acme Backup ASA"})
    assert store.put_entity(edited, expected_version=1) == 2
    stale = new.model_copy(update={"legal_name": "Someone else's edit"})
    with pytest.raises(ConcurrentEditError, match="changed by someone else"):
        store.put_entity(stale, expected_version=1)
    current = store.get_entity(EntityKind.PROCESSOR, "acme-backup")
    assert current is not None and current.value.legal_name == "Acme Backup ASA"  # type: ignore[union-attr]

    with pytest.raises(ConcurrentEditError):
        store.delete_entity(EntityKind.PROCESSOR, "acme-backup", expected_version=1)
    store.delete_entity(EntityKind.PROCESSOR, "acme-backup", expected_version=2)
    assert store.get_entity(EntityKind.PROCESSOR, "acme-backup") is None
    with pytest.raises(NotFoundError):
        store.delete_entity(EntityKind.PROCESSOR, "acme-backup", expected_version=None)


def test_a_key_cannot_be_reused_across_kinds(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    clash = Processor(
        key="website",
        legal_name="X",
        service_category="other",
        established_in="NO",
        processing_locations=["NO"],
    )
    with pytest.raises(ConcurrentEditError, match="already used"):
        store.put_entity(clash, expected_version=None)


def test_organisation_versions(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    current = store.get_organisation()
    assert current is not None
    renamed = current.value.model_copy(update={"website": "https://verji.no"})
    version = store.put_organisation(renamed, expected_version=current.version)
    assert version == current.version + 1
    with pytest.raises(ConcurrentEditError):
        store.put_organisation(renamed, expected_version=current.version)


@pytest.mark.parametrize("category", ["contact.email", "contact", "usage.ip-address", "messages.content", "nope"])
def test_lineage_matches_the_reference_implementation(
    store: RegisterStore, seed_register: Register, category: str
) -> None:
    store.replace_register(seed_register)
    assert store.lineage(category) == lineage_from_graph(build_graph(seed_register), category)


def test_every_seed_category_has_the_reference_lineage(store: RegisterStore, seed_register: Register) -> None:
    # Every store, every category of the Verji seed: so the Neo4j and embedded lineages are equal too.
    store.replace_register(seed_register)
    graph = build_graph(seed_register)
    categories = [category.key for category in seed_register.data_categories]
    assert {key: store.lineage(key) for key in categories} == {
        key: lineage_from_graph(graph, key) for key in categories
    }


def test_email_addresses_reach_the_us_through_the_crm(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    lineage = store.lineage("contact.email")
    assert "US" in lineage.countries and "unknown" in lineage.countries
    edges = {(e.source, e.rel, e.target) for e in lineage.edges}
    assert ("activity:newsletter", "USES", "system:crm") in edges
    assert ("system:crm", "OPERATED_BY", "processor:crm-provider") in edges
    assert ("processor:crm-provider", "PROCESSES_IN", "country:US") in edges


def test_yaml_round_trip_through_the_store(store: RegisterStore, seed_register: Register, tmp_path: Path) -> None:
    store.replace_register(seed_register)
    dump_register(store.load_register(), tmp_path / "dump")
    store.replace_register(load_register(tmp_path / "dump"))
    assert store.load_register().sorted() == seed_register.sorted()


def test_text_is_stored_verbatim(store: RegisterStore, seed_register: Register) -> None:
    hostile = "<script>alert(1)</script> '; MATCH (n) DETACH DELETE n // \" ${x} =cmd|' /C calc'!A0 ø"
    store.replace_register(seed_register)
    processor = Processor(
        key="hostile",
        legal_name=hostile,
        service_category="other",
        established_in="NO",
        processing_locations=["NO"],
        description=hostile,
    )
    store.put_entity(processor, expected_version=None)
    read = store.get_entity(EntityKind.PROCESSOR, "hostile")
    assert read is not None and read.value == processor
    assert store.load_register().organisation == seed_register.organisation


def _reference_lineage(register: Register, categories: list[str]) -> dict[str, object]:
    graph = build_graph(register)
    return {category: lineage_from_graph(graph, category) for category in categories}


def test_lineage_holds_when_entities_arrive_one_by_one_in_any_order(
    store: RegisterStore, seed_register: Register
) -> None:
    # Referencing entities first: activities before the systems and categories they point at.
    store.put_organisation(seed_register.organisation, expected_version=None)
    for kind in reversed(list(EntityKind)):
        for entity in seed_register.entities(kind):
            store.put_entity(entity, expected_version=None)
    categories = [c.key for c in seed_register.data_categories]
    assert {c: store.lineage(c) for c in categories} == _reference_lineage(seed_register, categories)
    assert store.load_register().sorted() == seed_register.sorted()


def test_lineage_follows_edits_and_deletions(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    data = seed_register.model_dump()
    for activity in data["activities"]:
        _unlink_system(activity, "crm")
        activity["flows"] = [f for f in activity["flows"] if f["to"] != "crm"]
    edited = Register.model_validate(data)
    for activity in edited.activities:
        stored = store.get_entity(EntityKind.ACTIVITY, activity.key)
        assert stored is not None
        if stored.value != activity:
            store.put_entity(activity, expected_version=stored.version)
    store.delete_entity(EntityKind.SYSTEM, "crm", expected_version=None)
    data["systems"] = [s for s in data["systems"] if s["key"] != "crm"]
    edited = Register.model_validate(data)
    categories = ["contact.email", "contact", "usage.ip-address"]
    assert {c: store.lineage(c) for c in categories} == _reference_lineage(edited, categories)
    assert all(e.target != "system:crm" for c in categories for e in store.lineage(c).edges)


def test_lineage_after_a_load_follows_writes_from_this_and_other_connections(
    store: RegisterStore, seed_register: Register, tmp_path: Path
) -> None:
    # The embedded store builds lineage from the register it last handed out when nothing changed since.
    store.replace_register(seed_register)
    held = store.load_register()
    assert store.lineage("contact.email") == _reference_lineage(held, ["contact.email"])["contact.email"]
    crm = store.get_entity(EntityKind.SYSTEM, "crm")
    assert crm is not None and isinstance(crm.value, System)
    moved = crm.value.model_copy(update={"hosting": ["JP"]})
    writer = EmbeddedStore(tmp_path / "catalog.db") if isinstance(store, EmbeddedStore) else store
    writer.put_entity(moved, expected_version=crm.version)
    if writer is not store:
        writer.close()
    assert "JP" in store.lineage("contact.email").countries
    held = store.load_register()
    store.put_entity(moved.model_copy(update={"hosting": ["KR"]}), expected_version=crm.version + 1)
    countries = store.lineage("contact.email").countries
    assert "KR" in countries and "JP" not in countries


def test_the_revision_moves_with_every_write_and_only_then(store: RegisterStore, seed_register: Register) -> None:
    empty = store.revision()
    store.replace_register(seed_register)
    seeded = store.revision()
    store.replace_register(seed_register)  # the same register again: no change, no entry
    assert store.revision() == seeded != empty
    crm = store.get_entity(EntityKind.SYSTEM, "crm")
    assert crm is not None
    store.put_entity(crm.value.model_copy(update={"name": "CRM (renamed)"}), expected_version=crm.version)
    edited = store.revision()
    store.delete_entity(EntityKind.SYSTEM, "crm", expected_version=None)
    assert len({empty, seeded, edited, store.revision()}) == 4
    assert store.revision() == store.revision()


def test_a_replace_planned_from_an_older_revision_is_refused_and_writes_nothing(
    store: RegisterStore, seed_register: Register
) -> None:
    empty = store.revision()
    store.replace_register(seed_register, expected_revision=empty)
    seeded = store.revision()
    # A second writer that also planned from the empty store, and one that planned from the seed
    # but lost the race to an edit: both refused, nothing written, the edit kept.
    with pytest.raises(RegisterChangedError, match="another write changed the register"):
        store.replace_register(seed_register.model_copy(update={"activities": []}), expected_revision=empty)
    crm = store.get_entity(EntityKind.SYSTEM, "crm")
    assert crm is not None
    store.put_entity(crm.value.model_copy(update={"name": "CRM (edited)"}), expected_version=crm.version)
    edited = store.revision()
    entries = len(store.history())
    with pytest.raises(RegisterChangedError) as refused:
        store.replace_register(seed_register, expected_revision=seeded)
    assert refused.value.current_revision == edited == store.revision()
    assert isinstance(refused.value, ConcurrentEditError)  # the CLI's exit 2
    assert len(store.history()) == entries
    after = store.get_entity(EntityKind.SYSTEM, "crm")
    assert after is not None and getattr(after.value, "name", None) == "CRM (edited)"
    # Planned again from the current revision, the write goes through.
    store.replace_register(seed_register, expected_revision=edited)
    assert store.load_register().sorted() == seed_register.sorted()
    assert history_service.verify_store(store).problems == []


def test_provenance_is_stored_returned_and_shown_in_the_history(store: RegisterStore, seed_register: Register) -> None:
    """Issue #29: a reading's basis, note and source survive both stores, and confirming it is a change."""
    store.replace_register(seed_register)
    read = store.get_entity(EntityKind.ACTIVITY, "service-notices")
    assert read is not None
    notices = read.value
    assert isinstance(notices, ProcessingActivity)
    reading = next(p for p in notices.provenance if p.field == "systems")
    assert (reading.value, reading.basis) == ("email-service", FactBasis.READING)
    assert reading.source is not None and reading.source.section
    assert notices == next(a for a in seed_register.activities if a.key == "service-notices")
    confirmed = notices.model_copy(update={"provenance": [p for p in notices.provenance if p.field != "systems"]})
    store.put_entity(confirmed, expected_version=read.version)
    again = store.get_entity(EntityKind.ACTIVITY, "service-notices")
    assert again is not None and again.value == confirmed
    last = history_service.list_history(store)[-1]
    states = {(c.kind, c.key): c for c in last.changes}
    change = states[("activities", "service-notices")]
    assert change.before is not None and change.after is not None
    diffs = entity_diffs(
        {("activities", "service-notices"): change.before}, {("activities", "service-notices"): change.after}
    )
    assert diffs[0].fields == ["provenance"]
