"""seed/reference/reviews.yaml: loaded like every reference file, errors name the file and line (issue #18)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from catalog.errors import RegisterValidationError
from catalog.reference import DEFAULT_DIR, load_reference
from catalog.reference.reviews import checked_reviews, load_reviews


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "reference"
    shutil.copytree(DEFAULT_DIR, folder)
    return folder


def test_the_shipped_reviews_are_dated_sourced_and_name_known_decisions() -> None:
    reviews = checked_reviews(load_reference())
    assert reviews
    for review in reviews:
        assert review.source and (review.precision == "exact" or review.note)


def test_a_bad_date_is_reported_with_file_and_line(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "reviews.yaml"
    path.write_text(path.read_text().replace("due_on: 2027-10-09", "due_on: soon"))
    with pytest.raises(RegisterValidationError) as raised:
        load_reviews(folder)
    assert "reviews.yaml" in str(raised.value) and "due_on" in str(raised.value)


def test_an_unknown_decision_is_refused(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    path = folder / "reviews.yaml"
    path.write_text(path.read_text().replace("decision: us-dpf", "decision: xx-nowhere"))
    with pytest.raises(RegisterValidationError) as raised:
        checked_reviews(load_reference(), folder)
    assert "xx-nowhere" in str(raised.value)


def test_no_reviews_file_means_no_scheduled_reviews(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "reviews.yaml").unlink()
    assert load_reviews(folder) == ()
