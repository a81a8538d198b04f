"""Spreadsheet formula neutralisation (OWASP "CSV injection").

A spreadsheet runs a cell as a formula when its text starts with '=', '+', '-' or '@' (and some
readers skip a leading tab or carriage return first; '{=' starts an array formula). CSV has no
cell types, so such text gets a leading apostrophe, which spreadsheets treat as "this is text".
XLSX has types: text is always written as a string cell, never through formula detection.
"""

from __future__ import annotations

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "{=", "＝", "＋", "－", "＠")
"""Leading characters that make a spreadsheet evaluate text (full-width forms included)."""


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """Text that no spreadsheet evaluates: a leading apostrophe when the text could start a formula."""
    return "'" + text if is_formula_like(text) else text
