"""Scheduled reviews of the transfer decisions (``seed/reference/reviews.yaml``), for ``catalog due``.

Kept apart from ``ReferenceData``: the engine never needs them (a review ends nothing by itself),
only the review calendar does. Expiries are read from the decision files, never repeated here.
"""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import Field, TypeAdapter, ValidationError

from catalog.domain.base import CatalogModel, Key, NonEmptyStr
from catalog.errors import InputError, Problem, RegisterValidationError
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.kernel.yamlsource import problems_from_validation, read_yaml
from catalog.reference import DEFAULT_DIR, ReferenceData
from catalog.reference.models import ReferenceFile

REVIEWS_FILE = "reviews.yaml"


class ScheduledReview(CatalogModel):
    """A review of a decision that the Commission has announced or that the decision provides for."""

    id: Key = Field(description="Stable id, e.g. 'us-dpf-review-2027'.")
    decision: Key = Field(description="Id of the adequacy decision, SCC decision or programme reviewed.")
    name: NonEmptyStr = Field(description="What the review is, in words.")
    due_on: date = Field(description="The date the review is due.")
    precision: Literal["exact", "approximate"] = Field(
        description="'exact' when an act fixes the date; 'approximate' when derived (the note says how)."
    )
    source: NonEmptyStr = Field(description="Citation for the date.")
    note: str | None = Field(default=None, description="How the date was derived and what the review may change.")


@cache
def load_reviews(folder: Path | None = None) -> tuple[ScheduledReview, ...]:
    """The scheduled reviews; none when the reference folder has no reviews file."""
    chosen = folder or Path(os.environ.get("CATALOG_REFERENCE_DIR") or DEFAULT_DIR)
    path = chosen / REVIEWS_FILE
    if not chosen.is_dir():
        raise InputError(f"reference data folder not found: {chosen}")
    if not path.is_file():
        return ()
    doc, problems = read_yaml(path)
    if doc is None or problems:
        raise RegisterValidationError(problems)
    adapter: TypeAdapter[ReferenceFile[ScheduledReview]] = TypeAdapter(ReferenceFile[ScheduledReview])
    try:
        loaded = adapter.validate_python(doc.data)
    except ValidationError as error:
        raise RegisterValidationError(problems_from_validation(error, doc, ())) from None
    return tuple(loaded.entries)


def check_reviews(reviews: tuple[ScheduledReview, ...], reference: ReferenceData) -> list[Problem]:
    """Every review names a decision or programme that the reference data holds."""
    known = {d.id for d in reference.adequacy.entries} | {d.id for d in reference.scc.entries}
    known |= {p.id for p in reference.programmes.entries}
    return [
        Problem(f"review {review.id!r} names unknown decision {review.decision!r}", file=REVIEWS_FILE)
        for review in reviews
        if review.decision not in known
    ]


def checked_reviews(reference: ReferenceData, folder: Path | None = None) -> tuple[ScheduledReview, ...]:
    """The scheduled reviews, refusing a file that names a decision the reference data does not hold."""
    reviews = load_reviews(folder)
    problems = check_reviews(reviews, reference)
    if problems:
        raise RegisterValidationError(problems)
    return reviews


def decision_name(decision_id: str, reference: ReferenceData) -> str:
    """The human name of a decision or programme id."""
    adequacy = reference.adequacy_by_id(decision_id)
    if adequacy is not None:
        return Phrase(N_("the {name} adequacy decision"), name=adequacy.name)
    scc = reference.scc_by_id(decision_id)
    if scc is not None:
        return scc.name
    programme = reference.programme(decision_id)
    return programme.name if programme is not None else decision_id
