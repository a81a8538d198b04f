"""The compliance engine: register + reference data + date -> transfer hops and findings. No I/O.

``evaluate`` derives every hop on which personal data leaves the EEA (``flows.derive_flows``), judges
the safeguards on each hop on the date (``safeguards.assess_hop``), applies the rules of
``rules.RULES`` and returns a deterministic ``CheckReport``: the same register gives the same report,
whichever store it was loaded from and in whatever order its entities came.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from catalog.compliance import rules
from catalog.compliance.flows import CONTROLLER, HopDraft, derive_flows
from catalog.compliance.model import CheckReport, Finding, Severity, TransferHop, TransferStatus
from catalog.compliance.rules import make_finding, named
from catalog.compliance.safeguards import HopAssessment, HopFacts, assess_hop, place, tia_problem, value_key
from catalog.domain.base import trusted
from catalog.domain.location import UNKNOWN
from catalog.domain.models import Certification, Safeguard
from catalog.domain.register import Register
from catalog.domain.reviews import tia_max_age_days
from catalog.domain.vocab import TransferRelationship
from catalog.gcpause import collector_paused
from catalog.reference import ReferenceData

_RULE_ORDER = {rule_id: index for index, rule_id in enumerate(rules.RULES)}


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


def _sorted(values: set[str] | tuple[str, ...]) -> list[str]:
    """A hop's keys as a sorted list; onward hops already carry a sorted tuple."""
    return list(values) if isinstance(values, tuple) else sorted(values)


def tia_limit(register: Register, options: CheckOptions | None) -> int:
    """The TIA age limit in days: the option when given, else the organisation's review policy."""
    if options is not None and options.tia_max_age_days is not None:
        return options.tia_max_age_days
    return tia_max_age_days(register.organisation)


def _evaluate(register: Register, reference: ReferenceData, as_of: date, chosen: CheckOptions) -> CheckReport:
    chosen = CheckOptions(tia_max_age_days=tia_limit(register, chosen))
    flows = derive_flows(register, reference, as_of)
    hops: list[TransferHop] = []
    findings: dict[str, Finding] = {}

    def add(finding: Finding) -> str:
        findings.setdefault(finding.id, finding)
        return finding.id

    # Many hops rest on the same kind of contract to the same country: each distinct case is judged once.
    # The shared assessment's tools may belong to another vendor's equal safeguard; findings only read
    # the judgement, never whose safeguard it was.
    judged: dict[tuple[object, ...], HopAssessment] = {}
    keys: dict[int, object] = {}  # by id: the register's safeguards and certifications outlive the scan

    def key_of(item: Safeguard | Certification) -> object:
        found = keys.get(id(item))
        if found is None:
            found = keys[id(item)] = value_key(item)
        return found

    for draft in flows.hops:
        facts = hop_facts(draft, as_of)
        if draft.country == UNKNOWN:
            assessment = HopAssessment(
                TransferStatus.UNKNOWN_DESTINATION, None, "; ".join(sorted(draft.unknown_because)) + "."
            )
        else:
            key = (
                facts.country,
                facts.relationships,
                facts.occasional,
                tuple(map(key_of, draft.safeguards)),
                tuple(map(key_of, draft.certifications)),
            )
            found = judged.get(key)
            if found is None:
                found = judged[key] = assess_hop(draft.safeguards, facts, reference)
            assessment = found
        categories = _sorted(draft.categories)
        ids = [add(finding) for finding in _hop_findings(draft, categories, assessment, as_of, chosen)]
        # Every value below is already validated (it comes from validated register models and the
        # engine's own enums), so the hop is built without a second validation pass: at 100k
        # entities that pass costs more than the whole derivation.
        hops.append(
            trusted(
                TransferHop,
                id=draft.id,
                exporter=draft.exporter,
                exporter_name=draft.exporter_name,
                exporter_role=_exporter_role(draft),
                importer=draft.importer,
                importer_name=draft.importer_name,
                importer_role=draft.importer_role,
                country=draft.country,
                onward=draft.onward,
                data_categories=categories,
                activities=_sorted(draft.activities),
                relationships=sorted(r.value for r in draft.relationships),
                safeguards=list(draft.safeguards),
                mechanism=assessment.mechanism,
                status=assessment.status,
                status_reason=assessment.reason,
                path=list(draft.path),
                finding_ids=sorted(set(ids)),
            )
        )

    for unreached in flows.unreached_unknown:
        add(
            make_finding(
                rules.UNKNOWN_DESTINATION,
                unreached.subject,
                f"Where {named(unreached.name, unreached.subject.split(':', 1)[1])} processes data is not known: "
                f"{'; '.join(unreached.because)}. No recorded activity sends data to it yet, so no transfer "
                "hop is derived; record its locations before one does.",
                country=UNKNOWN,
                path=unreached.path,
            )
        )
    for processor in sorted(register.processors, key=lambda p: p.key):
        for finding in rules.processor_without_dpa(processor):
            add(finding)
    for finding in rules.overdue_reviews(register, as_of):  # issue #18
        add(finding)
    special = rules.special_category_keys(register.data_categories)
    for activity in sorted(register.activities, key=lambda a: a.key):
        for finding in rules.activity_rules(activity, special):
            add(finding)

    ordered = sorted(
        findings.values(),
        key=lambda f: (f.severity.rank, _RULE_ORDER[f.rule], f.subject, f.country or "", f.id),
    )
    return trusted(CheckReport, as_of=as_of, transfers=sorted(hops, key=lambda h: h.id), findings=ordered)


