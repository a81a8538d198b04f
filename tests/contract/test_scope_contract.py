"""Adequacy scope and territories on every store (issue #14): the same register, stored and loaded back,
is judged inside or outside each partial decision's scope on dates around the decision's own dates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from catalog.compliance import rules
from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport, TransferBasis
from catalog.domain.register import Register
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from tests.engine_registers import activity, register, vendor
from tests.unit.test_reference_scope import TERRITORY_CASES

ADEQUATE = TransferBasis.ADEQUATE
UNSAFEGUARDED = TransferBasis.UNSAFEGUARDED
OUT = rules.ADEQUACY_OUT_OF_SCOPE
NONE = rules.NO_SAFEGUARD

DPF_NON_HR = {"programme": "eu-us-dpf", "certified_from": "2023-07-17", "dpf_scope": ["non_hr"]}
DPF_BOTH = {"programme": "eu-us-dpf", "certified_from": "2023-07-17", "dpf_scope": ["hr", "non_hr"]}

# key: (country, organisation kind, law, data category, certifications)
VENDORS: dict[str, tuple[str, str, str | None, str, list[dict[str, Any]]]] = {
    "jp-business": ("JP", "private_business", "appi", "email", []),
    "jp-university": ("JP", "academic_research", "appi", "email", []),
    "jp-ministry": ("JP", "public_authority", None, "email", []),
    "jp-newspaper": ("JP", "press", "appi", "email", []),
    "ca-shop": ("CA", "private_business", "pipeda", "email", []),
    "ca-provincial": ("CA", "private_business", "qc-private-sector-act", "email", []),
    "ca-agency": ("CA", "public_authority", None, "email", []),
    "us-certified": ("US", "private_business", None, "email", [DPF_NON_HR]),
    "us-hr-uncovered": ("US", "private_business", None, "payroll", [DPF_NON_HR]),
    "us-hr-covered": ("US", "private_business", None, "payroll", [DPF_BOTH]),
    "kr-company": ("KR", "private_business", "kr-pipa", "email", []),
    "kr-church": ("KR", "religious_body", "kr-pipa", "email", []),
    "kr-lender": ("KR", "private_business", "kr-pipa", "credit-score", []),
    "gb-firm": ("GB", "private_business", None, "email", []),
    "gb-visa": ("GB", "private_business", None, "visa-status", []),
    "fo-firm": ("FO", "private_business", None, "email", []),
    "il-firm": ("IL", "private_business", None, "email", []),
}

# (vendor, day, status of its hop, rule expected among its findings or None)
CASES = [
    ("jp-business", date(2019, 1, 22), UNSAFEGUARDED, NONE),  # the day before Decision (EU) 2019/419
    ("jp-business", date(2019, 1, 23), ADEQUATE, None),
    ("jp-university", date(2019, 1, 23), UNSAFEGUARDED, OUT),  # Art. 1(2)(c)
    ("jp-ministry", date(2024, 6, 1), UNSAFEGUARDED, OUT),  # public sector: not an APPI business operator
    ("jp-newspaper", date(2024, 6, 1), UNSAFEGUARDED, OUT),  # Art. 1(2)(a)
    ("ca-shop", date(2001, 12, 19), UNSAFEGUARDED, NONE),  # the day before Decision 2002/2/EC
    ("ca-shop", date(2001, 12, 20), ADEQUATE, None),
    ("ca-provincial", date(2024, 6, 1), UNSAFEGUARDED, OUT),  # not subject to PIPEDA
    ("ca-agency", date(2024, 6, 1), UNSAFEGUARDED, OUT),
    ("us-certified", date(2023, 7, 9), UNSAFEGUARDED, NONE),  # before Decision (EU) 2023/1795
    ("us-certified", date(2023, 7, 17), ADEQUATE, None),
    ("us-hr-uncovered", date(2024, 6, 1), UNSAFEGUARDED, OUT),  # HR data, non-HR certification
    ("us-hr-covered", date(2024, 6, 1), ADEQUATE, None),
    ("kr-company", date(2021, 12, 16), UNSAFEGUARDED, NONE),  # the day before Decision (EU) 2022/254
    ("kr-company", date(2021, 12, 17), ADEQUATE, None),
    ("kr-church", date(2024, 6, 1), UNSAFEGUARDED, OUT),  # Art. 1(2)(a)
    ("kr-lender", date(2024, 6, 1), UNSAFEGUARDED, OUT),  # Art. 1(2)(c)
    ("gb-firm", date(2021, 6, 28), ADEQUATE, None),
    ("gb-visa", date(2021, 3, 1), ADEQUATE, None),  # the TCA bridge had no immigration carve-out
    ("gb-visa", date(2021, 6, 28), UNSAFEGUARDED, OUT),  # Decision (EU) 2021/1772 Art. 1(2)
    ("gb-visa", date(2025, 12, 18), UNSAFEGUARDED, OUT),
    ("gb-visa", date(2025, 12, 19), ADEQUATE, None),  # renewal, recorded without the carve-out
    ("fo-firm", date(2010, 3, 4), UNSAFEGUARDED, NONE),  # the day before Decision 2010/146/EU
    ("fo-firm", date(2010, 3, 5), ADEQUATE, None),
    ("il-firm", date(2011, 1, 30), UNSAFEGUARDED, NONE),  # the day before Decision 2011/61/EU
    ("il-firm", date(2011, 1, 31), ADEQUATE, None),
]


def scope_register() -> Register:
    categories: list[dict[str, Any]] = [
        {"key": "email", "name": "E-mail address"},
        {"key": "payroll", "name": "Payroll", "hr_data": True},
        {"key": "credit-score", "name": "Credit score", "excluded_kinds": ["credit_information"]},
        {"key": "visa-status", "name": "Visa status", "excluded_kinds": ["immigration_control"]},
    ]
    processors: list[dict[str, Any]] = []
    systems: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    for key, (country, kind, law, category, certifications) in VENDORS.items():
        processors.append(
            vendor(key, [country], organisation_kind=kind, subject_to_law=law, certifications=certifications)
        )
        systems.append(
            {"key": f"sys-{key}", "name": f"System {key}", "kind": "saas", "operator": key, "hosting": ["DE"]}
        )
        activities.append(activity(f"act-{key}", data_categories=[category], systems=[f"sys-{key}"]))
    return register(processors, activities=activities, systems=systems, categories=categories)


def territory_register() -> Register:
    codes = sorted({code for code, _, _ in TERRITORY_CASES})
    processors = [vendor(f"v-{code.lower()}", [code], organisation_kind="private_business") for code in codes]
    systems = [
        {
            "key": f"s-{code.lower()}",
            "name": f"S {code}",
            "kind": "saas",
            "operator": f"v-{code.lower()}",
            "hosting": ["DE"],
        }
        for code in codes
    ]
    activities = [activity("act", systems=[s["key"] for s in systems])]
    return register(processors, activities=activities, systems=systems, country="DK")  # in the EU since 1973


@pytest.fixture
def stored_scope(store: RegisterStore) -> Register:
    original = scope_register()
    store.replace_register(original)
    loaded = store.load_register()
    reference = load_reference()
    # The store may give entities in another order; the judgement must not depend on it.
    assert evaluate(loaded, reference, date(2024, 6, 1)) == evaluate(original, reference, date(2024, 6, 1))
    return loaded


def _hop_and_rules(report: CheckReport, key: str) -> tuple[TransferBasis, set[str], str]:
    (hop,) = [h for h in report.transfers if h.importer == f"processor:{key}"]
    found = [f for f in report.findings if f.subject == f"processor:{key}"]
    return hop.basis, {f.rule for f in found}, " ".join(f.message for f in found)


def test_every_listed_decision_is_tested_inside_and_outside_its_scope_or_dates() -> None:
    inside = {VENDORS[key][0] for key, _, status, _ in CASES if status == ADEQUATE}
    outside = {VENDORS[key][0] for key, _, status, _ in CASES if status != ADEQUATE}
    assert inside == outside == {"JP", "CA", "US", "KR", "GB", "FO", "IL"}


def test_transfers_inside_and_outside_each_decisions_scope(stored_scope: Register) -> None:
    reference = load_reference()
    reports = {day: evaluate(stored_scope, reference, day) for day in {day for _, day, _, _ in CASES}}
    for key, day, status, rule in CASES:
        got, found, messages = _hop_and_rules(reports[day], key)
        assert got == status, (key, day)
        if rule is not None:
            assert rule in found, (key, day, found)
        if rule == OUT:
            assert "Art. 1" in messages and "does not cover this transfer" in messages, (key, day)
            assert NONE not in found


def test_out_of_scope_findings_name_the_part_missed(stored_scope: Register) -> None:
    report = evaluate(stored_scope, load_reference(), date(2024, 6, 1))
    messages = {key: _hop_and_rules(report, key)[2] for key in VENDORS}
    assert "Decision (EU) 2019/419 Art. 1(2)(c) excludes universities" in messages["jp-university"]
    assert (
        "Decision 2002/2/EC Art. 1 covers only recipients subject to the Personal Information"
        in messages["ca-provincial"]
    )
    assert "the hop carries HR data" in messages["us-hr-uncovered"]
    assert "Decision (EU) 2022/254 Art. 1(2)(a) excludes religious organisations" in messages["kr-church"]
    assert "Decision (EU) 2022/254 Art. 1(2)(c) excludes personal credit information" in messages["kr-lender"]


def test_each_territory_code_on_every_store(store: RegisterStore) -> None:
    original = territory_register()
    store.replace_register(original)
    loaded = store.load_register()
    reference = load_reference()
    for code, day, inside in TERRITORY_CASES:
        report = evaluate(loaded, reference, day)
        crossing = {h.country for h in report.transfers}
        assert (code not in crossing) is inside, (code, day)
