"""``catalog due``: what is overdue, what falls due inside a window, and what breaks next.

Items come from the register's own dates (DPA review dates, TIA dates under the organisation's
policy, certification and safeguard end dates, recertification dates, "last reviewed on") and from the
reference data (the end of an adequacy, SCC or programme entry, and the scheduled reviews in
``seed/reference/reviews.yaml``), each with what it affects. A decision only appears when a transfer
of this register relies on it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache, partial
from typing import NamedTuple

from pydantic import Field

from catalog.compliance.engine import CheckOptions, tia_limit
from catalog.compliance.flows import Flows
from catalog.compliance.model import CheckReport, TransferHop, TransferStatus
from catalog.compliance.rules import ORGANISATION_SUBJECT, SUBJECT_PREFIX
from catalog.compliance.safeguards import place
from catalog.compliance.tias import country_assessment_due
from catalog.compliance.verdicts import HopVerdict, hop_verdicts
from catalog.domain.base import CatalogModel, trusted
from catalog.domain.models import Processor, Safeguard
from catalog.domain.register import Register, display_name
from catalog.domain.reviews import due_after, policy_of, policy_words
from catalog.kernel.gcpause import collector_paused
from catalog.kernel.i18n import N_, translate
from catalog.kernel.phrase import Joined, Phrase, render, sentence
from catalog.reference import ReferenceData
from catalog.reference.reviews import ScheduledReview, decision_name
from catalog.review.breaks import Break, Timeline, describe, relying_on, verdict_timeline


class DueKind(StrEnum):
    """What kind of date an item is."""

    DPA_REVIEW = "dpa-review"
    TIA_REVIEW = "tia-review"
    RECERTIFICATION = "recertification"
    CERTIFICATION_EXPIRY = "certification-expiry"
    SAFEGUARD_EXPIRY = "safeguard-expiry"
    DECISION_EXPIRY = "decision-expiry"
    DECISION_REVIEW = "decision-review"
    ENTRY_REVIEW = "entry-review"
    COUNTRY_ASSESSMENT_REVIEW = "country-assessment-review"  # issue #32


KIND_LABELS = {
    DueKind.DPA_REVIEW: N_("DPA review"),
    DueKind.TIA_REVIEW: N_("TIA review"),
    DueKind.RECERTIFICATION: N_("Recertification"),
    DueKind.CERTIFICATION_EXPIRY: N_("Certification end"),
    DueKind.SAFEGUARD_EXPIRY: N_("Safeguard end"),
    DueKind.DECISION_EXPIRY: N_("Decision end"),
    DueKind.DECISION_REVIEW: N_("Decision review"),
    DueKind.ENTRY_REVIEW: N_("Entry review"),
    DueKind.COUNTRY_ASSESSMENT_REVIEW: N_("Country assessment review"),
}
"""Each kind's label in English; ``translate(KIND_LABELS[kind], lang)`` in another language."""


class DueItem(CatalogModel):
    """One date to act on."""

    uid: str = Field(description="Stable id (kind, entity and what is due; not the date, so a moved date updates).")
    kind: DueKind = Field(description="What kind of date it is.")
    due_on: date = Field(description="The date: the review date, or the last day something counts.")
    overdue: bool = Field(description="True when the date is before the as-of date.")
    entity: str = Field(description="The entity or decision, by name.")
    subject: str = Field(description="Its node id or reference-data id (secondary detail).")
    why: str = Field(description="Why it is due, in a sentence.")
    affects: str = Field(description="What it affects, in words, e.g. '3 transfers rely on ...'.")
    transfers: list[str] = Field(default_factory=list, description="Ids of the transfer hops affected.")


