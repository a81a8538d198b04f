"""The register's entities. Every field is described; unknown fields are rejected."""

from __future__ import annotations

import re
from datetime import date
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field, model_validator

from catalog.domain.base import CatalogModel, InvalidValueError, Key, NonEmptyStr
from catalog.domain.location import CountryCode, Location
from catalog.domain.text import NonEmptyText, Text
from catalog.domain.vocab import (
    RECIPIENT_KIND_ORGANISATION,
    Art9Condition,
    ContactRole,
    Derogation,
    DpfScope,
    DpiaStatus,
    ExcludedDataKind,
    FactBasis,
    LegalBasis,
    OrganisationKind,
    ProcessingRole,
    RecipientKind,
    RetentionTrigger,
    SafeguardKind,
    SccModule,
    ServiceCategory,
    SupplementaryMeasureKind,
    SystemKind,
    TiaDecision,
    TiaOutcome,
    contradicts,
    implied_organisation_kind,
)
from catalog.kernel.i18n import N_
from catalog.kernel.lang import Lang
from catalog.kernel.phrase import Phrase

UNKNOWN = "unknown"
_DURATION = re.compile(r"^P(?=\d)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?$")


def validate_duration(value: str) -> str:
    """ISO 8601 calendar durations such as P5Y, P6M, P30D."""
    if not _DURATION.match(value):
        raise InvalidValueError(
            Phrase(N_("{value!r} is not an ISO 8601 duration such as P5Y, P6M or P30D"), value=value)
        )
    return value


Duration = Annotated[str, AfterValidator(validate_duration)]


class SourceRef(CatalogModel):
    """Where a fact in the register comes from, so an auditor can check it."""

    document: NonEmptyStr = Field(description="The document stating the fact, e.g. a privacy statement.")
    section: str | None = Field(default=None, description="Section or heading within the document.")


# --- Provenance of facts (issue #29) ------------------------------------------------------------------

PROVENANCE_DESCRIPTION = (
    "Which of this entry's facts are a reading of the source or an assumption rather than stated in it, "
    "each with a note and a source; a field (or one value of a list field) not listed here is stated by "
    "'source'."
)


class Provenance(CatalogModel):
    """How one fact of an entry rests on its source: a field, or one value of a list field."""

    field: NonEmptyStr = Field(description="The field the fact is in, e.g. 'systems'.")
    value: str | None = Field(
        default=None,
        description="For a list field: the one value meant, e.g. 'email-service'; null means the whole field.",
    )
    basis: FactBasis = Field(description="'stated', 'reading' (our interpretation) or 'assumption'.")
    note: Text | None = Field(default=None, description="Why: what the source says and what we read into it.")
    source: SourceRef | None = Field(default=None, description="The passage the reading rests on.")

    @model_validator(mode="after")
    def _explained(self) -> Provenance:
        if self.basis != FactBasis.STATED and not self.note:
            if self.basis == FactBasis.ASSUMPTION:
                raise InvalidValueError(Phrase(N_("an assumption says why in 'note'")))
            raise InvalidValueError(Phrase(N_("a {basis} says why in 'note'"), basis=self.basis.value))
        return self

    @property
    def confirmable(self) -> bool:
        """A reading or an assumption: something a DPO should confirm."""
        return self.basis != FactBasis.STATED


def _plain(value: Any) -> Any:
    return value.value if isinstance(value, Enum) else value


class _Attested(CatalogModel):
    """An entry whose ``provenance`` entries must name its own fields (and values of its list fields)."""

    @model_validator(mode="after")
    def _provenance_names_facts(self) -> _Attested:
        entries: list[Provenance] = getattr(self, "provenance", [])
        seen: set[tuple[str, str | None]] = set()
        for entry in entries:
            _check_provenance(self, entry)
            if (entry.field, entry.value) in seen:
                if entry.value is None:
                    raise InvalidValueError(Phrase(N_("provenance lists {field!r} twice"), field=entry.field))
                raise InvalidValueError(
                    Phrase(N_("provenance lists {field!r} value {value!r} twice"), field=entry.field, value=entry.value)
                )
            seen.add((entry.field, entry.value))
        return self


def _check_provenance(model: CatalogModel, entry: Provenance) -> None:
    fields = [name for name in type(model).model_fields if name not in ("provenance", "key")]
    if entry.field not in fields:
        raise InvalidValueError(
            Phrase(
                N_("provenance names field {field!r}, which this entry does not have (it has: {fields})"),
                field=entry.field,
                fields=", ".join(fields),
            )
        )
    if entry.value is None:
        return
    current = getattr(model, entry.field)
    if not isinstance(current, list) or any(isinstance(item, CatalogModel) for item in current):
        raise InvalidValueError(
            Phrase(
                N_("provenance gives a value for {field!r}, which is not a list of plain values; leave 'value' out"),
                field=entry.field,
            )
        )
    if entry.value not in {str(_plain(item)) for item in current}:
        raise InvalidValueError(
            Phrase(
                N_("provenance names {value!r} in {field!r}, which does not list it"),
                value=entry.value,
                field=entry.field,
            )
        )


