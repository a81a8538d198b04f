"""Register text in one language or several: the field type, the language pick, the fallback marker."""

from __future__ import annotations

import copy
import pickle

import pytest
from pydantic import ValidationError

from catalog.domain.models import DataSubjectCategory, LegalBasisClaim, ProcessingActivity
from catalog.domain.stored import read_stored
from catalog.domain.text import in_language
from catalog.importers.localtext import localise_body
from catalog.kernel.localtext import LocalText, local, read_local, unmarked
from catalog.store.base import stored_body


def _activity(**fields: object) -> ProcessingActivity:
    body: dict[str, object] = {
        "key": "user-accounts",
        "name": {"nb": "Brukerkontoer", "en": "User accounts"},
        "role": "controller",
        "purposes": ["Operate the website", {"nb": "Kommunisere med brukerne", "en": "Communicate with users"}],
        "data_categories": ["contact"],
    }
    return ProcessingActivity.model_validate(body | fields)


def test_a_text_field_takes_one_language_or_several_and_serialises_back_as_given() -> None:
    activity = _activity()
    assert isinstance(activity.name, LocalText)
    assert activity.name == "User accounts"  # as a str it is its English text
    assert activity.name.variants == {"nb": "Brukerkontoer", "en": "User accounts"}
    assert type(activity.purposes[0]) is str
    dumped = activity.model_dump(mode="json")
    assert dumped["name"] == {"nb": "Brukerkontoer", "en": "User accounts"}
    assert dumped["purposes"][0] == "Operate the website"
    assert ProcessingActivity.model_validate(dumped) == activity


def test_an_unknown_language_or_an_empty_variant_is_refused_naming_the_field() -> None:
    with pytest.raises(ValidationError) as unknown:
        _activity(name={"nb": "Brukerkontoer", "de": "Benutzerkonten"})
    assert unknown.value.errors()[0]["loc"] == ("name",)
    assert "unknown language 'de'" in str(unknown.value)
    with pytest.raises(ValidationError) as empty:
        LegalBasisClaim.model_validate({"basis": "6(1)(b)", "justification": {"nb": " ", "en": "Contract."}})
    assert empty.value.errors()[0]["loc"] == ("justification",)
    with pytest.raises(ValidationError):
        _activity(name={})


def test_texts_that_differ_in_one_language_are_different() -> None:
    one = _activity()
    other = _activity(name={"nb": "Kontoer", "en": "User accounts"})
    assert one != other
    assert one.name != other.name and str(one.name) == str(other.name)


def test_a_copy_a_pickle_and_a_stored_body_keep_every_language() -> None:
    activity = _activity()
    assert copy.deepcopy(activity) == activity
    name = activity.name
    assert isinstance(name, LocalText)
    assert pickle.loads(pickle.dumps(name)).variants == name.variants
    assert read_stored(ProcessingActivity, stored_body(activity)) == activity


def test_local_picks_the_language_and_marks_a_missing_one() -> None:
    text = LocalText({"nb": "Brukerkontoer", "en": "User accounts"})
    assert local(text, "nb") == "Brukerkontoer"
    assert local(text, "en") == "User accounts"
    assert local(LocalText({"en": "User accounts"}), "nb") == "User accounts [en]"
    assert local(LocalText({"nb": "Brukerkontoer"}), "en") == "Brukerkontoer [nb]"
    assert local("Plain text", "nb") == "Plain text"  # a register in one language is shown as written


def test_an_import_strips_the_marker_and_sets_only_its_own_language() -> None:
    stored = LocalText({"nb": "Brukerkontoer", "en": "User accounts"})
    assert unmarked("User accounts [en]") == ("User accounts", "en")
    assert unmarked("Kontoer [de]") == ("Kontoer [de]", None)
    assert read_local("Brukerkontoer", "nb", stored) is stored
    changed = read_local("Kontoer", "nb", stored)
    assert isinstance(changed, LocalText) and changed.variants == {"nb": "Kontoer", "en": "User accounts"}
    english_only = LocalText({"en": "User accounts"})
    assert read_local("User accounts [en]", "nb", english_only) is english_only
    assert read_local("New name", "en", "Old name") == "New name"


def test_a_body_read_in_one_language_keeps_the_others() -> None:
    stored = _activity().model_dump(mode="json")
    read = dict(stored, name="Kontoer", purposes=["Operate the website", "Kommunisere med brukerne", "Ny"])
    kept = localise_body(read, stored, "nb")
    assert kept["name"] == {"nb": "Kontoer", "en": "User accounts"}
    assert kept["purposes"] == [
        "Operate the website",
        {"nb": "Kommunisere med brukerne", "en": "Communicate with users"},
        {"nb": "Ny"},  # a new purpose beside purposes kept by language is recorded in the sheet's language
    ]


def test_in_language_gives_one_language_everywhere() -> None:
    subject = DataSubjectCategory.model_validate(
        {"key": "users", "name": {"nb": "Brukere", "en": "Users"}, "description": {"en": "Registered people"}}
    )
    norwegian = in_language(subject, "nb")
    assert type(norwegian.name) is str and norwegian.name == "Brukere"
    assert norwegian.description == "Registered people [en]"
