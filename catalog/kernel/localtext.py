"""Register text in one language or several: a name, a purpose, a description.

A ``LocalText`` is a ``str`` (its English text when it has one, else its first language's), so code that
only reads or compares text keeps working; what a person reads picks a language with ``local``.

When the language asked for is missing, ``local`` shows another language's text followed by the
fallback marker, a space and that language's code in brackets: ``"User accounts [en]"`` in a bokmål
export. ``read_local`` (what an import does with a cell) recognises the marker and strips it, so an
export read back changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from catalog.kernel.lang import Lang

LANGUAGES: tuple[str, ...] = tuple(lang.value for lang in Lang)
"""The language codes register text may be written in."""

_MARKER = re.compile(r"^(?P<text>.*\S) \[(?P<lang>" + "|".join(LANGUAGES) + r")\]$", re.DOTALL)


class LocalText(str):
    """A text with its variants by language code, e.g. ``{"nb": "Brukerkontoer", "en": "User accounts"}``."""

    variants: dict[str, str]

    def __new__(cls, variants: Mapping[str, str]) -> LocalText:
        if not variants:
            raise ValueError("a localised text needs at least one language")
        primary = variants.get("en") or next(iter(variants.values()))
        text = super().__new__(cls, primary)
        text.variants = dict(variants)
        return text

    def __getnewargs__(self) -> tuple[dict[str, str]]:  # type: ignore[override]
        # copy and pickle rebuild a LocalText from its variants, not from its text
        return (self.variants,)

    def __eq__(self, other: object) -> bool:
        # two texts that agree in English but not in bokmål are different register text
        if isinstance(other, LocalText):
            return self.variants == other.variants
        return str.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = str.__hash__


def local(text: str, lang: str) -> str:
    """``text`` in ``lang``; a plain ``str`` is returned as it is (a register written in one language).

    A text without ``lang`` gives its English (else first) variant marked with its code: ``"User accounts [en]"``.
    """
    if isinstance(text, LocalText):
        found = text.variants.get(lang)
        if found is not None:
            return found
        shown = "en" if "en" in text.variants else next(iter(text.variants))
        return f"{text.variants[shown]} [{shown}]"
    return text


def unmarked(cell: str) -> tuple[str, str | None]:
    """A cell's text without a fallback marker, and the language the marker named (None without one)."""
    found = _MARKER.match(cell)
    if found is None:
        return cell, None
    return found["text"], found["lang"]


def read_local(cell: str, lang: str, current: str | None) -> str:
    """The register text an imported cell in ``lang`` stands for, given the text the register holds.

    The cell sets only its own language's variant and keeps the others; a cell the register would export
    unchanged (with or without the fallback marker) keeps ``current`` as it is. A register in one language
    (a plain ``str``) takes the cell as it is.
    """
    if current is not None and local(current, lang) == cell:
        return current
    text, marked = unmarked(cell)
    if marked is not None:
        lang = marked
    if not isinstance(current, LocalText):
        return text
    if current.variants.get(lang) == text:
        return current
    return LocalText({**current.variants, lang: text})


def stored_text(value: object, lang: str) -> str:
    """Register text as a stored JSON row holds it (a string, or ``{en: ..., nb: ...}``) in ``lang``: the
    requested variant, else the English, else the first; empty for nothing."""
    if isinstance(value, dict):
        return str(value.get(lang) or value.get("en") or next(iter(value.values()), ""))
    if value is None:
        return ""
    return local(str(value), lang)