# --- Review dates (issue #18) ------------------------------------------------------------------

LAST_REVIEWED_ON = (
    "When someone last checked this entry against reality; null when never recorded. "
    "Older than the organisation's review policy, it is an overdue review."
)

DEFAULT_REVIEW_MONTHS = 12


class ReviewPolicy(CatalogModel):
    """How often the organisation reviews what its register relies on (its own policy, not the law)."""

    tia_months: int = Field(
        default=DEFAULT_REVIEW_MONTHS,
        ge=1,
        le=120,
        description="A transfer impact assessment is due for review this many months after it was made.",
    )
    entry_months: int = Field(
        default=DEFAULT_REVIEW_MONTHS,
        ge=1,
        le=120,
        description="An entry with a 'last_reviewed_on' date is due for review this many months after it.",
    )


# --- Controller -------------------------------------------------------------------------------


class Address(CatalogModel):
    """A postal address."""

    street: str | None = Field(default=None, description="Street and number.")
    postcode: str | None = Field(default=None, description="Postal code.")
    city: str | None = Field(default=None, description="City or town.")
    country: Location = Field(description="Country (ISO 3166-1 alpha-2) or 'unknown'.")


class Contact(CatalogModel):
    """A named contact point of the controller."""

    role: ContactRole = Field(description="What this contact is for (privacy, security, DPO, EU representative).")
    name: str | None = Field(default=None, description="Person or function name; empty when not stated.")
    email: str | None = Field(default=None, description="E-mail address.")
    phone: str | None = Field(default=None, description="Telephone number.")
    address: Address | None = Field(default=None, description="Postal address when it differs from the controller's.")


class SecurityMeasure(CatalogModel):
    """A technical, contractual or organisational security measure (Art. 32), on the organisation, a system,
    a processor, a data category or a safeguard; ``supplementary`` when it also supplements a transfer tool
    (EDPB Recommendations 01/2020), the only measures the transfer rules count."""

    kind: SupplementaryMeasureKind = Field(description="Kind of measure.")
    description: Text | None = Field(default=None, description="What exactly is done.")
    supplementary: bool = Field(
        default=False,
        description="Also a supplementary measure for transfers (EDPB Recommendations 01/2020): on a data "
        "category it travels with the data on every hop, on a safeguard it supplements the tool.",
    )


SupplementaryMeasure = SecurityMeasure
"""The name of the measure model before issue #29, when only transfers had measures."""


def _read_supplementary_measures(data: Any) -> Any:
    """A category or safeguard written before issue #29 lists its measures under 'supplementary_measures':
    they are its security measures marked supplementary (and a reading of that field is one of these)."""
    if not isinstance(data, dict) or "supplementary_measures" not in data:
        return data
    data = dict(data)
    old = data.pop("supplementary_measures") or []
    marked = [
        m.model_copy(update={"supplementary": True})
        if isinstance(m, SecurityMeasure)
        else ({**m, "supplementary": True} if isinstance(m, dict) else m)
        for m in (old if isinstance(old, list) else [old])
    ]
    data["security_measures"] = [*(data.get("security_measures") or []), *marked]
    if isinstance(data.get("provenance"), list):
        data["provenance"] = [
            {**entry, "field": "security_measures"}
            if isinstance(entry, dict) and entry.get("field") == "supplementary_measures"
            else entry
            for entry in data["provenance"]
        ]
    return data


class Organisation(_Attested):
    """The controller whose register this is (Art. 30(1)(a))."""

    name: NonEmptyStr = Field(description="Legal name of the controller.")
    organisation_number: str | None = Field(default=None, description="Business registry number.")
    address: Address = Field(description="Registered address.")
    website: str | None = Field(default=None, description="Public website.")
    contacts: list[Contact] = Field(
        default_factory=list, description="Privacy, security, DPO and representative contacts."
    )
    dpo_appointed: bool | None = Field(
        default=None,
        description="Whether a DPO (Art. 37) is appointed; null when the source does not say.",
    )
    security_measures: list[SecurityMeasure] = Field(  # issue #29
        default_factory=list,
        description="Technical and organisational security measures (Art. 32) "
        "taken across the organisation; each activity's Art. 30(1)(g) description lists them.",
    )
    source: SourceRef | None = Field(default=None, description="Where these details come from.")
    provenance: list[Provenance] = Field(default_factory=list, description=PROVENANCE_DESCRIPTION)  # issue #29
    review_policy: ReviewPolicy | None = Field(  # issue #18
        default=None, description="Review intervals; null means the defaults (12 months for TIAs and entries)."
    )
    last_reviewed_on: date | None = Field(default=None, description=LAST_REVIEWED_ON)  # issue #18
    language: Lang | None = Field(  # issue #30
        default=None,
        description="The language the register's reports speak when no --lang is given (en or nb); null means English.",
    )


