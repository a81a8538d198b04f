"""The rule table, and the small pure rules that look at one entity at a time.

Every finding the engine reports comes from a rule registered here: a stable id (never renamed,
since automation gates on it), a default severity, the GDPR article, a title and a remediation
hint. The transfer rules are applied per crossing hop by ``catalog.compliance.engine``; the rules
about activities and processors are plain functions below.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from catalog.compliance.model import Finding, Severity, TransferStatus
from catalog.domain.base import trusted
from catalog.domain.fieldtext import field_label
from catalog.domain.models import DataCategory, Organisation, ProcessingActivity, Processor, Provenance
from catalog.domain.register import Entity, EntityKind, Register, display_name
from catalog.domain.reviews import due_after, policy_of, policy_words
from catalog.domain.vocab import Art9Condition, FactBasis, LegalBasis, ProcessingRole, RecipientKind
from catalog.kernel.i18n import N_, translate
from catalog.kernel.localtext import local
from catalog.kernel.phrase import Phrase


@dataclass(frozen=True)
class Rule:
    """One check: what it is called, how bad a breach is, which article, and how to fix it."""

    id: str
    severity: Severity
    article: str
    title: str
    remediation: str


NO_SAFEGUARD = "transfer.no-safeguard"
ONWARD_NO_SAFEGUARD = "transfer.onward-no-safeguard"
SAFEGUARD_EXPIRED = "transfer.safeguard-expired"
SAFEGUARD_INVALIDATED = "transfer.safeguard-invalidated"
SAFEGUARD_UNRECOGNISED = "transfer.safeguard-unrecognised"
SCC_REPEALED = "transfer.scc-repealed"
SCC_MODULE_MISMATCH = "transfer.scc-module-mismatch"
DPF_NOT_CERTIFIED = "transfer.dpf-not-certified"
UNKNOWN_DESTINATION = "transfer.unknown-destination"
DEROGATION_SYSTEMATIC = "transfer.derogation-systematic"
TIA_INADEQUATE = "transfer.tia-inadequate"
TIA_MISSING = "transfer.tia-missing"
TIA_OUTDATED = "transfer.tia-outdated"
TIA_NEEDS_REVIEW = "transfer.tia-needs-review"  # issue #32
SCC_DETAILS_MISSING = "transfer.scc-details-missing"
STALE_SAFEGUARD = "transfer.stale-safeguard"
PROCESSOR_NO_DPA = "processor.no-dpa"
# Issue #14: the scope of adequacy decisions, and where a vendor is established.
ADEQUACY_OUT_OF_SCOPE = "transfer.adequacy-out-of-scope"
ADEQUACY_SCOPE_UNVERIFIED = "transfer.adequacy-scope-unverified"
ESTABLISHMENT_UNKNOWN = "transfer.establishment-unknown"
NO_LEGAL_BASIS = "activity.no-legal-basis"
SPECIAL_CATEGORY_NO_CONDITION = "activity.special-category-no-condition"
CONSENT_NO_WITHDRAWAL = "activity.consent-no-withdrawal"
NO_RETENTION = "activity.no-retention"
# Overdue reviews (issue #18)
DPA_REVIEW_OVERDUE = "review.dpa-overdue"
RECERTIFICATION_OVERDUE = "review.recertification-overdue"
ENTRY_REVIEW_OVERDUE = "review.entry-overdue"
# Provenance of facts (issue #29)
FACT_TO_CONFIRM = "provenance.to-confirm"

_TABLE = (
    Rule(
        NO_SAFEGUARD,
        Severity.CRITICAL,
        "Art. 44, 46",
        N_("Transfer outside the EEA with no safeguard"),
        N_(
            "Put a transfer tool in place and record it: SCCs under Decision (EU) 2021/914 with the module that "
            "matches the roles, BCRs, or an adequacy decision that covers the importer; otherwise stop the transfer."
        ),
    ),
    Rule(
        ONWARD_NO_SAFEGUARD,
        Severity.CRITICAL,
        "Art. 44, 46, 28(4)",
        N_("Onward transfer by a sub-processor with no safeguard"),
        N_(
            "Ask the processor for the transfer tool it uses with its sub-processor (usually SCC 2021/914 "
            "module 3) and record it on the sub-processor engagement; otherwise object to the sub-processor."
        ),
    ),
    Rule(
        SAFEGUARD_EXPIRED,
        Severity.CRITICAL,
        "Art. 44, 46",
        N_("Safeguard not in force on the date"),
        N_("Renew or replace the transfer tool (for example new SCCs under 2021/914) and record its dates."),
    ),
    Rule(
        SAFEGUARD_INVALIDATED,
        Severity.CRITICAL,
        "Art. 44, 45",
        N_("Relies on an invalidated adequacy decision"),
        N_(
            "Safe Harbor and Privacy Shield no longer count: use SCCs under 2021/914, or the EU-US Data Privacy "
            "Framework if the importer is certified."
        ),
    ),
    Rule(
        SAFEGUARD_UNRECOGNISED,
        Severity.CRITICAL,
        "Art. 44, 45, 46",
        N_("Safeguard does not apply to the destination"),
        N_(
            "The recorded decision is unknown or covers another country: record the decision that really "
            "applies, or put a transfer tool in place."
        ),
    ),
    Rule(
        SCC_REPEALED,
        Severity.CRITICAL,
        "Art. 46(2)(c)",
        N_("Repealed standard contractual clauses"),
        N_(
            "Contracts under the old SCC decisions stopped counting on 2022-12-27 (2002/16/EC on 2021-09-26) and "
            "could not be signed after the repeal: sign SCCs under Decision (EU) 2021/914."
        ),
    ),
    Rule(
        SCC_MODULE_MISMATCH,
        Severity.CRITICAL,
        "Art. 46(2)(c)",
        N_("SCC module does not match the roles"),
        N_(
            "Use the SCC module for the exporter's and importer's roles: 1 controller to controller, 2 controller "
            "to processor, 3 processor to processor, 4 processor to controller."
        ),
    ),
    Rule(
        DPF_NOT_CERTIFIED,
        Severity.CRITICAL,
        "Art. 45",
        N_("Relies on the Data Privacy Framework without a valid certification"),
        N_(
            "The US decisions only cover certified importers: check the importer's entry on the Data Privacy "
            "Framework list and record its certification dates, or use SCCs."
        ),
    ),
    Rule(
        ADEQUACY_OUT_OF_SCOPE,
        Severity.CRITICAL,
        "Art. 44, 45(1)",
        N_("Transfer outside the scope of the adequacy decision"),
        N_(
            "The decision only covers the importers and data its article names: record the importer's kind and "
            "law (or certified scope) if they were wrong, otherwise put another Chapter V tool in place, such as "
            "SCCs under Decision (EU) 2021/914."
        ),
    ),
    Rule(
        UNKNOWN_DESTINATION,
        Severity.HIGH,
        "Art. 44, 30(1)(e)",
        N_("Where the data goes is unknown"),
        N_(
            "Find out where the vendor processes and can access the data (hosting, processing locations, "
            "establishment) and record it; an unknown location is never presumed to be in the EEA."
        ),
    ),
    Rule(
        ESTABLISHMENT_UNKNOWN,
        Severity.MEDIUM,
        "Art. 44, 30(1)(e)",
        N_("Where a vendor with access is established is not known"),
        N_(
            "Record the country where the vendor is established: where the data is processed is known, but a vendor "
            "established outside the EEA that can access the data makes a transfer by remote access (EDPB "
            "Guidelines 05/2021); set can_access_data to false if it cannot read the data."
        ),
    ),
    Rule(
        DEROGATION_SYSTEMATIC,
        Severity.HIGH,
        "Art. 49(1)",
        N_("Art. 49 derogation used for a regular transfer"),
        N_(
            "Derogations only cover occasional transfers (EDPB Guidelines 2/2018): put an Art. 46 tool in place "
            "for a regular flow."
        ),
    ),
    Rule(
        TIA_INADEQUATE,
        Severity.HIGH,
        "Art. 46(1)",
        N_("Transfer impact assessment found the safeguard ineffective"),
        N_("Add supplementary measures that close the gaps the assessment found, or suspend the transfer."),
    ),
    Rule(
        TIA_MISSING,
        Severity.MEDIUM,
        "Art. 46(1)",
        N_("No transfer impact assessment recorded"),
        N_(
            "Assess the importer country's law and practice (EDPB Recommendations 01/2020) and record the "
            "assessment and any supplementary measures."
        ),
    ),
    Rule(
        TIA_OUTDATED,
        Severity.MEDIUM,
        "Art. 46(1)",
        N_("Transfer impact assessment is out of date"),
        N_("Review the assessment and record the new date."),
    ),
    Rule(
        TIA_NEEDS_REVIEW,
        Severity.MEDIUM,
        "Art. 46(1)",
        N_("Transfer impact assessment needs review"),
        N_(
            "Review the assessment against the changed facts (catalog tia list; EDPB Recommendations 01/2020 "
            "step 6) and record the new decision."
        ),
    ),
    Rule(
        SCC_DETAILS_MISSING,
        Severity.LOW,
        "Art. 46(2)(c), 30(1)(e)",
        N_("SCC details missing (decision, module or signing date)"),
        N_(
            "Record which Commission decision the clauses come from, the module and the signing date, so their "
            "validity can be checked on any date."
        ),
    ),
    Rule(
        ADEQUACY_SCOPE_UNVERIFIED,
        Severity.LOW,
        "Art. 45(1), 30(1)(e)",
        N_("Adequacy counted, but the importer's place in its scope is not recorded"),
        N_(
            "Record what the decision's scope depends on: the importer's kind of organisation, the law it is "
            "subject to, or the scope of its certification (HR / non-HR data)."
        ),
    ),
    Rule(
        STALE_SAFEGUARD,
        Severity.INFO,
        "Art. 44",
        N_("An outdated safeguard is still recorded"),
        N_("Remove or update the outdated entry so the register shows what is relied on."),
    ),
    Rule(
        PROCESSOR_NO_DPA,
        Severity.HIGH,
        "Art. 28(3)",
        N_("No data processing agreement recorded"),
        N_("Sign an Art. 28(3) agreement with the processor and record its reference and date."),
    ),
    Rule(
        NO_LEGAL_BASIS,
        Severity.HIGH,
        "Art. 6(1)",
        N_("No legal basis recorded"),
        N_("Record the Art. 6(1) basis relied on (and the legitimate interest for 6(1)(f)), or stop the processing."),
    ),
    Rule(
        SPECIAL_CATEGORY_NO_CONDITION,
        Severity.HIGH,
        "Art. 9(1), 9(2)",
        N_("Special categories without an Art. 9 condition"),
        N_("Record the Art. 9(2) condition that allows the processing of the special categories."),
    ),
    Rule(
        CONSENT_NO_WITHDRAWAL,
        Severity.HIGH,
        "Art. 7(3)",
        N_("Consent with no way to withdraw it"),
        N_("Offer a way to withdraw consent as easy as giving it, and record it in consent_withdrawal."),
    ),
    Rule(
        NO_RETENTION,
        Severity.MEDIUM,
        "Art. 5(1)(e), 30(1)(f)",
        N_("No retention rule recorded"),
        N_("Record how long the data is kept (a period, an event, or the criteria that decide it)."),
    ),
    # Overdue reviews (issue #18): the organisation's own dates and policy, so never above medium.
    Rule(
        DPA_REVIEW_OVERDUE,
        Severity.MEDIUM,
        "Art. 28(3)",
        N_("Data processing agreement past its review date"),
        N_(
            "Review the agreement with the processor (scope, sub-processors, security terms) and record the next "
            "review date."
        ),
    ),
    Rule(
        RECERTIFICATION_OVERDUE,
        Severity.MEDIUM,
        "Art. 45",
        N_("Certification past its recertification date"),
        N_(
            "Check the programme's list (the Data Privacy Framework requires yearly recertification) and record "
            "the renewed certification and its next recertification date; until then it does not count."
        ),
    ),
    Rule(
        ENTRY_REVIEW_OVERDUE,
        Severity.LOW,
        "Art. 5(2), 30(1)",
        N_("Register entry not reviewed within the review policy"),
        N_("Check the entry against reality and record today's date in 'last reviewed on'."),
    ),
    Rule(
        FACT_TO_CONFIRM,
        Severity.INFO,
        "Art. 5(2), 30(1)",
        N_("Reading or assumption for the DPO to confirm"),
        N_(
            "Check the fact with the business or the vendor. If it holds, confirm it: set its basis to 'stated' "
            "(or remove the provenance entry). If not, correct the fact."
        ),
    ),
)

RULES: dict[str, Rule] = {rule.id: rule for rule in _TABLE}
"""Every rule by id, in table order (most severe transfer rules first)."""


def finding_id(rule_id: str, subject: str, country: str | None, scope: str = "") -> str:
    """Same rule, subject, country and scope, same id: stable across runs and stores."""
    text = "|".join((rule_id, subject, country or "", scope))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def make_finding(
    rule_id: str,
    subject: str,
    message: str,
    *,
    country: str | None = None,
    data_categories: Iterable[str] = (),
    path: Iterable[str] = (),
    severity: Severity | None = None,
    scope: str = "",
    transfer: str | None = None,
    transfer_status: TransferStatus | None = None,
    remediation: str | None = None,
) -> Finding:
    """A finding of a registered rule; ``severity`` overrides the rule's default when a measure lowers it.

    A finding about a transfer hop names the hop (``transfer``) and its status, so a finding and its hop
    are never shown with two verdicts.
    """
    return sorted_finding(
        rule_id,
        subject,
        message,
        country=country,
        data_categories=sorted(set(data_categories)),
        path=list(path),
        severity=severity,
        scope=scope,
        transfer=transfer,
        transfer_status=transfer_status,
        remediation=remediation,
    )


def sorted_finding(
    rule_id: str,
    subject: str,
    message: str,
    *,
    country: str | None,
    data_categories: list[str],
    path: list[str],
    severity: Severity | None = None,
    scope: str = "",
    transfer: str | None = None,
    transfer_status: TransferStatus | None = None,
    remediation: str | None = None,
) -> Finding:
    """``make_finding`` from data categories already sorted without repeats, as the finding keeps them (the
    engine's hops list theirs so), and the path as the finding keeps it: both lists become the finding's."""
    rule = RULES[rule_id]
    # Built from validated values only (rule table, register keys), so validation is skipped for speed.
    return trusted(
        Finding,
        id=finding_id(rule_id, subject, country, scope),
        rule=rule_id,
        severity=severity or rule.severity,
        article=rule.article,
        message=Phrase(
            N_("{message} Fix: {remediation}"), message=message, remediation=_fix(remediation or rule.remediation)
        ),
        subject=subject,
        country=country,
        data_categories=data_categories,
        path=path,
        transfer=transfer,
        transfer_status=transfer_status,
    )


_FIXES: dict[str, Phrase] = {}


def _fix(remediation: str) -> Phrase:
    """The remediation as a phrase: one per rule (or per recipient kind), shared by all its findings."""
    found = _FIXES.get(remediation)
    if found is None:
        found = Phrase(remediation)
        if type(remediation) is str and len(_FIXES) < 256:  # the rule table's texts and a few more
            _FIXES[remediation] = found
    return found


_UNNAMED = re.compile(r"^unknown \((?P<what>.+), not named\)$")


def named(name: str, key: str = "") -> str:
    """How messages name an entity: by the name a DPO knows it by, never by its key (the finding's subject
    and path carry the keys). A placeholder for an unnamed vendor reads as one: 'the unnamed CRM provider'."""
    unnamed = _UNNAMED.match(name)
    return _Unnamed(name, unnamed["what"]) if unnamed else name


class _Unnamed(str):
    """'the unnamed CRM provider'; in another language, the register's own words for the placeholder."""

    name: str
    what: str

    def __new__(cls, name: str, what: str) -> _Unnamed:
        text = super().__new__(cls, f"the unnamed {what}")
        text.name, text.what = name, what
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_Unnamed, (self.name, self.what))

    def render(self, lang: str) -> str:
        words = local(self.name, lang)
        unnamed = _UNNAMED.match(words)
        if unnamed is None:  # the register words its placeholder in this language itself
            return words
        return translate(N_("the unnamed {what}"), lang).format(what=unnamed["what"])


