"""The compliance engine: register + reference data + date -> transfer hops and findings. No I/O.

``evaluate`` derives every hop on which personal data leaves the EEA (``flows.derive_flows``), judges
the safeguards on each hop on the date (``safeguards.assess_hop``), applies the rules of
``rules.RULES`` and returns a deterministic ``CheckReport``: the same register gives the same report,
whichever store it was loaded from and in whatever order its entities came.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from catalog.compliance import rules
from catalog.compliance.flows import CONTROLLER, Flows, HopDraft, UnreachedUnknown, derive_flows
from catalog.compliance.model import CheckReport, Finding, Severity, TransferBasis, TransferHop, TransferStatus
from catalog.compliance.rules import make_finding, named, sorted_finding
from catalog.compliance.safeguards import (
    HopAssessment,
    HopFacts,
    TiaProblem,
    assess_hop,
    place,
    tia_problem,
    value_key,
)
from catalog.compliance.tias import TiaIndex, tia_review_findings
from catalog.domain.base import trusted
from catalog.domain.location import UNKNOWN
from catalog.domain.models import (
    Certification,
    DataCategory,
    Safeguard,
    SupplementaryMeasure,
    TransferImpactAssessment,
)
from catalog.domain.register import Register
from catalog.domain.reviews import tia_max_age_days
from catalog.domain.vocab import ExcludedDataKind, TransferRelationship
from catalog.kernel.gcpause import collector_paused
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Joined, Phrase, sentence, trimmed, unique_joined
from catalog.reference import ReferenceData

_RULE_ORDER = {rule_id: index for index, rule_id in enumerate(rules.RULES)}
_SEVERITY_RANK = {severity: severity.rank for severity in Severity}  # the property searches the enum each time


@dataclass(frozen=True)
class CheckOptions:
    """Settings of a check."""

    tia_max_age_days: int | None = None
    """A transfer impact assessment older than this many days on the as-of date is reported as outdated;
    None: the organisation's review policy (default 12 months, 365 days)."""


def evaluate(
    register: Register,
    reference: ReferenceData,
    as_of: date,
    options: CheckOptions | None = None,
) -> CheckReport:
    """Every third-country hop and every finding for ``register`` on ``as_of``."""
    # The scan allocates millions of acyclic objects (hop lists, strings); the cyclic collector would
    # traverse the whole register again and again while they pile up, for nothing to free.
    with collector_paused():
        return _evaluate(register, reference, as_of, options or CheckOptions())


def evaluate_with_flows(
    register: Register,
    reference: ReferenceData,
    as_of: date,
    options: CheckOptions | None = None,
) -> tuple[CheckReport, Flows]:
    """``evaluate``'s report with the hops it derived, for callers that look further at the same hops
    (``catalog due`` judges them on later days) instead of deriving them again."""
    with collector_paused():
        flows = derive_flows(register, reference, as_of)
        return _evaluate(register, reference, as_of, options or CheckOptions(), flows), flows


def tia_limit(register: Register, options: CheckOptions | None) -> int:
    """The TIA age limit in days: the option when given, else the organisation's review policy."""
    if options is not None and options.tia_max_age_days is not None:
        return options.tia_max_age_days
    return tia_max_age_days(register.organisation)


def _evaluate(
    register: Register, reference: ReferenceData, as_of: date, chosen: CheckOptions, flows: Flows | None = None
) -> CheckReport:
    """The scan: derive the crossing hops (unless given), judge each into a report hop with its findings,
    then the findings about the register's own entries; every list sorted so the report is deterministic."""
    chosen = CheckOptions(tia_max_age_days=tia_limit(register, chosen))
    if flows is None:
        flows = derive_flows(register, reference, as_of)
    scan = _HopScan(register.data_categories, reference, as_of, chosen, TiaIndex(register.tias))
    judged = [scan.judged(draft) for draft in flows.hops]
    return assemble_report(register, as_of, flows, judged, _entry_findings(register, as_of))


