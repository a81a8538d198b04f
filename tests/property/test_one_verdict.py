"""One verdict per transfer (issue #26): over generated registers, on both stores and on dates around the
reference data's decision boundaries, every surface reports each hop with the engine's status."""

from __future__ import annotations

from datetime import date

from hypothesis import HealthCheck, given, settings

from catalog.app import review
from catalog.compliance.engine import evaluate
from catalog.domain.register import Register
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from tests.property.strategies import BOUNDARY_DATES, registers
from tests.surfaces import assert_one_verdict

# Modest example counts: each example renders every surface (and writes the register to a store).
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
STORED = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)


@SETTINGS
@given(registers(), BOUNDARY_DATES)
def test_every_surface_reports_the_engines_status_for_every_hop(register: Register, day: date) -> None:
    reference = load_reference()
    assert_one_verdict(register, evaluate(register, reference, day), reference)


@STORED
@given(registers(), BOUNDARY_DATES)
def test_a_stored_register_gives_every_hop_the_same_status_on_every_surface(
    store: RegisterStore, register: Register, day: date
) -> None:
    store.replace_register(register)
    reference = load_reference()
    report = review.check(store, day)
    due, _ = review.due(store, day, 90)
    assert {h.id: h.status for h in report.transfers} == {
        h.id: h.status for h in evaluate(register, reference, day).transfers
    }
    assert_one_verdict(store.load_register(), report, reference, due)
