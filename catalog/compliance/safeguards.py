"""Whether a transfer tool counts for one hop on one date, judged against the legal reference data.

Pure functions: a safeguard, the hop's facts and the reference data in; a verdict with a reason out.
All dates are inclusive, as in the reference files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import IntEnum
from functools import cache
from operator import attrgetter

from pydantic import BaseModel

from catalog.compliance import rules
from catalog.compliance.model import TransferBasis
from catalog.domain.location import Place
from catalog.domain.models import Certification, Safeguard, SupplementaryMeasure, TransferImpactAssessment
from catalog.domain.vocab import (
    MODULE_RELATIONSHIP,
    DpfScope,
    ExcludedDataKind,
    OrganisationKind,
    SafeguardKind,
    SccModule,
    SupplementaryMeasureKind,
    TiaOutcome,
    TransferRelationship,
)
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Joined, Phrase, trimmed, unique_joined
from catalog.reference import ReferenceData
from catalog.reference.models import AdequacyCondition, AdequacyDecision, DecisionStatus, SccDecision

DPF_PROGRAMME = "eu-us-dpf"

# Art. 46 tools whose effectiveness must be assessed against the destination's law (Schrems II).
NEEDS_TIA = frozenset({SafeguardKind.SCC, SafeguardKind.BCR, SafeguardKind.AD_HOC_CLAUSES})

_RELATIONSHIP_WORDS = {
    TransferRelationship.CONTROLLER_TO_CONTROLLER: Phrase(N_("controller to controller")),
    TransferRelationship.CONTROLLER_TO_PROCESSOR: Phrase(N_("controller to processor")),
    TransferRelationship.PROCESSOR_TO_PROCESSOR: Phrase(N_("processor to processor")),
    TransferRelationship.PROCESSOR_TO_CONTROLLER: Phrase(N_("processor to controller")),
}
_STATUS_WORDS = {"repealed": N_("repealed"), "invalidated": N_("invalidated"), "expired": N_("expired")}
_MODULE_FOR = {relationship: module for module, relationship in MODULE_RELATIONSHIP.items()}


class Verdict(IntEnum):
    """How well one tool covers one hop; higher is better."""

    INVALID = 0
    DEROGATION = 1
    PRESUMED = 2  # recorded without the details needed to verify it; counted, with a low finding
    VALID = 3
    ADEQUATE = 4


@dataclass(frozen=True)
class ToolResult:
    """The verdict on one tool (or on automatic adequacy) for one hop and relationship."""

    verdict: Verdict
    label: str
    reason: str
    problem: str | None = None  # rule id explaining an INVALID or PRESUMED verdict
    safeguard: Safeguard | None = None
    systematic: bool = False  # a derogation on a flow that is not occasional
    unverified: str | None = None  # adequacy counted, but this part of its scope cannot be checked
    escalated: bool = False  # a presumed tool whose doubt matters more on the date (old SCCs lapsed)


@dataclass(frozen=True)
class HopFacts:
    """What the safeguard evaluation needs to know about a hop."""

    country: str
    relationships: frozenset[TransferRelationship]
    importer_certifications: Sequence[Certification]
    occasional: bool
    day: date
    # What partial adequacy decisions look at (issue #14): who the importer is and what data the hop carries.
    importer_kind: OrganisationKind = OrganisationKind.UNKNOWN
    importer_law: str | None = None
    hr_data: bool = False
    non_hr_data: bool = True
    excluded_data: frozenset[ExcludedDataKind] = frozenset()


@dataclass
class HopAssessment:
    """The hop's status and everything the rules need to raise findings about it."""

    basis: TransferBasis
    mechanism: str | None
    reason: str
    failing: list[ToolResult] = field(default_factory=list)  # invalid tools for an uncovered relationship
    stale: list[ToolResult] = field(default_factory=list)  # invalid tools where another tool covers
    presumed: list[ToolResult] = field(default_factory=list)  # relied on, but details are missing
    systematic: list[ToolResult] = field(default_factory=list)  # derogations relied on for regular flows
    relied_on: list[ToolResult] = field(default_factory=list)  # the Art. 46 tools the hop rests on
    out_of_scope: list[ToolResult] = field(default_factory=list)  # adequacy in force, but not for this hop
    scope_unverified: list[ToolResult] = field(default_factory=list)  # adequacy counted, scope facts not recorded