# An authority, a court or a business successor is not a vendor whose location can be found out: where
# it is follows from the request or the deal. Severity and fix of an unknown destination by recipient kind.
UNKNOWN_DESTINATION_BY_RECIPIENT: dict[RecipientKind, tuple[Severity, str]] = {
    RecipientKind.AUTHORITY: (
        Severity.MEDIUM,
        N_(
            "Record which authorities or courts receive the data and in which countries when a request comes; a "
            "request from outside the EEA is honoured only under an international agreement (Art. 48) or a "
            "derogation recorded for that disclosure (Art. 49(1)(d) or (e))."
        ),
    ),
    RecipientKind.VITAL_INTERESTS: (
        Severity.MEDIUM,
        N_(
            "Where the data goes follows from the emergency: record each disclosure when it happens, with the "
            "recipient and its country; outside the EEA it rests on the vital-interests derogation (Art. 49(1)(f), "
            "the person being unable to consent), recorded for that disclosure."
        ),
    ),
    RecipientKind.BUSINESS_SUCCESSOR: (
        Severity.LOW,
        N_(
            "No data goes to a successor until a transaction is planned: record the buyer or successor and its "
            "country then, with the Chapter V tool if it is outside the EEA."
        ),
    ),
}


# --- Rules about one processor ---------------------------------------------------------------------


