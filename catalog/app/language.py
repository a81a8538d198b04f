"""The language people read the catalog in, for the CLI and the UI (which reach ``catalog`` only through
the application layer): translation catalogs and localised register text."""

from __future__ import annotations

from catalog.kernel.i18n import N_, Translate, TranslatePlural, plural_translator, translate, translator
from catalog.kernel.lang import Lang
from catalog.kernel.localtext import LocalText, local

__all__ = [
    "N_",
    "Lang",
    "LocalText",
    "Translate",
    "TranslatePlural",
    "local",
    "plural_translator",
    "translate",
    "translator",
]
