"""The languages the catalog writes and reads registers in."""

from __future__ import annotations

from enum import StrEnum


class Lang(StrEnum):
    """Export language: English (ICO layout) or Norwegian bokmål (Datatilsynet layout)."""

    EN = "en"
    NB = "nb"