class TransferBreak(CatalogModel):
    """A transfer valid on the as-of date and the first later day it stops being valid; or one that is
    already not valid (or whose destination is unknown), with the engine's reason."""

    transfer: str = Field(description="Transfer hop id.")
    status: TransferStatus = Field(description="The transfer's status on the as-of date, as the engine reports it.")
    exporter: str = Field(description="Exporter, by name.")
    importer: str = Field(description="Importer, by name.")
    country: str = Field(description="Destination country code.")
    mechanism: str | None = Field(default=None, description="What the transfer relies on today.")
    breaks_on: date | None = Field(
        default=None,
        description="First day it is no longer valid; null if no known date ends it, or if already broken.",
    )
    why: str = Field(description="Why it breaks then, that no known date ends it, or why it is not valid now.")


class DueReport(CatalogModel):
    """Overdue items, items due inside the window, and what breaks next."""

    as_of: date = Field(description="The date of the report.")
    within_days: int = Field(description="The window: items due from the as-of date to this many days after.")
    overdue: list[DueItem] = Field(description="Items whose date has passed, oldest first.")
    upcoming: list[DueItem] = Field(description="Items due inside the window, soonest first.")
    breaks: list[TransferBreak] = Field(
        description="Every transfer valid on the as-of date (valid, or valid with details missing) with its first "
        "break (any distance), soonest first."
    )
    broken: list[TransferBreak] = Field(
        default_factory=list,
        description="Every transfer not valid on the as-of date, or whose destination is unknown: already broken.",
    )

    def items(self) -> list[DueItem]:
        return [*self.overdue, *self.upcoming]


def _uid(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:20]


_AFFECTS: dict[str, tuple[str, str, str]] = {
    "go to or through": (
        N_("no third-country transfer goes to or through {target}"),
        N_("{count} transfer goes to or through {target}"),
        N_("{count} transfers go to or through {target}"),
    ),
    "go to": (
        N_("no third-country transfer goes to {target}"),
        N_("{count} transfer goes to {target}"),
        N_("{count} transfers go to {target}"),
    ),
    "involve": (
        N_("no third-country transfer involves {target}"),
        N_("{count} transfer involves {target}"),
        N_("{count} transfers involve {target}"),
    ),
    "rely on": (
        N_("no third-country transfer relies on {target}"),
        N_("{count} transfer relies on {target}"),
        N_("{count} transfers rely on {target}"),
    ),
    "rely on this safeguard": (
        N_("no third-country transfer relies on this {target} safeguard"),
        N_("{count} transfer relies on this {target} safeguard"),
        N_("{count} transfers rely on this {target} safeguard"),
    ),
}
"""How an item's reach is worded, by verb: none, one and several transfers."""


def _count(hops: list[str], words: tuple[str, str]) -> str:
    """'3 transfers rely on X', '1 transfer relies on X', 'no third-country transfer relies on X'."""
    verb, target = words
    if type(target) is str:  # plain words (a safeguard's label, most names): one phrase per count and words
        return _plain_count(len(hops), verb, target)
    return _count_phrase(len(hops), verb, target)


@lru_cache(maxsize=4096)
def _plain_count(count: int, verb: str, target: str) -> str:
    return _count_phrase(count, verb, target)


def _count_phrase(count: int, verb: str, target: str) -> str:
    none, one, several = _AFFECTS[verb]
    template = none if not count else one if count == 1 else several
    return Phrase(template, count=count, target=target) if count else Phrase(template, target=target)


def due_report(
    register: Register,
    reference: ReferenceData,
    as_of: date,
    within_days: int = 90,
    reviews: Iterable[ScheduledReview] = (),
    options: CheckOptions | None = None,
    report: CheckReport | None = None,
    flows: Flows | None = None,
) -> DueReport:
    """Everything due for ``register`` on ``as_of``; items after the window are left out.

    ``report`` is the engine's report of the same register, reference data, date and options when the
    caller has it (the UI keeps one per revision), so it is not evaluated again; ``flows``, the hops the
    engine derived for it (``engine.evaluate_with_flows``), so they are not derived again.
    """
    # Tens of thousands of items, hops and words, none cyclic: the collector would walk the register again
    # and again while they pile up (as in the engine's scan).
    with collector_paused():
        return _due_report(register, reference, as_of, within_days, list(reviews), options, report, flows)