def processor_without_dpa(processor: Processor) -> Iterator[Finding]:
    if processor.dpa is None:
        yield make_finding(
            PROCESSOR_NO_DPA,
            f"processor:{processor.key}",
            Phrase(
                N_("No Art. 28(3) agreement is recorded for {processor}."),
                processor=named(processor.legal_name, processor.key),
            ),
            path=[f"processor:{processor.key}"],
        )


# --- Rules about one activity ----------------------------------------------------------------------
# Only activities where we are the controller: for processor-role activities the legal basis,
# Art. 9 condition, consent and retention are the customer's (the controller's) to decide.


def activity_rules(activity: ProcessingActivity, special_keys: frozenset[str]) -> Iterator[Finding]:
    """Legal basis, Art. 9 condition, consent withdrawal and retention of a controller-role activity.

    ``special_keys`` are the data categories that are, or contain, special categories.
    """
    if activity.role != ProcessingRole.CONTROLLER:
        return
    subject = f"activity:{activity.key}"
    label = named(activity.name, activity.key)
    categories = activity.data_categories
    if not activity.legal_bases:
        yield make_finding(
            NO_LEGAL_BASIS,
            subject,
            Phrase(N_("{activity} records no Art. 6(1) legal basis."), activity=label),
            data_categories=categories,
            path=[subject],
        )
    special = sorted(key for key in categories if key in special_keys)
    if special and activity.art9_condition is None:
        yield make_finding(
            SPECIAL_CATEGORY_NO_CONDITION,
            subject,
            Phrase(
                N_("{activity} processes special categories ({categories}) with no Art. 9(2) condition recorded."),
                activity=label,
                categories=", ".join(special),
            ),
            data_categories=special,
            path=[subject],
        )
    consent = any(claim.basis == LegalBasis.CONSENT for claim in activity.legal_bases) or (
        activity.art9_condition == Art9Condition.EXPLICIT_CONSENT
    )
    if consent and not activity.consent_withdrawal:
        yield make_finding(
            CONSENT_NO_WITHDRAWAL,
            subject,
            Phrase(N_("{activity} relies on consent but records no way to withdraw it."), activity=label),
            data_categories=categories,
            path=[subject],
        )
    if activity.retention is None:
        yield make_finding(
            NO_RETENTION,
            subject,
            Phrase(N_("{activity} records no retention rule."), activity=label),
            data_categories=categories,
            path=[subject],
        )


