"""What breaks next: for every transfer valid on a date, the first later day it stops being valid.

"Valid" is the engine's status carried on the report's hops: *valid* or *valid, details missing* on
the as-of date (``TransferStatus.counts_as_valid``); the report's other hops are already broken and
listed with the engine's reason. No rule is restated here. The candidate days are the day after every
end date the hop's validity can depend on (its safeguards' ``valid_until``, its TIA's review date under
the policy, its importer's certification end and recertification date, the end of the adequacy, SCC
and programme entries in the reference data); the engine's own hop judgement (``assess_hop`` and
``hop_status``) is run on each, in order, and the first day it gives *not valid* is the break.
Validity only changes on those days, so the answer is the engine's, without scanning every day.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from catalog.compliance.engine import Carried, CheckOptions, DataFacts, hop_facts, hop_status, judgement_key, tia_limit
from catalog.compliance.flows import Flows, HopDraft, derive_flows
from catalog.compliance.model import CheckReport, TransferStatus
from catalog.compliance.safeguards import HopAssessment, assess_hop, tia_problem, value_key
from catalog.domain.location import UNKNOWN
from catalog.domain.models import Certification, Safeguard
from catalog.domain.register import Register
from catalog.kernel.gcpause import collector_paused
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.reference import ReferenceData
from catalog.reference.reviews import decision_name

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True)
class Cause:
    """A known date a transfer's validity depends on: the last day something counts."""

    kind: str  # safeguard-expiry, tia-review, certification-expiry, recertification, decision-expiry, ...
    ref: str  # what ends: a reference-data id, or the safeguard / certification's label
    last_day: date


@dataclass(frozen=True)
class Break:
    """The first day a transfer valid on the as-of date stops being valid, and why."""

    hop_id: str
    on: date
    reason: str  # the engine's reason on that day
    causes: tuple[Cause, ...]  # the end dates that fall on the day before


@dataclass
class Timeline:
    """Every hop valid on the as-of date, with its break (None: no known date ends it), and the others."""

    as_of: date
    valid: dict[str, Break | None] = field(default_factory=dict)
    invalid: dict[str, str] = field(default_factory=dict)  # hop id -> why it is not valid on the as-of date
    status: dict[str, TransferStatus] = field(default_factory=dict)  # every hop's status on the as-of date, as reported

    def breaks_on(self, hop_id: str) -> date | None:
        found = self.valid.get(hop_id)
        return found.on if found is not None else None


def _safeguard_causes(safeguard: Safeguard, reference: ReferenceData, tia_days: int) -> Iterator[Cause]:
    label = safeguard.instrument or safeguard.kind.value
    if safeguard.valid_until is not None:
        yield Cause("safeguard-expiry", label, safeguard.valid_until)
    if safeguard.tia is not None:
        yield Cause("tia-review", label, safeguard.tia.assessed_on + timedelta(days=tia_days))
    if safeguard.instrument:
        decision = reference.adequacy_by_id(safeguard.instrument)
        if decision is not None and decision.valid_until is not None:
            yield Cause("decision-expiry", decision.id, decision.valid_until)
        scc = reference.scc_by_id(safeguard.instrument)
        if scc is not None and scc.valid_until is not None:
            yield Cause("scc-cutoff", scc.id, scc.valid_until)


def _certification_causes(cert: Certification, reference: ReferenceData) -> Iterator[Cause]:
    if cert.certified_until is not None:
        yield Cause("certification-expiry", cert.programme, cert.certified_until)
    if cert.next_recertification is not None:
        yield Cause("recertification", cert.programme, cert.next_recertification)
    programme = reference.programme(cert.programme)
    if programme is not None and programme.valid_until is not None:
        yield Cause("programme-end", programme.id, programme.valid_until)


def _country_causes(country: str, reference: ReferenceData) -> Iterator[Cause]:
    for decision in reference.adequacy_decisions(country):
        if decision.valid_until is not None:
            yield Cause("decision-expiry", decision.id, decision.valid_until)


