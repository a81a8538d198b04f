"""A save is checked on the saved entity's neighbourhood: the same issues as the whole register, on both stores."""

from __future__ import annotations

from typing import Any

import pytest

from catalog.app import register as services
from catalog.app.save_check import delete_issues, save_issues
from catalog.domain.models import DataCategory, Processor, System
from catalog.domain.register import Entity, EntityKind, Register, find_reference_issues, kind_of
from catalog.domain.vocab import SystemKind
from catalog.errors import RegisterValidationError
from catalog.store.base import RegisterStore


@pytest.fixture
def seeded(store: RegisterStore) -> RegisterStore:
    services.seed(store)
    return store


def _whole_register_issues(store: RegisterStore, entity: Entity | None, removed: str | None = None) -> list[str]:
    """The whole register's issues with ``entity`` saved, or the entity keyed ``removed`` deleted."""
    kind = kind_of(entity) if entity is not None else None
    gone = entity.key if entity is not None else removed
    current = store.load_register()
    collections: dict[str, Any] = {}
    for each in EntityKind:
        kept = [e for e in current.entities(each) if not ((each == kind or entity is None) and e.key == gone)]
        collections[each.value] = [*kept, entity] if entity is not None and each == kind else kept
    return sorted(str(issue) for issue in find_reference_issues(Register.model_construct(**collections)))


def _edited(store: RegisterStore, kind: EntityKind, key: str, **update: Any) -> Entity:
    stored = store.get_entity(kind, key)
    assert stored is not None
    return stored.value.model_copy(update=update)


def _saves(store: RegisterStore) -> list[Entity]:
    """Saves that break references in each way the register can, and some that break nothing."""
    return [
        System(key="ledger", name="Ledger", kind=SystemKind.SAAS, hosting=["NO"], operator="no-such-vendor"),
        System(key="ledger", name="Ledger", kind=SystemKind.SAAS, hosting=["NO"], operator="crm"),  # a system
        System(key="ledger", name="Ledger", kind=SystemKind.SAAS, hosting=["NO"], operator="webstat"),
        _edited(store, EntityKind.DATA_CATEGORY, "contact", parent="contact.name"),  # a cycle of two
        _edited(store, EntityKind.DATA_CATEGORY, "contact", parent="contact"),  # its own parent
        _edited(store, EntityKind.DATA_CATEGORY, "contact.email", parent="users"),  # a data subject
        DataCategory(key="contact.fax", name="Fax", parent="contact"),
        _edited(store, EntityKind.ACTIVITY, "newsletter", systems=["crm", "hosting-provider", "nowhere"]),
        _edited(store, EntityKind.ACTIVITY, "newsletter", data_categories=[]),  # its flows name categories
        _edited(store, EntityKind.ACTIVITY, "newsletter", data_subjects=["users"], recipients=["researchers"]),
        Processor(
            key="new-vendor",
            legal_name="New Vendor AS",
            service_category="other",
            established_in="NO",
            processing_locations=["NO"],
        ),
        _edited(store, EntityKind.PROCESSOR, "webstat", legal_name="Webstat Moved AB"),
    ]


def test_the_neighbourhood_gives_the_whole_registers_issues(seeded: RegisterStore) -> None:
    for entity in _saves(seeded):
        issues = save_issues(seeded, entity)
        assert issues is not None, entity.key
        found = sorted(str(issue) for issue in issues)
        assert found == _whole_register_issues(seeded, entity), entity.key


def test_a_key_held_by_another_kind_is_checked_on_the_whole_register(seeded: RegisterStore) -> None:
    twin = System(key="webstat", name="Webstat twin", kind=SystemKind.APPLICATION, hosting=["NO"])
    assert save_issues(seeded, twin) is None
    with pytest.raises(RegisterValidationError, match="duplicate key"):
        services.save_entity(seeded, twin, None)


def test_a_cycle_is_refused_naming_each_category_in_it(seeded: RegisterStore) -> None:
    contact = _edited(seeded, EntityKind.DATA_CATEGORY, "contact", parent="contact.name")
    stored = seeded.get_entity(EntityKind.DATA_CATEGORY, "contact")
    assert stored is not None
    with pytest.raises(RegisterValidationError) as caught:
        services.save_entity(seeded, contact, stored.version)
    assert len(caught.value.problems) == 2
    assert "contact.name" in str(caught.value)


def test_a_delete_names_the_referrers_the_whole_register_names(seeded: RegisterStore) -> None:
    keys = [entity.key for _, entity in seeded.load_register().all_entities()]
    for key in keys:
        found = sorted(str(issue) for issue in delete_issues(seeded, key))
        assert found == _whole_register_issues(seeded, None, removed=key), key
