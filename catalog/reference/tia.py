"""The transfer impact assessment guide: the EDPB's six steps, their questions and references, and the
per-country references a DPO may cite (``seed/reference/tia.yaml``). Data, never conclusions."""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from pathlib import Path

from pydantic import Field, ValidationError, model_validator

from catalog.domain.base import CatalogModel, InvalidValueError, NonEmptyStr
from catalog.domain.location import CountryCode
from catalog.domain.text import NonEmptyText
from catalog.errors import InputError, RegisterValidationError
from catalog.kernel.yamlsource import problems_from_validation, read_yaml
from catalog.reference.models import Source

STEP_NUMBERS = (1, 2, 3, 4, 5, 6)


class TiaQuestion(CatalogModel):
    """One question a step asks, in this product's own words."""

    id: NonEmptyStr = Field(description="Stable id the register's answers name, e.g. 's3-access'.")
    text: NonEmptyText = Field(description="The question, by language.")


class TiaStep(CatalogModel):
    """One of the six steps of EDPB Recommendations 01/2020."""

    step: int = Field(ge=1, le=6, description="The step's number, 1 to 6.")
    title: NonEmptyText = Field(description="The step's title, by language.")
    reference: NonEmptyStr = Field(description="Where the recommendations (and the law) describe it.")
    prefilled: bool = Field(description="True when the register answers it (steps 1 and 2).")
    questions: list[TiaQuestion] = Field(min_length=1, description="What the step asks.")


class CountryReference(CatalogModel):
    """A source a DPO may cite in step 3 for one country: a citation, never a conclusion."""

    country: CountryCode = Field(description="ISO 3166-1 alpha-2 code.")
    reference: NonEmptyStr = Field(description="The act and the part of it.")
    note: NonEmptyText = Field(description="What the source records, and that the DPO decides, by language.")


class TiaGuide(CatalogModel):
    """The whole file: provenance, the six steps, the country references."""

    title: NonEmptyStr = Field(description="What the file holds.")
    updated: date = Field(description="The date the file was last checked.")
    how_to_update: NonEmptyStr = Field(description="What to check when the recommendations change.")
    sources: list[Source] = Field(min_length=1, description="Authoritative sources used.")
    entries: list[TiaStep] = Field(min_length=6, max_length=6, description="The six steps, in order.")
    countries: list[CountryReference] = Field(default_factory=list, description="Per-country references.")

    @model_validator(mode="after")
    def _six_steps_in_order(self) -> TiaGuide:
        if tuple(step.step for step in self.entries) != STEP_NUMBERS:
            raise InvalidValueError("the entries must be steps 1 to 6, in order")
        ids = [q.id for step in self.entries for q in step.questions]
        if len(ids) != len(set(ids)):
            raise InvalidValueError("question ids must be unique")
        return self

    def step(self, number: int) -> TiaStep:
        return self.entries[number - 1]

    def question_ids(self) -> set[str]:
        return {q.id for step in self.entries for q in step.questions}

    def country(self, code: str) -> CountryReference | None:
        return next((c for c in self.countries if c.country == code), None)


@cache
def load_tia_guide(folder: Path | None = None) -> TiaGuide:
    """The TIA guide from the reference folder (``CATALOG_REFERENCE_DIR`` or seed/reference)."""
    from catalog.reference import DEFAULT_DIR

    chosen = folder or Path(os.environ.get("CATALOG_REFERENCE_DIR") or DEFAULT_DIR)
    path = chosen / "tia.yaml"
    if not path.is_file():
        raise InputError(f"TIA guide not found: {path}")
    doc, problems = read_yaml(path)
    if doc is None or problems:
        raise RegisterValidationError(problems)
    try:
        return TiaGuide.model_validate(doc.data)
    except ValidationError as error:
        raise RegisterValidationError(problems_from_validation(error, doc, ())) from None
