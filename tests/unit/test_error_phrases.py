"""Errors judged once and worded in any language (issue #30): str(error) stays English, render(lang) words the
same error in bokmål, with the fields named by their bokmål labels."""

from __future__ import annotations

import pickle

import pytest
from pydantic import BaseModel, ValidationError

import catalog.kernel.i18n  # noqa: F401  (registers the translation an error's own header uses)
from catalog.domain.fieldtext import plain_problems
from catalog.domain.models import Safeguard, System
from catalog.domain.register import EntityKind
from catalog.errors import NotFoundError, Problem, RegisterValidationError
from catalog.kernel.phrase import Phrase, render


def _problems(model: type[BaseModel], data: dict[str, object]) -> list[Problem]:
    with pytest.raises(ValidationError) as caught:
        model.model_validate(data)
    return plain_problems(model, caught.value)


def test_a_validators_message_names_the_field_by_its_label_in_each_language() -> None:
    (problem,) = _problems(Safeguard, {"kind": "adequacy", "instrument": "x", "module": "1"})
    assert str(problem.message) == "This record: 'SCC module' only applies to SCC safeguards"
    worded = render(problem.message, "nb")
    assert worded == "Denne oppføringen: 'SCC-modul' gjelder bare standard personvernbestemmelser", worded


def test_a_missing_field_and_a_bad_key_are_worded_in_bokmal() -> None:
    problems = {p.field: p for p in _problems(System, {"key": "Not A Key", "kind": "saas"})}
    assert render(problems["name"].message, "nb") == "Navn: påkrevd; fyll det ut"
    key = render(problems["key"].message, "nb")
    assert key.startswith("Nøkkel: 'Not A Key' er ikke en gyldig nøkkel") and "lowercase" not in key, key


def test_a_validation_error_is_english_as_a_string_and_bokmal_when_rendered() -> None:
    error = RegisterValidationError(
        [Problem(Phrase("{path}: no such file or directory", path="a.yaml")), Problem("plain text", file="b.yaml")]
    )
    assert str(error).startswith("2 problems in the register:\n  a.yaml: no such file or directory")
    worded = error.render("nb")
    assert worded == "2 problemer i registeret:\n  a.yaml: filen eller mappen finnes ikke\n  b.yaml: plain text", worded


def test_an_error_keeps_its_phrase_through_a_pickle() -> None:
    error = NotFoundError(Phrase("no {kind} with key {key!r}", kind=EntityKind.DATA_CATEGORY.word, key="x"))
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == "no data_category with key 'x'"
    assert again.render("nb") == "ingen kategori av personopplysninger med nøkkelen 'x'"
