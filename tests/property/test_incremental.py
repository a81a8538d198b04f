"""The incremental check gives exactly the full check's report after every edit (issue #33).

Random registers (synthetic, small: sub-processor cycles, unknown locations, recipients, in-house systems)
take random sequences of single-entity edits of every kind (add, change, delete; the organisation too);
after each edit ``IncrementalCheck.update`` must equal ``evaluate`` of the register. In memory, with the
change named and found by comparison; and through each store: the edit is saved, just the changed entity is
read back to patch the kept register, and the result is compared with a check of the whole stored register.
"""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.app.register import delete_entity, save_entity, save_organisation
from catalog.compliance.engine import evaluate
from catalog.compliance.incremental import IncrementalCheck
from catalog.compliance.model import CheckReport
from catalog.compliance.textkey import text_key
from catalog.domain.models import Organisation
from catalog.domain.register import EntityKind, Register
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from tests.property.register_edits import DAY, Edit, apply_edit, random_edit
from tools.synthetic import synthetic_register

SETTINGS = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EDITS = 25


def _in_every_language(report: CheckReport) -> list[tuple[object, ...]]:
    """Every hop and finding field as all its languages say it: register text compares by its main
    language only, and a kept finding must not keep a name's old Norwegian wording."""
    return [
        tuple(text_key(getattr(item, name)) for name in type(item).model_fields)
        for item in [*report.transfers, *report.findings]
    ]


def _same(got: CheckReport, want: CheckReport) -> bool:
    return got == want and _in_every_language(got) == _in_every_language(want)


def _first_difference(got: object, want: object) -> str:
    """Which hop or finding differs, so a failure says more than 'reports differ'."""
    got_hops = {h.id: h for h in getattr(got, "transfers", [])}
    want_hops = {h.id: h for h in getattr(want, "transfers", [])}
    for key in sorted(got_hops.keys() | want_hops.keys()):
        if got_hops.get(key) != want_hops.get(key):
            return f"hop {key}: {got_hops.get(key)!r} != {want_hops.get(key)!r}"
    got_ids = [f.id for f in getattr(got, "findings", [])]
    want_ids = [f.id for f in getattr(want, "findings", [])]
    return f"findings only incremental: {set(got_ids) - set(want_ids)}; only full: {set(want_ids) - set(got_ids)}"


@SETTINGS
@given(seed=st.integers(0, 2**31), size=st.sampled_from([40, 90, 160]), named=st.booleans())
def test_incremental_equals_full_check_after_every_edit(seed: int, size: int, named: bool) -> None:
    reference = load_reference()
    rng = random.Random(seed)
    register = synthetic_register(size, seed=seed)
    check = IncrementalCheck(register, reference, DAY)
    assert check.report == evaluate(register, reference, DAY)
    for step in range(EDITS):
        edit = random_edit(register, rng)
        register = apply_edit(register, edit)
        if named:  # the keys named, on a register read again: no entity is the object it was
            again = Register.model_validate(register.model_dump())
            got = check.update(again, [edit.key] if edit.kind else [], organisation_changed=edit.kind is None)
        else:
            got = check.update(register)
        want = evaluate(register, reference, DAY)
        assert _same(got, want), f"after edit {step} ({edit.what}): {_first_difference(got, want)}"
        assert check.register is (again if named else register)


def test_an_edit_far_from_most_hops_rejudges_few() -> None:
    """The point of it: an edit of one vendor judges its own hops again, not every hop of the register."""
    reference = load_reference()
    register = synthetic_register(600, seed=3)
    check = IncrementalCheck(register, reference, DAY)
    total = len(check.report.transfers)
    reached = {hop.importer for hop in check.report.transfers}
    processor = next(p for p in register.processors if f"processor:{p.key}" in reached)
    changed = processor.model_copy(update={"processing_locations": ["IN", "CN"]})
    after = apply_edit(register, Edit(EntityKind.PROCESSOR, processor.key, changed, "moved to India and China"))
    assert check.update(after, [processor.key]) == evaluate(after, reference, DAY)
    assert 0 < check.rejudged < total / 10


def test_a_flag_on_a_narrower_category_reaches_the_hops_carrying_the_broader_one() -> None:
    """A hop carrying a broad category carries what lies below it: a narrower category newly marked as
    data an adequacy decision excludes (credit information, Korea) makes the hop carrying its parent not
    valid, although the hop's own categories did not change."""
    reference = load_reference()
    register = synthetic_register(300, seed=0)
    check = IncrementalCheck(register, reference, DAY)
    hop_id = "controller->recipient:rec-16@KR"
    before = next(h for h in check.report.transfers if h.id == hop_id)
    assert "cat-11" in before.data_categories and "cat-14" not in before.data_categories
    child = next(c for c in register.data_categories if c.key == "cat-14")
    assert child.parent == "cat-11"
    flagged = child.model_copy(update={"excluded_kinds": ["credit_information"]})
    after = apply_edit(register, Edit(EntityKind.DATA_CATEGORY, child.key, flagged, "credit information"))
    got = check.update(after, [child.key])
    assert _same(got, evaluate(after, reference, DAY))
    assert next(h for h in got.transfers if h.id == hop_id).status != before.status


def _save(store: RegisterStore, edit: Edit) -> Register | Organisation | None:
    """Write ``edit`` through the application layer and read back what it wrote."""
    if edit.kind is None:
        current = store.get_organisation()
        assert current is not None and isinstance(edit.entity, Organisation)
        save_organisation(store, edit.entity, current.version)
        stored = store.get_organisation()
        return stored.value if stored else None
    before = store.get_entity(edit.kind, edit.key)
    if edit.entity is None:
        assert before is not None
        delete_entity(store, edit.kind, edit.key, before.version)
        return None
    assert not isinstance(edit.entity, Organisation)
    save_entity(store, edit.entity, before.version if before else None)
    after = store.get_entity(edit.kind, edit.key)
    assert after is not None
    return after.value  # type: ignore[return-value]


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_equals_full_check_through_the_store(store: RegisterStore, seed: int) -> None:
    reference = load_reference()
    rng = random.Random(seed)
    store.replace_register(synthetic_register(70, seed=seed))
    register = store.load_register()
    check = IncrementalCheck(register, reference, DAY)
    for step in range(EDITS):
        edit = random_edit(register, rng)
        stored = _save(store, edit)
        # Patch the kept register with just the entity read back, as the UI's worker does after a save.
        register = apply_edit(register, Edit(edit.kind, edit.key, stored, edit.what))  # type: ignore[arg-type]
        got = check.update(register, [edit.key] if edit.kind else [], organisation_changed=edit.kind is None)
        want = evaluate(store.load_register(), reference, DAY)
        assert _same(got, want), f"after edit {step} ({edit.what}): {_first_difference(got, want)}"
