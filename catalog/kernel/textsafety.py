"""Text that stays text in an export: spreadsheet formulas neutralised, direction controls contained.

A spreadsheet runs a cell as a formula when its text starts with '=', '+', '-' or '@' (and some
readers skip a leading tab or carriage return first; '{=' starts an array formula). CSV has no
cell types, so such text gets a leading apostrophe, which spreadsheets treat as "this is text".
XLSX has types: text is always written as a string cell, never through formula detection.

Direction controls: see ``contain_bidi``.
"""

from __future__ import annotations

import re

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "{=", "＝", "＋", "－", "＠")
"""Leading characters that make a spreadsheet evaluate text (full-width forms included)."""


def is_formula_like(text: str) -> bool:
    return text.startswith(FORMULA_TRIGGERS)


def neutralise(text: str) -> str:
    """Text that no spreadsheet evaluates: a leading apostrophe when the text could start a formula."""
    return "'" + text if is_formula_like(text) else text


# --- Bidirectional-text controls -------------------------------------------------------------------
# A name holding U+202E (right-to-left override) would reverse the text that follows it on the same
# line: "<name> approved the transfer" can be made to read as something else. In the formats a person
# reads (Markdown, HTML, iCalendar), each value's controls are balanced so they end where it ends.

_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE, RLE, LRO, RLO: closed by PDF
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI, RLI, FSI: closed by PDI
_POP_FORMATTING = "\u202c"
_POP_ISOLATE = "\u2069"
BIDI_CONTROLS = _EMBEDDINGS | _ISOLATES | {_POP_FORMATTING, _POP_ISOLATE}
_PARAGRAPH_BREAK = re.compile("([\n\r\x1c-\x1e\x85\u2029])")
"""The characters that end a paragraph in the Unicode bidirectional algorithm, and with it every control."""


def contain_bidi(text: str) -> str:
    """``text`` whose direction controls cannot reach past it; unchanged when they already do not.

    In each paragraph, a closing control with nothing of the value's own to close is dropped (it would
    close the surrounding text's) and every control left open is closed at the paragraph's end.
    """
    if not BIDI_CONTROLS.intersection(text):
        return text
    return "".join(_balanced(part) for part in _PARAGRAPH_BREAK.split(text))


def _balanced(paragraph: str) -> str:
    kept: list[str] = []
    open_stack: list[str] = []
    for char in paragraph:
        if char in _EMBEDDINGS or char in _ISOLATES:
            open_stack.append(char)
        elif char == _POP_FORMATTING:
            if not open_stack or open_stack[-1] not in _EMBEDDINGS:
                continue
            open_stack.pop()
        elif char == _POP_ISOLATE:
            if not _ISOLATES.intersection(open_stack):
                continue
            # A PDI also closes the embeddings opened inside its isolate.
            while open_stack.pop() not in _ISOLATES:
                pass
        kept.append(char)
    closing = "".join(_POP_ISOLATE if c in _ISOLATES else _POP_FORMATTING for c in reversed(open_stack))
    return "".join(kept) + closing
