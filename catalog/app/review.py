"""Judging and reviewing the register: the compliance check, what falls due, sub-processor change notices.

Also names the types and labels these answers are made of (findings, hops, statuses, rule titles,
due items), so the CLI and the UI take them from here rather than from the engine.
"""

from __future__ import annotations

from datetime import date

from catalog.app import history as history_service
from catalog.app.register import count_entities
from catalog.compliance import rule_titles, rules
from catalog.compliance.engine import CheckOptions, evaluate
from catalog.compliance.flows import Flows
from catalog.compliance.model import CheckReport, Finding, Severity, TransferHop, TransferStatus
from catalog.compliance.rule_titles import rule_title
from catalog.compliance.rules import RULES
from catalog.compliance.status_words import (
    STATUS_ORDER,
    STATUS_STYLES,
    status_hex,
    status_icon,
    status_label,
    status_rgb,
    transfer_count_values,
    transfer_counts,
    worst,
)
from catalog.compliance.wording import finding_hint, finding_json, finding_message, finding_problem, severity_label
from catalog.domain.models import Organisation
from catalog.domain.register import Entity, EntityKind, Register
from catalog.domain.vocab import FactBasis
from catalog.errors import NotFoundError
from catalog.exporters.subprocessor_changes import SubProcessorNotice, notice
from catalog.history.chain import ORGANISATION_KEY, ORGANISATION_KIND
from catalog.kernel.i18n import N_, translator
from catalog.kernel.lang import Lang
from catalog.kernel.phrase import Phrase, render
from catalog.kernel.progress import SILENT, Progress
from catalog.reference import ReferenceData, load_reference
from catalog.reference.reviews import checked_reviews
from catalog.review.due import (
    KIND_LABELS,
    DueItem,
    DueKind,
    DueReport,
    TransferBreak,
    due_counts,
    due_report,
    kind_label,
    worded,
)
from catalog.review.ics import render_ics
from catalog.store.base import RegisterStore

TitleLang = rule_titles.Lang
"""The languages rule titles are written in."""

__all__ = [
    "KIND_LABELS",
    "RULES",
    "STATUS_ORDER",
    "STATUS_STYLES",
    "CheckOptions",
    "CheckReport",
    "DueItem",
    "DueKind",
    "DueReport",
    "Finding",
    "Severity",
    "SubProcessorNotice",
    "TitleLang",
    "TransferBreak",
    "TransferHop",
    "TransferStatus",
    "check",
    "check_register",
    "due",
    "due_counts_on",
    "due_on",
    "finding_hint",
    "finding_json",
    "finding_message",
    "finding_problem",
    "kind_label",
    "render_ics",
    "rule_title",
    "rules",
    "severity_label",
    "status_hex",
    "status_icon",
    "status_label",
    "status_rgb",
    "subprocessor_changes",
    "transfer_count_values",
    "transfer_counts",
    "worded",
    "worst",
]


def check_register(
    register: Register, as_of: date, options: CheckOptions | None = None, reference: ReferenceData | None = None
) -> CheckReport:
    """The engine's report on a register already in hand (the UI's snapshot) as of a date."""
    return evaluate(register, reference or load_reference(), as_of, options)


def check(
    store: RegisterStore,
    as_of: date | None = None,
    options: CheckOptions | None = None,
    register_as_of: date | None = None,
    progress: Progress = SILENT,
) -> CheckReport:
    """Run the compliance engine as of a date (default: today).

    ``register_as_of`` evaluates the register as it was at the end of that day (from the history);
    ``as_of`` is the date the law is evaluated at. Both may be combined.
    """
    progress.stage("loading the register")
    register = history_service.load_register(store, register_as_of)
    progress.stage(f"evaluating {count_entities(register):,} entities")
    return evaluate(register, load_reference(), as_of or date.today(), options)


def due(
    store: RegisterStore, as_of: date, within_days: int, register_as_of: date | None = None
) -> tuple[DueReport, str]:
    """What is overdue and what falls due within ``within_days`` of ``as_of``; also the organisation's name."""
    register = history_service.load_register(store, register_as_of)
    reference = load_reference()
    report = due_report(register, reference, as_of, within_days, checked_reviews(reference))
    return report, register.organisation.name


def due_on(
    register: Register,
    reference: ReferenceData,
    as_of: date,
    within_days: int,
    report: CheckReport | None = None,
    flows: Flows | None = None,
) -> DueReport:
    """What is overdue and falls due for a register already in hand (the UI's snapshot); ``report`` is the
    engine's report of it on ``as_of`` when the caller holds one, so it is not evaluated again, and ``flows``
    the hops the engine derived for that report when the caller kept them, so they are not derived again."""
    return due_report(register, reference, as_of, within_days, checked_reviews(reference), report=report, flows=flows)


def due_counts_on(register: Register, reference: ReferenceData, as_of: date, within_days: int) -> tuple[int, int]:
    """How many items ``due_on`` lists as overdue and as due inside the window, without their details."""
    return due_counts(register, reference, as_of, within_days, checked_reviews(reference))


def subprocessor_changes(store: RegisterStore, since: str, lang: Lang = Lang.EN) -> SubProcessorNotice:
    """The sub-processor change notice from ``since`` (a day, an instant or ``#N``) to the last history entry."""
    point = history_service.parse_point(since)
    entries = store.history()
    if not entries:
        raise NotFoundError(
            Phrase(
                N_("{store}: the change history is empty; run 'catalog seed' or 'catalog import'"),
                store=store.display_url,
            )
        )
    last = entries[-1]
    before = history_service.state_at_point(entries, point)
    after = history_service.state_at_point(entries, last.seq)
    organisation = after.get((ORGANISATION_KIND, ORGANISATION_KEY), {}).get("name", "")
    until = f"#{last.seq} ({last.at.date().isoformat()})"
    return notice(before, after, str(organisation), history_service.label_of(point), until, lang)


def readings_of(
    index: dict[str, tuple[EntityKind, Entity]], holder: Organisation | Entity, lang: str = "en"
) -> list[tuple[str, str]]:
    """The entry's readings and assumptions as (heading, text): 'Reading — Systems: E-mail and newsletter
    sending' and the note with its source, for a person to confirm or correct (issue #29)."""
    _ = translator(lang)
    basis = {FactBasis.READING: _("Reading"), FactBasis.ASSUMPTION: _("Assumption"), FactBasis.STATED: _("Stated")}
    return [
        (
            f"{basis[entry.basis]} — {render(rules.fact_words(index, holder, entry), lang)}",
            render(entry.note or "", lang) + render(rules.source_words(entry), lang),
        )
        for entry in holder.provenance
        if entry.confirmable
    ]
