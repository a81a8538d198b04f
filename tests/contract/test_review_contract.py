"""Review dates on both stores: stored and read back as written, the same due report, the same notice (issue #18)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from catalog.app import register as services
from catalog.app import review
from catalog.domain.models import DataProcessingAgreement
from catalog.domain.register import EntityKind
from catalog.history.chain import context
from catalog.kernel.lang import Lang
from catalog.registerfile.register_yaml import load_register
from catalog.store.base import RegisterStore

DATA = Path(__file__).resolve().parents[1] / "review" / "data"


def test_review_dates_round_trip_and_give_the_same_due_report(store: RegisterStore) -> None:
    register = load_register(DATA)
    store.replace_register(register, change=context("import", actor="test"))
    assert store.load_register().sorted() == register.sorted()
    loaded = store.get_entity(EntityKind.PROCESSOR, "dpfco")
    assert loaded is not None and loaded.value.last_reviewed_on == date(2026, 1, 1)
    report, organisation = review.due(store, date(2027, 3, 1), 90)
    assert organisation == "Example AS"
    assert [(i.kind.value, i.subject) for i in report.overdue] == [
        ("entry-review", "processor:dpfco"),
        ("tia-review", "processor:usco"),
        ("dpa-review", "processor:ukco"),
    ]
    assert {b.transfer: b.breaks_on for b in report.breaks}["controller->processor:ukco@GB"] == date(2031, 12, 28)


def test_a_changed_dpa_review_date_is_not_a_sub_processor_change_but_a_move_is(store: RegisterStore) -> None:
    store.replace_register(load_register(DATA), change=context("import", actor="test"))
    found = store.get_entity(EntityKind.PROCESSOR, "ukco")
    assert found is not None
    dpa = DataProcessingAgreement(reference="DPA-UK", review_on=date(2028, 2, 19))
    services.save_entity(store, found.value.model_copy(update={"dpa": dpa}), found.version)
    assert review.subprocessor_changes(store, "#1").changes == []
    moved = store.get_entity(EntityKind.PROCESSOR, "ukco")
    assert moved is not None
    services.save_entity(store, moved.value.model_copy(update={"processing_locations": ["IE"]}), moved.version)
    notice = review.subprocessor_changes(store, "#1", Lang.NB)
    assert [(c.change, c.key, c.fields) for c in notice.changes] == [("changed", "ukco", ["locations"])]
    assert notice.changes[0].after is not None and notice.changes[0].after.locations == [
        "Storbritannia (GB)",
        "Irland (IE)",
    ]