def assemble_report(
    register: Register,
    as_of: date,
    flows: Flows,
    judged: Iterable[tuple[TransferHop, list[Finding]]],
    entry_findings: Iterable[Finding],
    *,
    ordered_hops: Callable[[list[TransferHop]], list[TransferHop]] | None = None,
    ordered_findings: Callable[[dict[str, Finding]], list[Finding]] | None = None,
    unreached_findings: Callable[[list[UnreachedUnknown]], Iterable[Finding]] | None = None,
) -> CheckReport:
    """The report from the judged hops (in ``flows.hops`` order, each with the findings it raised) and the
    findings about the register's entries: the one assembly the full and the incremental check share.

    ``ordered_hops`` and ``ordered_findings`` put the hops in id order and the findings (by id) in report
    order (``finding_order``); the incremental check passes ones that patch the order they kept, and its
    kept findings about the unreached vendors and systems."""
    findings = _Findings()
    hops: list[TransferHop] = []
    for hop, raised in judged:
        hops.append(hop)
        if raised:  # most hops raise none
            findings.add_all(raised)
    findings.add_all((unreached_findings or _unreached_findings)(flows.unreached_unknown))
    findings.add_all(entry_findings)
    if register.tias:
        findings.add_all(tia_review_findings(register, hops, as_of))
    transfers = ordered_hops(hops) if ordered_hops is not None else sorted(hops, key=hop_order)
    ordered = ordered_findings(findings.by_id) if ordered_findings is not None else findings.ordered()
    return trusted(CheckReport, as_of=as_of, transfers=transfers, findings=ordered)


def hop_order(hop: TransferHop) -> str:
    """The report's hops are in id order."""
    return hop.id


def finding_order(finding: Finding) -> tuple[int, int, str, str, str]:
    """The report's findings: the most severe first, then by rule, subject, country and id (unique)."""
    return (
        _SEVERITY_RANK[finding.severity],
        _RULE_ORDER[finding.rule],
        finding.subject,
        finding.country or "",
        finding.id,
    )


