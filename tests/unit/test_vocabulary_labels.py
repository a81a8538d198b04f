"""Every service category (the vendor table's Category column) reads as a proper label in both languages, never as
its value title-cased ('Crm'), and acronyms keep their capitals (issue #30)."""

from __future__ import annotations

from catalog.app.language import Lang
from catalog.domain.vocab import ServiceCategory, SystemKind
from ui.components.forms import enum_label


def test_every_service_category_has_a_label_in_english_and_bokmal() -> None:
    for category in ServiceCategory:
        english, bokmal = enum_label(category.value, Lang.EN), enum_label(category.value, Lang.NB)
        assert english and bokmal and bokmal != english, (category, english, bokmal)
    assert enum_label("crm", Lang.EN) == "Customer relationship management (CRM)"
    assert enum_label("crm", Lang.NB) == "Kunderelasjoner (CRM)"


def test_acronyms_keep_their_capitals() -> None:
    labels = [enum_label(value, Lang.EN) for value in ("crm", "dpo", "hr", "eu_representative")]
    labels.append(enum_label(SystemKind.SAAS.value, Lang.EN))
    assert not any(word in label for label in labels for word in ("Crm", "Dpo", "Hr", "Eu ", "Saas")), labels