# --- Data ----------------------------------------------------------------------------------------


class DataCategory(_Attested):
    """A category of personal data; categories form a tree through ``parent``."""

    key: Key = Field(description="Unique key, e.g. 'contact.email'.")
    name: NonEmptyText = Field(description="Human-readable name.")
    parent: Key | None = Field(default=None, description="Key of the broader category, if any.")
    description: Text | None = Field(default=None, description="What the category covers.")
    special_category: bool = Field(default=False, description="Special category of personal data (Art. 9(1)).")
    criminal_data: bool = Field(default=False, description="Criminal convictions and offences data (Art. 10).")
    source: SourceRef | None = Field(default=None, description="Where the category is stated.")
    provenance: list[Provenance] = Field(default_factory=list, description=PROVENANCE_DESCRIPTION)  # issue #29
    # Scope of adequacy decisions (issue #14): what some decisions treat apart, and measures carried with the data.
    hr_data: bool = Field(
        default=False,
        description="Human resources data collected in the context of employment; a DPF certification covers "
        "it only if certified for HR data.",
    )
    excluded_kinds: list[ExcludedDataKind] = Field(
        default_factory=list,
        description="Kinds of data some adequacy decisions exclude (UK immigration control, Korean credit "
        "information).",
    )
    security_measures: list[SecurityMeasure] = Field(  # issue #29; was supplementary_measures
        default_factory=list,
        description="Measures that protect this data wherever it is (Art. 32); those marked supplementary "
        "travel with it on every hop that carries it, e.g. end-to-end encryption of message content "
        "(EDPB Recommendations 01/2020). 'supplementary_measures' is read as measures marked supplementary.",
    )
    last_reviewed_on: date | None = Field(default=None, description=LAST_REVIEWED_ON)  # issue #18

    _old_measures = model_validator(mode="before")(_read_supplementary_measures)

    @property
    def supplementary_measures(self) -> list[SecurityMeasure]:
        """The measures that travel with the data on every hop (what the transfer rules count)."""
        return [measure for measure in self.security_measures if measure.supplementary]


class DataSubjectCategory(_Attested):
    """A category of individuals whose data is processed (Art. 30(1)(c))."""

    key: Key = Field(description="Unique key, e.g. 'users'.")
    name: NonEmptyText = Field(description="Human-readable name.")
    description: Text | None = Field(default=None, description="Who belongs to the category.")
    provenance: list[Provenance] = Field(default_factory=list, description=PROVENANCE_DESCRIPTION)  # issue #29
    last_reviewed_on: date | None = Field(default=None, description=LAST_REVIEWED_ON)  # issue #18


# --- Retention ---------------------------------------------------------------------------------


class RetentionRule(CatalogModel):
    """How long data is kept (Art. 30(1)(f)): a period relative to a trigger, or undetermined with criteria."""

    kind: Literal["period", "event", "undetermined"] = Field(
        description="'period': min/max duration after the trigger; 'event': kept until the trigger; "
        "'undetermined': no fixed period, decided by the stated criteria."
    )
    minimum: Duration | None = Field(default=None, description="Minimum retention as an ISO 8601 duration (P5Y).")
    maximum: Duration | None = Field(default=None, description="Maximum retention as an ISO 8601 duration (P10Y).")
    trigger: RetentionTrigger | None = Field(default=None, description="Event the period runs from, or until.")
    criteria: Text | None = Field(default=None, description="Criteria used when the period is undetermined.")
    note: Text | None = Field(default=None, description="Further detail as stated by the source.")

    @model_validator(mode="after")
    def _coherent(self) -> RetentionRule:
        if self.kind == "period" and not (self.minimum or self.maximum):
            raise InvalidValueError(Phrase(N_("a 'period' retention rule needs a minimum or maximum duration")))
        if self.kind == "period" and self.trigger is None:
            raise InvalidValueError(Phrase(N_("a 'period' retention rule needs the trigger it runs from")))
        if self.kind == "event" and self.trigger is None:
            raise InvalidValueError(Phrase(N_("an 'event' retention rule needs its trigger")))
        if self.kind == "undetermined" and not self.criteria:
            raise InvalidValueError(Phrase(N_("an 'undetermined' retention rule needs the criteria that decide it")))
        return self


