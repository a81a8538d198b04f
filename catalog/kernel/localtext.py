"""Register text in one language or several: a name, a purpose, a description.

A ``LocalText`` is a ``str`` (its English text when it has one, else its first language's), so code that
only reads or compares text keeps working; what a person reads picks a language with ``local``.
"""

from __future__ import annotations

from collections.abc import Mapping


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


def local(text: str, lang: str) -> str:
    """``text`` in ``lang``; a plain ``str`` is returned as it is (a register written in one language)."""
    if isinstance(text, LocalText):
        return text.variants.get(lang, str(text))
    return text