def _due_report(
    register: Register,
    reference: ReferenceData,
    as_of: date,
    within_days: int,
    reviews: list[ScheduledReview],
    options: CheckOptions | None,
    report: CheckReport | None,
    flows: Flows | None,
) -> DueReport:
    # The engine's hops are judged again on later days (what breaks next): derived once, with their
    # verdicts; no finding is read, so without a report the engine stops at each hop's verdict.
    if report is None:
        flows, verdicts = hop_verdicts(register, reference, as_of, options)
        judged = [_Hop.of_verdict(verdict) for verdict in verdicts]
    else:
        judged = [_Hop.of_report(hop) for hop in report.transfers]
    hops = _HopIndex(judged)
    end = as_of + timedelta(days=within_days)
    items = [
        due.item(as_of)
        for due in _register_items(register, hops, tia_limit(register, options), end)
        if due.due_on <= end
    ]
    items.extend(_reference_items(register, reference, as_of, end, reviews, options, flows))
    overdue = sorted((i for i in items if i.overdue), key=lambda i: (i.due_on, i.kind.value, i.entity, i.uid))
    upcoming = sorted(
        (i for i in items if not i.overdue and i.due_on <= end), key=lambda i: (i.due_on, i.kind.value, i.entity, i.uid)
    )
    lines = verdict_timeline(
        register, reference, as_of, {hop.id: (hop.status, hop.status_reason) for hop in judged}, options, flows
    )
    return trusted(
        DueReport,
        as_of=as_of,
        within_days=within_days,
        overdue=overdue,
        upcoming=upcoming,
        breaks=_breaks(hops.by_id, lines, reference),
        broken=_broken(hops.by_id, lines),
    )


def due_counts(
    register: Register,
    reference: ReferenceData,
    as_of: date,
    within_days: int = 90,
    reviews: Iterable[ScheduledReview] = (),
    options: CheckOptions | None = None,
) -> tuple[int, int]:
    """How many items ``due_report`` lists as overdue and as due inside the window, without writing them.

    Only the dates are needed to count: what each item affects (the transfers through its entity, from
    the engine's report) is never asked, so no report is needed, which is most of the work at scale.
    """
    end = as_of + timedelta(days=within_days)
    no_hops = _HopIndex([])  # the items' affected transfers are looked up only to write them
    dates = [due.due_on for due in _register_items(register, no_hops, tia_limit(register, options), end)]
    dates.extend(item.due_on for item in _reference_items(register, reference, as_of, end, list(reviews), options))
    overdue = sum(1 for day in dates if day < as_of)
    return overdue, sum(1 for day in dates if as_of <= day <= end)


# Built from the engine's validated values: no second validation (tens of thousands of hops at 100k).
def _breaks(hops: dict[str, _Hop], lines: Timeline, reference: ReferenceData) -> list[TransferBreak]:
    found = []
    unending = Phrase(N_("no known date ends it"))
    for hop_id, broken in lines.valid.items():
        hop = hops[hop_id]
        found.append(
            trusted(
                TransferBreak,
                transfer=hop_id,
                status=hop.status,
                exporter=hop.exporter_name,
                importer=hop.importer_name,
                country=hop.country,
                mechanism=hop.mechanism,
                breaks_on=broken.on if broken else None,
                why=_break_words(broken, reference) if broken else unending,
            )
        )
    return sorted(found, key=lambda b: (b.breaks_on or date.max, b.transfer))


def _broken(hops: dict[str, _Hop], lines: Timeline) -> list[TransferBreak]:
    """The transfers already not valid on the as-of date (or with an unknown destination), by id."""
    return [
        trusted(
            TransferBreak,
            transfer=hop_id,
            status=hops[hop_id].status,
            exporter=hops[hop_id].exporter_name,
            importer=hops[hop_id].importer_name,
            country=hops[hop_id].country,
            mechanism=hops[hop_id].mechanism,
            breaks_on=None,
            why=reason,
        )
        for hop_id, reason in sorted(lines.invalid.items())
    ]