def describe(cause: Cause, reference: ReferenceData) -> str:
    """A cause in words: what ends, and the last day it counts."""
    day = cause.last_day
    if cause.kind in ("decision-expiry", "scc-cutoff", "programme-end"):
        return Phrase(N_("{decision} ends after {day}"), decision=decision_name(cause.ref, reference), day=day)
    if cause.kind == "tia-review":
        return Phrase(
            N_("the transfer impact assessment for the {ref} safeguard is due for review after {day}"),
            ref=cause.ref,
            day=day,
        )
    if cause.kind == "certification-expiry":
        return Phrase(N_("the {ref} certification ends after {day}"), ref=cause.ref, day=day)
    if cause.kind == "recertification":
        return Phrase(N_("the {ref} certification is due for recertification by {day}"), ref=cause.ref, day=day)
    return Phrase(N_("the {ref} safeguard ends after {day}"), ref=cause.ref, day=day)


class _Judge:
    """The engine's hop judgement, shared between equal hops on the same day (as the engine shares it).

    A hop's judgement key does not depend on the day: it is worked out once per hop, and each distinct
    (key, day) is judged once, however many hops share it.
    """

    def __init__(self, reference: ReferenceData, tia_days: int, data: DataFacts) -> None:
        self.reference = reference
        self.tia_days = tia_days
        self.data = data
        self._seen: dict[tuple[object, ...], tuple[TransferStatus, str]] = {}
        # by id: the register's safeguards, certifications and onward hops' category tuples outlive the judge
        self._values: dict[int, object] = {}
        self._carried: dict[int, Carried] = {}
        # the end dates each safeguard, certification and country brings, by id (and code): hops share them
        self._ends: dict[int | str, tuple[Cause, ...]] = {}

    def causes(self, draft: HopDraft) -> list[Cause]:
        """The end dates the hop's validity can depend on (``_causes``), each entity's worked out once."""
        found = [cause for item in draft.safeguards for cause in self._ends_of(item)]
        found.extend(cause for item in draft.certifications for cause in self._ends_of(item))
        found.extend(self._ends_of(draft.country))
        return found

    def _ends_of(self, item: Safeguard | Certification | str) -> tuple[Cause, ...]:
        key = item if isinstance(item, str) else id(item)
        ends = self._ends.get(key)
        if ends is None:
            if isinstance(item, str):
                ends = tuple(_country_causes(item, self.reference))
            elif isinstance(item, Safeguard):
                ends = tuple(_safeguard_causes(item, self.reference, self.tia_days))
            else:
                ends = tuple(_certification_causes(item, self.reference))
            self._ends[key] = ends
        return ends

    def key(self, draft: HopDraft) -> tuple[object, ...]:
        """What the hop's judgement depends on, on any day (``engine.judgement_key``)."""
        return judgement_key(draft, frozenset(draft.relationships), self._carried_by(draft), self._value_key)

    def status(self, draft: HopDraft, day: date, key: tuple[object, ...] | None = None) -> tuple[TransferStatus, str]:
        """The engine's status of the hop on ``day``, and why (``key``: the hop's ``key``, when known)."""
        found = self._seen.get((day, *(key if key is not None else self.key(draft))))
        if found is None:
            facts = hop_facts(draft, day, self._carried_by(draft))
            assessment: HopAssessment = assess_hop(draft.safeguards, facts, self.reference)
            found = hop_status(assessment, tia_problem(assessment.relied_on, day, self.tia_days))
            self._seen[(day, *(key if key is not None else self.key(draft)))] = found
        return found

    def problem(self, draft: HopDraft, day: date, key: tuple[object, ...] | None = None) -> str | None:
        """Why the hop is not valid on ``day``; None while it counts as valid (with or without details)."""
        status, reason = self.status(draft, day, key)
        return None if status.counts_as_valid else reason

    def _carried_by(self, draft: HopDraft) -> Carried:
        if not isinstance(draft.categories, tuple):
            return self.data.of(draft.categories)
        found = self._carried.get(id(draft.categories))
        if found is None:
            found = self._carried[id(draft.categories)] = self.data.of(draft.categories)
        return found

    def _value_key(self, item: Safeguard | Certification) -> object:
        found = self._values.get(id(item))
        if found is None:
            found = self._values[id(item)] = value_key(item)
        return found


