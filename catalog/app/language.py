"""The language people read the catalog in, for the CLI and the UI (which reach ``catalog`` only through
the application layer): translation catalogs and localised register text."""

from __future__ import annotations

from catalog.kernel.i18n import N_, Translate, TranslatePlural, plural_translator, translate, translator
from catalog.kernel.lang import Lang
from catalog.kernel.localtext import LocalText, local, stored_text
from catalog.kernel.phrase import Phrase, error_message, render
from catalog.store.base import RegisterStore

__all__ = [
    "N_",
    "Lang",
    "LocalText",
    "Phrase",
    "Translate",
    "TranslatePlural",
    "error_message",
    "local",
    "plural_translator",
    "reading_language",
    "render",
    "stored_text",
    "translate",
    "translator",
]


def reading_language(store: RegisterStore, chosen: Lang | str | None = None) -> Lang:
    """The language a command speaks: ``--lang`` when given, else the organisation's ``language`` setting,
    else English."""
    if chosen is not None:
        return Lang(chosen)
    organisation = store.get_organisation()
    setting = organisation.value.language if organisation is not None else None
    return setting or Lang.EN
