"""As-of evaluation on each side of every cut-off date, onward chains and sub-processor cycles."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from catalog.compliance import rules
from catalog.compliance.model import Severity, TransferBasis
from catalog.domain.register import Register
from tests.engine_registers import activity, check, register, rules_of, scc, vendor

HOP = "controller->processor:vendor@US"


def status_on(reg: Register, day: date) -> TransferBasis:
    report = check(reg, day)
    (hop,) = [h for h in report.transfers if h.id == HOP]
    return hop.basis


def privacy_shield_register() -> Register:
    cert = {"programme": "privacy-shield", "certified_from": "2016-08-01"}
    shield = {"kind": "adequacy", "instrument": "us-privacy-shield"}
    return register([vendor(safeguards=[shield], certifications=[cert])])


@pytest.mark.parametrize(
    ("day", "status", "rule"),
    [
        (date(2016, 7, 31), TransferBasis.INVALID_SAFEGUARD, rules.DPF_NOT_CERTIFIED),  # programme not open yet
        (date(2016, 8, 1), TransferBasis.ADEQUATE, None),
        (date(2020, 7, 1), TransferBasis.ADEQUATE, None),
        (date(2020, 7, 15), TransferBasis.ADEQUATE, None),
        (date(2020, 7, 16), TransferBasis.INVALID_SAFEGUARD, rules.SAFEGUARD_INVALIDATED),
        (date(2020, 8, 1), TransferBasis.INVALID_SAFEGUARD, rules.SAFEGUARD_INVALIDATED),
    ],
)
def test_privacy_shield_until_schrems_ii(day: date, status: TransferBasis, rule: str | None) -> None:
    report = check(privacy_shield_register(), day)
    assert status_on(privacy_shield_register(), day) == status
    critical = rules_of(report, Severity.CRITICAL)
    assert critical == ({rule} if rule else set())


def test_privacy_shield_register_differs_between_july_and_august_2020() -> None:
    july = check(privacy_shield_register(), date(2020, 7, 1))
    august = check(privacy_shield_register(), date(2020, 8, 1))
    assert july.findings != august.findings
    assert rules.SAFEGUARD_INVALIDATED in rules_of(august) and rules.SAFEGUARD_INVALIDATED not in rules_of(july)


@pytest.mark.parametrize(
    ("day", "ok"),
    [(date(2015, 10, 5), True), (date(2015, 10, 6), False)],
)
def test_safe_harbor_until_schrems_i(day: date, ok: bool) -> None:
    cert = {"programme": "safe-harbor", "certified_from": "2005-01-01"}
    reg = register([vendor(safeguards=[{"kind": "adequacy", "instrument": "us-safe-harbor"}], certifications=[cert])])
    assert (status_on(reg, day) == TransferBasis.ADEQUATE) is ok
    assert (rules.SAFEGUARD_INVALIDATED in rules_of(check(reg, day))) is not ok


def scc_2010_87(signed_on: str) -> Register:
    return register([vendor(safeguards=[scc(instrument="scc-2010-87", signed_on=signed_on)])])


@pytest.mark.parametrize(
    ("day", "ok"),
    [
        (date(2022, 12, 26), True),
        (date(2022, 12, 27), True),
        (date(2022, 12, 28), False),
    ],
)
def test_2010_87_sccs_count_until_the_end_of_the_transition(day: date, ok: bool) -> None:
    reg = scc_2010_87("2021-09-26")
    assert (status_on(reg, day) == TransferBasis.SAFEGUARDED) is ok
    assert (rules.SCC_REPEALED in rules_of(check(reg, day))) is not ok


def test_2010_87_sccs_signed_after_the_cut_off_never_count() -> None:
    assert rules.SCC_REPEALED in rules_of(check(scc_2010_87("2021-09-27"), date(2021, 10, 1)))
    assert rules.SCC_REPEALED not in rules_of(check(scc_2010_87("2021-09-26"), date(2021, 10, 1)))


def test_2010_87_sccs_before_the_decision_applied() -> None:
    assert rules.SAFEGUARD_EXPIRED in rules_of(check(scc_2010_87("2010-01-01"), date(2010, 5, 14)))
    assert rules_of(check(scc_2010_87("2010-05-15"), date(2010, 5, 15)), Severity.CRITICAL) == set()


@pytest.mark.parametrize(("day", "ok"), [(date(2021, 9, 26), True), (date(2021, 9, 27), False)])
def test_2002_16_sccs_stopped_counting_with_the_repeal(day: date, ok: bool) -> None:
    reg = register([vendor(safeguards=[scc(instrument="scc-2002-16", signed_on="2009-01-01")])])
    assert (rules.SCC_REPEALED not in rules_of(check(reg, day))) is ok


def test_2002_16_sccs_signed_after_2010_05_14_never_counted() -> None:
    reg = register([vendor(safeguards=[scc(instrument="scc-2002-16", signed_on="2010-05-15")])])
    assert rules.SCC_REPEALED in rules_of(check(reg, date(2011, 1, 1)))


@pytest.mark.parametrize(("day", "ok"), [(date(2021, 6, 26), False), (date(2021, 6, 27), True)])
def test_2021_914_sccs_apply_from_27_june_2021(day: date, ok: bool) -> None:
    reg = register([vendor(safeguards=[scc("2")])])
    assert (rules.SAFEGUARD_EXPIRED not in rules_of(check(reg, day))) is ok


@pytest.mark.parametrize(("day", "ok"), [(date(2023, 7, 9), False), (date(2023, 7, 10), True)])
def test_dpf_applies_from_10_july_2023(day: date, ok: bool) -> None:
    cert = {"programme": "eu-us-dpf", "certified_from": "2023-07-10"}
    reg = register([vendor(certifications=[cert])])  # nothing recorded: adequacy applies by itself
    assert (status_on(reg, day) == TransferBasis.ADEQUATE) is ok
    assert (rules.NO_SAFEGUARD in rules_of(check(reg, day))) is not ok


def test_the_united_kingdom_left_the_eea_under_a_bridge_then_became_adequate() -> None:
    reg = register([vendor(locations=["GB"])])
    assert check(reg, date(2020, 12, 31)).transfers == []  # still under EU law
    for day in (date(2021, 1, 1), date(2021, 6, 27)):  # the trade agreement's specified period
        hops = check(reg, day).transfers
        assert [h.basis for h in hops] == [TransferBasis.ADEQUATE]
        assert "Trade and Cooperation" in hops[0].status_reason
    assert [h.basis for h in check(reg, date(2021, 6, 28)).transfers] == [TransferBasis.ADEQUATE]


# --- onward chains and cycles -----------------------------------------------------------------------


def chain(depth: int, last: str = "US", cycle: bool = False) -> Register:
    """vendor-0 (DE) -> vendor-1 (DE) -> ... -> vendor-<depth> (last); optionally back to vendor-0."""
    processors = []
    for i in range(depth + 1):
        subs = [{"processor": f"vendor-{i + 1}"}] if i < depth else []
        if cycle and i == depth - 1:
            subs.append({"processor": "vendor-0"})
        where = [last] if i == depth else ["DE"]
        processors.append(vendor(f"vendor-{i}", where, sub_processors=subs))
    return register(processors)


def test_an_onward_chain_of_depth_four_is_found_with_its_full_path() -> None:
    report = check(chain(4))
    (finding,) = [f for f in report.findings if f.rule == rules.ONWARD_NO_SAFEGUARD]
    assert finding.subject == "processor:vendor-4"
    assert finding.path == [
        "activity:act",
        "system:sys",
        "processor:vendor-0",
        "processor:vendor-1",
        "processor:vendor-2",
        "processor:vendor-3",
        "processor:vendor-4",
        "country:US",
    ]
    assert finding.data_categories == ["email"]
    (hop,) = report.transfers
    assert hop.activities == ["act"] and hop.exporter == "processor:vendor-3"


def test_a_cycle_of_sub_processors_terminates_without_duplicates() -> None:
    report = check(chain(3, cycle=True))
    ids = [f.id for f in report.findings]
    assert len(ids) == len(set(ids))
    assert [h.id for h in report.transfers] == ["processor:vendor-2->processor:vendor-3@US"]
    assert len([f for f in report.findings if f.rule == rules.ONWARD_NO_SAFEGUARD]) == 1


def test_a_cycle_through_third_countries_gives_each_crossing_once() -> None:
    eu = vendor("eu", ["DE"], sub_processors=[{"processor": "us"}])
    us = vendor("us", ["US"], sub_processors=[{"processor": "eu"}, {"processor": "in"}])
    report = check(register([eu, us, vendor("in", ["IN"], sub_processors=[{"processor": "us"}])]))
    # us -> eu stays inside the EEA; in -> us is an onward transfer to another third country (Art. 44).
    assert [h.id for h in report.transfers] == [
        "processor:eu->processor:us@US",
        "processor:in->processor:us@US",
        "processor:us->processor:in@IN",
    ]


def test_data_from_several_activities_meets_on_a_shared_sub_processor() -> None:
    categories = [{"key": "email", "name": "E-mail"}, {"key": "phone", "name": "Phone"}]
    activities = [
        {**_activity("a1", ["email"], "s1")},
        {**_activity("a2", ["phone"], "s2")},
    ]
    systems = [
        {"key": "s1", "name": "S1", "kind": "saas", "operator": "p1", "hosting": ["DE"]},
        {"key": "s2", "name": "S2", "kind": "saas", "operator": "p2", "hosting": ["DE"]},
    ]
    processors = [
        vendor("p1", ["DE"], sub_processors=[{"processor": "shared"}]),
        vendor("p2", ["DE"], sub_processors=[{"processor": "shared"}]),
        vendor("shared", ["FR"], sub_processors=[{"processor": "far"}]),
        vendor("far", ["IN"]),
    ]
    reg = register(processors, activities=activities, systems=systems, categories=categories)
    (hop,) = check(reg).transfers
    assert hop.id == "processor:shared->processor:far@IN"
    assert hop.data_categories == ["email", "phone"] and hop.activities == ["a1", "a2"]
    assert hop.path == ["activity:a1", "system:s1", "processor:p1", "processor:shared", "processor:far", "country:IN"]


def _activity(key: str, categories: list[str], system: str) -> dict[str, Any]:
    return activity(key, data_categories=categories, systems=[system])
