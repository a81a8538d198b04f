"""Models of the legal reference data files under seed/reference/. Dates are inclusive."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Generic, Literal, TypeVar

from pydantic import Field, model_validator

from catalog.domain.base import CatalogModel, InvalidValueError, Key, NonEmptyStr
from catalog.domain.location import CountryCode
from catalog.domain.vocab import TransferRelationship


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