def hop_facts(draft: HopDraft, day: date) -> HopFacts:
    """What the safeguard evaluation needs to know about a derived hop on ``day``."""
    return HopFacts(
        country=draft.country,
        relationships=frozenset(draft.relationships),
        importer_certifications=draft.certifications,
        occasional=draft.occasional,
        day=day,
    )


def hop_problem(assessment: HopAssessment, day: date, tia_max_age_days: int) -> str | None:
    """Why a judged hop is not a valid transfer on ``day`` (None when it is), by the engine's own rules.

    Valid means adequate, safeguarded or an occasional derogation, with a current favourable TIA where
    the tool needs one: exactly the hops that raise no transfer finding above info.
    """
    if assessment.status not in (TransferStatus.ADEQUATE, TransferStatus.SAFEGUARDED, TransferStatus.DEROGATION):
        return assessment.reason
    if assessment.systematic:
        return assessment.systematic[0].reason
    problem = tia_problem(assessment.relied_on, day, tia_max_age_days)
    return problem.reason if problem is not None else None


def _exporter_role(draft: HopDraft) -> str:
    if draft.onward:
        return "processor"
    controller_relationships = {
        TransferRelationship.CONTROLLER_TO_PROCESSOR,
        TransferRelationship.CONTROLLER_TO_CONTROLLER,
    }
    return "controller" if draft.relationships & controller_relationships else "processor"


def _hop_findings(
    draft: HopDraft, categories: list[str], assessment: HopAssessment, day: date, options: CheckOptions
) -> list[Finding]:
    """The findings about one crossing hop."""
    importer = named(draft.importer_name, draft.importer.split(":", 1)[1])
    exporter = (
        f"{draft.exporter_name} (the controller)"
        if draft.exporter == CONTROLLER
        else named(draft.exporter_name, draft.exporter.split(":", 1)[1])
    )
    subject = draft.importer
    where = place(draft.country)

    def what() -> str:
        # Joined only for a message that names the data: most hops raise no finding, and the list is long.
        return f"Personal data ({', '.join(categories) or 'no category recorded'})"

    def finding(rule_id: str, message: str, severity: Severity | None = None) -> Finding:
        return make_finding(
            rule_id,
            subject,
            message,
            country=draft.country,
            data_categories=categories,
            path=draft.path,
            severity=severity,
            scope=draft.id,
        )

    status = assessment.status
    if status == TransferStatus.UNKNOWN_DESTINATION:
        return [
            finding(
                rules.UNKNOWN_DESTINATION,
                f"{what()} goes from {exporter} to {importer}, but where it ends up is not known: "
                f"{assessment.reason[:-1] if assessment.reason.endswith('.') else assessment.reason}.",
            )
        ]
    found: list[Finding] = []
    if status == TransferStatus.UNSAFEGUARDED:
        rule_id = rules.ONWARD_NO_SAFEGUARD if draft.onward else rules.NO_SAFEGUARD
        verb = "is passed on by" if draft.onward else "goes from"
        found.append(
            finding(
                rule_id,
                f"{what()} {verb} {exporter} to {importer} in {where} with no transfer tool recorded and no "
                f"adequacy decision covering it on {day}.",
            )
        )
    by_rule: dict[str, list[str]] = {}
    for result in assessment.failing:
        if result.problem is not None:
            by_rule.setdefault(result.problem, []).append(f"{result.label}: {result.reason}")
    for rule_id, reasons in by_rule.items():
        found.append(
            finding(
                rule_id,
                f"{what()} goes from {exporter} to {importer} in {where} relying on a safeguard that does not "
                f"count on {day}: {'; '.join(dict.fromkeys(reasons))}",
            )
        )
    if assessment.systematic:
        found.append(
            finding(
                rules.DEROGATION_SYSTEMATIC,
                f"{what()} goes from {exporter} to {importer} in {where} on an Art. 49 derogation, but the flow is "
                f"systematic: {assessment.systematic[0].reason}",
            )
        )
    if assessment.presumed:
        details = "; ".join(dict.fromkeys(r.reason for r in assessment.presumed))
        found.append(
            finding(
                rules.SCC_DETAILS_MISSING,
                f"The transfer from {exporter} to {importer} in {where} relies on SCCs that are counted as a "
                f"safeguard but cannot be verified: {details}",
            )
        )
    problem = tia_problem(assessment.relied_on, day, options.tia_max_age_days or 0)
    if problem is not None:
        lowered = " End-to-end encryption with keys held in the EEA is recorded as an effective supplementary "
        lowered += "measure, so this is less urgent; the transfer tool is still required."
        found.append(
            finding(
                problem.rule,
                f"The transfer from {exporter} to {importer} in {where} relies on {assessment.mechanism}, but "
                f"{problem.reason}{lowered if problem.lowered else ''}",
                Severity.LOW if problem.lowered else None,
            )
        )
    stale = [r for r in assessment.stale if r.problem is not None]
    if stale:
        outdated = "; ".join(dict.fromkeys(f"{r.label}: {r.reason}" for r in stale))
        found.append(
            finding(
                rules.STALE_SAFEGUARD,
                f"The transfer from {exporter} to {importer} in {where} is covered ({assessment.mechanism}), "
                f"but another recorded safeguard no longer counts on {day}: {outdated}",
            )
        )
    return found