def first_break(draft: HopDraft, judge: _Judge, as_of: date) -> Break | None:
    """The first candidate day after ``as_of`` on which the engine no longer finds the hop valid."""
    causes = [c for c in judge.causes(draft) if c.last_day >= as_of]
    if not causes:
        return None
    key = judge.key(draft)
    for day in sorted({c.last_day + ONE_DAY for c in causes}):
        problem = judge.problem(draft, day, key)
        if problem is not None:
            ending = tuple(sorted({c for c in causes if c.last_day + ONE_DAY == day}, key=lambda c: (c.kind, c.ref)))
            return Break(draft.id, day, problem, ending)
    return None


def timeline(
    register: Register,
    reference: ReferenceData,
    report: CheckReport,
    options: CheckOptions | None = None,
    flows: Flows | None = None,
) -> Timeline:
    """Every hop of ``report`` (the engine's report of ``register`` with the same reference data and
    options): valid ones with their first break after its date, the others with the engine's reason.

    ``flows``: the hops the engine derived for ``report`` (``engine.evaluate_with_flows``), so they are
    not derived again; None derives them.
    """
    verdicts = {hop.id: (hop.status, hop.status_reason) for hop in report.transfers}
    return verdict_timeline(register, reference, report.as_of, verdicts, options, flows)


def verdict_timeline(
    register: Register,
    reference: ReferenceData,
    as_of: date,
    verdicts: Mapping[str, tuple[TransferStatus, str]],
    options: CheckOptions | None = None,
    flows: Flows | None = None,
) -> Timeline:
    """``timeline`` from the engine's verdict (status and reason) on ``as_of`` of each hop by id, as its
    report gives them (``verdicts.hop_verdicts`` gives them without the report)."""
    with collector_paused():
        tia_days = tia_limit(register, options)
        judge = _Judge(reference, tia_days, DataFacts(register.data_categories))
        result = Timeline(as_of)
        drafts = flows.hops if flows is not None else derive_flows(register, reference, as_of).hops
        for draft in drafts:
            hop_id = draft.id  # a property that builds the string each time
            found = verdicts.get(hop_id)
            status, reason = found if found is not None else judge.status(draft, as_of)
            result.status[hop_id] = status
            if not status.counts_as_valid:
                result.invalid[hop_id] = reason
                continue
            result.valid[hop_id] = first_break(draft, judge, as_of)
        return result


def relying_on(
    register: Register,
    reference: ReferenceData,
    as_of: date,
    decision_ids: Iterable[str],
    options: CheckOptions | None = None,
    flows: Flows | None = None,
) -> dict[str, list[str]]:
    """For each reference decision or programme id: the hops valid on ``as_of`` that would not be without it.

    Asked of the engine with the entry removed from the reference data, so "relies on" means exactly
    what the engine would conclude, fallbacks (SCCs beside the DPF) included. ``flows``: the engine's
    hops of the register on ``as_of``, when the caller has them.
    """
    with collector_paused():
        tia_days = tia_limit(register, options)
        derived = flows if flows is not None else derive_flows(register, reference, as_of)
        drafts = [d for d in derived.hops if d.country != UNKNOWN]
        judge = _Judge(reference, tia_days, DataFacts(register.data_categories))
        keys = {d.id: judge.key(d) for d in drafts}
        valid = [d for d in drafts if judge.problem(d, as_of, keys[d.id]) is None]
        found: dict[str, list[str]] = {}
        for decision_id in decision_ids:
            without = _without(reference, decision_id)
            other = _Judge(without, tia_days, judge.data)
            found[decision_id] = sorted(d.id for d in valid if other.problem(d, as_of, keys[d.id]) is not None)
        return found


def _without(reference: ReferenceData, entry_id: str) -> ReferenceData:
    """The reference data with one adequacy decision, SCC decision or programme taken out."""

    def drop(entries: list[object]) -> list[object]:
        return [e for e in entries if getattr(e, "id", None) != entry_id]

    return replace(
        reference,
        adequacy=reference.adequacy.model_copy(update={"entries": drop(list(reference.adequacy.entries))}),
        scc=reference.scc.model_copy(update={"entries": drop(list(reference.scc.entries))}),
        programmes=reference.programmes.model_copy(update={"entries": drop(list(reference.programmes.entries))}),
    )
