"""One verdict per transfer (issue #26) on the Verji seed and on the registers its acceptance names.

The contradictions a new DPO met on the Verji register (a row 'Safeguarded' that 'breaks' as not valid,
'0 transfers valid' on the Due page, green arcs beside missing-TIA findings, 14 unknown transfers on
the map against 11 findings) each have a test here; ``tests/surfaces.py`` compares every surface.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from catalog.compliance import rules
from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport, Severity, TransferStatus
from catalog.compliance.status_words import STATUS_STYLES, transfer_counts
from catalog.domain.fieldtext import plain_problems
from catalog.domain.models import Recipient
from catalog.domain.register import Register
from catalog.reference import load_reference
from catalog.review.due import due_report
from tests.engine_registers import activity, register, scc, vendor
from tests.surfaces import LABELLED, assert_one_verdict, exported_transfers
from ui.components.world import arc_groups, map_status_counts

DAY = date(2026, 11, 27)
US_HOPS = {
    f"controller->processor:{key}@US" for key in ("crm-provider", "hubspot", "webstat", "website-hosting-provider")
}


def test_the_verji_seed_has_one_verdict_per_transfer(seed_register: Register) -> None:
    reference = load_reference()
    report = evaluate(seed_register, reference, DAY)
    assert_one_verdict(seed_register, report, reference)
    statuses = {hop.id: hop.status for hop in report.transfers}
    # The US hops under SCCs of an unstated decision, with no TIA: counted, but details are missing.
    assert {h for h, s in statuses.items() if s == TransferStatus.VALID_DETAILS_MISSING} == US_HOPS
    rows = exported_transfers(seed_register, report)
    for hop_id in US_HOPS:
        assert rows[hop_id]["status"] == "Valid, details missing"
        assert rows[hop_id]["breaks_on"] == "No known end date"
    # catalog due treats as valid exactly the transfers the register shows as valid (with or without details).
    due = due_report(seed_register, reference, DAY, 90, report=report)
    shown_valid = {h for h, row in rows.items() if LABELLED[str(row["status"])].counts_as_valid}
    assert {b.transfer for b in due.breaks} == shown_valid == US_HOPS
    assert {b.transfer for b in due.broken} == set(rows) - US_HOPS
    # The findings about those hops (SCC details, TIA) name the same status the map draws them in.
    about_us = [f for f in report.findings if f.transfer in US_HOPS]
    assert {f.rule for f in about_us} == {rules.SCC_DETAILS_MISSING, rules.TIA_MISSING}
    assert {f.transfer_status for f in about_us} == {TransferStatus.VALID_DETAILS_MISSING}


def test_the_map_and_the_findings_count_the_same_transfers_per_status(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    groups, unplaced = arc_groups(seed_register, report.transfers)
    on_the_map = map_status_counts(groups, unplaced)
    assert on_the_map == transfer_counts(report.transfers)
    # Counted from the findings, one per hop: every hop that is not valid has a finding naming its status.
    named = {f.transfer: f.transfer_status for f in report.findings if f.transfer is not None}
    for status in (TransferStatus.DESTINATION_UNKNOWN, TransferStatus.VALID_DETAILS_MISSING):
        assert sum(1 for s in named.values() if s == status) == on_the_map[status]
    assert on_the_map[TransferStatus.DESTINATION_UNKNOWN] == 14
    # The one unknown-destination finding without a transfer is about a vendor no flow reaches yet.
    unreached = [f for f in report.findings if f.rule == rules.UNKNOWN_DESTINATION and f.transfer is None]
    assert len(unreached) == 1 and all(f.subject not in {h.importer for h in report.transfers} for f in unreached)


def test_each_status_has_one_label_and_colour_in_both_languages() -> None:
    assert set(STATUS_STYLES) == set(TransferStatus)
    assert [STATUS_STYLES[s].colour for s in TransferStatus] == ["green", "amber", "red", "grey"]
    assert STATUS_STYLES[TransferStatus.NOT_VALID].label("nb") == "Ikke gyldig"


def _acceptance_register() -> Register:
    """US SCC 2021/914 m2 + TIA, SCCs of an unknown decision, DPF, no safeguard, a UK processor and an onward
    Indian sub-processor."""
    dpf = {"programme": "eu-us-dpf", "certified_from": "2023-07-17", "dpf_scope": ["non_hr"]}
    processors: list[dict[str, Any]] = [
        vendor("us-scc", safeguards=[scc("2")]),
        vendor("us-unknown-scc", safeguards=[{"kind": "scc", "instrument": "unknown"}]),
        vendor("us-dpf", certifications=[dpf], organisation_kind="private_business"),
        vendor("us-none"),
        vendor(
            "gb-processor",
            ["GB"],
            sub_processors=[{"processor": "in-sub", "purpose": "Support desk", "locations": ["IN"]}],
        ),
        vendor("in-sub", ["IN"]),
    ]
    systems = [
        {
            "key": f"sys-{p['key']}",
            "name": f"System {p['key']}",
            "kind": "saas",
            "operator": p["key"],
            "hosting": ["DE"],
        }
        for p in processors
        if p["key"] != "in-sub"
    ]
    return register(processors, activities=[activity(systems=[s["key"] for s in systems])], systems=systems)


@pytest.mark.parametrize("day", [date(2021, 6, 27), date(2022, 12, 27), date(2023, 7, 10), date(2023, 7, 17), DAY])
def test_the_acceptance_register_has_one_verdict_per_transfer(day: date) -> None:
    reg, reference = _acceptance_register(), load_reference()
    report = evaluate(reg, reference, day)
    assert_one_verdict(reg, report, reference)


def test_the_acceptance_register_statuses_today() -> None:
    report = evaluate(_acceptance_register(), load_reference(), DAY)
    statuses = {hop.id: hop.status for hop in report.transfers}
    assert statuses == {
        "controller->processor:us-scc@US": TransferStatus.VALID,
        "controller->processor:us-unknown-scc@US": TransferStatus.VALID_DETAILS_MISSING,
        "controller->processor:us-dpf@US": TransferStatus.VALID,
        "controller->processor:us-none@US": TransferStatus.NOT_VALID,
        "controller->processor:gb-processor@GB": TransferStatus.VALID,
        "processor:gb-processor->processor:in-sub@IN": TransferStatus.NOT_VALID,
    }


def _recipient_report(country: str, kind: str, organisation_kind: str | None = None) -> CheckReport:
    recipient: dict[str, Any] = {"key": "rec", "name": "Recipient", "kind": kind, "locations": [country]}
    if organisation_kind is not None:
        recipient["organisation_kind"] = organisation_kind
    reg = register([vendor("eu", ["DE"])], activities=[activity(recipients=["rec"])], recipients=[recipient])
    return evaluate(reg, load_reference(), DAY)


@pytest.mark.parametrize(("country", "kind"), [("JP", "authority"), ("CA", "authority"), ("JP", "researcher")])
def test_a_recipients_kind_puts_it_outside_a_partial_adequacy_decision(country: str, kind: str) -> None:
    report = _recipient_report(country, kind)
    (hop,) = report.transfers
    assert hop.status == TransferStatus.NOT_VALID
    (finding,) = [f for f in report.findings if f.transfer == hop.id]
    assert finding.rule == rules.ADEQUACY_OUT_OF_SCOPE and finding.severity == Severity.CRITICAL
    assert "45" in finding.article and "covers only" in finding.message  # the decision's scope, cited
    assert finding.transfer_status == TransferStatus.NOT_VALID


def test_a_recorded_organisation_kind_that_fits_the_kind_is_judged_as_recorded() -> None:
    # a public research institute: a researcher that is also a public authority; still outside Japan's decision
    (hop,) = _recipient_report("JP", "researcher", "public_authority").transfers
    assert hop.status == TransferStatus.NOT_VALID
    # a company recipient in Japan with no scope facts recorded stays counted, with details missing
    (company,) = _recipient_report("JP", "other_controller").transfers
    assert company.status == TransferStatus.VALID_DETAILS_MISSING


@pytest.mark.parametrize(("kind", "organisation_kind"), [("authority", "private_business"), ("researcher", "press")])
def test_a_kind_and_an_organisation_kind_that_disagree_are_refused_naming_both_fields(
    kind: str, organisation_kind: str
) -> None:
    data = {"key": "rec", "name": "R", "kind": kind, "locations": ["JP"], "organisation_kind": organisation_kind}
    with pytest.raises(ValidationError) as raised:
        Recipient.model_validate(data)
    (problem,) = plain_problems(Recipient, raised.value)
    assert "'Kind'" in problem.message and "'Organisation kind'" in problem.message