def _break_words(broken: Break, reference: ReferenceData) -> str:
    ending = Joined("; ", (describe(cause, reference) for cause in broken.causes))
    return Phrase(N_("{ending}. From {day}: {reason}"), ending=sentence(ending), day=broken.on, reason=broken.reason)


class _Hop(NamedTuple):
    """What the items and breaks read of a hop: the report's hop, or the engine's verdict on a derived one."""

    id: str
    exporter: str
    importer: str
    exporter_name: str
    importer_name: str
    country: str
    safeguards: Sequence[Safeguard]
    status: TransferStatus
    status_reason: str
    mechanism: str | None

    @classmethod
    def of_report(cls, hop: TransferHop) -> _Hop:
        return cls(
            hop.id,
            hop.exporter,
            hop.importer,
            hop.exporter_name,
            hop.importer_name,
            hop.country,
            hop.safeguards,
            hop.status,
            hop.status_reason,
            hop.mechanism,
        )

    @classmethod
    def of_verdict(cls, verdict: HopVerdict) -> _Hop:
        draft = verdict.draft
        return cls(
            draft.id,
            draft.exporter,
            draft.importer,
            draft.exporter_name,
            draft.importer_name,
            draft.country,
            draft.safeguards,
            verdict.status,
            verdict.reason,
            verdict.mechanism,
        )


class _HopIndex:
    """The hops by id and by the node at either end (items ask per node; a scan each is quadratic)."""

    def __init__(self, hops: Iterable[_Hop]) -> None:
        self.by_id = {hop.id: hop for hop in hops}
        self.by_node: dict[str, list[_Hop]] = {}
        for hop in self.by_id.values():
            for node in {hop.importer, hop.exporter}:
                self.by_node.setdefault(node, []).append(hop)


def _affected(hops: _HopIndex, subject: str, safeguard: Safeguard | None = None) -> list[str]:
    """Hops to (or from) a node, and when a safeguard is given, only those recording it."""
    found = hops.by_node.get(subject, ())
    if safeguard is None:
        return sorted(hop.id for hop in found)
    return sorted(
        hop.id
        for hop in found
        # the hop holds the register's own safeguard objects: identity first, a model comparison is slow
        # (and needless between safeguards of different kinds)
        if any(s is safeguard or (s.kind == safeguard.kind and s == safeguard) for s in hop.safeguards)
    )


@dataclass(slots=True)  # not frozen: a frozen dataclass sets each field through object.__setattr__ (91k items)
class _Due:
    """An item before its words: its date is enough to count it, and what it affects is asked only to show it."""

    kind: DueKind
    subject: str
    name: str
    detail: str
    due_on: date
    why: str
    affected: Callable[[], list[str]]
    words: tuple[str, str]

    def item(self, as_of: date) -> DueItem:
        affected = self.affected()
        # Built from validated register values and the module's own enum and words: no second validation
        # (tens of thousands of items at 100k entities).
        return trusted(
            DueItem,
            uid=_uid(self.kind.value, self.subject, self.detail),
            kind=self.kind,
            due_on=self.due_on,
            overdue=self.due_on < as_of,
            entity=self.name,
            subject=self.subject,
            why=self.why,
            affects=_count(affected, self.words),
            transfers=affected,
        )


def _certification_items(processor: Processor, hops: _HopIndex) -> Iterable[_Due]:
    """A processor's recertification dates and certification ends."""
    subject, name = f"processor:{processor.key}", processor.legal_name
    for cert in processor.certifications:
        affected = partial(_affected, hops, subject)
        if cert.next_recertification is not None:
            yield _Due(
                DueKind.RECERTIFICATION,
                subject,
                name,
                cert.programme,
                cert.next_recertification,
                Phrase(
                    N_("The {programme} certification must be renewed by this date or it stops counting."),
                    programme=cert.programme,
                ),
                affected,
                ("go to", name),
            )
        if cert.certified_until is not None:
            yield _Due(
                DueKind.CERTIFICATION_EXPIRY,
                subject,
                name,
                cert.programme,
                cert.certified_until,
                Phrase(N_("The {programme} certification ends after this day."), programme=cert.programme),
                affected,
                ("go to", name),
            )


