"""``catalog due`` and the review package on a register with dates around 2027-03-01 (issue #18)."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from catalog.app.export import ExportFormat, ExportKind, render_export
from catalog.compliance import rules
from catalog.compliance.engine import CheckOptions, evaluate, evaluate_with_flows
from catalog.compliance.model import TransferStatus
from catalog.domain.models import ReviewPolicy
from catalog.domain.register import Register
from catalog.kernel.lang import Lang
from catalog.reference import load_reference
from catalog.reference.reviews import check_reviews, load_reviews
from catalog.registerfile.register_yaml import load_register
from catalog.review.breaks import timeline
from catalog.review.due import DueKind, due_counts, due_report
from tools.synthetic import synthetic_register

DATA = Path(__file__).parent / "data"
AS_OF = date(2027, 3, 1)
UK_HOP = "controller->processor:ukco@GB"
DPF_HOP = "controller->processor:dpfco@US"
US_HOP = "controller->processor:usco@US"


@pytest.fixture(scope="module")
def register() -> Register:
    return load_register(DATA)


def test_within_90_days_lists_exactly_the_items_in_the_window_overdue_first(register: Register) -> None:
    report = due_report(register, load_reference(), AS_OF, 90, load_reviews())
    listed = [(i.kind, i.entity, i.due_on, i.overdue) for i in report.items()]
    assert listed == [
        (DueKind.ENTRY_REVIEW, "DPF Analytics Inc.", date(2027, 1, 1), True),
        (DueKind.TIA_REVIEW, "US Mail Inc.", date(2027, 2, 1), True),
        (DueKind.DPA_REVIEW, "UK CRM Ltd", date(2027, 2, 19), True),
        (DueKind.DPA_REVIEW, "US Mail Inc.", date(2027, 3, 31), False),
        (DueKind.RECERTIFICATION, "DPF Analytics Inc.", date(2027, 4, 30), False),
    ]
    # 2027-06-29 (DPA review), 2027-10-09 (DPF review) and 2031-12-27 (UK decision) lie beyond the window.
    wider = due_report(register, load_reference(), AS_OF, 365 * 5, load_reviews())
    later = {(i.kind, i.due_on) for i in wider.upcoming} - {(i.kind, i.due_on) for i in report.upcoming}
    assert later == {
        (DueKind.DPA_REVIEW, date(2027, 6, 29)),
        (DueKind.DECISION_REVIEW, date(2027, 10, 9)),
        (DueKind.DECISION_EXPIRY, date(2031, 12, 27)),
    }
    uk = next(i for i in wider.upcoming if i.kind == DueKind.DECISION_EXPIRY)
    assert uk.entity == "The United Kingdom (renewed 2025) adequacy decision"
    assert uk.affects == "1 transfer relies on the United Kingdom (renewed 2025) adequacy decision"
    assert uk.transfers == [UK_HOP]


@pytest.mark.parametrize("within", [30, 90, 365 * 5])
def test_the_engines_report_given_and_the_counts_alone_agree_with_the_full_report(
    register: Register, within: int
) -> None:
    # the UI passes the report it already has, and its overview asks only for the counts
    reference = load_reference()
    full = due_report(register, reference, AS_OF, within, load_reviews())
    assert (
        due_report(register, reference, AS_OF, within, load_reviews(), report=evaluate(register, reference, AS_OF))
        == full
    )
    assert due_counts(register, reference, AS_OF, within, load_reviews()) == (len(full.overdue), len(full.upcoming))


def test_a_transfer_on_the_uk_decision_breaks_on_2031_12_28(register: Register) -> None:
    reference = load_reference()
    lines = timeline(register, reference, evaluate(register, reference, AS_OF))
    assert lines.breaks_on(UK_HOP) == date(2031, 12, 28)
    broken = lines.valid[UK_HOP]
    assert broken is not None and [c.ref for c in broken.causes] == ["gb-gdpr-2025"]
    # The DPF transfer breaks the day after the recertification date. The SCC one's TIA is out of date: it
    # is valid with details missing (a gap to fix, not a broken transfer), and no known date ends it.
    assert lines.breaks_on(DPF_HOP) == date(2027, 5, 1)
    assert lines.status[US_HOP] == TransferStatus.VALID_DETAILS_MISSING
    assert US_HOP in lines.valid and lines.breaks_on(US_HOP) is None


def test_the_break_is_the_engines_verdict_on_that_day(register: Register) -> None:
    """The day before the break the engine raises no transfer finding on the hop; on the day it does."""
    reference = load_reference()
    for hop_id, day in ((UK_HOP, date(2031, 12, 28)), (DPF_HOP, date(2027, 5, 1))):
        before = {h.id: h for h in evaluate(register, reference, date.fromordinal(day.toordinal() - 1)).transfers}
        after = {h.id: h for h in evaluate(register, reference, day).transfers}
        assert before[hop_id].basis == "adequate" and before[hop_id].status.counts_as_valid
        assert after[hop_id].basis == "unsafeguarded" and after[hop_id].status == TransferStatus.NOT_VALID


def test_a_tia_13_months_old_is_overdue_under_the_default_policy(register: Register) -> None:
    report = evaluate(register, load_reference(), AS_OF)
    outdated = [f for f in report.findings if f.rule == rules.TIA_OUTDATED]
    assert [f.subject for f in outdated] == ["processor:usco"]
    tia = next(i for i in due_report(register, load_reference(), AS_OF, 90).overdue if i.kind == DueKind.TIA_REVIEW)
    assert tia.due_on == date(2027, 2, 1) and tia.transfers == [US_HOP]
    # An 18-month policy set in the register makes the same TIA current.
    lenient = register.model_copy(
        update={"organisation": register.organisation.model_copy(update={"review_policy": ReviewPolicy(tia_months=18)})}
    )
    assert rules.TIA_OUTDATED not in {f.rule for f in evaluate(lenient, load_reference(), AS_OF).findings}
    # The command-line limit still wins when given.
    strict = evaluate(lenient, load_reference(), AS_OF, CheckOptions(tia_max_age_days=30))
    assert rules.TIA_OUTDATED in {f.rule for f in strict.findings}


def test_overdue_reviews_are_findings_with_article_and_policy(register: Register) -> None:
    report = evaluate(register, load_reference(), AS_OF)
    found = {(f.rule, f.subject, f.severity.value, f.article) for f in report.findings if f.rule.startswith("review.")}
    assert found == {
        ("review.dpa-overdue", "processor:ukco", "medium", "Art. 28(3)"),
        ("review.entry-overdue", "processor:dpfco", "low", "Art. 5(2), 30(1)"),
    }
    entry = next(f for f in report.findings if f.rule == rules.ENTRY_REVIEW_OVERDUE)
    assert "DPF Analytics Inc." in entry.message and "policy: review every 12 months" in entry.message
    # After the recertification date the certification no longer counts, and that is a finding too.
    later = evaluate(register, load_reference(), date(2027, 5, 1))
    assert ("review.recertification-overdue", "processor:dpfco") in {(f.rule, f.subject) for f in later.findings}
    assert rules.DPF_NOT_CERTIFIED not in {f.rule for f in later.findings}  # no tool recorded: no-safeguard
    assert rules.NO_SAFEGUARD in {f.rule for f in later.findings}


def test_the_seed_raises_no_review_finding(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), date(2026, 11, 27))
    assert not [f for f in report.findings if f.rule.startswith("review.")]


def test_scheduled_reviews_name_known_decisions() -> None:
    reviews = load_reviews()
    assert reviews and not check_reviews(reviews, load_reference())


@pytest.mark.parametrize(
    ("lang", "heading", "no_end"),
    [("en", "Breaks on", "No known end date"), ("nb", "Ugyldig fra", "Ingen kjent sluttdato")],
)
def test_the_transfer_register_has_a_breaks_on_column(register: Register, lang: str, heading: str, no_end: str) -> None:
    report = evaluate(register, load_reference(), AS_OF)
    data = render_export(ExportKind.TRANSFERS, ExportFormat.CSV, register, report, Lang(lang))
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    first = next(iter(rows[0]))  # the transfer id column, whatever its heading
    breaks = {row[first]: row[heading] for row in rows}
    assert breaks == {UK_HOP: "2031-12-28", DPF_HOP: "2027-05-01", US_HOP: no_end}


def test_counts_and_a_reused_report_agree_on_a_synthetic_register() -> None:
    register, reference = synthetic_register(2000, seed=11), load_reference()
    for day in (date(2024, 6, 1), AS_OF):
        full = due_report(register, reference, day, 365, load_reviews())
        assert (
            due_report(register, reference, day, 365, load_reviews(), report=evaluate(register, reference, day)) == full
        )
        assert due_counts(register, reference, day, 365, load_reviews()) == (len(full.overdue), len(full.upcoming))


@pytest.mark.parametrize("which", ["dated", "synthetic"])
def test_due_items_built_without_validation_equal_validated_ones(register: Register, which: str) -> None:
    chosen = register if which == "dated" else synthetic_register(400, seed=3)
    report = due_report(chosen, load_reference(), AS_OF, 365 * 5, load_reviews())
    items = report.items()
    assert items, "the register has nothing due: the comparison would prove nothing"
    for item in items:
        again = type(item).model_validate(item.model_dump())
        assert again == item
        assert again.model_dump_json() == item.model_dump_json()


def test_the_engines_flows_kept_with_its_report_give_the_timeline_of_flows_derived_again() -> None:
    # ``catalog due`` judges the hops the engine derived for its report instead of deriving them again
    register = synthetic_register(300)
    reference = load_reference()
    for as_of in (date(2026, 6, 1), date(2031, 6, 1)):
        report, flows = evaluate_with_flows(register, reference, as_of)
        assert report == evaluate(register, reference, as_of)
        kept = timeline(register, reference, report, flows=flows)
        assert kept == timeline(register, reference, report)
        assert kept.valid and any(found is not None for found in kept.valid.values())
        whole = due_report(register, reference, as_of, 3650)
        assert whole == due_report(register, reference, as_of, 3650, report=report)
        assert whole == due_report(register, reference, as_of, 3650, report=report, flows=flows)