# --- Transfers ---------------------------------------------------------------------------------


class TransferImpactAssessment(CatalogModel):
    """A transfer impact assessment for one hop (EDPB Recommendations 01/2020)."""

    assessed_on: date = Field(description="Date the assessment was completed or last reviewed.")
    outcome: TiaOutcome = Field(description="The assessment's conclusion.")
    reference: str | None = Field(default=None, description="Link or document id of the assessment.")


class Safeguard(CatalogModel):
    """The Chapter V tool relied on for a transfer hop; attached to the engagement that moves the data."""

    kind: SafeguardKind = Field(description="Transfer tool (Art. 45, 46, 47 or 49).")
    instrument: str | None = Field(
        default=None,
        description="Reference-data id of the legal act: an SCC decision (e.g. 'scc-2021-914', 'scc-2010-87') "
        "or an adequacy decision (e.g. 'us-privacy-shield'); 'unknown' when the source does not say which.",
    )
    module: SccModule | Literal["unknown"] | None = Field(
        default=None, description="SCC 2021/914 module 1-4, or 'unknown' when not stated."
    )
    derogation: Derogation | None = Field(default=None, description="The Art. 49 derogation, for kind 'derogation'.")
    occasional: bool | None = Field(
        default=None,
        description="For derogations: whether the transfer is occasional (Art. 49 requires it).",
    )
    signed_on: date | None = Field(default=None, description="Date the contract or clauses were signed.")
    valid_from: date | None = Field(default=None, description="First day the safeguard applies.")
    valid_until: date | None = Field(default=None, description="Last day the safeguard applies (inclusive).")
    tia: TransferImpactAssessment | None = Field(default=None, description="Transfer impact assessment, if any.")
    security_measures: list[SecurityMeasure] = Field(  # issue #29; was supplementary_measures
        default_factory=list,
        description="Measures taken for this transfer; those marked supplementary supplement the tool, e.g. "
        "end-to-end encryption. 'supplementary_measures' is read as measures marked supplementary.",
    )
    note: Text | None = Field(default=None, description="Free-text remark, e.g. what the source states.")
    source: SourceRef | None = Field(default=None, description="Where the safeguard is stated.")

    _old_measures = model_validator(mode="before")(_read_supplementary_measures)

    @property
    def supplementary_measures(self) -> list[SecurityMeasure]:
        """The measures supplementing the tool (what the transfer rules count)."""
        return [measure for measure in self.security_measures if measure.supplementary]

    @model_validator(mode="after")
    def _coherent(self) -> Safeguard:
        if self.kind == SafeguardKind.SCC and self.instrument is None:
            raise InvalidValueError(Phrase(N_("an SCC safeguard names its decision in 'instrument' (or 'unknown')")))
        if self.kind == SafeguardKind.SCC and self.instrument == "scc-2021-914" and self.module is None:
            raise InvalidValueError(Phrase(N_("SCCs under 2021/914 need their module (1-4, or 'unknown')")))
        if self.module is not None and self.kind != SafeguardKind.SCC:
            raise InvalidValueError(Phrase(N_("'module' only applies to SCC safeguards")))
        if self.kind == SafeguardKind.DEROGATION and self.derogation is None:
            raise InvalidValueError(Phrase(N_("a derogation safeguard names the Art. 49 derogation in 'derogation'")))
        if self.derogation is not None and self.kind != SafeguardKind.DEROGATION:
            raise InvalidValueError(Phrase(N_("'derogation' only applies to kind 'derogation'")))
        if self.kind == SafeguardKind.ADEQUACY and self.instrument is None:
            raise InvalidValueError(Phrase(N_("an adequacy safeguard names the decision in 'instrument'")))
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise InvalidValueError(Phrase(N_("'valid_from' is after 'valid_until'")))
        return self


# --- Processors, systems, recipients -------------------------------------------------------------


class Certification(CatalogModel):
    """A certification of a processor under a programme, e.g. the EU-US Data Privacy Framework."""

    programme: NonEmptyStr = Field(description="Programme id from the reference data, e.g. 'eu-us-dpf'.")
    certified_from: date | None = Field(default=None, description="First day the certification is valid.")
    certified_until: date | None = Field(default=None, description="Last day it is valid (inclusive); null if open.")
    reference: str | None = Field(default=None, description="Link to the programme's list entry.")
    # Issue #14: the DPF List certifies per kind of data.
    dpf_scope: list[DpfScope] | None = Field(
        default=None,
        description="For the Data Privacy Framework: the data certified, 'hr' and/or 'non_hr'; null when not recorded.",
    )
    # Review dates (issue #18)
    next_recertification: date | None = Field(
        default=None,
        description="Last day before which the organisation must recertify (the DPF: every year); after it the "
        "certification no longer counts unless a renewal is recorded.",
    )


