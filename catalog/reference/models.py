"""Models of the legal reference data files under seed/reference/. Dates are inclusive."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Generic, Literal, TypeVar

from pydantic import Field, model_validator

from catalog.domain.base import CatalogModel, InvalidValueError, Key, NonEmptyStr
from catalog.domain.location import CountryCode
from catalog.domain.vocab import ExcludedDataKind, OrganisationKind, TransferRelationship


class Source(CatalogModel):
    """An authoritative source used for a reference file."""

    name: NonEmptyStr = Field(description="Title of the source.")
    url: NonEmptyStr = Field(description="Where to read it.")


EntryT = TypeVar("EntryT", bound=CatalogModel)


class ReferenceFile(CatalogModel, Generic[EntryT]):
    """Common envelope of every reference file: provenance first, then the entries."""

    title: NonEmptyStr = Field(description="What the file holds.")
    updated: date = Field(description="The date the facts were last checked.")
    how_to_update: NonEmptyStr = Field(description="Where to look and what to change when the law moves.")
    sources: list[Source] = Field(min_length=1, description="Authoritative sources used.")
    entries: list[EntryT] = Field(min_length=1, description="The facts.")


class EeaMembership(CatalogModel):
    """A state's membership of the territory where the GDPR applies (EU or EEA EFTA)."""

    country: CountryCode = Field(description="ISO 3166-1 alpha-2 code (GR for Greece).")
    name: NonEmptyStr = Field(description="English name.")
    basis: Literal["eu", "eea_efta"] = Field(description="EU member state, or EEA EFTA state.")
    member_from: date = Field(description="First day of membership.")
    member_until: date | None = Field(default=None, description="Last day of membership (inclusive), if it ended.")
    source: NonEmptyStr = Field(description="Citation for the membership dates.")

    def member_on(self, day: date) -> bool:
        return self.member_from <= day and (self.member_until is None or day <= self.member_until)


class DecisionStatus(StrEnum):
    """Whether a decision still counts, and if not, why."""

    IN_FORCE = "in_force"
    EXPIRED = "expired"
    INVALIDATED = "invalidated"
    REPEALED = "repealed"


class AdequacyCondition(StrEnum):
    """What a partial adequacy decision requires of the importer."""

    NONE = "none"
    CERTIFICATION = "certification"  # e.g. the US: certified under the programme named
    COMMERCIAL_ORGANISATION = "commercial_organisation"  # Canada: subject to PIPEDA
    PRIVATE_SECTOR = "private_sector"  # Japan: business operators under the APPI
    PURPOSE_EXCLUSION = "purpose_exclusion"  # all importers, except data for excluded purposes (scope_note)


class Law(CatalogModel):
    """A data protection law an importer may be subject to; register entries cite it by id."""

    id: Key = Field(description="Stable id, used in a register's 'subject_to_law'.")
    name: NonEmptyStr = Field(description="Name of the law.")


class ScopeExclusion(CatalogModel):
    """Something a decision leaves out of its scope, with the provision that does it."""

    id: Key = Field(description="Stable id within the decision.")
    article: NonEmptyStr = Field(description="The provision that excludes it, e.g. 'Art. 1(2)(a)'.")
    summary: NonEmptyStr = Field(description="What is excluded, in plain words.")
    recipient_kinds: list[OrganisationKind] = Field(
        default_factory=list, description="Excluded when the importer is of one of these kinds."
    )
    data: list[ExcludedDataKind] = Field(
        default_factory=list, description="Excluded when the hop carries data of one of these kinds."
    )
    source: NonEmptyStr = Field(description="Citation, and whether the text was read for this entry.")

    @model_validator(mode="after")
    def _says_what(self) -> ScopeExclusion:
        if not self.recipient_kinds and not self.data:
            raise InvalidValueError("an exclusion names the recipient kinds or the data it excludes")
        return self