def relationship_words(relationship: TransferRelationship) -> str:
    return _RELATIONSHIP_WORDS[relationship]


@cache
def place(code: str) -> str:
    return Place(code)


# --- Certifications and adequacy -------------------------------------------------------------------


def certified(certifications: Sequence[Certification], programme_id: str, day: date, reference: ReferenceData) -> bool:
    """The importer holds a certification under the programme valid on ``day`` while the programme counts."""
    programme = reference.programme(programme_id)
    if programme is None or day < programme.valid_from:
        return False
    if programme.valid_until is not None and day > programme.valid_until:
        return False
    return any(
        cert.programme == programme_id
        and (cert.certified_from is None or cert.certified_from <= day)
        and (cert.certified_until is None or day <= cert.certified_until)
        # A certification not renewed by its recertification date drops off the programme's list.
        and (cert.next_recertification is None or day <= cert.next_recertification)
        for cert in certifications
    )


@dataclass(frozen=True)
class ScopeCheck:
    """How a hop fits an adequacy decision's coverage: the parts it misses, and the parts not recorded."""

    missed: tuple[str, ...]
    unverified: tuple[str, ...]


def _kinds(kinds: Iterable[OrganisationKind]) -> str:
    return _either([_a(kind.label) for kind in kinds])


def _either(options: list[str]) -> str:
    """'a, b or c' in the reader's language."""
    if len(options) == 1:
        return options[0]
    return Phrase(N_("{some} or {last}"), some=Joined(", ", options[:-1]), last=options[-1])


def _a(words: str) -> str:
    return Phrase(N_("an {kind}"), kind=words) if words[:1] in "aeiou" else Phrase(N_("a {kind}"), kind=words)


def scope_check(decision: AdequacyDecision, facts: HopFacts, reference: ReferenceData) -> ScopeCheck:
    """The parts of the decision's scope (each citing its article) that the hop misses or cannot show."""
    coverage = decision.coverage
    cite = f"{short_act(decision)} {coverage.article}"
    missed: list[str] = []
    unverified: list[str] = []
    kind = facts.importer_kind
    if coverage.recipient_kinds is not None:
        if kind == OrganisationKind.UNKNOWN:
            unverified.append(
                Phrase(
                    N_("{cite} covers only {kinds}, and the importer's kind of organisation is not recorded"),
                    cite=cite,
                    kinds=_kinds(coverage.recipient_kinds),
                )
            )
        elif kind not in coverage.recipient_kinds:
            missed.append(
                Phrase(
                    N_("{cite} covers only {kinds}; the importer is {kind}"),
                    cite=cite,
                    kinds=_kinds(coverage.recipient_kinds),
                    kind=_a(kind.label),
                )
            )
    if coverage.laws:
        names = _either([law.name for law in coverage.laws])
        if facts.importer_law is None:
            unverified.append(
                Phrase(
                    N_(
                        "{cite} covers only recipients subject to the {laws}, and the law the importer is subject "
                        "to is not recorded"
                    ),
                    cite=cite,
                    laws=names,
                )
            )
        elif facts.importer_law not in {law.id for law in coverage.laws}:
            missed.append(
                Phrase(
                    N_(
                        "{cite} covers only recipients subject to the {laws}; the importer is recorded as subject "
                        "to {law}"
                    ),
                    cite=cite,
                    laws=names,
                    law=repr(facts.importer_law),
                )
            )
    for exclusion in coverage.exclusions:
        if kind in exclusion.recipient_kinds or facts.excluded_data & set(exclusion.data):
            missed.append(
                Phrase(
                    N_("{act} {article} excludes {what}"),
                    act=short_act(decision),
                    article=exclusion.article,
                    what=exclusion.summary,
                )
            )
    if coverage.certified_scope and decision.programme:
        _certified_scope_gaps(cite, decision.programme, facts, reference, missed, unverified)
    return ScopeCheck(tuple(missed), tuple(unverified))


