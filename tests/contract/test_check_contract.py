"""The compliance engine gives identical findings on every store backend (STORE_BACKENDS)."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.app import review
from catalog.compliance.engine import evaluate
from catalog.domain.register import Register
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from tests.engine_registers import activity, register, scc, vendor

DAYS = [date(2015, 10, 5), date(2020, 7, 1), date(2020, 8, 1), date(2022, 12, 28), date(2026, 11, 27)]


def rich_register() -> Register:
    """Chains, a cycle, adequacy by certification, old SCCs and a derogation: most of the engine's paths."""
    cert = {"programme": "privacy-shield", "certified_from": "2016-08-01"}
    processors = [
        vendor(
            "vendor",
            ["DE"],
            sub_processors=[
                {"processor": "us-sub", "safeguards": [scc("3")]},
                {"processor": "in-sub", "locations": ["IN"]},
            ],
        ),
        vendor(
            "us-sub",
            ["US"],
            certifications=[cert],
            safeguards=[{"kind": "adequacy", "instrument": "us-privacy-shield"}],
            sub_processors=[{"processor": "vendor"}, {"processor": "unknown-sub"}],
        ),
        vendor("in-sub", ["unknown"], sub_processors=[{"processor": "us-sub"}]),
        vendor("unknown-sub", ["unknown"], established_in="unknown"),
        vendor("old", ["US"], safeguards=[scc(instrument="scc-2010-87", signed_on="2019-03-01")]),
    ]
    systems = [
        {"key": "sys", "name": "S", "kind": "saas", "operator": "vendor", "hosting": ["DE"]},
        {"key": "legacy", "name": "Legacy", "kind": "saas", "operator": "old", "hosting": ["US"]},
    ]
    recipients = [
        {
            "key": "partner",
            "name": "Partner",
            "kind": "other_controller",
            "locations": ["IN"],
            "occasional": False,
            "safeguards": [{"kind": "derogation", "derogation": "49(1)(a)", "occasional": True}],
        }
    ]
    activities = [
        activity("a", systems=["sys", "legacy"], recipients=["partner"]),
        activity("b", role="processor", controllers_served=["Customer"], systems=["sys"]),
    ]
    return register(processors, activities=activities, systems=systems, recipients=recipients)


@pytest.mark.parametrize("source", ["seed", "rich"])
def test_the_store_round_trip_gives_identical_findings(
    store: RegisterStore, seed_register: Register, source: str
) -> None:
    original = seed_register if source == "seed" else rich_register()
    store.replace_register(original)
    reference = load_reference()
    for day in DAYS:
        assert evaluate(store.load_register(), reference, day) == evaluate(original, reference, day)


def test_the_check_service_reads_the_store(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    report = review.check(store, date(2026, 11, 27))
    assert report == evaluate(seed_register, load_reference(), date(2026, 11, 27))
    assert report.summary()["critical"] == 0
