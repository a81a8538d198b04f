"""The reads that follow an edit without loading the register, the same on every store: what changed since
a revision (from the change log's later entries) and which entities name a key (a delete's referrers)."""

from __future__ import annotations

from catalog.domain.register import EntityKind, Register
from catalog.history.chain import context
from catalog.store.base import RegisterStore
from catalog.store.readonly import ReadOnlyStore


def test_nothing_changed_since_the_current_revision(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    assert store.changes_since(store.revision()) == []


def test_the_entities_written_after_a_revision_in_write_order(store: RegisterStore, seed_register: Register) -> None:
    empty = store.revision()
    store.replace_register(seed_register, change=context("seed", "alice"))
    seeded = store.revision()
    hubspot = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert hubspot is not None
    edited = hubspot.value.model_copy(update={"description": "Marketing analytics"})
    store.put_entity(edited, expected_version=hubspot.version, change=context("edit", "bob"))
    organisation = store.get_organisation()
    assert organisation is not None
    renamed = organisation.value.model_copy(update={"website": "https://example.org"})
    store.put_organisation(renamed, organisation.version, change=context("edit", "bob"))
    store.put_entity(edited.model_copy(update={"description": "CRM"}), hubspot.version + 1, change=context("edit"))

    assert store.changes_since(seeded) == [
        ("processors", "hubspot"),
        ("organisation", "organisation"),
        ("processors", "hubspot"),
    ]
    since_empty = store.changes_since(empty)
    assert since_empty is not None
    seeded_keys = {entity.key for _, entity in seed_register.all_entities()}
    assert {key for _, key in since_empty} == seeded_keys | {"organisation"}
    assert ReadOnlyStore(store).changes_since(seeded) == store.changes_since(seeded)


def test_a_revision_the_log_does_not_hold_is_unknown(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    seq = store.history_head().seq
    assert store.changes_since(f"{seq}-{'f' * 16}") is None  # the same number, another store's write
    assert store.changes_since(f"{seq + 5}-{'0' * 16}") is None  # not written yet
    assert store.changes_since("not a revision") is None


def test_the_entities_naming_a_key(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    mentioning = store.entities_mentioning("crm")
    referrers = {
        entity.key
        for _, entity in seed_register.all_entities()
        if entity.key != "crm" and '"crm"' in entity.model_dump_json()
    }
    assert [entity.key for entity in mentioning] == sorted(referrers | {"crm"})
    assert store.entities_mentioning("no-such-key") == []
    assert [e.key for e in ReadOnlyStore(store).entities_mentioning("crm")] == [e.key for e in mentioning]