def _certified_scope_gaps(
    cite: str,
    programme: str,
    facts: HopFacts,
    reference: ReferenceData,
    missed: list[str],
    unverified: list[str],
) -> None:
    """A certification-based decision covers only the data the importer is certified for (HR / non-HR)."""
    scopes = _certified_scopes(facts.importer_certifications, programme, facts.day, reference)
    if scopes is None:
        unverified.append(
            Phrase(
                N_(
                    "{cite} covers an organisation only within its certified scope (HR / non-HR data), and the "
                    "certification's scope is not recorded"
                ),
                cite=cite,
            )
        )
    else:
        if facts.hr_data and DpfScope.HR not in scopes:
            missed.append(
                Phrase(
                    N_(
                        "{cite} covers only the data an organisation is certified for: the hop carries HR data, "
                        "and the importer is not certified for HR data"
                    ),
                    cite=cite,
                )
            )
        if facts.non_hr_data and DpfScope.NON_HR not in scopes:
            missed.append(
                Phrase(
                    N_(
                        "{cite} covers only the data an organisation is certified for: the hop carries non-HR "
                        "data, and the importer is certified for HR data only"
                    ),
                    cite=cite,
                )
            )


def _certified_scopes(
    certifications: Sequence[Certification], programme_id: str, day: date, reference: ReferenceData
) -> frozenset[DpfScope] | None:
    """The data kinds the importer's certifications valid on ``day`` cover; None when one does not say."""
    scopes: set[DpfScope] = set()
    for cert in certifications:
        if cert.programme != programme_id or not certified([cert], programme_id, day, reference):
            continue
        if cert.dpf_scope is None:
            return None
        scopes.update(cert.dpf_scope)
    return frozenset(scopes)


def short_act(decision: AdequacyDecision) -> str:
    """'Commission Implementing Decision (EU) 2019/419 of 23 January 2019' -> 'Decision (EU) 2019/419'."""
    act = decision.act.split(" of ")[0].split(",")[0]
    return act.removeprefix("Commission ").removeprefix("Implementing ")


def _in_scope(
    decision: AdequacyDecision,
    facts: HopFacts,
    reference: ReferenceData,
    label: str,
    reason: str,
    safeguard: Safeguard | None = None,
) -> ToolResult:
    """An adequacy decision in force for the destination, judged against its coverage."""
    check = scope_check(decision, facts, reference)
    if check.missed:
        return ToolResult(
            Verdict.INVALID,
            label,
            Phrase(
                N_("{act} is in force for {where} but does not cover this transfer: {missed}."),
                act=decision.act,
                where=place(facts.country),
                missed=Joined("; ", check.missed),
            ),
            rules.ADEQUACY_OUT_OF_SCOPE,
            safeguard,
        )
    if not check.unverified:
        return ToolResult(Verdict.ADEQUATE, label, reason, safeguard=safeguard)
    unverified = Joined("; ", check.unverified)
    return ToolResult(
        Verdict.ADEQUATE,
        label,
        Phrase(N_("{reason}; not verified: {unverified}."), reason=trimmed(reason), unverified=unverified),
        safeguard=safeguard,
        unverified=unverified,
    )


def automatic_adequacy(facts: HopFacts, reference: ReferenceData) -> tuple[ToolResult | None, list[ToolResult]]:
    """An adequacy decision in force on the date that covers the hop, if any; and those that miss its scope."""
    missed: list[ToolResult] = []
    for decision in reference.adequacy_in_force(facts.country, facts.day):
        label = Phrase(N_("Adequacy: {decision}"), decision=decision.name)
        if decision.condition == AdequacyCondition.CERTIFICATION:
            if not (
                decision.programme
                and certified(facts.importer_certifications, decision.programme, facts.day, reference)
            ):
                continue
            reason = Phrase(
                N_("{act} covers the importer, certified under {programme} on {day}."),
                act=decision.act,
                programme=decision.programme,
                day=facts.day,
            )
        else:
            reason = Phrase(
                N_("{act} covers {where} on {day}."), act=decision.act, where=place(facts.country), day=facts.day
            )
        result = _in_scope(decision, facts, reference, label, reason)
        if result.verdict == Verdict.ADEQUATE:
            return result, []
        missed.append(result)
    return None, missed