def special_category_keys(categories: Iterable[DataCategory]) -> frozenset[str]:
    """Categories that are special, or have a special category below them (processing the parent covers it)."""
    listed = list(categories)
    parent = {c.key: c.parent for c in listed}
    special: set[str] = set()
    for category in listed:
        if not category.special_category:
            continue
        node: str | None = category.key
        seen: set[str] = set()
        while node is not None and node not in seen:
            seen.add(node)
            special.add(node)
            node = parent.get(node)
    return frozenset(special)


# --- Overdue reviews (issue #18) ---------------------------------------------------------------------

SUBJECT_PREFIX = {
    EntityKind.DATA_CATEGORY: "category",
    EntityKind.DATA_SUBJECT: "subject",
    EntityKind.ACTIVITY: "activity",
    EntityKind.SYSTEM: "system",
    EntityKind.PROCESSOR: "processor",
    EntityKind.RECIPIENT: "recipient",
    EntityKind.COUNTRY_ASSESSMENT: "country-assessment",
    EntityKind.TIA: "tia",
}
"""Node id prefix of each entity kind (as in ``catalog.graph.edges``)."""

ORGANISATION_SUBJECT = "controller"


def overdue_reviews(register: Register, day: date) -> Iterator[Finding]:
    """Reviews whose date is before ``day``: DPA review dates, recertification dates, 'last reviewed on'."""
    policy = policy_of(register.organisation)
    months = policy.entry_months
    rule_words = review_rule_words(months)
    for processor in sorted(register.processors, key=lambda p: p.key):
        yield from processor_reviews_due(processor, day)
    entries = [organisation_review_entry(register.organisation)]
    for kind, entity in register.all_entities():
        if entity.last_reviewed_on is not None:  # most entities have none: their names are not worked out
            entries.append(review_entry(kind, entity))
    for subject, label, last in sorted(entries):
        yield from entry_review_due(subject, label, last, day, months, rule_words)


