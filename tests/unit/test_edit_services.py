"""Editing through the service layer: whole-register validation, version checks, read-only refusal."""

from __future__ import annotations

import pytest

from catalog.app import register as services
from catalog.domain.models import System
from catalog.domain.register import EntityKind
from catalog.domain.vocab import SystemKind
from catalog.errors import ConcurrentEditError, ReadOnlyError, RegisterValidationError
from catalog.store.base import RegisterStore
from catalog.store.readonly import ReadOnlyStore


@pytest.fixture
def seeded(store: RegisterStore) -> RegisterStore:
    services.seed(store)
    return store


def test_save_creates_and_updates_with_versions(seeded: RegisterStore) -> None:
    system = System(key="ledger", name="Ledger", kind=SystemKind.APPLICATION, hosting=["NO"])
    assert services.save_entity(seeded, system, None) == 1
    changed = system.model_copy(update={"name": "General ledger"})
    assert services.save_entity(seeded, changed, 1) == 2
    stored = seeded.get_entity(EntityKind.SYSTEM, "ledger")
    assert stored is not None and getattr(stored.value, "name", None) == "General ledger" and stored.version == 2


def test_concurrent_edit_is_refused_not_overwritten(seeded: RegisterStore) -> None:
    current = seeded.get_entity(EntityKind.SYSTEM, "crm")
    assert current is not None
    services.save_entity(seeded, current.value.model_copy(update={"name": "CRM (theirs)"}), current.version)
    with pytest.raises(ConcurrentEditError, match="changed by someone else"):
        services.save_entity(seeded, current.value.model_copy(update={"name": "CRM (mine)"}), current.version)
    after = seeded.get_entity(EntityKind.SYSTEM, "crm")
    assert after is not None and getattr(after.value, "name", None) == "CRM (theirs)"


def test_save_refuses_dangling_reference_at_its_field(seeded: RegisterStore) -> None:
    system = System(key="ledger", name="Ledger", kind=SystemKind.SAAS, hosting=["NO"], operator="no-such-vendor")
    with pytest.raises(RegisterValidationError) as caught:
        services.save_entity(seeded, system, None)
    assert caught.value.problems[0].field == "operator"
    assert seeded.get_entity(EntityKind.SYSTEM, "ledger") is None


def test_delete_refuses_while_referenced_and_names_the_referrer(seeded: RegisterStore) -> None:
    current = seeded.get_entity(EntityKind.SYSTEM, "crm")
    assert current is not None
    with pytest.raises(RegisterValidationError, match="newsletter"):
        services.delete_entity(seeded, EntityKind.SYSTEM, "crm", current.version)
    assert seeded.get_entity(EntityKind.SYSTEM, "crm") is not None


def test_delete_unreferenced_entity(seeded: RegisterStore) -> None:
    system = System(key="ledger", name="Ledger", kind=SystemKind.APPLICATION, hosting=["NO"])
    services.save_entity(seeded, system, None)
    services.delete_entity(seeded, EntityKind.SYSTEM, "ledger", 1)
    assert seeded.get_entity(EntityKind.SYSTEM, "ledger") is None


def test_read_only_store_refuses_every_write(seeded: RegisterStore) -> None:
    reader = ReadOnlyStore(seeded)
    system = System(key="ledger", name="Ledger", kind=SystemKind.APPLICATION, hosting=["NO"])
    before = seeded.load_register()
    with pytest.raises(ReadOnlyError):
        services.save_entity(reader, system, None)
    with pytest.raises(ReadOnlyError):
        services.delete_entity(reader, EntityKind.SYSTEM, "crm", None)
    with pytest.raises(ReadOnlyError):
        reader.put_entity(system, None)
    with pytest.raises(ReadOnlyError):
        reader.delete_entity(EntityKind.SYSTEM, "crm", None)
    with pytest.raises(ReadOnlyError):
        reader.replace_register(before)
    with pytest.raises(ReadOnlyError):
        reader.put_organisation(before.organisation, None)
    assert seeded.load_register() == before
    assert reader.load_register() == before