def _decision_not_in_force(decision: AdequacyDecision, day: date, safeguard: Safeguard) -> ToolResult:
    label = Phrase(N_("Adequacy: {decision}"), decision=decision.name)
    if day < decision.valid_from:
        return ToolResult(
            Verdict.INVALID,
            label,
            Phrase(N_("{act} only applies from {day}."), act=decision.act, day=decision.valid_from),
            rules.SAFEGUARD_EXPIRED,
            safeguard,
        )
    if decision.status == DecisionStatus.INVALIDATED:
        return ToolResult(
            Verdict.INVALID,
            label,
            Phrase(
                N_("{act} was invalidated ({by}); it last counted on {day}."),
                act=decision.act,
                by=decision.ended_by or Phrase(N_("by the CJEU")),
                day=decision.valid_until,
            ),
            rules.SAFEGUARD_INVALIDATED,
            safeguard,
        )
    return ToolResult(
        Verdict.INVALID,
        label,
        Phrase(
            N_("{act} stopped counting after {day} ({status})."),
            act=decision.act,
            day=decision.valid_until,
            status=Phrase(_STATUS_WORDS.get(decision.status.value, decision.status.value)),
        ),
        rules.SAFEGUARD_EXPIRED,
        safeguard,
    )


def _adequacy_tool(safeguard: Safeguard, facts: HopFacts, reference: ReferenceData) -> ToolResult:
    decision = reference.adequacy_by_id(safeguard.instrument or "")
    if decision is None:
        return ToolResult(
            Verdict.INVALID,
            Phrase(N_("Adequacy (decision not recognised)")),
            Phrase(
                N_("{instrument} is not an adequacy decision in the reference data."),
                instrument=repr(safeguard.instrument),
            ),
            rules.SAFEGUARD_UNRECOGNISED,
            safeguard,
        )
    return _decision_for_hop(decision, safeguard, facts, reference)


def _decision_for_hop(
    decision: AdequacyDecision, safeguard: Safeguard, facts: HopFacts, reference: ReferenceData
) -> ToolResult:
    label = Phrase(N_("Adequacy: {decision}"), decision=decision.name)
    if decision.country != facts.country:
        return ToolResult(
            Verdict.INVALID,
            label,
            Phrase(
                N_("{act} covers {covered}, not {where}."),
                act=decision.act,
                covered=place(decision.country),
                where=place(facts.country),
            ),
            rules.SAFEGUARD_UNRECOGNISED,
            safeguard,
        )
    if not decision.valid_on(facts.day):
        return _decision_not_in_force(decision, facts.day, safeguard)
    if decision.condition == AdequacyCondition.CERTIFICATION and decision.programme:
        if not certified(facts.importer_certifications, decision.programme, facts.day, reference):
            return ToolResult(
                Verdict.INVALID,
                label,
                Phrase(
                    N_(
                        "{act} only covers importers certified under {programme}; no certification valid on {day} "
                        "is recorded for the importer."
                    ),
                    act=decision.act,
                    programme=decision.programme,
                    day=facts.day,
                ),
                rules.DPF_NOT_CERTIFIED,
                safeguard,
            )
        return _in_scope(
            decision,
            facts,
            reference,
            label,
            Phrase(
                N_("{act}; the importer is certified under {programme} on {day}."),
                act=decision.act,
                programme=decision.programme,
                day=facts.day,
            ),
            safeguard,
        )
    reason = Phrase(N_("{act} covers {where}."), act=decision.act, where=place(facts.country))
    return _in_scope(decision, facts, reference, label, reason, safeguard)


def _dpf_tool(safeguard: Safeguard, facts: HopFacts, reference: ReferenceData) -> ToolResult:
    decisions = [d for d in reference.adequacy.entries if d.programme == DPF_PROGRAMME]
    for_country = [d for d in decisions if d.country == facts.country]
    if not for_country:
        return ToolResult(
            Verdict.INVALID,
            "EU-US Data Privacy Framework",
            Phrase(
                N_("the Data Privacy Framework only covers the United States, not {where}."), where=place(facts.country)
            ),
            rules.SAFEGUARD_UNRECOGNISED,
            safeguard,
        )
    in_force = [d for d in for_country if d.valid_on(facts.day)]
    return _decision_for_hop((in_force or for_country)[0], safeguard, facts, reference)


# --- Standard contractual clauses ------------------------------------------------------------------