def _register_items(register: Register, hops: _HopIndex, tia_days: int, end: date = date.max) -> Iterable[_Due]:
    """The register's own dates; safeguard dates after ``end`` are left out (the bulk of them, and their
    words are never read), the others are the caller's to filter."""
    policy = policy_of(register.organisation)
    names = {p.key: p.legal_name for p in register.processors}

    item = _Due
    for processor in sorted(register.processors, key=lambda p: p.key):
        subject = f"processor:{processor.key}"
        name = processor.legal_name
        through = ("go to or through", name)
        if processor.dpa is not None and processor.dpa.review_on is not None:
            yield item(
                DueKind.DPA_REVIEW,
                subject,
                name,
                processor.dpa.reference,
                processor.dpa.review_on,
                Phrase(
                    N_("The data processing agreement ({reference}) is due for review."),
                    reference=processor.dpa.reference,
                ),
                partial(_affected, hops, subject),
                through,
            )
        yield from _certification_items(processor, hops)
        yield from _safeguard_items(subject, name, processor.safeguards, hops, policy.tia_months, tia_days, end=end)
        for engagement in processor.sub_processors:
            onward = f"processor:{engagement.processor}"
            label = f"{name} -> {names.get(engagement.processor, engagement.processor)}"
            yield from _safeguard_items(
                onward, label, engagement.safeguards, hops, policy.tia_months, tia_days, exporter=subject, end=end
            )
    for recipient in sorted(register.recipients, key=lambda r: r.key):
        subject = f"recipient:{recipient.key}"
        yield from _safeguard_items(
            subject, recipient.name, recipient.safeguards, hops, policy.tia_months, tia_days, end=end
        )

    entries: list[tuple[str, str, date | None]] = [
        (ORGANISATION_SUBJECT, register.organisation.name, register.organisation.last_reviewed_on)
    ]
    # only entities with a review date: the others need no name (a 100k register has few dates)
    entries.extend(
        (f"{SUBJECT_PREFIX[kind]}:{entity.key}", display_name(entity), entity.last_reviewed_on)
        for kind, entity in register.all_entities()
        if entity.last_reviewed_on is not None
    )
    for subject, name, last in entries:
        if last is None:
            continue
        yield item(
            DueKind.ENTRY_REVIEW,
            subject,
            name,
            "entry",
            due_after(last, policy.entry_months),
            Phrase(
                N_("Last reviewed on {day}; the policy is to review {every}."),
                day=last,
                every=policy_words(policy.entry_months),
            ),
            partial(_affected, hops, subject),
            ("involve", name),
        )
    if register.tias or register.country_assessments:
        yield from _tia_items(register, hops)


def _tia_items(register: Register, hops: _HopIndex) -> Iterable[_Due]:
    """Each decided TIA's review (its own date, else the TIA policy after the decision) and each country
    assessment's (issue #32)."""
    policy = policy_of(register.organisation)
    for tia in sorted(register.tias, key=lambda t: t.key):
        if tia.decided_on is None:
            continue
        importers = [f"{prefix}:{c.importer}" for c in tia.transfers for prefix in ("processor", "system", "recipient")]
        yield _Due(
            DueKind.TIA_REVIEW,
            f"tia:{tia.key}",
            tia.name,
            tia.key,
            tia.review_on or due_after(tia.decided_on, policy.tia_months),
            Phrase(N_("The transfer impact assessment decided on {day} is due for review."), day=tia.decided_on),
            partial(_affected_any, hops, importers),
            ("rely on", tia.name),
        )
    for assessment in sorted(register.country_assessments, key=lambda a: a.key):
        yield _Due(
            DueKind.COUNTRY_ASSESSMENT_REVIEW,
            f"country-assessment:{assessment.key}",
            assessment.name,
            assessment.key,
            country_assessment_due(assessment, register),
            Phrase(
                N_("The country assessment of {country} made on {day} is due for review."),
                country=place(assessment.country),
                day=assessment.assessed_on,
            ),
            partial(_affected_country, hops, assessment.country),
            ("go to", place(assessment.country)),
        )


