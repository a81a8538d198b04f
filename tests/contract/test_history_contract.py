"""History contract: every write appends one chained entry, in the same transaction, on every store."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from catalog.app import history as history_service
from catalog.domain.models import Processor
from catalog.domain.register import EntityKind, Register
from catalog.errors import ConcurrentEditError
from catalog.history.chain import context, end_of, register_from_state, state_at, verify_chain
from catalog.store.base import RegisterStore


def test_each_write_appends_one_entry_with_its_actor(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    hubspot = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert hubspot is not None
    edited = hubspot.value.model_copy(update={"description": "Marketing analytics"})
    store.put_entity(edited, expected_version=hubspot.version, change=context("edit", "bob", "vendor review"))
    store.delete_entity(
        EntityKind.PROCESSOR, "internal-communication-provider", None, change=context("delete", "carol")
    )
    # ...which fails validation in the service layer, but the store itself just records the write.
    entries = store.history()
    assert [(e.seq, e.actor, e.operation) for e in entries] == [
        (1, "alice", "seed"),
        (2, "bob", "edit"),
        (3, "carol", "delete"),
    ]
    assert entries[1].reason == "vendor review"
    (change,) = entries[1].changes
    assert change.key == "hubspot" and change.before is not None and change.after is not None
    assert change.before["description"] != change.after["description"]
    assert entries[2].changes[0].after is None
    assert verify_chain(entries) is None


def test_a_write_that_changes_nothing_logs_nothing(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    store.replace_register(seed_register, change=context("import", "alice"))
    assert len(store.history()) == 1


def test_a_failed_write_logs_nothing(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    stale = Processor(
        key="hubspot", legal_name="X", service_category="other", established_in="NO", processing_locations=["NO"]
    )
    with pytest.raises(ConcurrentEditError):
        store.put_entity(stale, expected_version=99, change=context("edit", "mallory"))

    def explode(written: int) -> None:
        raise RuntimeError("boom")

    changed = Register.model_validate(
        {**seed_register.model_dump(), "organisation": {**seed_register.organisation.model_dump(), "website": "x"}}
    )
    with pytest.raises(RuntimeError):
        store.replace_register(changed, fault_hook=explode, change=context("import", "mallory"))
    assert [e.actor for e in store.history()] == ["alice"]


def test_the_register_as_it_was(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    first_moment = store.history()[0].at
    hubspot = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert hubspot is not None
    store.put_entity(
        hubspot.value.model_copy(update={"description": "changed"}), hubspot.version, change=context("edit", "bob")
    )
    entries = store.history()
    then = register_from_state(state_at(entries, first_moment))
    assert then is not None and then.sorted() == seed_register.sorted()
    assert register_from_state(state_at(entries, first_moment - timedelta(seconds=1))) is None
    now = register_from_state(state_at(entries, datetime.now(UTC) + timedelta(days=1)))
    assert now is not None and now.sorted() == store.load_register().sorted()


def test_diff_between_dates_names_the_edited_entity(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    hubspot = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert hubspot is not None
    store.put_entity(hubspot.value.model_copy(update={"description": "changed"}), hubspot.version)
    today = datetime.now(UTC).date()
    result = history_service.diff_dates(store, today - timedelta(days=1), today)
    assert any(d.key == "hubspot" and d.change == "added" for d in result.entities)
    assert history_service.register_as_of(store, today).sorted() == store.load_register().sorted()
    assert end_of(today) > store.history()[-1].at