def _scc_tool(
    safeguard: Safeguard, relationship: TransferRelationship, facts: HopFacts, reference: ReferenceData
) -> ToolResult:
    """SCCs on a hop: a decision in the reference data, whose module fits the roles, usable on the day and
    signed in time; what is not stated leaves them counted but unverified."""
    day = facts.day
    if safeguard.instrument in (None, "unknown"):
        return _scc_unnamed(safeguard, relationship, day, reference)
    decision = reference.scc_by_id(safeguard.instrument)
    if decision is None:
        return ToolResult(
            Verdict.INVALID,
            Phrase(N_("SCCs (decision not recognised)")),
            Phrase(
                N_("{instrument} is not an SCC decision in the reference data."), instrument=repr(safeguard.instrument)
            ),
            rules.SAFEGUARD_UNRECOGNISED,
            safeguard,
        )
    label: str = Phrase(N_("SCC {number}"), number=_act_number(decision.id))
    if decision.modules:
        label = Phrase(N_("{label} module {module}"), label=label, module=safeguard.module or "unknown")
    mismatch = _scc_roles_mismatch(decision, safeguard.module, relationship)
    if mismatch is not None:
        return ToolResult(Verdict.INVALID, label, mismatch, rules.SCC_MODULE_MISMATCH, safeguard)
    out_of_time = _scc_out_of_time(decision, safeguard.signed_on, day)
    if out_of_time is not None:
        rule_id, reason = out_of_time
        return ToolResult(Verdict.INVALID, label, reason, rule_id, safeguard)
    missing = _scc_unstated(decision, safeguard, relationship)
    if missing:
        return ToolResult(
            Verdict.PRESUMED,
            label,
            Phrase(N_("{act} is recorded but {missing}."), act=decision.act, missing=_both(missing)),
            rules.SCC_DETAILS_MISSING,
            safeguard,
        )
    return ToolResult(
        Verdict.VALID, label, Phrase(N_("{act} is valid on {day}."), act=decision.act, day=day), safeguard=safeguard
    )


def _scc_unnamed(
    safeguard: Safeguard, relationship: TransferRelationship, day: date, reference: ReferenceData
) -> ToolResult:
    """SCCs recorded without their decision: none before the first set existed, else counted but unverified."""
    earliest = min(d.valid_from for d in reference.scc.entries)
    if day < earliest:
        return ToolResult(
            Verdict.INVALID,
            Phrase(N_("SCCs (decision not stated)")),
            Phrase(N_("no Commission SCCs existed before {day}."), day=earliest),
            rules.SAFEGUARD_EXPIRED,
            safeguard,
        )
    candidates, escalated = scc_candidates(relationship, day, reference)
    return ToolResult(
        Verdict.PRESUMED,
        Phrase(N_("SCCs (decision and module not stated)")),
        Phrase(
            N_(
                "SCCs are recorded, but not which Commission decision or module, so their validity on the date "
                "and their fit with the roles cannot be checked. {candidates}"
            ),
            candidates=candidates,
        ),
        rules.SCC_DETAILS_MISSING,
        safeguard,
        escalated=escalated,
    )


def _scc_roles_mismatch(decision: SccDecision, module: str | None, relationship: TransferRelationship) -> str | None:
    """Why the clauses do not fit the hop's roles (the stated module, or the decision's only roles), or None."""
    if decision.modules:
        if module in (None, "unknown"):
            return None  # not stated: a detail missing, not a mismatch
        covered = MODULE_RELATIONSHIP[SccModule(module)]
        if covered == relationship:
            return None
        return Phrase(
            N_("module {module} covers {covered} transfers, but this hop is {roles} (module {needed})."),
            module=module,
            covered=relationship_words(covered),
            roles=relationship_words(relationship),
            needed=_MODULE_FOR[relationship].value,
        )
    if relationship in decision.relationships:
        return None
    return Phrase(
        N_("{act} only covers {covered} transfers, but this hop is {roles}."),
        act=decision.act,
        covered=Joined(", ", (relationship_words(r) for r in decision.relationships)),
        roles=relationship_words(relationship),
    )


def _scc_out_of_time(decision: SccDecision, signed_on: date | None, day: date) -> tuple[str, str] | None:
    """The rule and reason when the clauses could not yet be used, were signed too late or had lapsed."""
    if day < decision.valid_from:
        return rules.SAFEGUARD_EXPIRED, Phrase(
            N_("{act} could only be used from {day}."), act=decision.act, day=decision.valid_from
        )
    if decision.last_signing_date is not None and signed_on is not None and signed_on > decision.last_signing_date:
        return (
            rules.SCC_REPEALED,
            Phrase(
                N_("signed on {signed}, after the last day contracts could be concluded under {act} ({last})."),
                signed=signed_on,
                act=decision.act,
                last=decision.last_signing_date,
            ),
        )
    if decision.valid_until is not None and day > decision.valid_until:
        return (
            rules.SCC_REPEALED,
            Phrase(
                N_("{act} was {status}; contracts under it last counted on {day}."),
                act=decision.act,
                status=Phrase(_STATUS_WORDS.get(decision.status.value, decision.status.value)),
                day=decision.valid_until,
            ),
        )
    return None


