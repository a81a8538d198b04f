"""Random single-entity edits of a register, as a DPO or an import makes them, for the incremental check's tests.

``random_edit`` picks an entity kind (or the organisation) and an edit (add, change one thing, delete) and
returns it only when the register after it is valid (every model validates, every reference resolves), as
a store's save would require. ``apply_edit`` patches a register in memory: every other entity keeps its
object, as in a register patched after a save.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from pydantic import ValidationError

from catalog.domain.models import Organisation, Processor, Recipient
from catalog.domain.register import Entity, EntityKind, Register, find_reference_issues

LOCATIONS = ["NO", "SE", "DE", "US", "GB", "IN", "CA", "JP", "KR", "CH", "CN", "unknown"]
DAY = date(2026, 6, 1)  # after the synthetic safeguards' own TIAs, so a later TIA entity can decide


@dataclass(frozen=True)
class Edit:
    """One change: ``kind`` None for the organisation; ``entity`` None when the entity ``key`` is deleted."""

    kind: EntityKind | None
    key: str
    entity: Entity | Organisation | None
    what: str  # for a failing test's message


def apply_edit(register: Register, edit: Edit) -> Register:
    """``register`` after ``edit``; every other entity keeps its object."""
    if edit.kind is None:
        return register.model_copy(update={"organisation": edit.entity})
    items: list[Any] = [e for e in getattr(register, edit.kind.value) if e.key != edit.key]
    if edit.entity is not None:
        before = [e.key for e in getattr(register, edit.kind.value)]
        position = before.index(edit.key) if edit.key in before else len(items)
        items.insert(position, edit.entity)
    return register.model_copy(update={edit.kind.value: items})


def random_edit(register: Register, rng: random.Random) -> Edit:
    """A valid random edit of ``register``."""
    for _ in range(200):
        kind = rng.choice([None, *EntityKind, EntityKind.TIA, EntityKind.PROCESSOR])  # the most entangled, twice
        try:
            edit = _reviewed(register, kind, rng) if kind and rng.random() < 0.1 else _EDITS[kind](register, rng)
        except (ValidationError, ValueError, IndexError):
            continue  # e.g. a model rule the random values broke: draw another edit
        if edit is not None and not find_reference_issues(apply_edit(register, edit)):
            return edit
    raise AssertionError("no valid edit found in 200 draws")


def _reviewed(register: Register, kind: EntityKind, rng: random.Random) -> Edit:
    """An entry marked reviewed on some day (or its review date cleared)."""
    entity = _pick(register, kind, rng)
    changed = _changed(entity, last_reviewed_on=rng.choice([None, _day(rng), _day(rng)]))
    return Edit(kind, entity.key, changed, f"{kind.singular} {entity.key} reviewed")


def _changed(entity: Any, **changes: object) -> Any:
    """``entity`` with ``changes``, validated as a store would."""
    data = entity.model_dump()
    data.update(changes)
    return type(entity).model_validate(data)


def _new(kind: EntityKind, data: dict[str, Any]) -> Entity:
    return kind.model.model_validate(data)


def _locations(rng: random.Random, least: int = 1) -> list[str]:
    return rng.sample(LOCATIONS, rng.randint(least, 3))


def _day(rng: random.Random) -> date:
    return DAY + timedelta(days=rng.randint(-2000, 400))


def _recent(rng: random.Random) -> date:
    return DAY - timedelta(days=rng.randint(0, 140))  # later than most inline TIAs: the entity decides


def _safeguard(rng: random.Random) -> dict[str, Any]:
    choice = rng.choice(["scc", "scc-old", "scc-unknown", "bcr", "dpf", "derogation", "adequacy"])
    data: dict[str, Any]
    if choice == "scc":
        data = {"kind": "scc", "instrument": "scc-2021-914", "module": rng.choice("1234"), "signed_on": _day(rng)}
    elif choice == "scc-old":
        data = {"kind": "scc", "instrument": "scc-2010-87", "signed_on": _day(rng)}
    elif choice == "scc-unknown":
        data = {"kind": "scc", "instrument": "unknown"}
    elif choice == "derogation":
        data = {"kind": "derogation", "derogation": "49(1)(a)", "occasional": rng.random() < 0.5}
    elif choice == "adequacy":
        data = {"kind": "adequacy", "instrument": rng.choice(["us-privacy-shield", "eu-us-dpf"])}
    else:
        data = {"kind": choice}
    if rng.random() < 0.3:
        data["valid_until"] = _day(rng)
    if rng.random() < 0.3:
        data["tia"] = {"assessed_on": _day(rng), "outcome": rng.choice(["adequate", "pending"])}
    return data


def _pick(register: Register, kind: EntityKind, rng: random.Random) -> Any:
    return rng.choice(getattr(register, kind.value))


def _keys(register: Register, kind: EntityKind) -> list[str]:
    return [e.key for e in getattr(register, kind.value)]


def _fresh(register: Register, prefix: str, rng: random.Random) -> str:
    taken = {key for _, entity in register.all_entities() for key in [entity.key]}
    while True:
        key = f"{prefix}-new-{rng.randrange(10**6)}"
        if key not in taken:
            return key


def _delete(register: Register, kind: EntityKind, rng: random.Random) -> Edit:
    # Added entities are seldom referenced yet: deleting them is how most kinds get deleted at all.
    added = [e for e in getattr(register, kind.value) if "-new-" in e.key]
    entity = rng.choice(added) if added and rng.random() < 0.5 else _pick(register, kind, rng)
    return Edit(kind, entity.key, None, f"delete {kind.singular} {entity.key}")


def _name(rng: random.Random, current: str | None = None) -> object:
    """A new name; for ``current``, often only its bokmål changes (equal as text, not in every language)."""
    word = str(current) if current is not None and rng.random() < 0.5 else f"Name {rng.randrange(1000)}"
    return {"en": word, "nb": f"Navn {rng.randrange(1000)}"} if rng.random() < 0.7 else word


def _organisation(register: Register, rng: random.Random) -> Edit:
    organisation = register.organisation
    choice = rng.randrange(3)
    if choice == 0:
        address = organisation.address.model_copy(update={"country": rng.choice(["NO", "SE", "US", "GB"])})
        changed = _changed(organisation, address=address.model_dump())
    elif choice == 1:
        months = {"tia_months": rng.choice([6, 12, 24, 60]), "entry_months": rng.choice([6, 12, 24])}
        changed = _changed(organisation, review_policy=months, last_reviewed_on=rng.choice([None, _day(rng)]))
    else:
        changed = _changed(organisation, name=_name(rng, organisation.name))
    return Edit(None, "organisation", changed, f"organisation edit {choice}")


def _category(register: Register, rng: random.Random) -> Edit:
    kind = EntityKind.DATA_CATEGORY
    choice = rng.randrange(7)
    if choice == 0:
        key = _fresh(register, "cat", rng)
        parent = rng.choice([None, *_keys(register, kind)])
        entity = _new(kind, {"key": key, "name": _name(rng), "parent": parent, "special_category": rng.random() < 0.3})
        return Edit(kind, key, entity, f"add category {key}")
    if choice == 1:
        return _delete(register, kind, rng)
    category = _pick(register, kind, rng)
    if choice == 2:
        changed = _changed(category, special_category=not category.special_category)
    elif choice == 3:
        changed = _changed(category, name=_name(rng, category.name))
    elif choice == 4:  # what adequacy scopes and TIAs read of the data
        changed = _changed(
            category,
            hr_data=rng.random() < 0.5,
            excluded_kinds=rng.sample(["immigration_control", "credit_information"], rng.randint(0, 2)),
        )
    elif choice == 5:
        measure = {"kind": "e2e_encryption_keys_in_eea", "supplementary": True}
        changed = _changed(category, security_measures=[measure] if rng.random() < 0.7 else [])
    else:
        others = [k for k in _keys(register, kind) if k != category.key]
        changed = _changed(category, parent=rng.choice([None, *others]))
    return Edit(kind, category.key, changed, f"category {category.key} edit {choice}")


def _subject(register: Register, rng: random.Random) -> Edit:
    kind = EntityKind.DATA_SUBJECT
    choice = rng.randrange(3)
    if choice == 0:
        key = _fresh(register, "subj", rng)
        return Edit(kind, key, _new(kind, {"key": key, "name": _name(rng)}), f"add subject {key}")
    if choice == 1:
        return _delete(register, kind, rng)
    subject = _pick(register, kind, rng)
    return Edit(kind, subject.key, _changed(subject, name=_name(rng, subject.name)), f"rename subject {subject.key}")


def _some(rng: random.Random, keys: list[str], most: int = 3, least: int = 0) -> list[str]:
    return rng.sample(keys, min(len(keys), rng.randint(least, most)))


def _activity(register: Register, rng: random.Random) -> Edit:
    kind = EntityKind.ACTIVITY
    categories = _keys(register, EntityKind.DATA_CATEGORY)
    systems = _keys(register, EntityKind.SYSTEM)
    recipients = _keys(register, EntityKind.RECIPIENT)
    choice = rng.randrange(8)
    if choice == 0:
        key = _fresh(register, "act", rng)
        entity = _new(
            kind,
            {
                "key": key,
                "name": _name(rng),
                "role": "controller",
                "purposes": ["Testing"],
                "legal_bases": [{"basis": "contract"}] if rng.random() < 0.5 else [],
                "data_categories": _some(rng, categories, least=1),
                "data_subjects": _some(rng, _keys(register, EntityKind.DATA_SUBJECT), 1, 1),
                "systems": _some(rng, systems),
                "recipients": _some(rng, recipients, 1),
            },
        )
        return Edit(kind, key, entity, f"add activity {key}")
    if choice == 1:
        return _delete(register, kind, rng)
    activity = _pick(register, kind, rng)
    changes: dict[str, object]
    if choice == 2:
        changes = {"data_categories": _some(rng, categories, least=1), "flows": []}
    elif choice == 3:
        changes = {"systems": _some(rng, systems), "flows": []}
    elif choice == 4:
        changes = {"recipients": _some(rng, recipients, 2), "flows": []}
    elif choice == 5:
        as_processor = activity.role == "controller"
        changes = {
            "role": "processor" if as_processor else "controller",
            "controllers_served": ["Customer A", "Customer B"][: rng.randint(1, 2)] if as_processor else [],
        }
    elif choice == 6:
        changes = {"legal_bases": [], "retention": None}
    else:  # narrow the data reaching one system or recipient
        targets = [*activity.systems, *activity.recipients]
        to = rng.choice(targets)
        changes = {"flows": [{"to": to, "data_categories": _some(rng, list(activity.data_categories), least=1)}]}
    return Edit(kind, activity.key, _changed(activity, **changes), f"activity {activity.key} edit {choice}")


def _system(register: Register, rng: random.Random) -> Edit:
    kind = EntityKind.SYSTEM
    processors = _keys(register, EntityKind.PROCESSOR)
    choice = rng.randrange(5)
    if choice == 0:
        key = _fresh(register, "sys", rng)
        entity = _new(
            kind,
            {
                "key": key,
                "name": _name(rng),
                "kind": "saas",
                "operator": _operator(rng, processors),
                "hosting": _locations(rng),
            },
        )
        return Edit(kind, key, entity, f"add system {key}")
    if choice == 1:
        return _delete(register, kind, rng)
    system = _pick(register, kind, rng)
    if choice == 2:
        changed = _changed(system, operator=_operator(rng, processors))
    elif choice == 3:
        changed = _changed(system, hosting=_locations(rng))
    else:
        changed = _changed(system, name=_name(rng, system.name))
    return Edit(kind, system.key, changed, f"system {system.key} edit {choice}")


def _operator(rng: random.Random, processors: list[str]) -> str | None:
    """A system's operator: often none (run in-house), else any processor."""
    return None if rng.random() < 0.4 or not processors else rng.choice(processors)


