"""Legal reference data (EEA, adequacy decisions and their scope, SCC decisions, certification programmes,
territories at the EU's edges).

The facts live in dated, sourced YAML files under ``seed/reference/``; this package only loads
and queries them. Set ``CATALOG_REFERENCE_DIR`` to use another folder.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import TypeAdapter, ValidationError

from catalog.domain.base import CatalogModel
from catalog.domain.location import REGIONS, UNKNOWN, country_name
from catalog.errors import InputError, Problem, RegisterValidationError
from catalog.kernel.yamlsource import problems_from_validation, read_yaml
from catalog.reference.models import (
    AdequacyDecision,
    CertificationProgramme,
    EeaMembership,
    ReferenceFile,
    SccDecision,
    Territory,
    TerritoryCategory,
    TerritoryStatus,
)

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "seed" / "reference"

T = TypeVar("T", bound=CatalogModel)


@dataclass(frozen=True)
class ReferenceData:
    """All reference facts, with the date questions the engine asks."""

    eea: ReferenceFile[EeaMembership]
    adequacy: ReferenceFile[AdequacyDecision]
    scc: ReferenceFile[SccDecision]
    programmes: ReferenceFile[CertificationProgramme]
    territories: ReferenceFile[Territory]

    def eea_members(self, day: date) -> list[EeaMembership]:
        return [m for m in self.eea.entries if m.member_on(day)]

    def in_eea(self, location: str, day: date) -> bool | None:
        """True/False for a country on ``day``; None when the location is unknown."""
        if location == UNKNOWN:
            return None
        if location in REGIONS:
            return True
        territory = self._territory_by_code.get(location)
        if territory is not None:
            # A territory's own code says nothing by itself: its status on the date decides (TFEU Art. 349, 355).
            period = territory.period_on(day)
            return period is not None and period.status != TerritoryStatus.OUTSIDE
        return any(m.member_on(day) for m in self._eea_by_country.get(location, ()))

    @cached_property
    def _territory_by_code(self) -> dict[str, Territory]:
        return {territory.code: territory for territory in self.territories.entries}

    def territory(self, code: str) -> Territory | None:
        """The territory entry for an ISO code listed in territories.yaml, if any."""
        return self._territory_by_code.get(code)

    def territory_status(self, code: str, day: date) -> LocationStatus:
        """Where a location stands on ``day``: in the EU, in the EEA only, outside, or unknown, and why."""
        if code == UNKNOWN:
            return LocationStatus(code, "unknown", None, "the location is not known")
        if code in REGIONS:
            return LocationStatus(code, "eu" if code == "EU" else "eea", None, "an EU or EEA state not named")
        territory = self._territory_by_code.get(code)
        if territory is not None:
            period = territory.period_on(day)
            if period is None:
                return LocationStatus(code, "outside", None, f"no status of {territory.name} is recorded for {day}")
            return LocationStatus(code, period.status.value, period.category, period.basis, territory.state)
        memberships = [m for m in self._eea_by_country.get(code, ()) if m.member_on(day)]
        if memberships:
            basis = memberships[0].basis
            return LocationStatus(code, "eu" if basis == "eu" else "eea", None, memberships[0].source)
        return LocationStatus(code, "outside", None, "not an EU or EEA state on the date")

    def location_label(self, code: str, day: date) -> str:
        """A location with its status, for pickers and exports: 'Åland Islands (AX) — EU, special territory'."""
        status = self.territory_status(code, day)
        if code == UNKNOWN:
            return "Unknown"
        if code in REGIONS:
            return country_name(code)
        territory = self._territory_by_code.get(code)
        name = territory.name if territory is not None else country_name(code)
        words = _STATUS_WORDS[status.status]
        if status.category is not None:
            words = f"{words}, {_CATEGORY_WORDS[status.category]}"
        return f"{name} ({code}) — {words}"

    @cached_property
    def _adequacy_by_country(self) -> dict[str, list[AdequacyDecision]]:
        # The engine asks once per transfer hop; an index keeps that off the scan's hot path.
        index: dict[str, list[AdequacyDecision]] = {}
        for decision in self.adequacy.entries:
            index.setdefault(decision.country, []).append(decision)
        return index

    @cached_property
    def _eea_by_country(self) -> dict[str, list[EeaMembership]]:
        index: dict[str, list[EeaMembership]] = {}
        for membership in self.eea.entries:
            index.setdefault(membership.country, []).append(membership)
        return index

    def adequacy_decisions(self, country: str) -> list[AdequacyDecision]:
        return list(self._adequacy_by_country.get(country, ()))

    def adequacy_in_force(self, country: str, day: date) -> list[AdequacyDecision]:
        return [d for d in self.adequacy_decisions(country) if d.valid_on(day)]

    def adequacy_by_id(self, decision_id: str) -> AdequacyDecision | None:
        return next((d for d in self.adequacy.entries if d.id == decision_id), None)

    def scc_by_id(self, decision_id: str) -> SccDecision | None:
        return next((d for d in self.scc.entries if d.id == decision_id), None)

    def programme(self, programme_id: str) -> CertificationProgramme | None:
        return next((p for p in self.programmes.entries if p.id == programme_id), None)


_STATUS_WORDS = {"eu": "EU", "eea": "EEA (not EU)", "outside": "outside the EEA", "unknown": "unknown"}
_CATEGORY_WORDS = {
    TerritoryCategory.OUTERMOST_REGION: "outermost region",
    TerritoryCategory.SPECIAL_TERRITORY: "special territory",
    TerritoryCategory.OCT: "overseas country or territory",
    TerritoryCategory.EXCLUDED_TERRITORY: "the EU Treaties do not apply",
    TerritoryCategory.CROWN_DEPENDENCY: "Crown Dependency",
    TerritoryCategory.EUROPEAN_TERRITORY: "European territory",
    TerritoryCategory.EEA_EXCLUDED: "excluded from the EEA Agreement",
}


@dataclass(frozen=True)
class LocationStatus:
    """A location's standing on a date, for the UI and exports."""

    code: str
    status: str  # "eu", "eea", "outside" or "unknown"
    category: TerritoryCategory | None
    basis: str
    state: str | None = None  # the state a listed territory belongs to

    @property
    def in_eea(self) -> bool | None:
        return None if self.status == "unknown" else self.status != "outside"