def _both(parts: list[str]) -> str:
    """One or two gaps as one clause: 'the module ... and the signing date ...'."""
    return parts[0] if len(parts) == 1 else Phrase(N_("{first} and {second}"), first=parts[0], second=parts[1])


def _scc_unstated(decision: SccDecision, safeguard: Safeguard, relationship: TransferRelationship) -> list[str]:
    """What the record leaves out that the decision needs: the module, the signing date."""
    missing: list[str] = []
    if decision.modules and safeguard.module in (None, "unknown"):
        missing.append(
            Phrase(
                N_("the module is not stated (the roles need module {module})"),
                module=_MODULE_FOR[relationship].value,
            )
        )
    if decision.last_signing_date is not None and safeguard.signed_on is None:
        missing.append(
            Phrase(
                N_("the signing date is not stated (it counts only if signed by {day})"),
                day=decision.last_signing_date,
            )
        )
    return missing


def scc_candidates(relationship: TransferRelationship, day: date, reference: ReferenceData) -> tuple[str, bool]:
    """Which Commission SCC sets an unnamed SCC contract can be on ``day`` for the roles, in words.

    The second value is True once the older sets have lapsed (2022-12-27 for 2010/87/EU): a contract of
    unknown vintage may then be one that no longer counts, so the doubt is more serious.
    """
    open_now: list[str] = []
    lapsed: list[str] = []
    old_still_counting = False
    for decision in sorted(reference.scc.entries, key=lambda d: d.valid_from, reverse=True):
        module = _MODULE_FOR[relationship].value
        if decision.modules:
            if int(module) not in decision.modules:
                continue
            label = Phrase(
                N_("SCC {number} module {module} ({act})"),
                number=_act_number(decision.id),
                module=module,
                act=decision.act,
            )
        elif relationship in decision.relationships:
            label = Phrase(N_("SCC {number} ({act})"), number=_act_number(decision.id), act=decision.act)
        else:
            continue
        if day < decision.valid_from:
            continue
        if decision.valid_until is not None and day > decision.valid_until:
            lapsed.append(
                Phrase(N_("{label}, whose contracts last counted on {day}"), label=label, day=decision.valid_until)
            )
        elif decision.last_signing_date is not None and day > decision.last_signing_date:
            old_still_counting = True
            open_now.append(
                Phrase(
                    N_("{label}, only for a contract signed by {signed} and only until {until}"),
                    label=label,
                    signed=decision.last_signing_date,
                    until=decision.valid_until or Phrase(N_("further notice")),
                )
            )
        else:
            open_now.append(label)
    candidates = Joined("; ", open_now) if open_now else Phrase(N_("none for these roles"))
    words: str = Phrase(N_("Candidates on {day}: {candidates}."), day=day, candidates=candidates)
    if lapsed:
        words = Phrase(N_("{candidates} No longer counting: {lapsed}."), candidates=words, lapsed=Joined("; ", lapsed))
    return words, bool(lapsed) and not old_still_counting


# --- One safeguard, one relationship --------------------------------------------------------------

_ART46_LABELS = {
    SafeguardKind.BCR: Phrase(N_("Binding corporate rules (Art. 47)")),
    SafeguardKind.CODE_OF_CONDUCT: Phrase(N_("Approved code of conduct (Art. 46(2)(e))")),
    SafeguardKind.CERTIFICATION: Phrase(N_("Approved certification (Art. 46(2)(f))")),
    SafeguardKind.AD_HOC_CLAUSES: Phrase(N_("Authorised contractual clauses (Art. 46(3)(a))")),
}


def _outside_own_dates(safeguard: Safeguard, day: date) -> ToolResult | None:
    label = safeguard.kind.value
    if safeguard.valid_from is not None and day < safeguard.valid_from:
        reason = Phrase(N_("the {label} safeguard only applies from {day}."), label=label, day=safeguard.valid_from)
    elif safeguard.signed_on is not None and day < safeguard.signed_on:
        reason = Phrase(N_("the {label} safeguard was only signed on {day}."), label=label, day=safeguard.signed_on)
    elif safeguard.valid_until is not None and day > safeguard.valid_until:
        reason = Phrase(N_("the {label} safeguard expired after {day}."), label=label, day=safeguard.valid_until)
    else:
        return None
    return ToolResult(Verdict.INVALID, label, reason, rules.SAFEGUARD_EXPIRED, safeguard)