def _processor(register: Register, rng: random.Random) -> Edit:
    kind = EntityKind.PROCESSOR
    processors = _keys(register, kind)
    choice = rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 6, 7, 8, 9])  # added processors are the ones free to delete
    if choice == 0:
        key = _fresh(register, "proc", rng)
        entity = _new(
            kind,
            {
                "key": key,
                "legal_name": _name(rng),
                "service_category": "hosting",
                "established_in": rng.choice(LOCATIONS),
                "processing_locations": _locations(rng),
                "sub_processors": [{"processor": p} for p in _some(rng, processors, 2)],
            },
        )
        return Edit(kind, key, entity, f"add processor {key}")
    if choice == 1:
        return _delete(register, kind, rng)
    processor = _pick(register, kind, rng)
    engagements = [e.model_dump() for e in processor.sub_processors]
    changes: dict[str, object]
    if choice == 2:
        changes = {"processing_locations": _locations(rng)}
    elif choice == 3:
        changes = {"established_in": rng.choice(LOCATIONS)}
    elif choice == 4:
        changes = {"can_access_data": not processor.can_access_data}
    elif choice == 5:  # engage another sub-processor (cycles included)
        engaged = {e["processor"] for e in engagements}
        free = [p for p in processors if p != processor.key and p not in engaged]
        sub = rng.choice(free)
        located = _locations(rng) if rng.random() < 0.5 else []
        changes = {"sub_processors": [*engagements, {"processor": sub, "locations": located}]}
    elif choice == 6:
        engagements.pop(rng.randrange(len(engagements)))
        changes = {"sub_processors": engagements}
    elif choice == 7:  # an engagement's safeguards or locations
        engagement = rng.choice(engagements)
        if rng.random() < 0.5:
            engagement["safeguards"] = [_safeguard(rng) for _ in range(rng.randint(0, 2))]
        else:
            engagement["locations"] = _locations(rng, least=0)
        changes = {"sub_processors": engagements}
    elif choice == 8:
        changes = {
            "dpa": None if processor.dpa else {"reference": "DPA", "signed_on": _day(rng), "review_on": _day(rng)}
        }
    else:
        changes = {
            "certifications": [{"programme": "eu-us-dpf", "certified_until": _day(rng)}] if rng.random() < 0.5 else [],
            "legal_name": _name(rng, processor.legal_name),
        }
    return Edit(kind, processor.key, _changed(processor, **changes), f"processor {processor.key} edit {choice}")