FILES = {
    "eea": EeaMembership,
    "adequacy": AdequacyDecision,
    "scc": SccDecision,
    "programmes": CertificationProgramme,
    "territories": Territory,
}


def _load_file(folder: Path, name: str, entry_model: type[T]) -> ReferenceFile[T]:
    path = folder / f"{name}.yaml"
    doc, problems = read_yaml(path)
    if doc is None or problems:
        raise RegisterValidationError(problems)
    adapter: TypeAdapter[ReferenceFile[Any]] = TypeAdapter(ReferenceFile[entry_model])  # type: ignore[valid-type]
    try:
        return adapter.validate_python(doc.data)
    except ValidationError as error:
        raise RegisterValidationError(problems_from_validation(error, doc, ())) from None


@cache
def load_reference(folder: Path | None = None) -> ReferenceData:
    """Load and validate the reference files; cached per folder."""
    chosen = folder or Path(os.environ.get("CATALOG_REFERENCE_DIR") or DEFAULT_DIR)
    if not chosen.is_dir():
        raise InputError(f"reference data folder not found: {chosen}")
    data = ReferenceData(
        eea=_load_file(chosen, "eea", EeaMembership),
        adequacy=_load_file(chosen, "adequacy", AdequacyDecision),
        scc=_load_file(chosen, "scc", SccDecision),
        programmes=_load_file(chosen, "programmes", CertificationProgramme),
        territories=_load_file(chosen, "territories", Territory),
    )
    _check_cross_file(data, chosen)
    return data


def _check_cross_file(data: ReferenceData, folder: Path) -> None:
    problems: list[Problem] = []
    for decision in data.adequacy.entries:
        if decision.programme and data.programme(decision.programme) is None:
            problems.append(Problem(f"unknown programme {decision.programme!r}", file=str(folder / "adequacy.yaml")))
    for scc in data.scc.entries:
        if scc.replaced_by and data.scc_by_id(scc.replaced_by) is None:
            problems.append(Problem(f"unknown replaced_by {scc.replaced_by!r}", file=str(folder / "scc.yaml")))
    codes = [t.code for t in data.territories.entries]
    for dup in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(Problem(f"duplicate territory {dup!r}", file=str(folder / "territories.yaml")))
    for name, entries in (("adequacy", data.adequacy.entries), ("scc", data.scc.entries)):
        ids = [e.id for e in entries]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(Problem(f"duplicate id {dup!r}", file=str(folder / f"{name}.yaml")))
    if problems:
        raise RegisterValidationError(problems)