class DataProcessingAgreement(CatalogModel):
    """The Art. 28(3) contract with a processor."""

    reference: NonEmptyStr = Field(description="Document id or link of the agreement.")
    signed_on: date | None = Field(default=None, description="Date it was signed.")
    # Review dates (issue #18)
    review_on: date | None = Field(default=None, description="Date the agreement is due for review.")
    document_url: str | None = Field(default=None, description="Link to the signed agreement.")


class SubProcessorEngagement(CatalogModel):
    """A processor's use of another processor (Art. 28(2), (4)), with the safeguard between them."""

    processor: Key = Field(description="Key of the sub-processor (itself a processor in the register).")
    purpose: Text | None = Field(default=None, description="What the sub-processor does.")
    locations: list[Location] = Field(
        default_factory=list,
        description="Where the sub-processor processes the data for this engagement; empty means its own locations.",
    )
    safeguards: list[Safeguard] = Field(default_factory=list, description="Safeguards for this onward transfer.")


class Processor(_Attested):
    """A legal entity processing personal data on our behalf (Art. 28), or one of its sub-processors."""

    key: Key = Field(description="Unique key, e.g. 'hubspot'.")
    legal_name: NonEmptyStr = Field(description="Legal name; 'unknown (...)' with a hint when the vendor is not named.")
    service_category: ServiceCategory = Field(description="What the processor provides.")
    description: Text | None = Field(default=None, description="The service, in a sentence.")
    established_in: Location = Field(description="Country of establishment, or 'unknown'.")
    processing_locations: list[Location] = Field(
        description="Where it processes the data; ['unknown'] when not stated. Never empty.",
        min_length=1,
    )
    can_access_data: bool = Field(
        default=True,
        description="Whether the processor can access the data in the clear; a third-country entity that can "
        "is a transfer even with EEA storage (EDPB Guidelines 05/2021).",
    )
    dpa: DataProcessingAgreement | None = Field(default=None, description="Art. 28(3) agreement, if recorded.")
    certifications: list[Certification] = Field(default_factory=list, description="Certifications with their dates.")
    safeguards: list[Safeguard] = Field(
        default_factory=list,
        description="Safeguards for the transfer from the controller to this processor.",
    )
    sub_processors: list[SubProcessorEngagement] = Field(
        default_factory=list,
        description="Its sub-processors, each with purpose, locations and safeguard.",
    )
    security_measures: list[SecurityMeasure] = Field(  # issue #29
        default_factory=list,
        description="Technical and organisational security measures (Art. 32) "
        "the processor takes for the data it processes for us (Art. 28(3)(c)); each activity's Art. 30(1)(g) "
        "description lists them.",
    )
    source: SourceRef | None = Field(default=None, description="Where the processor is stated.")
    provenance: list[Provenance] = Field(default_factory=list, description=PROVENANCE_DESCRIPTION)  # issue #29
    # Scope of adequacy decisions (issue #14): who the importer is and which data protection law binds it.
    organisation_kind: OrganisationKind = Field(
        default=OrganisationKind.UNKNOWN,
        description="Kind of organisation (private business, public authority, academic or research body, "
        "press, religious or political body); 'unknown' when not stated.",
    )
    subject_to_law: str | None = Field(
        default=None,
        description="Reference-data id of the data protection law it is subject to (e.g. 'pipeda', 'appi', "
        "'kr-pipa'); null when not stated.",
    )
    last_reviewed_on: date | None = Field(default=None, description=LAST_REVIEWED_ON)  # issue #18


class System(_Attested):
    """An application, data store, website or service that holds or moves personal data."""

    key: Key = Field(description="Unique key, e.g. 'website'.")
    name: NonEmptyText = Field(description="Human-readable name.")
    kind: SystemKind = Field(description="What kind of system it is.")
    description: Text | None = Field(default=None, description="What it does.")
    operator: Key | None = Field(
        default=None, description="Key of the processor that operates it; null when run in-house."
    )
    hosting: list[Location] = Field(
        description="Where it is hosted; ['unknown'] when not stated. Never empty.", min_length=1
    )
    security_measures: list[SecurityMeasure] = Field(  # issue #29
        default_factory=list,
        description="Technical and organisational security measures (Art. 32) "
        "protecting this system and the data it holds; each activity's Art. 30(1)(g) description lists them.",
    )
    source: SourceRef | None = Field(default=None, description="Where the system is stated.")
    provenance: list[Provenance] = Field(default_factory=list, description=PROVENANCE_DESCRIPTION)  # issue #29
    last_reviewed_on: date | None = Field(default=None, description=LAST_REVIEWED_ON)  # issue #18