def _recipient(register: Register, rng: random.Random) -> Edit:
    kind = EntityKind.RECIPIENT
    choice = rng.randrange(5)
    if choice == 0:
        key = _fresh(register, "rec", rng)
        entity = _new(
            kind,
            {
                "key": key,
                "name": _name(rng),
                "kind": rng.choice(["group_company", "authority"]),
                "locations": _locations(rng),
            },
        )
        return Edit(kind, key, entity, f"add recipient {key}")
    if choice == 1:
        return _delete(register, kind, rng)
    recipient = _pick(register, kind, rng)
    changes: dict[str, object]
    if choice == 2:
        changes = {"locations": _locations(rng)}
    elif choice == 3:
        changes = {"safeguards": [_safeguard(rng) for _ in range(rng.randint(0, 2))]}
    else:
        changes = {"occasional": rng.choice([None, True, False]), "name": _name(rng, recipient.name)}
    return Edit(kind, recipient.key, _changed(recipient, **changes), f"recipient {recipient.key} edit {choice}")


def _country_assessment(register: Register, rng: random.Random) -> Edit:
    kind = EntityKind.COUNTRY_ASSESSMENT
    choice = rng.randrange(3) if register.country_assessments else 0
    if choice == 0:
        key = _fresh(register, "ca", rng)
        data = {"key": key, "name": "Assessment", "country": rng.choice(["US", "IN", "CN"]), "assessed_on": _day(rng)}
        return Edit(kind, key, _new(kind, data), f"add country assessment {key}")
    if choice == 1:
        return _delete(register, kind, rng)
    assessment = _pick(register, kind, rng)
    changed = _changed(assessment, assessed_on=_day(rng), review_on=rng.choice([None, _day(rng)]))
    return Edit(kind, assessment.key, changed, f"country assessment {assessment.key} edit")