def review_rule_words(months: int) -> str:
    """'(policy: review every 12 months)', as the overdue entries' messages cite the policy."""
    return Phrase(N_("(policy: review {every})"), every=policy_words(months))


def organisation_review_entry(organisation: Organisation) -> tuple[str, str, date | None]:
    """The organisation as the overdue-review rule reads it."""
    name = Phrase(N_("{name} (the organisation)"), name=organisation.name)
    return ORGANISATION_SUBJECT, name, organisation.last_reviewed_on


def review_entry(kind: EntityKind, entity: Entity) -> tuple[str, str, date | None]:
    """An entity as the overdue-review rule reads it: its subject, its name and when it was last reviewed."""
    return f"{SUBJECT_PREFIX[kind]}:{entity.key}", named(display_name(entity), entity.key), entity.last_reviewed_on


def processor_reviews_due(processor: Processor, day: date) -> Iterator[Finding]:
    """A processor's agreement due for review and its certifications due for recertification before ``day``."""
    subject = f"processor:{processor.key}"
    label = named(processor.legal_name, processor.key)
    dpa = processor.dpa
    if dpa is not None and dpa.review_on is not None and dpa.review_on < day:
        yield make_finding(
            DPA_REVIEW_OVERDUE,
            subject,
            Phrase(
                N_("The data processing agreement with {processor} ({reference}) was due for review on {day}."),
                processor=label,
                reference=dpa.reference,
                day=dpa.review_on,
            ),
            path=[subject],
        )
    for cert in processor.certifications:
        due = cert.next_recertification
        if due is not None and due < day and (cert.certified_until is None or cert.certified_until >= due):
            yield make_finding(
                RECERTIFICATION_OVERDUE,
                subject,
                Phrase(
                    N_(
                        "The {programme} certification of {processor} was due for recertification on {day}; "
                        "no renewal is recorded, so it no longer counts."
                    ),
                    programme=cert.programme,
                    processor=label,
                    day=due,
                ),
                path=[subject],
                scope=cert.programme,
            )