class Recipient(_Attested):
    """A recipient that is not a processor: an independent controller (Art. 4(9), Art. 13(1)(e))."""

    key: Key = Field(description="Unique key, e.g. 'authorities'.")
    name: NonEmptyText = Field(description="Name or category of the recipient.")
    kind: RecipientKind = Field(description="What kind of recipient it is.")
    description: Text | None = Field(default=None, description="When and why data is disclosed.")
    locations: list[Location] = Field(
        description="Where the recipient receives the data; ['unknown'] when not stated.",
        min_length=1,
    )
    occasional: bool | None = Field(
        default=True,
        description="Whether disclosures are occasional (case by case) rather than systematic; null when the "
        "source does not say (then treated as systematic).",
    )
    safeguards: list[Safeguard] = Field(default_factory=list, description="Safeguards for a transfer to it.")
    source: SourceRef | None = Field(default=None, description="Where the recipient is stated.")
    provenance: list[Provenance] = Field(default_factory=list, description=PROVENANCE_DESCRIPTION)  # issue #29
    # Scope of adequacy decisions (issue #14): who the importer is and which data protection law binds it.
    organisation_kind: OrganisationKind = Field(
        default=OrganisationKind.UNKNOWN,
        description="Kind of organisation (private business, public authority, academic or research body, "
        "press, religious or political body); 'unknown' when not stated.",
    )
    subject_to_law: str | None = Field(
        default=None,
        description="Reference-data id of the data protection law it is subject to (e.g. 'pipeda', 'appi', "
        "'kr-pipa'); null when not stated.",
    )
    last_reviewed_on: date | None = Field(default=None, description=LAST_REVIEWED_ON)  # issue #18

    @model_validator(mode="after")
    def _kinds_agree(self) -> Recipient:
        # Two fields saying who the recipient is must not disagree: the scope of an adequacy decision reads it.
        if contradicts(self.kind, self.organisation_kind):
            raise InvalidValueError(
                Phrase(
                    N_(
                        "'kind' is {kind!r} but 'organisation_kind' is {organisation_kind!r}: {rule}; "
                        "correct one of the two"
                    ),
                    kind=self.kind.value,
                    organisation_kind=self.organisation_kind.value,
                    rule=_kind_words(self.kind),
                )
            )
        return self

    @property
    def scope_kind(self) -> OrganisationKind:
        """The organisation kind adequacy scope is judged on: recorded, else implied by ``kind``."""
        return implied_organisation_kind(self.kind, self.organisation_kind)


def _kind_words(kind: RecipientKind) -> Phrase:
    allowed = " or ".join(repr(k.value) for k in sorted(RECIPIENT_KIND_ORGANISATION[kind][1]))
    return Phrase(N_("a recipient of kind {kind!r} can only be {allowed}"), kind=kind.value, allowed=allowed)


# --- Processing activities -----------------------------------------------------------------------


class LegalBasisClaim(CatalogModel):
    """One Art. 6(1) basis relied on, with its justification."""

    basis: LegalBasis = Field(description="The Art. 6(1) point.")
    justification: Text | None = Field(default=None, description="Why the basis applies, as stated.")
    legitimate_interest: Text | None = Field(
        default=None, description="The interest pursued; required for 6(1)(f) (Art. 13(1)(d))."
    )

    @model_validator(mode="after")
    def _interest_for_f(self) -> LegalBasisClaim:
        if self.basis == LegalBasis.LEGITIMATE_INTERESTS and not self.legitimate_interest:
            raise InvalidValueError(Phrase(N_("a 6(1)(f) basis must state the legitimate interest pursued")))
        if self.legitimate_interest and self.basis != LegalBasis.LEGITIMATE_INTERESTS:
            raise InvalidValueError(Phrase(N_("'legitimate_interest' only applies to basis 6(1)(f)")))
        return self


class Dpia(CatalogModel):
    """Data protection impact assessment (Art. 35) for an activity."""

    status: DpiaStatus = Field(description="Whether a DPIA is required and how far it is.")
    reference: str | None = Field(default=None, description="Link to the DPIA.")
    completed_on: date | None = Field(default=None, description="Completion date.")


class DataFlow(CatalogModel):
    """Narrows which of an activity's data categories reach one of its systems or recipients."""

    to: Key = Field(description="Key of a system or recipient the activity uses.")
    data_categories: list[Key] = Field(min_length=1, description="The categories that reach it.")