def _affected_any(hops: _HopIndex, subjects: list[str]) -> list[str]:
    return sorted({hop for subject in subjects for hop in _affected(hops, subject)})


def _affected_country(hops: _HopIndex, country: str) -> list[str]:
    return sorted(hop.id for hop in hops.by_id.values() if hop.country == country)


_KIND_WORDS = {"scc": "SCC", "bcr": "BCR", "dpf": "DPF", "ad_hoc_clauses": "ad hoc clauses"}


def _safeguard_words(safeguard: Safeguard) -> str:
    """'SCC (scc-2021-914)': the kind in words, the reference-data id as secondary detail."""
    kind = safeguard.kind.value
    words = _KIND_WORDS.get(kind, kind.replace("_", " "))
    known = safeguard.instrument and safeguard.instrument != "unknown"
    return f"{words} ({safeguard.instrument})" if known else words


def _affected_from(hops: _HopIndex, subject: str, safeguard: Safeguard, exporter: str | None) -> list[str]:
    affected = _affected(hops, subject, safeguard)
    return affected if exporter is None else [h for h in affected if hops.by_id[h].exporter == exporter]


def _safeguard_items(
    subject: str,
    name: str,
    safeguards: list[Safeguard],
    hops: _HopIndex,
    tia_months: int,
    tia_days: int,
    exporter: str | None = None,
    end: date = date.max,
) -> Iterable[_Due]:
    tia_delay = timedelta(days=tia_days)
    for index, safeguard in enumerate(safeguards):
        expiring = safeguard.valid_until is not None and safeguard.valid_until <= end
        reviewed = safeguard.tia is not None and safeguard.tia.assessed_on + tia_delay <= end
        if not expiring and not reviewed:
            continue
        label = _safeguard_words(safeguard)
        affected = partial(_affected_from, hops, subject, safeguard, exporter)
        detail = f"{exporter or 'controller'}|{index}|{label}"
        rely = ("rely on this safeguard", label)
        if safeguard.valid_until is not None and expiring:
            yield _Due(
                DueKind.SAFEGUARD_EXPIRY,
                subject,
                name,
                detail,
                safeguard.valid_until,
                _safeguard_ends(label),
                affected,
                rely,
            )
        if safeguard.tia is not None and reviewed:
            yield _Due(
                DueKind.TIA_REVIEW,
                subject,
                name,
                detail,
                safeguard.tia.assessed_on + tia_delay,
                _tia_review_due(safeguard.tia.assessed_on, tia_months, tia_days),
                affected,
                rely,
            )


# Tens of thousands of safeguard items share a handful of reasons: each is worded once (and, being the
# same phrase, rendered once by ``worded``).
@lru_cache(maxsize=1024)
def _safeguard_ends(label: str) -> str:
    return Phrase(N_("The {label} safeguard ends after this day; renew or replace it."), label=label)


@lru_cache(maxsize=4096)
def _tia_review_due(assessed_on: date, tia_months: int, tia_days: int) -> str:
    return Phrase(
        N_("The transfer impact assessment of {day} is due for review (policy: {every}, {days} days)."),
        day=assessed_on,
        every=policy_words(tia_months),
        days=tia_days,
    )


