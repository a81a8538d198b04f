"""``diff_points`` given the log and the reports it would compute (the UI's caches) answers exactly as alone."""

from __future__ import annotations

from datetime import date, datetime

from catalog.app import history as history_service
from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport
from catalog.domain.register import EntityKind, Register
from catalog.history.chain import context, register_from_state
from catalog.reference import load_reference
from catalog.store.embedded import EmbeddedStore


def test_a_diff_from_the_callers_log_and_reports_equals_the_diff_alone(
    embedded_store: EmbeddedStore, seed_register: Register
) -> None:
    embedded_store.replace_register(seed_register, change=context("seed", "alice"))
    hubspot = embedded_store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert hubspot is not None
    embedded_store.put_entity(hubspot.value.model_copy(update={"safeguards": []}), hubspot.version)
    entries = embedded_store.history()
    asked: list[int | date | datetime] = []

    def report_at(point: date | datetime | int, day: date) -> CheckReport | None:
        asked.append(point)
        then = register_from_state(history_service.state_at_point(entries, point))
        return None if then is None else evaluate(then, load_reference(), day)

    day = date(2026, 1, 1)
    for start, end in ((1, 2), (0, 2), (2, 1)):
        alone = history_service.diff_points(embedded_store, start, end, as_of=day)
        reused = history_service.diff_points(
            embedded_store, start, end, as_of=day, entries=entries, report_at=report_at
        )
        assert reused == alone
    assert asked == [1, 2, 0, 2, 2, 1]
    assert history_service.diff_points(embedded_store, 1, 2, as_of=day).findings_appeared  # a finding to compare