def evaluate_safeguard(
    safeguard: Safeguard, relationship: TransferRelationship, facts: HopFacts, reference: ReferenceData
) -> ToolResult:
    """The verdict on one recorded tool for one exporter -> importer relationship on ``facts.day``."""
    expired = _outside_own_dates(safeguard, facts.day)
    if expired is not None:
        return expired
    kind = safeguard.kind
    if kind == SafeguardKind.ADEQUACY:
        return _adequacy_tool(safeguard, facts, reference)
    if kind == SafeguardKind.DPF:
        return _dpf_tool(safeguard, facts, reference)
    if kind == SafeguardKind.SCC:
        return _scc_tool(safeguard, relationship, facts, reference)
    if kind == SafeguardKind.DEROGATION:
        derogation = safeguard.derogation.value if safeguard.derogation else "?"
        occasional = bool(safeguard.occasional) and facts.occasional
        reason = (
            Phrase(N_("Art. {article} derogation for an occasional transfer."), article=derogation)
            if occasional
            else Phrase(
                N_(
                    "Art. {article} derogation relied on for a systematic flow; derogations only cover "
                    "occasional transfers."
                ),
                article=derogation,
            )
        )
        return ToolResult(
            Verdict.DEROGATION,
            Phrase(N_("Derogation Art. {article}"), article=derogation),
            reason,
            None if occasional else rules.DEROGATION_SYSTEMATIC,
            safeguard,
            systematic=not occasional,
        )
    label = _ART46_LABELS[kind]
    return ToolResult(Verdict.VALID, label, Phrase(N_("{label} recorded."), label=label), safeguard=safeguard)


# --- A whole hop -------------------------------------------------------------------------------------

DOCUMENTATION_ONLY: dict[type[BaseModel], frozenset[str]] = {
    Safeguard: frozenset({"note", "source"}),
    TransferImpactAssessment: frozenset({"reference"}),
    SupplementaryMeasure: frozenset({"description"}),
    Certification: frozenset({"reference"}),
}
"""Fields the judgement of a hop never reads (remarks, links); ``value_key`` leaves them out."""


def value_key(value: object) -> object:
    """A hashable key of everything a safeguard or certification says that the judgement can read.

    Equal keys (with the same country, roles and date) give equal assessments, so the engine judges
    each distinct case once. Every field counts unless listed in ``DOCUMENTATION_ONLY``, so a field
    added to the models later is never silently ignored.
    """
    if isinstance(value, BaseModel):
        return (
            type(value),
            *[v if isinstance(v, _ATOMS) else value_key(v) for v in _judged_fields(type(value))(value)],
        )
    if isinstance(value, list | tuple):
        return tuple(value_key(v) for v in value)
    return value


_ATOMS = (str, int, float, date, type(None))  # enums are str; bool is int


@cache
def _judged_fields(model: type[BaseModel]) -> Callable[[BaseModel], tuple[object, ...]]:
    skip = DOCUMENTATION_ONLY.get(model, frozenset())
    names = [name for name in model.model_fields if name not in skip]
    getter = attrgetter(*names)
    return getter if len(names) > 1 else lambda item: (getter(item),)


