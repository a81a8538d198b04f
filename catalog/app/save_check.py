"""A save's or a delete's reference check from the entity's neighbourhood, instead of the whole register.

Saving one entity can break only what involves it: its own references (each must name an entity of the
wanted kind), its key (unique across the register), and for a data category a cycle through its parents.
So the check reads just those entities (``get_entity``) into a small register and runs the same
``find_reference_issues`` on it: the issues, and so the messages, are the ones the whole register gives.
A country assessment (a TIA naming it must still go to its country) and a key another kind holds are
checked on the whole register. A delete can break only the references to it: its referrers are among
the entities whose stored body names its key, and they are checked with what else they refer to.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from catalog.domain.models import DataCategory, ProcessingActivity, Processor, System, Tia
from catalog.domain.register import Entity, EntityKind, ReferenceIssue, Register, find_reference_issues, kind_of
from catalog.store.base import RegisterStore

_IMPORTERS: tuple[EntityKind, ...] = (EntityKind.PROCESSOR, EntityKind.SYSTEM, EntityKind.RECIPIENT)


def save_issues(store: RegisterStore, entity: Entity) -> list[ReferenceIssue] | None:
    """The reference issues the stored register would have with ``entity`` saved, from its neighbourhood.

    None when the neighbourhood cannot tell: a country assessment (TIAs naming it must go to its country)
    or a key another kind holds (a duplicate key also re-judges every reference to it); the caller then
    checks the whole register.
    """
    kind = kind_of(entity)
    if kind == EntityKind.COUNTRY_ASSESSMENT:
        return None
    # Both stores keep keys unique across kinds, so only a new key can be another kind's already.
    if store.get_entity(kind, entity.key) is None and any(
        store.get_entity(other, entity.key) is not None for other in EntityKind if other != kind
    ):
        return None
    neighbours: dict[str, Entity] = {}
    for key, wanted in _references(entity):
        if key != entity.key and key not in neighbours:
            found = _entity_by_key(store, key, wanted)
            if found is not None:
                neighbours[key] = found
    if isinstance(entity, DataCategory):
        neighbours.update(_ancestors(store, entity))
    issues = find_reference_issues(_small_register([*neighbours.values(), entity]))
    # The neighbours' own references lead outside the small register: only the saved entity's issues and
    # a category cycle (named on every category in it) are the change's.
    return [issue for issue in issues if issue.key == entity.key or _is_cycle(issue)]


def delete_issues(store: RegisterStore, key: str) -> list[ReferenceIssue]:
    """The reference issues the stored register would have without the entity ``key``: every referrer's.

    The referrers are among the entities whose body names the key (``entities_mentioning``); they are
    checked with everything else they refer to, so that only what the delete breaks is reported.
    """
    referrers = [entity for entity in store.entities_mentioning(key) if entity.key != key]
    if not referrers:
        return []
    around: dict[str, Entity] = {entity.key: entity for entity in referrers}
    for referrer in referrers:
        for reference, wanted in _references(referrer):
            if reference != key and reference not in around:
                found = _entity_by_key(store, reference, wanted)
                if found is not None:
                    around[reference] = found
    issues = find_reference_issues(_small_register(around.values()))
    named = {entity.key for entity in referrers}
    return [issue for issue in issues if issue.key in named]


def _small_register(entities: Iterable[Entity]) -> Register:
    """A register of just ``entities`` (no organisation; each kind in key order), for the reference check."""
    collections: dict[str, list[Entity]] = {each.value: [] for each in EntityKind}
    for entity in entities:
        collections[kind_of(entity).value].append(entity)
    for listed in collections.values():
        listed.sort(key=lambda each: each.key)
    fields: dict[str, Any] = collections
    return Register.model_construct(**fields)


def _is_cycle(issue: ReferenceIssue) -> bool:
    return issue.kind == EntityKind.DATA_CATEGORY and issue.path == ("parent",) and "cycle" in issue.message


def _references(entity: Entity) -> list[tuple[str, tuple[EntityKind, ...]]]:
    """Each key ``entity`` refers to, with the kinds it must be (the fields ``find_reference_issues`` checks)."""
    if isinstance(entity, DataCategory):
        return [(entity.parent, (EntityKind.DATA_CATEGORY,))] if entity.parent is not None else []
    if isinstance(entity, System):
        return [(entity.operator, (EntityKind.PROCESSOR,))] if entity.operator is not None else []
    if isinstance(entity, Processor):
        return [(engagement.processor, (EntityKind.PROCESSOR,)) for engagement in entity.sub_processors]
    if isinstance(entity, ProcessingActivity):
        return [
            *((key, (EntityKind.DATA_CATEGORY,)) for key in entity.data_categories),
            *((key, (EntityKind.DATA_SUBJECT,)) for key in entity.data_subjects),
            *((key, (EntityKind.SYSTEM,)) for key in entity.systems),
            *((key, (EntityKind.RECIPIENT,)) for key in entity.recipients),
        ]
    if isinstance(entity, Tia):
        references: list[tuple[str, tuple[EntityKind, ...]]] = [(c.importer, _IMPORTERS) for c in entity.transfers]
        references += [(key, (EntityKind.ACTIVITY,)) for covered in entity.transfers for key in covered.activities]
        if entity.country_assessment is not None:
            references.append((entity.country_assessment, (EntityKind.COUNTRY_ASSESSMENT,)))
        return references
    return []


def _entity_by_key(store: RegisterStore, key: str, wanted: tuple[EntityKind, ...]) -> Entity | None:
    """The entity with ``key`` (keys are unique across the register): the wanted kinds are asked first."""
    for kind in [*wanted, *(other for other in EntityKind if other not in wanted)]:
        found = store.get_entity(kind, key)
        if found is not None:
            return found.value
    return None


def _ancestors(store: RegisterStore, category: DataCategory) -> dict[str, Entity]:
    """The category's parents up the tree as stored (stopping at a missing parent or a repeat)."""
    found: dict[str, Entity] = {}
    parent = category.parent
    while parent is not None and parent != category.key and parent not in found:
        stored = store.get_entity(EntityKind.DATA_CATEGORY, parent)
        if stored is None or not isinstance(stored.value, DataCategory):
            break
        found[parent] = stored.value
        parent = stored.value.parent
    return found
