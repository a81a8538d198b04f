"""Transfer impact assessments as the engine reads them (issue #32).

A ``Tia`` entity covers transfers (importer x country). A hop it covers reads the TIA's decision and its
date as the transfer rules read a safeguard's inline ``tia`` (missing, outdated, inadequate), so one set
of rules judges both. A decided TIA also keeps steps 1-2 as they were (``Tia.facts``); when the register
has moved on since (a new data category, onward sub-processor or country), or its country assessment
or its own review date has passed, the TIA needs review, and the finding says what changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from catalog.compliance import rules
from catalog.compliance.model import Finding, TransferHop
from catalog.compliance.rules import make_finding, named
from catalog.compliance.safeguards import place
from catalog.domain.models import CountryAssessment, Tia, TiaFacts, TransferImpactAssessment
from catalog.domain.register import Register
from catalog.domain.reviews import due_after, policy_of
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Joined, Phrase


def node_key(node: str) -> str:
    """'processor:hubspot' -> 'hubspot' (hop ends are graph node ids)."""
    return node.partition(":")[2] or node


class TiaIndex:
    """Which TIA covers a hop: by importer and country, narrowed to its activities when it names some."""

    def __init__(self, tias: Iterable[Tia]) -> None:
        self._by_transfer: dict[tuple[str, str], list[tuple[Tia, frozenset[str]]]] = {}
        for tia in tias:
            for covered in tia.transfers:
                entry = (tia, frozenset(covered.activities))
                self._by_transfer.setdefault((covered.importer, covered.country), []).append(entry)

    def __bool__(self) -> bool:
        return bool(self._by_transfer)

    def covering(self, importer: str, country: str, activities: Sequence[str]) -> Tia | None:
        """The TIA for a hop: the latest decided one, else a draft; None when no TIA covers it."""
        found = [
            tia
            for tia, only in self._by_transfer.get((node_key(importer), country), ())
            if not only or only.intersection(activities)
        ]
        if not found:
            return None
        decided = [tia for tia in found if tia.decided_on is not None]
        if decided:
            return max(decided, key=lambda tia: (tia.decided_on or date.min, tia.key))
        return min(found, key=lambda tia: tia.key)

    def inline(self, importer: str, country: str, activities: Sequence[str]) -> TransferImpactAssessment | None:
        """The covering TIA's decision as the transfer rules read it (None for none or a draft)."""
        tia = self.covering(importer, country, activities)
        return tia.as_inline() if tia is not None else None


def covered_hops(tia: Tia, hops: Sequence[TransferHop]) -> list[TransferHop]:
    """The report's hops a TIA covers."""
    wanted = {(c.importer, c.country): frozenset(c.activities) for c in tia.transfers}
    found = []
    for hop in hops:
        only = wanted.get((node_key(hop.importer), hop.country))
        if only is not None and (not only or only.intersection(hop.activities)):
            found.append(hop)
    return found


def current_facts(tia: Tia, register: Register, hops: Sequence[TransferHop]) -> TiaFacts:
    """Steps 1-2's facts as the register holds them today: what a decision snapshots and a review compares."""
    covered = covered_hops(tia, hops)
    importers = {c.importer for c in tia.transfers}
    processors = {p.key: p for p in register.processors}
    onward = sorted({e.processor for key in importers if key in processors for e in processors[key].sub_processors})
    exporters = {f"processor:{key}" for key in importers}
    countries = {c.country for c in tia.transfers} | {h.country for h in hops if h.exporter in exporters}
    return TiaFacts(
        data_categories=sorted({c for hop in covered for c in hop.data_categories}),
        onward=onward,
        countries=sorted(countries),
    )


@dataclass(frozen=True)
class _Names:
    register: Register

    def category(self, key: str) -> str:
        found = next((c for c in self.register.data_categories if c.key == key), None)
        return named(found.name, key) if found is not None else key

    def processor(self, key: str) -> str:
        found = next((p for p in self.register.processors if p.key == key), None)
        return named(found.legal_name, key) if found is not None else key


def review_reasons(
    tia: Tia, register: Register, hops: Sequence[TransferHop], day: date, assessment: CountryAssessment | None
) -> list[str]:
    """Why a decided TIA needs review on ``day``, each in words; empty when it does not."""
    reasons: list[str] = []
    names = _Names(register)
    if tia.facts is not None:
        now = current_facts(tia, register, hops)
        new_categories = sorted(set(now.data_categories) - set(tia.facts.data_categories))
        if new_categories:
            listed = Joined(", ", tuple(names.category(k) for k in new_categories))
            reasons.append(Phrase(N_("new data categories since it was decided: {names}"), names=listed))
        new_onward = sorted(set(now.onward) - set(tia.facts.onward))
        if new_onward:
            listed = Joined(", ", tuple(names.processor(k) for k in new_onward))
            reasons.append(Phrase(N_("new onward sub-processors: {names}"), names=listed))
        new_countries = sorted(set(now.countries) - set(tia.facts.countries))
        if new_countries:
            listed = Joined(", ", tuple(place(code) for code in new_countries))
            reasons.append(Phrase(N_("new countries the data reaches: {names}"), names=listed))
    if assessment is not None:
        due = country_assessment_due(assessment, register)
        if day > due:
            reasons.append(
                Phrase(
                    N_("its country assessment {name} of {assessed} was due for review on {due}"),
                    name=named(assessment.name, assessment.key),
                    assessed=assessment.assessed_on,
                    due=due,
                )
            )
    if tia.review_on is not None and day > tia.review_on:
        reasons.append(Phrase(N_("its review date {day} has passed"), day=tia.review_on))
    return reasons


def country_assessment_due(assessment: CountryAssessment, register: Register) -> date:
    """The last day a country assessment is current: its own review date, else the TIA review policy."""
    if assessment.review_on is not None:
        return assessment.review_on
    return due_after(assessment.assessed_on, policy_of(register.organisation).tia_months)


def tia_review_findings(register: Register, hops: Sequence[TransferHop], day: date) -> Iterator[Finding]:
    """One finding per decided TIA that needs review on ``day``, naming what changed."""
    assessments = {a.key: a for a in register.country_assessments}
    for tia in sorted(register.tias, key=lambda t: t.key):
        if tia.outcome is None or tia.decided_on is None or tia.decided_on > day:
            continue
        assessment = assessments.get(tia.country_assessment or "")
        reasons = review_reasons(tia, register, hops, day, assessment)
        if not reasons:
            continue
        covered = covered_hops(tia, hops)
        yield make_finding(
            rules.TIA_NEEDS_REVIEW,
            f"tia:{tia.key}",
            Phrase(
                N_("The transfer impact assessment {name} (decided on {day}) needs review: {reasons}."),
                name=named(tia.name, tia.key),
                day=tia.decided_on,
                reasons=Joined("; ", tuple(reasons)),
            ),
            country=tia.transfers[0].country,
            data_categories=[c for hop in covered for c in hop.data_categories],
            path=[f"tia:{tia.key}", *(hop.importer for hop in covered[:1])],
            transfer=covered[0].id if covered else None,
            transfer_status=covered[0].status if covered else None,
        )