def assess_hop(safeguards: Sequence[Safeguard], facts: HopFacts, reference: ReferenceData) -> HopAssessment:
    """The hop's status: adequacy first, then the best recorded tool for every relationship on the hop."""
    automatic, missed = automatic_adequacy(facts, reference)
    relationships = sorted(facts.relationships)
    per_relationship = {
        relationship: [evaluate_safeguard(s, relationship, facts, reference) for s in safeguards]
        for relationship in relationships
    }
    assessment = HopAssessment(TransferBasis.UNSAFEGUARDED, None, "")
    assessment.out_of_scope.extend(missed)
    if automatic is not None:
        assessment.basis, assessment.mechanism, assessment.reason = (
            TransferBasis.ADEQUATE,
            automatic.label,
            automatic.reason,
        )
        if automatic.unverified:
            assessment.scope_unverified.append(automatic)
        for results in per_relationship.values():
            assessment.stale.extend(r for r in results if r.verdict == Verdict.INVALID)
        return assessment
    if not safeguards:
        assessment.reason = Phrase(
            N_("no transfer tool is recorded and no adequacy decision covers the importer on the date.")
        )
        if missed:
            assessment.reason = unique_joined("; ", (r.reason for r in missed))
        return assessment

    worst = Verdict.ADEQUATE
    chosen: list[ToolResult] = []
    for results in per_relationship.values():
        best = max(r.verdict for r in results)
        worst = min(worst, best)
        if best == Verdict.INVALID:
            assessment.failing.extend(results)
            continue
        top = [r for r in results if r.verdict == best]
        chosen.append(top[0])
        assessment.stale.extend(r for r in results if r.verdict == Verdict.INVALID)
        if best == Verdict.PRESUMED:
            assessment.presumed.extend(top)
        elif best == Verdict.DEROGATION:
            assessment.systematic.extend(r for r in top if r.systematic)
        if best in (Verdict.VALID, Verdict.PRESUMED):
            assessment.relied_on.extend(r for r in top if r.safeguard is not None and r.safeguard.kind in NEEDS_TIA)
        if best == Verdict.ADEQUATE:
            assessment.scope_unverified.extend(r for r in top if r.unverified)

    if worst == Verdict.INVALID:
        assessment.basis = TransferBasis.INVALID_SAFEGUARD
        assessment.reason = unique_joined("; ", (r.reason for r in assessment.failing))
        assessment.mechanism = unique_joined(", ", (r.label for r in assessment.failing))
        return assessment
    assessment.basis = {
        Verdict.DEROGATION: TransferBasis.DEROGATION,
        Verdict.PRESUMED: TransferBasis.SAFEGUARDED,
        Verdict.VALID: TransferBasis.SAFEGUARDED,
        Verdict.ADEQUATE: TransferBasis.ADEQUATE,
    }[worst]
    assessment.mechanism = unique_joined(", ", (r.label for r in chosen))
    assessment.reason = unique_joined(" ", (r.reason for r in chosen))
    return assessment


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))


def _act_number(decision_id: str) -> str:
    """'scc-2021-914' -> '2021/914', as the acts are cited."""
    number = decision_id.removeprefix("scc-")
    return number.replace("-", "/", 1)


# --- Transfer impact assessment ----------------------------------------------------------------------


@dataclass(frozen=True)
class TiaProblem:
    rule: str
    reason: str
    lowered: bool  # end-to-end encryption with keys in the EEA lowers the finding


def tia_problem(
    relied_on: Sequence[ToolResult],
    day: date,
    max_age_days: int,
    covering: TransferImpactAssessment | None = None,
) -> TiaProblem | None:
    """None when the best relied-on tool has a current, favourable assessment dated on or before ``day``.

    ``covering`` is the decision of a TIA entity covering the hop (issue #32): one more assessment,
    read like a safeguard's inline ``tia``; the latest of them counts.
    """
    tools = [r.safeguard for r in relied_on if r.safeguard is not None]
    if not tools:
        return None
    e2e = SupplementaryMeasureKind.E2E_ENCRYPTION_KEYS_IN_EEA
    lowered = any(measure.kind == e2e for tool in tools for measure in tool.supplementary_measures)
    inline = [t.tia for t in tools if t.tia is not None]
    assessed = [tia for tia in (*inline, covering) if tia is not None and tia.assessed_on <= day]
    done = [tia for tia in assessed if tia.outcome != TiaOutcome.PENDING]
    if not done:
        reason = (
            Phrase(N_("no transfer impact assessment is recorded (one is pending)."))
            if assessed
            else Phrase(N_("no transfer impact assessment is recorded."))
        )
        return TiaProblem(rules.TIA_MISSING, reason, lowered)
    latest = max(done, key=lambda tia: tia.assessed_on)
    if latest.outcome == TiaOutcome.INADEQUATE:
        return TiaProblem(
            rules.TIA_INADEQUATE,
            Phrase(N_("the transfer impact assessment of {day} found the tool not effective."), day=latest.assessed_on),
            False,
        )
    age = (day - latest.assessed_on).days
    if age > max_age_days:
        return TiaProblem(
            rules.TIA_OUTDATED,
            Phrase(
                N_("the transfer impact assessment of {day} is {age} days old (limit {limit})."),
                day=latest.assessed_on,
                age=age,
                limit=max_age_days,
            ),
            lowered,
        )
    return None