class AdequacyCoverage(CatalogModel):
    """Whom and what an adequacy decision covers, with the article that sets it."""

    article: NonEmptyStr = Field(description="The article that sets the scope, e.g. 'Art. 1(1)'.")
    summary: NonEmptyStr = Field(description="The scope in plain words.")
    recipient_kinds: list[OrganisationKind] | None = Field(
        default=None, description="The kinds of importer covered; null when every kind is."
    )
    laws: list[Law] = Field(
        default_factory=list, description="The importer must be subject to one of these laws; empty: any."
    )
    certified_scope: bool = Field(
        default=False,
        description="Only within the importer's certified scope on the programme's list (DPF: HR / non-HR data).",
    )
    exclusions: list[ScopeExclusion] = Field(default_factory=list, description="What the decision leaves out.")
    source: NonEmptyStr = Field(description="Citation, and whether the article text was read for this entry.")


class AdequacyDecision(CatalogModel):
    """An adequacy decision (GDPR Art. 45; Directive 95/46 Art. 25(6))."""

    id: Key = Field(description="Stable id, e.g. 'us-dpf'.")
    country: CountryCode = Field(description="The country the decision covers.")
    name: NonEmptyStr = Field(description="Short name.")
    act: NonEmptyStr = Field(description="The legal act.")
    celex: NonEmptyStr = Field(description="CELEX number.")
    url: NonEmptyStr = Field(description="EUR-Lex address.")
    valid_from: date = Field(description="First day it applies.")
    valid_until: date | None = Field(default=None, description="Last day it applies (inclusive); null if open.")
    status: DecisionStatus = Field(description="Whether it still counts.")
    ended_by: str | None = Field(default=None, description="What ended it (judgment, expiry, repeal).")
    scope: Literal["full", "partial"] = Field(description="Whole country, or only some importers.")
    condition: AdequacyCondition = Field(description="What a partial decision requires of the importer.")
    programme: str | None = Field(default=None, description="Certification programme id for condition 'certification'.")
    scope_note: NonEmptyStr = Field(description="The scope in plain words.")
    coverage: AdequacyCoverage = Field(description="Whom and what it covers, with its article and source.")

    @model_validator(mode="after")
    def _coherent(self) -> AdequacyDecision:
        _check_dates(self.valid_from, self.valid_until)
        if (self.scope == "full") != (self.condition == AdequacyCondition.NONE):
            raise InvalidValueError("a full decision has condition 'none'; a partial one names its condition")
        if (self.condition == AdequacyCondition.CERTIFICATION) != (self.programme is not None):
            raise InvalidValueError("condition 'certification' and 'programme' go together")
        if self.status != DecisionStatus.IN_FORCE and self.valid_until is None:
            raise InvalidValueError("a decision that no longer counts needs its 'valid_until'")
        return self

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_until is None or day <= self.valid_until)


class SccDecision(CatalogModel):
    """A Commission decision adopting standard contractual clauses (Art. 46(2)(c))."""

    id: Key = Field(description="Stable id, e.g. 'scc-2021-914'.")
    name: NonEmptyStr = Field(description="Short name.")
    act: NonEmptyStr = Field(description="The legal act.")
    celex: NonEmptyStr = Field(description="CELEX number.")
    url: NonEmptyStr = Field(description="EUR-Lex address.")
    valid_from: date = Field(description="First day clauses under it could be used.")
    last_signing_date: date | None = Field(
        default=None, description="Last day a new contract could be concluded under it (inclusive)."
    )
    valid_until: date | None = Field(
        default=None, description="Last day contracts under it counted as a safeguard (inclusive)."
    )
    status: DecisionStatus = Field(description="In force or repealed.")
    modules: list[int] = Field(default_factory=list, description="Modules (1-4) for 2021/914; empty for older sets.")
    relationships: list[TransferRelationship] = Field(min_length=1, description="Exporter -> importer roles covered.")
    replaced_by: str | None = Field(default=None, description="Id of the decision that replaced it.")
    note: str | None = Field(default=None, description="Remarks on transition rules.")

    @model_validator(mode="after")
    def _coherent(self) -> SccDecision:
        _check_dates(self.valid_from, self.valid_until)
        if self.last_signing_date and self.valid_until and self.last_signing_date > self.valid_until:
            raise InvalidValueError("'last_signing_date' is after 'valid_until'")
        if any(module not in (1, 2, 3, 4) for module in self.modules):
            raise InvalidValueError("modules are numbered 1 to 4")
        return self


