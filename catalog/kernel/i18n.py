"""Translation of what people read: gettext catalogs, English as the source language.

Source strings are written in English in the code, marked with ``_`` (translated where used) or ``N_``
(marked only, for tables translated later), with ``{named}`` placeholders filled after translation::

    _ = translator(lang)
    message = _("{processor} has no data processing agreement").format(processor=name)

The bokmål translations live in ``catalog/locale/nb/LC_MESSAGES/<area>.po`` (one file per area of the
code, see ``AREAS``, so that work on the UI and on the rules does not edit the same file). Babel compiles
them when a language is first used, once per process: there is no build step that a fresh machine could
miss. ``python -m tools.i18n update`` refreshes the .po files from the sources; a test fails on any
entry that is missing, untranslated, fuzzy or stale.
"""

from __future__ import annotations

import gettext
import io
from collections.abc import Callable
from functools import cache
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from catalog import errors
from catalog.kernel.lang import Lang

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
"""``catalog/locale``: ``<lang>/LC_MESSAGES/<area>.po`` for every language but English."""

REPO_ROOT = Path(__file__).resolve().parents[2]

AREAS: dict[str, tuple[str, ...]] = {
    "core": (
        "catalog/compliance",
        "catalog/domain",
        "catalog/errors.py",
        "catalog/graph",
        "catalog/history",
        "catalog/kernel",
        "catalog/reference",
        "catalog/registerfile",
        "catalog/review",
        "catalog/store",
    ),
    "exchange": ("catalog/exporters", "catalog/importers", "catalog/interop"),
    "cli": ("catalog/app", "catalog/cli"),
    "ui": ("ui",),
}
"""Each catalog file and the sources (relative to the repository root) whose strings it translates."""

Translate = Callable[[str], str]
TranslatePlural = Callable[[str, str, int], str]


def N_(message: str) -> str:  # the gettext name extraction tools look for
    """Mark ``message`` for translation without translating it (tables translated where they are read)."""
    return message


@cache
def _translations(lang: str) -> gettext.NullTranslations:
    if lang == Lang.EN:
        return gettext.NullTranslations()
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    merged = Catalog(locale=lang)
    for area in AREAS:
        path = folder / f"{area}.po"
        if not path.exists():
            continue
        with path.open("rb") as handle:
            for message in read_po(handle, locale=lang):
                if message.id and message.string and not message.fuzzy:
                    merged[message.id] = message
    compiled = io.BytesIO()
    write_mo(compiled, merged)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def translator(lang: Lang | str) -> Translate:
    """``_`` for ``lang``: the English source string translated, or itself when no translation exists."""
    return _translations(str(lang)).gettext


def plural_translator(lang: Lang | str) -> TranslatePlural:
    """``ngettext`` for ``lang``: singular or plural by count, translated."""
    return _translations(str(lang)).ngettext


def translate(message: str, lang: Lang | str) -> str:
    """One marked string (``N_``) in ``lang``."""
    return translator(lang)(message)


errors.use_translation(translate)  # so an error's own words (a validation error's header) are translated too