def entry_review_due(
    subject: str, label: str, last: date | None, day: date, months: int, rule_words: str
) -> Iterator[Finding]:
    """An entry last reviewed more than the policy's ``months`` before ``day``."""
    if last is None:
        return
    due = due_after(last, months)
    if due < day:
        yield make_finding(
            ENTRY_REVIEW_OVERDUE,
            subject,
            Phrase(
                N_("{entry} was last reviewed on {last} and was due again on {due} {policy}."),
                entry=label,
                last=last,
                due=due,
                policy=rule_words,
            ),
            path=[subject],
        )


# --- Readings and assumptions (issue #29) ------------------------------------------------------------

# Fields whose values are keys of other entries: a finding names those entries, never the keys.
REFERENCE_FIELDS: dict[str, EntityKind] = {
    "systems": EntityKind.SYSTEM,
    "recipients": EntityKind.RECIPIENT,
    "data_categories": EntityKind.DATA_CATEGORY,
    "data_subjects": EntityKind.DATA_SUBJECT,
    "operator": EntityKind.PROCESSOR,
    "parent": EntityKind.DATA_CATEGORY,
}


def fact_words(index: Mapping[str, tuple[EntityKind, Entity]], holder: BaseModel, entry: Provenance) -> str:
    """'Systems: E-mail and newsletter sending': the field by its label and the value by its entry's name
    (a reference held in a single field, such as a system's operator, is named too)."""
    field = Phrase(field_label(type(holder), entry.field))  # the forms' labels, translated by the catalogs
    single = getattr(holder, entry.field, None)
    value: str | None = entry.value or (single if entry.field in REFERENCE_FIELDS and isinstance(single, str) else None)
    if value is None:
        return field
    referenced = index.get(value) if entry.field in REFERENCE_FIELDS else None
    if referenced is not None and referenced[0] == REFERENCE_FIELDS[entry.field]:
        value = named(display_name(referenced[1]))
    elif isinstance(single, list):  # a listed text: the item itself, so its other languages come with it
        value = next((item for item in single if isinstance(item, str) and str(item) == value), value)
    return Phrase(N_("{field}: {value}"), field=field, value=value)