class CertificationProgramme(CatalogModel):
    """A certification programme an adequacy decision may rely on (e.g. the Data Privacy Framework)."""

    id: Key = Field(description="Stable id, e.g. 'eu-us-dpf'.")
    name: NonEmptyStr = Field(description="Name.")
    administered_by: NonEmptyStr = Field(description="Who runs it.")
    list_url: NonEmptyStr = Field(description="The official list of certified organisations.")
    valid_from: date = Field(description="First day certifications under it counted.")
    valid_until: date | None = Field(default=None, description="Last day (inclusive); null if open.")
    note: str | None = Field(default=None, description="Remarks.")

    @model_validator(mode="after")
    def _coherent(self) -> CertificationProgramme:
        _check_dates(self.valid_from, self.valid_until)
        return self


def _check_dates(start: date, end: date | None) -> None:
    if end is not None and end < start:
        raise InvalidValueError(f"the end date {end} is before the start date {start}")


# --- Territories (issue #14): places whose ISO code alone does not tell whether the GDPR applies -------


class TerritoryStatus(StrEnum):
    """Where a territory stands for the GDPR on a date."""

    EU = "eu"  # part of the EU: EU law, and so the GDPR, applies
    EEA = "eea"  # within the EEA Agreement's territory but not the EU's
    OUTSIDE = "outside"  # neither: a transfer there leaves the EEA


class TerritoryCategory(StrEnum):
    """The legal regime that places the territory (TFEU Art. 349, 355, Annex II; EEA Agreement)."""

    OUTERMOST_REGION = "outermost_region"  # TFEU Art. 349, 355(1): in the EU
    SPECIAL_TERRITORY = "special_territory"  # TFEU Art. 355(3), (4): in the EU with special rules
    OCT = "oct"  # overseas country or territory, TFEU Art. 355(2), Annex II: not in the EU
    EXCLUDED_TERRITORY = "excluded_territory"  # TFEU Art. 355(5): the Treaties do not apply
    CROWN_DEPENDENCY = "crown_dependency"  # Channel Islands and Isle of Man: never in the EU
    EUROPEAN_TERRITORY = "european_territory"  # a European territory outside the EU (e.g. Gibraltar after 2020)
    EEA_EXCLUDED = "eea_excluded"  # part of an EEA EFTA state's sphere that the EEA Agreement excludes


class TerritoryPeriod(CatalogModel):
    """One period of a territory's status, with its legal basis and source."""

    status: TerritoryStatus = Field(description="In the EU, in the EEA only, or outside both.")
    category: TerritoryCategory = Field(description="The regime that gives the status.")
    from_: date = Field(alias="from", description="First day of the period.")
    until: date | None = Field(default=None, description="Last day of the period (inclusive); null if open.")
    basis: NonEmptyStr = Field(description="The provision that sets the status.")
    source: NonEmptyStr = Field(description="Citation for the status and its dates.")

    @model_validator(mode="after")
    def _coherent(self) -> TerritoryPeriod:
        _check_dates(self.from_, self.until)
        return self

    def covers(self, day: date) -> bool:
        return self.from_ <= day and (self.until is None or day <= self.until)


class Territory(CatalogModel):
    """A territory with its own ISO 3166-1 code, linked to a state, with its status over time."""

    code: CountryCode = Field(description="The territory's ISO 3166-1 alpha-2 code.")
    name: NonEmptyStr = Field(description="English name.")
    state: CountryCode = Field(description="The state it belongs to or is linked with.")
    periods: list[TerritoryPeriod] = Field(min_length=1, description="Its status over time, oldest first.")

    @model_validator(mode="after")
    def _ordered(self) -> Territory:
        for before, after in zip(self.periods, self.periods[1:], strict=False):
            if before.until is None or after.from_ <= before.until:
                raise InvalidValueError(f"the periods of {self.code} overlap or are out of order")
        return self

    def period_on(self, day: date) -> TerritoryPeriod | None:
        return next((p for p in self.periods if p.covers(day)), None)