def _tia(register: Register, rng: random.Random) -> Edit:
    kind = EntityKind.TIA
    choice = rng.randrange(3) if register.tias else 0
    if choice == 0:
        key = _fresh(register, "tia", rng)
        # Mostly a transfer the register makes: an importer and one of the places its data goes.
        importers: list[Processor | Recipient] = [*register.processors, *register.recipients]
        importer = rng.choice(importers)
        places = [*getattr(importer, "processing_locations", []), *getattr(importer, "locations", [])]
        country = rng.choice([p for p in places if p not in ("NO", "SE", "DE")] or ["US"])
        activities = _some(rng, _keys(register, EntityKind.ACTIVITY), 2) if rng.random() < 0.3 else []
        data: dict[str, Any] = {
            "key": key,
            "name": "TIA",
            "transfers": [{"importer": importer.key, "country": country, "activities": activities}],
            "country_assessment": rng.choice([None, *_keys(register, EntityKind.COUNTRY_ASSESSMENT)]),
        }
        if rng.random() < 0.7:
            data.update(
                outcome=_outcome(rng),
                decided_by="DPO",
                decided_on=_recent(rng),
            )
        return Edit(kind, key, _new(kind, data), f"add TIA {key}")
    if choice == 1:
        return _delete(register, kind, rng)
    tia = _pick(register, kind, rng)
    changed = _changed(tia, outcome=_outcome(rng), decided_by="DPO", decided_on=_recent(rng))
    return Edit(kind, tia.key, changed, f"TIA {tia.key} edit")


def _outcome(rng: random.Random) -> object:
    return rng.choice(["adequate", "not_adequate", "adequate_with_measures"])


_EDITS: dict[EntityKind | None, Callable[[Register, random.Random], Edit]] = {
    None: _organisation,
    EntityKind.DATA_CATEGORY: _category,
    EntityKind.DATA_SUBJECT: _subject,
    EntityKind.ACTIVITY: _activity,
    EntityKind.SYSTEM: _system,
    EntityKind.PROCESSOR: _processor,
    EntityKind.RECIPIENT: _recipient,
    EntityKind.COUNTRY_ASSESSMENT: _country_assessment,
    EntityKind.TIA: _tia,
}