class ProcessingActivity(_Attested):
    """A processing activity: one row of the Art. 30 record."""

    key: Key = Field(description="Unique key, e.g. 'user-accounts'.")
    name: NonEmptyText = Field(description="Short name of the activity.")
    business_function: Text | None = Field(default=None, description="Business function responsible.")
    role: ProcessingRole = Field(
        description="'controller' (Art. 30(1) record) or 'processor' on behalf of customers (Art. 30(2))."
    )
    controllers_served: list[str] = Field(
        default_factory=list,
        description="For the processor role: the controllers on whose behalf we process.",
    )
    joint_controllers: list[str] = Field(default_factory=list, description="Joint controllers (Art. 26), if any.")
    purposes: list[NonEmptyText] = Field(min_length=1, description="Purposes of the processing (Art. 30(1)(b)).")
    legal_bases: list[LegalBasisClaim] = Field(
        default_factory=list,
        description="Art. 6(1) bases as stated; empty means none recorded (a finding).",
    )
    art9_condition: Art9Condition | None = Field(
        default=None, description="Art. 9(2) condition when special categories are processed."
    )
    consent_withdrawal: Text | None = Field(
        default=None,
        description="How consent can be withdrawn (Art. 7(3)); needed with basis 6(1)(a).",
    )
    data_categories: list[Key] = Field(min_length=1, description="Keys of the data categories processed.")
    data_subjects: list[Key] = Field(default_factory=list, description="Keys of the data-subject categories.")
    sources: list[Text] = Field(default_factory=list, description="Where the data comes from (Art. 14(2)(f)).")
    systems: list[Key] = Field(default_factory=list, description="Keys of the systems used.")
    recipients: list[Key] = Field(default_factory=list, description="Keys of non-processor recipients.")
    flows: list[DataFlow] = Field(
        default_factory=list,
        description="Optional narrowing: which categories reach a given system or recipient (default: all).",
    )
    retention: RetentionRule | None = Field(default=None, description="Retention rule (Art. 30(1)(f)).")
    security_measures: list[Text] = Field(
        default_factory=list,
        description="Technical and organisational measures (Art. 30(1)(g), Art. 32).",
    )
    rights: list[Text] = Field(default_factory=list, description="Data-subject rights available for this activity.")
    automated_decision_making: Text | None = Field(
        default=None,
        description="Automated decision-making incl. profiling (Art. 22), or null when none stated.",
    )
    dpia: Dpia | None = Field(default=None, description="DPIA status (Art. 35).")
    source: SourceRef | None = Field(default=None, description="Where the activity is stated.")
    provenance: list[Provenance] = Field(default_factory=list, description=PROVENANCE_DESCRIPTION)  # issue #29
    last_reviewed_on: date | None = Field(default=None, description=LAST_REVIEWED_ON)  # issue #18

    @model_validator(mode="after")
    def _role_fields(self) -> ProcessingActivity:
        if self.role == ProcessingRole.PROCESSOR and not self.controllers_served:
            raise InvalidValueError(Phrase(N_("a processor-role activity names the controllers it serves")))
        return self


# --- Transfer impact assessments (issue #32) -------------------------------------------------------


class CoveredTransfer(CatalogModel):
    """A transfer a TIA covers: an importer in a country, for some or all of the activities whose data goes."""

    importer: Key = Field(description="Key of the importer: a processor, system or recipient.")
    country: CountryCode = Field(description="Destination country (ISO 3166-1 alpha-2).")
    activities: list[Key] = Field(
        default_factory=list, description="Keys of the activities covered; empty means every activity."
    )


class TiaAnswer(CatalogModel):
    """The DPO's answer to one question of the TIA guide (seed/reference/tia.yaml), with its sources."""

    question: NonEmptyStr = Field(description="The question's id in the TIA guide, e.g. 's3-access'.")
    answer: Text | None = Field(default=None, description="The answer; null means not assessed yet.")
    sources: list[str] = Field(default_factory=list, description="Sources the answer rests on (documents, links).")
    answered_on: date | None = Field(default=None, description="When the answer was written or last checked.")


class MeasureJudgement(CatalogModel):
    """Step 4: a measure from the register (or one added here) and the DPO's judgement of its effect."""

    on: str = Field(description="Where the register records it: an entity key, 'organisation', or 'tia' when new.")
    kind: SupplementaryMeasureKind = Field(description="Kind of measure.")
    description: Text | None = Field(default=None, description="What exactly is done.")
    effective: bool | None = Field(
        default=None, description="The DPO's judgement: effective against the risks of step 3; null when not judged."
    )
    note: Text | None = Field(default=None, description="Why the DPO judges so.")


class ProceduralStep(CatalogModel):
    """Step 5: a procedural step the measures require, e.g. a clause change or a notification."""

    description: NonEmptyText = Field(description="What has to be done.")
    done_on: date | None = Field(default=None, description="When it was done; null while open.")


