"""The incremental check keeps the facts to confirm only while no edit can change them (issue #33).

A fact to confirm shows the entry holding it and, for a reference, the name of the entry it refers to: a
random sequence of edits that add, change and drop recorded facts, rename the entries they name, and edit
entries no fact mentions must leave ``IncrementalCheck.update`` equal to ``evaluate`` after every edit.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from catalog.compliance.engine import evaluate
from catalog.compliance.incremental import IncrementalCheck
from catalog.compliance.rules import FACT_TO_CONFIRM
from catalog.domain.register import EntityKind, Register
from catalog.reference import load_reference
from tests.property.register_edits import DAY, Edit, apply_edit
from tools.synthetic import synthetic_register


def _with(entity: Any, **changes: object) -> Any:
    data = entity.model_dump()
    data.update(changes)
    return type(entity).model_validate(data)


def _reading(field: str, value: str | None = None) -> dict[str, Any]:
    return {"field": field, "value": value, "basis": "reading", "note": "Our reading of the contract."}


def _fact_edit(register: Register, rng: random.Random) -> Edit:
    """Record or drop a fact on a system or an activity, rename an entry, or edit one no fact names."""
    choice = rng.randrange(5)
    if choice == 0:  # a system's operator as our reading
        system = rng.choice([s for s in register.systems if s.operator] or register.systems)
        facts = [_reading("operator")] if system.operator else [_reading("name")]
        return Edit(EntityKind.SYSTEM, system.key, _with(system, provenance=facts), "fact on a system")
    if choice == 1:  # one of an activity's systems as an assumption
        activity = rng.choice([a for a in register.activities if a.systems])
        value = rng.choice(activity.systems)
        facts = [{**_reading("systems", value), "basis": "assumption"}]
        return Edit(EntityKind.ACTIVITY, activity.key, _with(activity, provenance=facts), "fact on an activity")
    if choice == 2:  # a fact dropped
        holders = [e for _, e in register.all_entities() if e.provenance]
        if holders:
            holder = rng.choice(holders)
            kind = EntityKind.SYSTEM if holder in register.systems else EntityKind.ACTIVITY
            return Edit(kind, holder.key, _with(holder, provenance=[]), "fact dropped")
    if choice == 3:  # a processor renamed: a system's operator fact shows its name
        processor = rng.choice(register.processors)
        renamed = _with(processor, legal_name=f"Renamed {rng.randrange(10**6)} AS")
        return Edit(EntityKind.PROCESSOR, processor.key, renamed, "processor renamed")
    system = rng.choice(register.systems)  # a system renamed: an activity's fact names it
    return Edit(EntityKind.SYSTEM, system.key, _with(system, name=f"System {rng.randrange(10**6)}"), "system renamed")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_facts_to_confirm_follow_every_edit(seed: int) -> None:
    reference = load_reference()
    rng = random.Random(seed)
    register = synthetic_register(60, seed=seed)
    check = IncrementalCheck(register, reference, DAY)
    facts_shown = 0
    for step in range(30):
        edit = _fact_edit(register, rng)
        register = apply_edit(register, edit)
        got = check.update(register, [edit.key])
        want = evaluate(register, reference, DAY)
        assert got == want, f"after edit {step} ({edit.what})"
        facts_shown += sum(f.rule == FACT_TO_CONFIRM for f in want.findings)
    assert facts_shown  # the edits did record facts to confirm