BASIS_WORDS = {
    FactBasis.STATED: N_("the source"),
    FactBasis.READING: N_("our reading"),
    FactBasis.ASSUMPTION: N_("an assumption"),
}


def source_words(entry: Provenance) -> str:
    if entry.source is None:
        return ""
    if entry.source.section:
        return Phrase(
            N_(" (source: {document}, {section})"), document=entry.source.document, section=entry.source.section
        )
    return Phrase(N_(" (source: {document})"), document=entry.source.document)


def facts_to_confirm(register: Register) -> Iterator[Finding]:
    """Every reading and assumption the register records, as a finding a DPO can confirm or correct."""
    entries: list[tuple[str, str, Organisation | Entity]] = [
        (
            ORGANISATION_SUBJECT,
            Phrase(N_("{name} (the organisation)"), name=register.organisation.name),
            register.organisation,
        )
    ]
    for kind, entity in register.all_entities():
        if entity.provenance:  # most entries have none: their names are not worked out
            entries.append((f"{SUBJECT_PREFIX[kind]}:{entity.key}", named(display_name(entity)), entity))
    index = register.index() if len(entries) > 1 or register.organisation.provenance else {}
    for subject, label, holder in sorted(entries, key=lambda entry: entry[0]):
        for entry in holder.provenance:
            if not entry.confirmable:
                continue
            yield make_finding(
                FACT_TO_CONFIRM,
                subject,
                Phrase(
                    N_("{entry} — {fact} — rests on {basis}, not on the source's words. {note}{source}."),
                    entry=label,
                    fact=fact_words(index, holder, entry),
                    basis=Phrase(BASIS_WORDS[entry.basis]),
                    note=entry.note or "",
                    source=source_words(entry),
                ),
                path=[subject],
                scope=f"{entry.field}|{entry.value or ''}",
            )
