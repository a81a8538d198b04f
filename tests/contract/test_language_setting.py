"""The organisation's language setting is kept by both stores and decides the language a command speaks
when --lang is not given (issue #30)."""

from __future__ import annotations

from catalog.app.language import Lang, reading_language
from catalog.domain.register import Register
from catalog.store.base import RegisterStore


def test_the_language_setting_round_trips_and_applies(store: RegisterStore, seed_register: Register) -> None:
    assert reading_language(store) == Lang.EN  # an empty store speaks English
    organisation = seed_register.organisation.model_copy(update={"language": Lang.NB})
    store.replace_register(seed_register.model_copy(update={"organisation": organisation}))
    stored = store.get_organisation()
    assert stored is not None and stored.value.language == Lang.NB
    assert reading_language(store) == Lang.NB
    assert reading_language(store, "en") == Lang.EN  # --lang wins


def test_no_setting_means_english(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    stored = store.get_organisation()
    assert stored is not None and stored.value.language is None
    assert reading_language(store) == Lang.EN