def _reference_items(
    register: Register,
    reference: ReferenceData,
    as_of: date,
    end: date,
    reviews: list[ScheduledReview],
    options: CheckOptions | None,
    flows: Flows | None = None,
) -> Iterable[DueItem]:
    """Decision ends and scheduled reviews inside the window (``as_of`` to ``end``) that transfers rely on."""
    ending: dict[str, date] = {}
    for entries in (reference.adequacy.entries, reference.scc.entries, reference.programmes.entries):
        for entry in entries:
            if entry.valid_until is not None and as_of <= entry.valid_until <= end:
                ending[entry.id] = entry.valid_until
    reviews = [review for review in reviews if as_of <= review.due_on <= end]
    # asking the engine what relies on a decision re-judges every transfer: only for dates in the window
    asked = sorted(set(ending) | {review.decision for review in reviews})
    relied = relying_on(register, reference, as_of, asked, options, flows) if asked else {}
    for decision_id, last_day in sorted(ending.items()):
        affected = relied.get(decision_id, [])
        if not affected:
            continue
        name = decision_name(decision_id, reference)
        yield DueItem.model_construct(  # built from validated values; constructed so its words stay phrases
            uid=_uid(DueKind.DECISION_EXPIRY.value, decision_id),
            kind=DueKind.DECISION_EXPIRY,
            due_on=last_day,
            overdue=False,
            entity=sentence(name),
            subject=decision_id,
            why=Phrase(
                N_("It ends after {day}: transfers resting on it break on {next}."),
                day=last_day,
                next=last_day + timedelta(days=1),
            ),
            affects=_count(affected, ("rely on", name)),
            transfers=affected,
        )
    for review in reviews:
        affected = relied.get(review.decision, [])
        if not affected:
            continue
        name = decision_name(review.decision, reference)
        template = (
            N_("{review} (approximate date); it may change or end the decision ({source}).")
            if review.precision == "approximate"
            else N_("{review}; it may change or end the decision ({source}).")
        )
        yield DueItem.model_construct(
            uid=_uid(DueKind.DECISION_REVIEW.value, review.id),
            kind=DueKind.DECISION_REVIEW,
            due_on=review.due_on,
            overdue=False,
            entity=sentence(name),
            subject=review.id,
            why=Phrase(template, review=review.name, source=review.source),
            affects=_count(affected, ("rely on", name)),
            transfers=affected,
        )


def kind_label(kind: DueKind, lang: str = "en") -> str:
    """'DPA review', 'Gjennomgang av databehandleravtale': a due item's kind as people read it."""
    return translate(KIND_LABELS[kind], lang)


def worded(report: DueReport, lang: str) -> DueReport:
    """The report with its words (why, what it affects, names, mechanisms) in ``lang``; dates and ids unchanged."""
    # Tens of thousands of items and hops share a few phrases (a reason, an engine verdict, a mechanism):
    # each distinct text is rendered once. By id: every text is held by the report while it is worded.
    rendered: dict[int, str] = {}

    def word(text: str) -> str:
        if type(text) is str:  # plain register text in one language: ``render`` gives it as it is
            return text
        found = rendered.get(id(text))
        if found is None:
            found = rendered[id(text)] = render(text, lang)
        return found

    # the copies hold validated values with their words replaced: built without a second validation
    def item(found: DueItem) -> DueItem:
        words = {"entity": word(found.entity), "why": word(found.why), "affects": word(found.affects)}
        return trusted(DueItem, **{**found.__dict__, **words})

    def broken(found: TransferBreak) -> TransferBreak:
        mechanism = word(found.mechanism) if found.mechanism is not None else None
        words = {"exporter": word(found.exporter), "importer": word(found.importer), "why": word(found.why)}
        return trusted(TransferBreak, **{**found.__dict__, **words, "mechanism": mechanism})

    return report.model_copy(
        update={
            "overdue": [item(i) for i in report.overdue],
            "upcoming": [item(i) for i in report.upcoming],
            "breaks": [broken(b) for b in report.breaks],
            "broken": [broken(b) for b in report.broken],
        }
    )