class _Findings:
    """The findings of one scan by id; a finding raised twice (by two hops or two rules) is kept once."""

    def __init__(self) -> None:
        self._by_id: dict[str, Finding] = {}

    def add(self, finding: Finding) -> str:
        self._by_id.setdefault(finding.id, finding)
        return finding.id

    def add_all(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            self.add(finding)

    @property
    def by_id(self) -> dict[str, Finding]:
        return self._by_id

    def ordered(self) -> list[Finding]:
        return sorted(self._by_id.values(), key=finding_order)


class _HopScan:
    """Turns each derived hop into the report's hop, judged on the day, with the findings it raises.

    Many hops rest on the same kind of contract to the same country: each distinct case is judged once.
    The shared assessment's tools may belong to another vendor's equal safeguard; findings only read
    the judgement, never whose safeguard it was.
    """

    def __init__(
        self,
        categories: list[DataCategory],
        reference: ReferenceData,
        as_of: date,
        options: CheckOptions,
        tias: TiaIndex | None = None,
        data: tuple[DataFacts, Mapping[str, str]] | None = None,
    ) -> None:
        """``data``: the categories' ``DataFacts`` and names when already worked out (the incremental check
        keeps them while no category changes)."""
        self._reference = reference
        self._tias = tias or TiaIndex(())
        self._as_of = as_of
        self._options = options
        self._judged: dict[tuple[object, ...], _Judgement] = {}
        self._keys: dict[int, object] = {}  # by id: the register's safeguards and certifications outlive the scan
        # findings name the data
        self._data, self._names = data or (
            DataFacts(categories),
            {category.key: category.name for category in categories},
        )
        # Onward hops from one processor share its sorted key tuples (flows keeps them alive for the scan):
        # what the data carries and the lists the report shows are worked out once per tuple, not per hop.
        self._carried: dict[int, Carried] = {}
        self._listed: dict[int, list[str]] = {}
        self._roles: dict[frozenset[TransferRelationship], list[str]] = {}  # few distinct sets of roles
        # The findings name a hop's data as the list of its categories' names: hops sharing the report's
        # list of categories (onward hops) share the words, kept with the list so its id stays its own.
        self._data_words: dict[int, tuple[list[str], str]] = {}

    def judged(self, draft: HopDraft) -> tuple[TransferHop, list[Finding]]:
        """The report's hop and the findings it raises (the incremental check keeps both per hop)."""
        carried = self.carried(draft)
        covering = self.covering(draft)
        relationships = frozenset(draft.relationships)
        judgement = self._judge(draft, carried, relationships, covering)
        categories = self._as_list(draft.categories)
        hop_id = draft.id
        path = list(draft.path)
        # Most hops are covered: their findings (none) are known from the shared judgement alone.
        raised = [] if judgement.quiet else _hop_findings(draft, _HopRefs(hop_id, categories, path), judgement, self)
        # Every value below is already validated (it comes from validated register models and the
        # engine's own enums), so the hop is built without a second validation pass: at 100k
        # entities that pass costs more than the whole derivation.
        assessment = judgement.assessment
        return trusted(
            TransferHop,
            id=hop_id,
            exporter=draft.exporter,
            exporter_name=draft.exporter_name,
            exporter_role=_exporter_role(draft),
            importer=draft.importer,
            importer_name=draft.importer_name,
            importer_role=draft.importer_role,
            country=draft.country,
            onward=draft.onward,
            data_categories=categories,
            activities=self._as_list(draft.activities),
            relationships=self._roles_of(relationships),
            safeguards=list(draft.safeguards),
            data_measures=list(carried.measures),
            mechanism=assessment.mechanism,
            basis=assessment.basis,
            status=judgement.status,
            status_reason=judgement.reason,
            path=path,
            finding_ids=sorted({f.id for f in raised}) if raised else [],
        ), raised

    def verdict(self, draft: HopDraft) -> tuple[TransferStatus, str, str | None]:
        """The hop's status, its reason and the tool it relies on, as ``judged`` gives them, without wording
        its findings (``catalog due`` reads only these)."""
        judgement = self._judge(draft, self.carried(draft), frozenset(draft.relationships), self.covering(draft))
        return judgement.status, judgement.reason, judgement.assessment.mechanism

    @property
    def names(self) -> Mapping[str, str]:
        """The data categories' names by key, as the findings name the data."""
        return self._names

    @property
    def as_of(self) -> date:
        return self._as_of

    def _judge(
        self,
        draft: HopDraft,
        carried: Carried,
        relationships: frozenset[TransferRelationship],
        covering: TransferImpactAssessment | None,
    ) -> _Judgement:
        """The hop's judgement: shared by every hop with the same judgement key and covering TIA decision."""
        if draft.country == UNKNOWN:
            assessment = HopAssessment(
                TransferBasis.UNKNOWN_DESTINATION,
                None,
                Phrase(N_("{reasons}."), reasons=Joined("; ", sorted(draft.unknown_because))),
            )
            return _Judgement(assessment, False, *hop_status(assessment, None), None)
        key = judgement_key(draft, relationships, carried, self._key_of)
        if covering is not None:  # a TIA entity covers this hop: its decision is part of the judgement
            key = (*key, covering.assessed_on, covering.outcome)
        found = self._judged.get(key)
        if found is None:
            assessment = assess_hop(draft.safeguards, hop_facts(draft, self._as_of, carried), self._reference)
            limit = self._options.tia_max_age_days or 0
            problem = tia_problem(assessment.relied_on, self._as_of, limit, covering)
            status, reason = hop_status(assessment, problem)
            found = self._judged[key] = _Judgement(assessment, _quiet(assessment, problem), status, reason, problem)
        return found

    def covering(self, draft: HopDraft) -> TransferImpactAssessment | None:
        """The decision of the TIA entity covering the hop, as the TIA rules read it (issue #32)."""
        if not self._tias:
            return None
        return self._tias.inline(draft.importer, draft.country, list(draft.activities))

    def carried(self, draft: HopDraft) -> Carried:
        if not isinstance(draft.categories, tuple):
            return self._data.of(draft.categories)
        found = self._carried.get(id(draft.categories))
        if found is None:
            found = self._carried[id(draft.categories)] = self._data.of(draft.categories)
        return found

    def _key_of(self, item: Safeguard | Certification) -> object:
        found = self._keys.get(id(item))
        if found is None:
            found = self._keys[id(item)] = value_key(item)
        return found

    def _roles_of(self, relationships: frozenset[TransferRelationship]) -> list[str]:
        found = self._roles.get(relationships)
        if found is None:
            found = self._roles[relationships] = sorted(r.value for r in relationships)
        return found

    def _as_list(self, values: set[str] | tuple[str, ...]) -> list[str]:
        if not isinstance(values, tuple):
            return sorted(values)
        found = self._listed.get(id(values))
        if found is None:
            found = self._listed[id(values)] = list(values)
        return found

    def data_words(self, categories: list[str]) -> str:
        """How the findings name the data of a hop whose report lists ``categories``."""
        found = self._data_words.get(id(categories))
        if found is None or found[0] is not categories:
            found = self._data_words[id(categories)] = (categories, _data_words(categories, self._names))
        return found[1]


def _unreached_findings(unreached: list[UnreachedUnknown]) -> Iterator[Finding]:
    """Vendors and systems whose location is unknown but that no activity sends data to yet."""
    for entity in unreached:
        yield make_finding(
            rules.UNKNOWN_DESTINATION,
            entity.subject,
            Phrase(
                N_(
                    "Where {vendor} processes data is not known: {because}. No recorded activity sends data to it "
                    "yet, so no transfer hop is derived; record its locations before one does."
                ),
                vendor=named(entity.name, entity.subject.split(":", 1)[1]),
                because=Joined("; ", entity.because),
            ),
            country=UNKNOWN,
            path=entity.path,
        )


def _entry_findings(register: Register, as_of: date) -> Iterator[Finding]:
    """The findings about the register's entries themselves: agreements, reviews due, activities."""
    for processor in sorted(register.processors, key=lambda p: p.key):
        yield from rules.processor_without_dpa(processor)
    yield from rules.overdue_reviews(register, as_of)  # issue #18
    special = rules.special_category_keys(register.data_categories)
    for activity in sorted(register.activities, key=lambda a: a.key):
        yield from rules.activity_rules(activity, special)
    yield from rules.facts_to_confirm(register)  # issue #29


@dataclass(frozen=True)
class Carried:
    """What the data on one hop means for adequacy scope, and the measures that travel with it."""

    hr: bool
    non_hr: bool
    excluded: frozenset[ExcludedDataKind]
    measures: tuple[SupplementaryMeasure, ...]


class DataFacts:
    """Per data category: HR data, excluded kinds and measures, inherited from its broader categories.

    A hop that carries a broad category carries what lies below it, so a category also "contains" the
    flags of its descendants (as for special categories).
    """

    def __init__(self, categories: list[DataCategory]) -> None:
        by_key = {c.key: c for c in categories}
        self._own: dict[str, tuple[bool, frozenset[ExcludedDataKind], tuple[SupplementaryMeasure, ...]]] = {}
        for category in categories:
            hr, excluded, measures = False, set(), []
            node: DataCategory | None = category
            seen: set[str] = set()
            while node is not None and node.key not in seen:  # the category and its ancestors
                seen.add(node.key)
                hr = hr or node.hr_data
                excluded.update(node.excluded_kinds)
                measures.extend(node.supplementary_measures)
                node = by_key.get(node.parent) if node.parent else None
            self._own[category.key] = (hr, frozenset(excluded), tuple(measures))
        self._contains: dict[str, tuple[bool, frozenset[ExcludedDataKind]]] = {
            key: (flag, kinds) for key, (flag, kinds, _) in self._own.items()
        }
        for category in categories:  # push each category's flags up to every ancestor
            own_hr, own_excluded, _ = self._own[category.key]
            if not own_hr and not own_excluded:
                continue
            parent, seen = category.parent, {category.key}
            while parent is not None and parent in by_key and parent not in seen:
                seen.add(parent)
                above_hr, above_excluded = self._contains[parent]
                self._contains[parent] = (above_hr or own_hr, above_excluded | own_excluded)
                parent = by_key[parent].parent
        # Most categories carry no flag and no measure: a hop's facts depend only on the few that do, and
        # on whether every category it carries is HR data. Those few are looked up by set intersection.
        self._own_hr = frozenset(key for key, (hr, _, _) in self._own.items() if hr)
        self._hr_inside = frozenset(key for key, (hr, _) in self._contains.items() if hr)
        self._excluded_inside = {key: kinds for key, (_, kinds) in self._contains.items() if kinds}
        self._measured = {key: measures for key, (_, _, measures) in self._own.items() if measures}
        self._telling = self._hr_inside | self._excluded_inside.keys() | self._measured.keys()
        self._cache: dict[tuple[frozenset[str], bool], Carried] = {}

    def of(self, keys: set[str] | tuple[str, ...]) -> Carried:
        non_hr = not keys or not self._own_hr.issuperset(keys)
        telling = self._telling.intersection(keys)
        cache_key = (frozenset(telling), non_hr)
        found = self._cache.get(cache_key)
        if found is None:
            hr = not self._hr_inside.isdisjoint(telling)
            excluded = frozenset().union(*(self._excluded_inside.get(k, frozenset()) for k in telling))
            unique: dict[tuple[str, str | None], SupplementaryMeasure] = {}
            for key in sorted(telling):
                for measure in self._measured.get(key, ()):
                    unique.setdefault((measure.kind.value, measure.description), measure)
            found = self._cache[cache_key] = Carried(hr, non_hr, excluded, tuple(unique.values()))
        return found


def _reason(text: str) -> str:
    return trimmed(text)


def _controller_words(draft: HopDraft, category_names: Mapping[str, str]) -> str:
    """How findings name us as exporter: never the controller of the data we process for customers."""
    if not draft.processor_categories:
        return Phrase(N_("{exporter} (the controller)"), exporter=draft.exporter_name)
    served = sorted(draft.controllers_served)
    customers = Joined("; ", served) if served else Phrase(N_("its customers"))
    own = draft.relationships & {
        TransferRelationship.CONTROLLER_TO_PROCESSOR,
        TransferRelationship.CONTROLLER_TO_CONTROLLER,
    }
    theirs = Joined(", ", (category_names.get(key, key) for key in sorted(draft.processor_categories)))
    if not own:
        return Phrase(
            N_("{exporter} (as processor; the controllers of {categories} are {customers})"),
            exporter=draft.exporter_name,
            categories=theirs,
            customers=customers,
        )
    return Phrase(
        N_(
            "{exporter} (the controller of its own data, and processor of {categories}, whose controllers are "
            "{customers})"
        ),
        exporter=draft.exporter_name,
        categories=theirs,
        customers=customers,
    )


def judgement_key(
    draft: HopDraft,
    relationships: frozenset[TransferRelationship],
    carried: Carried,
    key_of: Callable[[Safeguard | Certification], object],
) -> tuple[object, ...]:
    """What a hop's judgement depends on (not the day): hops with equal keys get the same assessment.

    Every field of the hop's ``hop_facts`` but the day, read from the draft and what its data carries, so
    the many hops judged already need no facts built; ``relationships``: ``frozenset(draft.relationships)``.
    """
    return (
        draft.country,
        relationships,
        draft.occasional,
        tuple(map(key_of, draft.safeguards)),
        tuple(map(key_of, draft.certifications)),
        draft.importer_kind,
        draft.importer_law,
        carried.hr,
        carried.non_hr,
        carried.excluded,
    )


def hop_facts(draft: HopDraft, day: date, carried: Carried) -> HopFacts:
    """What the safeguard evaluation needs to know about a derived hop on ``day``."""
    return HopFacts(
        country=draft.country,
        relationships=frozenset(draft.relationships),
        importer_certifications=draft.certifications,
        occasional=draft.occasional,
        day=day,
        importer_kind=draft.importer_kind,
        importer_law=draft.importer_law,
        hr_data=carried.hr,
        non_hr_data=carried.non_hr,
        excluded_data=carried.excluded,
    )


def hop_status(assessment: HopAssessment, problem: TiaProblem | None) -> tuple[TransferStatus, str]:
    """The one verdict on a judged hop (``problem``: its TIA problem on the day), and why, in words.

    Not valid: no tool, a tool that does not count (expired, repealed, invalidated, out of scope, wrong
    module), a derogation relied on for a regular flow, or a TIA that found the tool ineffective.
    Valid, details missing: a tool is counted but cannot be verified (SCCs without their decision,
    module or signing date; adequacy whose scope facts are not recorded; no TIA, or an outdated one).
    Every surface shows this verdict, and ``review.breaks`` asks it of later days.
    """
    basis = assessment.basis
    if basis == TransferBasis.UNKNOWN_DESTINATION:
        return TransferStatus.DESTINATION_UNKNOWN, assessment.reason
    if basis in (TransferBasis.UNSAFEGUARDED, TransferBasis.INVALID_SAFEGUARD):
        return TransferStatus.NOT_VALID, assessment.reason
    if assessment.systematic:
        return TransferStatus.NOT_VALID, assessment.systematic[0].reason
    if problem is not None and problem.rule == rules.TIA_INADEQUATE:
        return TransferStatus.NOT_VALID, _sentence(problem.reason)
    gaps: list[str] = []
    if assessment.presumed:
        gaps.append(Phrase(N_("the SCCs' decision, module or signing date is not stated")))
    if assessment.scope_unverified:
        gaps.append(Phrase(N_("the importer's place in the adequacy decision's scope is not recorded")))
    if problem is not None:
        gaps.append(_reason(problem.reason))
    if gaps:
        return TransferStatus.VALID_DETAILS_MISSING, Phrase(
            N_("Details missing: {gaps}. {reason}"), gaps=Joined("; ", gaps), reason=assessment.reason
        )
    return TransferStatus.VALID, assessment.reason


def _sentence(text: str) -> str:
    return sentence(text)


_CONTROLLER_RELATIONSHIPS = frozenset(
    {TransferRelationship.CONTROLLER_TO_PROCESSOR, TransferRelationship.CONTROLLER_TO_CONTROLLER}
)


def _exporter_role(draft: HopDraft) -> str:
    if draft.onward:
        return "processor"
    if _CONTROLLER_RELATIONSHIPS.isdisjoint(draft.relationships):
        return "processor"
    # Data we process for customers (Art. 30(2)) rides on the same hop: we are not its controller.
    return "controller_and_processor" if draft.processor_categories else "controller"


_NEEDS_WORDS = frozenset(
    {TransferBasis.UNKNOWN_DESTINATION, TransferBasis.UNSAFEGUARDED, TransferBasis.INVALID_SAFEGUARD}
)
"""Statuses that always or often raise a finding about the hop."""


def _quiet(assessment: HopAssessment, problem: TiaProblem | None) -> bool:
    """True when a judged hop raises no finding at all (``problem``: its TIA problem on the day)."""
    return (
        assessment.basis not in _NEEDS_WORDS
        and problem is None
        and not (assessment.systematic or assessment.presumed or assessment.scope_unverified)
        and all(r.problem is None for r in assessment.failing)
        and all(r.problem is None for r in assessment.stale)
    )


@dataclass(slots=True)
class _Judgement:
    """One distinct case judged: the assessment, whether it raises no finding, the verdict with its reason
    and the TIA's problem on the day, shared by every hop with the same judgement key."""

    assessment: HopAssessment
    quiet: bool
    status: TransferStatus
    reason: str
    problem: TiaProblem | None
    shared: _SharedWords | None = None  # worked out for the first hop with findings

    def words(self) -> _SharedWords:
        if self.shared is None:
            self.shared = _SharedWords.of(self.assessment)
        return self.shared


@dataclass(slots=True, frozen=True)
class _SharedWords:
    """The parts of a judgement's findings that read only the judgement, worded once for all its hops."""

    reason: str  # the assessment's reason, inside a sentence
    out_of_scope: str  # the adequacy decisions' gaps
    not_counting: list[tuple[str, str]]  # per rule broken, the failing safeguards and why
    presumed: str  # why the SCCs cannot be verified
    escalated: bool  # ... and whether it matters more on the day
    unverified: str  # the adequacy scope facts not recorded
    outdated: str  # the other recorded safeguards that no longer count

    @classmethod
    def of(cls, assessment: HopAssessment) -> _SharedWords:
        by_rule: dict[str, list[str]] = {}
        for result in assessment.failing:
            if result.problem is not None:
                by_rule.setdefault(result.problem, []).append(
                    Phrase(N_("{label}: {reason}"), label=result.label, reason=result.reason)
                )
        stale = [r for r in assessment.stale if r.problem is not None]
        return cls(
            reason=_reason(assessment.reason),
            out_of_scope=unique_joined("; ", (r.reason for r in assessment.out_of_scope)),
            not_counting=[(rule_id, unique_joined("; ", reasons)) for rule_id, reasons in by_rule.items()],
            presumed=unique_joined(" ", (r.reason for r in assessment.presumed)),
            escalated=any(r.escalated for r in assessment.presumed),
            unverified=unique_joined("; ", (r.unverified or "" for r in assessment.scope_unverified)),
            outdated=unique_joined(
                "; ", (Phrase(N_("{label}: {reason}"), label=r.label, reason=r.reason) for r in stale)
            ),
        )


class _HopRefs(NamedTuple):
    """What a hop's findings share with the report's hop: its id, its sorted categories and its path (the
    lists are the hop's own: a report is read, never changed in place)."""

    id: str
    categories: list[str]
    path: list[str]


def _hop_findings(draft: HopDraft, hop: _HopRefs, judgement: _Judgement, scan: _HopScan) -> list[Finding]:
    """The findings about one crossing hop, each naming the hop and its status (the judgement's).

    An unknown destination is the one finding of its hop. Otherwise, in turn: no tool counts (out of an
    adequacy decision's scope, or nothing recorded); recorded tools that do not count; a derogation
    relied on systematically; SCCs that cannot be verified; adequacy whose scope cannot be checked; the
    TIA's problem; another recorded safeguard that no longer counts.
    """
    assessment = judgement.assessment
    words = _HopWords.of(draft, hop, judgement, scan)
    if assessment.basis == TransferBasis.UNKNOWN_DESTINATION:
        return [_unknown_destination(words)]
    # Each step runs only when the judgement holds what it reports on: a hop with findings has one or two.
    found: list[Finding] = []
    if assessment.basis in _UNCOVERED:
        found.extend(_uncovered(words, assessment))
    if assessment.failing:
        found.extend(_not_counting(words))
    if assessment.systematic or assessment.presumed or assessment.scope_unverified:
        found.extend(_weak_grounds(words, assessment))
    if judgement.problem is not None:
        found.append(_tia_finding(words, assessment, judgement.problem))
    if assessment.stale:
        found.extend(_stale_findings(words, assessment))
    return found


_UNCOVERED = frozenset({TransferBasis.UNSAFEGUARDED, TransferBasis.INVALID_SAFEGUARD})
"""Bases on which no transfer tool counts for the hop."""


@dataclass(slots=True)  # not frozen: built for every hop with findings, where frozen init costs
class _HopWords:
    """How the findings about one hop name it: who sends the data to whom, where, and on which day."""

    draft: HopDraft
    hop: _HopRefs
    categories: list[str]
    judgement: _Judgement
    shared: _SharedWords
    day: date
    exporter: str
    importer: str
    where: str
    scan: _HopScan

    @classmethod
    def of(cls, draft: HopDraft, hop: _HopRefs, judgement: _Judgement, scan: _HopScan) -> _HopWords:
        exporter = (
            _controller_words(draft, scan.names)
            if draft.exporter == CONTROLLER
            else named(draft.exporter_name, draft.exporter.split(":", 1)[1])
        )
        importer = named(draft.importer_name, draft.importer.split(":", 1)[1])
        where = place(draft.country)
        shared = judgement.words()
        return cls(draft, hop, hop.categories, judgement, shared, scan.as_of, exporter, importer, where, scan)

    def sentence(self, template: str, **params: object) -> Phrase:
        """A message about this hop: ``template`` may name {exporter}, {importer}, {where} and {day}."""
        return Phrase(
            template, exporter=self.exporter, importer=self.importer, where=self.where, day=self.day, **params
        )

    def what(self, keys: list[str] | None = None) -> str:
        # Worded only for a message that names the data: most hops raise no finding, and the list is long.
        if keys is None:
            return self.scan.data_words(self.categories)
        return _data_words(keys, self.scan.names)

    def finding(
        self,
        rule_id: str,
        message: str,
        severity: Severity | None = None,
        *,
        categories: list[str] | None = None,
        remediation: str | None = None,
    ) -> Finding:
        draft, hop = self.draft, self.hop
        # The hop's categories are sorted without repeats (the report's list), as are the unknown ones.
        return sorted_finding(
            rule_id,
            draft.importer,
            message,
            country=draft.country,
            data_categories=hop.categories if categories is None else categories,
            path=hop.path,
            severity=severity,
            scope=hop.id,
            transfer=hop.id,
            transfer_status=self.judgement.status,
            remediation=remediation,
        )


def _data_words(keys: list[str], category_names: Mapping[str, str]) -> str:
    """'Personal data (A, B)': the data of ``keys`` as findings name it."""
    names = list(map(category_names.get, keys, keys))
    if len(names) == 1 and names[0].casefold().startswith("personal data"):
        return names[0]  # 'Personal data (categories not stated)', not wrapped twice
    listed = Joined(", ", names) if names else Phrase(N_("no category recorded"))
    return Phrase(N_("Personal data ({categories})"), categories=listed)


def _unknown_destination(words: _HopWords) -> Finding:
    """Where the data ends up is not known; or only where the importer is established, when it has access."""
    if words.draft.unknown_kinds == {"establishment"}:
        return words.finding(
            rules.ESTABLISHMENT_UNKNOWN,
            words.sentence(
                N_(
                    "{data} goes from {exporter} to {importer}. Where it processes the data is recorded and stays "
                    "in the EEA or is covered by the other hops, but {reason}: if it is established outside the "
                    "EEA, its access to the data is a transfer by remote access from an unknown place."
                ),
                data=words.what(),
                reason=words.shared.reason,
            ),
        )
    # Scoped to the data whose place is unknown (not all the data of a vendor whose seat alone is unknown),
    # weighed by who the recipient is: an authority or a successor is not a vendor to be located.
    affected = sorted(words.draft.location_unknown_categories) or words.categories
    kind = words.draft.recipient_kind
    severity, remediation = rules.UNKNOWN_DESTINATION_BY_RECIPIENT.get(kind, (None, None)) if kind else (None, None)
    return words.finding(
        rules.UNKNOWN_DESTINATION,
        words.sentence(
            N_("{data} goes from {exporter} to {importer}, but where it ends up is not known: {reason}."),
            data=words.what() if affected is words.categories else words.what(affected),
            reason=words.shared.reason,
        ),
        severity,
        categories=affected,
        remediation=remediation,
    )


def _uncovered(words: _HopWords, assessment: HopAssessment) -> Iterator[Finding]:
    """No tool counts: an adequacy decision whose scope leaves the hop out, or no tool recorded at all."""
    status = assessment.basis
    if assessment.out_of_scope and status in _UNCOVERED:
        yield words.finding(
            rules.ADEQUACY_OUT_OF_SCOPE,
            words.sentence(
                N_(
                    "{data} goes from {exporter} to {importer} in {where} on {day}: {gaps} No other transfer tool "
                    "recorded covers it."
                ),
                data=words.what(),
                gaps=words.shared.out_of_scope,
            ),
        )
    if status == TransferBasis.UNSAFEGUARDED and not assessment.out_of_scope:
        onward = words.draft.onward
        template = (
            N_(
                "{data} is passed on by {exporter} to {importer} in {where} with no transfer tool recorded and no "
                "adequacy decision covering it on {day}."
            )
            if onward
            else N_(
                "{data} goes from {exporter} to {importer} in {where} with no transfer tool recorded and no "
                "adequacy decision covering it on {day}."
            )
        )
        yield words.finding(
            rules.ONWARD_NO_SAFEGUARD if onward else rules.NO_SAFEGUARD,
            words.sentence(
                template,
                data=words.what(),
            ),
        )


def _not_counting(words: _HopWords) -> Iterator[Finding]:
    """The recorded safeguards relied on that do not count on the day, one finding per rule they break."""
    for rule_id, reasons in words.shared.not_counting:
        yield words.finding(
            rule_id,
            words.sentence(
                N_(
                    "{data} goes from {exporter} to {importer} in {where} relying on a safeguard that does not "
                    "count on {day}: {reasons}"
                ),
                data=words.what(),
                reasons=reasons,
            ),
        )


def _weak_grounds(words: _HopWords, assessment: HopAssessment) -> Iterator[Finding]:
    """A tool that counts on weak ground: a systematic derogation, unverifiable SCCs, unchecked adequacy scope."""
    exporter, importer, where = words.exporter, words.importer, words.where
    if assessment.systematic:
        yield words.finding(
            rules.DEROGATION_SYSTEMATIC,
            Phrase(
                N_(
                    "{data} goes from {exporter} to {importer} in {where} on an Art. 49 derogation, but the flow is "
                    "systematic: {reason}"
                ),
                data=words.what(),
                exporter=exporter,
                importer=importer,
                where=where,
                reason=assessment.systematic[0].reason,
            ),
        )
    if assessment.presumed:
        escalated = words.shared.escalated
        template = (
            N_(
                "The transfer from {exporter} to {importer} in {where} relies on SCCs that are counted as a "
                "safeguard but cannot be verified: {details} The older clauses no longer count on this date, so "
                "unless these are the 2021/914 clauses the transfer has no valid safeguard."
            )
            if escalated
            else N_(
                "The transfer from {exporter} to {importer} in {where} relies on SCCs that are counted as a "
                "safeguard but cannot be verified: {details}"
            )
        )
        yield words.finding(
            rules.SCC_DETAILS_MISSING,
            Phrase(template, exporter=exporter, importer=importer, where=where, details=words.shared.presumed),
            Severity.MEDIUM if escalated else None,
        )
    if assessment.scope_unverified:
        yield words.finding(
            rules.ADEQUACY_SCOPE_UNVERIFIED,
            Phrase(
                N_(
                    "The transfer from {exporter} to {importer} in {where} is counted as covered by {mechanism}, but "
                    "whether it is within the decision's scope cannot be checked: {gaps}."
                ),
                exporter=exporter,
                importer=importer,
                where=where,
                mechanism=assessment.mechanism,
                gaps=words.shared.unverified,
            ),
        )


def _tia_finding(words: _HopWords, assessment: HopAssessment, problem: TiaProblem) -> Finding:
    """The transfer impact assessment's problem: missing, outdated or finding the tool ineffective."""
    template = (
        N_(
            "The transfer from {exporter} to {importer} in {where} relies on {mechanism}, but {reason} End-to-end "
            "encryption with keys held in the EEA is recorded as an effective supplementary measure, so this is "
            "less urgent; the transfer tool is still required."
        )
        if problem.lowered
        else N_("The transfer from {exporter} to {importer} in {where} relies on {mechanism}, but {reason}")
    )
    return words.finding(
        problem.rule,
        words.sentence(
            template,
            mechanism=assessment.mechanism,
            reason=problem.reason,
        ),
        Severity.LOW if problem.lowered else None,
    )


def _stale_findings(words: _HopWords, assessment: HopAssessment) -> Iterator[Finding]:
    """A covered hop with another recorded safeguard that no longer counts on the day."""
    if any(r.problem is not None for r in assessment.stale):
        yield words.finding(
            rules.STALE_SAFEGUARD,
            words.sentence(
                N_(
                    "The transfer from {exporter} to {importer} in {where} is covered ({mechanism}), but another "
                    "recorded safeguard no longer counts on {day}: {outdated}"
                ),
                mechanism=assessment.mechanism,
                outdated=words.shared.outdated,
            ),
        )
