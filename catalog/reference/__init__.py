"""Legal reference data (EEA, adequacy decisions, SCC decisions, certification programmes).

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
from catalog.domain.location import REGIONS, UNKNOWN
from catalog.errors import InputError, Problem, RegisterValidationError
from catalog.reference.models import (
    AdequacyDecision,
    CertificationProgramme,
    EeaMembership,
    ReferenceFile,
    SccDecision,
)
from catalog.yamlsource import problems_from_validation, read_yaml

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "seed" / "reference"

T = TypeVar("T", bound=CatalogModel)


@dataclass(frozen=True)
class ReferenceData:
    """All reference facts, with the date questions the engine asks."""

    eea: ReferenceFile[EeaMembership]
    adequacy: ReferenceFile[AdequacyDecision]
    scc: ReferenceFile[SccDecision]
    programmes: ReferenceFile[CertificationProgramme]

    def eea_members(self, day: date) -> list[EeaMembership]:
        return [m for m in self.eea.entries if m.member_on(day)]

    def in_eea(self, location: str, day: date) -> bool | None:
        """True/False for a country on ``day``; None when the location is unknown."""
        if location == UNKNOWN:
            return None
        if location in REGIONS:
            return True
        return any(m.member_on(day) for m in self._eea_by_country.get(location, ()))

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


FILES = {
    "eea": EeaMembership,
    "adequacy": AdequacyDecision,
    "scc": SccDecision,
    "programmes": CertificationProgramme,
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
    for name, entries in (("adequacy", data.adequacy.entries), ("scc", data.scc.entries)):
        ids = [e.id for e in entries]
        for dup in sorted({i for i in ids if ids.count(i) > 1}):
            problems.append(Problem(f"duplicate id {dup!r}", file=str(folder / f"{name}.yaml")))
    if problems:
        raise RegisterValidationError(problems)