class TiaFacts(CatalogModel):
    """Steps 1-2 as they were when the TIA was decided: later changes to them call for a review."""

    data_categories: list[Key] = Field(default_factory=list, description="Keys of the categories transferred.")
    onward: list[Key] = Field(default_factory=list, description="Keys of the importer's sub-processors.")
    countries: list[CountryCode] = Field(default_factory=list, description="Countries the data reaches.")


class Tia(_Attested):
    """A transfer impact assessment (EDPB Recommendations 01/2020, six steps) for one or more transfers.

    Steps 1-2 are read from the register; steps 3-6 are the DPO's. A transfer it covers reads its outcome
    and age in place of a safeguard's inline ``tia``.
    """

    key: Key = Field(description="Unique key, e.g. 'tia-hubspot-us'.")
    name: NonEmptyText = Field(description="Title of the assessment.")
    transfers: list[CoveredTransfer] = Field(min_length=1, description="The transfers (importer x country) covered.")
    country_assessment: Key | None = Field(
        default=None,
        description="Key of the country assessment step 3 builds on (shared by every TIA for the country).",
    )
    format: Text | None = Field(default=None, description="Step 1: format of the data transferred and how often.")
    answers: list[TiaAnswer] = Field(default_factory=list, description="Steps 3-6: answers to the guide's questions.")
    measures: list[MeasureJudgement] = Field(default_factory=list, description="Step 4: measures and their effect.")
    procedural_steps: list[ProceduralStep] = Field(default_factory=list, description="Step 5: procedural steps.")
    review_on: date | None = Field(default=None, description="Step 6: when the TIA is due for review.")
    review_triggers: list[Text] = Field(
        default_factory=list, description="Step 6: events that call for an earlier review."
    )
    outcome: TiaDecision | None = Field(default=None, description="The decision; null while the TIA is a draft.")
    decided_by: str | None = Field(default=None, description="Who decided (name or role).")
    decided_on: date | None = Field(default=None, description="When it was decided.")
    facts: TiaFacts | None = Field(
        default=None, description="Steps 1-2 as decided on: what the engine compares with the register now."
    )
    note: Text | None = Field(default=None, description="Free-text remark.")
    provenance: list[Provenance] = Field(default_factory=list, description=PROVENANCE_DESCRIPTION)
    last_reviewed_on: date | None = Field(default=None, description=LAST_REVIEWED_ON)

    @model_validator(mode="after")
    def _decision_is_signed(self) -> Tia:
        if self.outcome is not None and (self.decided_on is None or not self.decided_by):
            raise InvalidValueError(
                Phrase(N_("a decided TIA names who decided ('decided_by') and when ('decided_on')"))
            )
        seen = [answer.question for answer in self.answers]
        if len(seen) != len(set(seen)):
            raise InvalidValueError(Phrase(N_("'answers' names a question twice")))
        return self

    def answer(self, question: str) -> TiaAnswer | None:
        return next((a for a in self.answers if a.question == question), None)

    def as_inline(self) -> TransferImpactAssessment | None:
        """The decision in the form the transfer rules read (a safeguard's ``tia``); None for a draft."""
        if self.outcome is None or self.decided_on is None:
            return None
        return TransferImpactAssessment(assessed_on=self.decided_on, outcome=self.outcome.outcome, reference=self.key)


class CountryAssessment(_Attested):
    """Step 3's common ground: the law and practice of one country, shared by every TIA for it.

    One entry is one version: a new assessment of the same country is a new entry with a later date.
    """

    key: Key = Field(description="Unique key, e.g. 'country-us-2026'.")
    name: NonEmptyText = Field(description="Title, e.g. 'United States: public-authority access'.")
    country: CountryCode = Field(description="The country assessed (ISO 3166-1 alpha-2).")
    law_and_practice: Text | None = Field(default=None, description="Laws and practice relevant to transfers.")
    public_authority_access: Text | None = Field(default=None, description="Public authorities' access to data.")
    redress: Text | None = Field(default=None, description="Redress available to data subjects.")
    sources: list[str] = Field(default_factory=list, description="Sources relied on, with their dates.")
    assessed_by: str | None = Field(default=None, description="Who assessed.")
    assessed_on: date = Field(description="The date of this version.")
    review_on: date | None = Field(
        default=None, description="When it is due for review; null means the review policy's TIA interval."
    )
    note: Text | None = Field(default=None, description="Free-text remark.")
    provenance: list[Provenance] = Field(default_factory=list, description=PROVENANCE_DESCRIPTION)
    last_reviewed_on: date | None = Field(default=None, description=LAST_REVIEWED_ON)
