"""Days typed by people: ISO dates and the other common ways of writing one, read as one ``date``.

A date field that ignores "2026/11/20" silently makes the first save fail without a reason; this
reads the forms people actually type and, for anything else, says exactly what to type.
"""

from __future__ import annotations

import re
from datetime import date

from catalog.errors import InputError

EXAMPLE = "2026-11-20"
ACCEPTED = ("2026-11-20", "2026/11/20", "2026.11.20", "20.11.2026", "20-11-2026")
"""The forms read, shown in the message for anything else (one example each)."""

# Year first with any of the usual separators; day first only with '.' or '-' (the European forms):
# "11/12/2026" is 11 December in Oslo and November 12 in New York, so a slash after a day is refused.
_YEAR_FIRST = re.compile(r"(\d{4})([-/.])(\d{1,2})\2(\d{1,2})")
_DAY_FIRST = re.compile(r"(\d{1,2})([.-])(\d{1,2})\2(\d{4})")


class NotADateError(InputError, ValueError):
    """Text that is no date in any accepted form; the message says what to type."""


def parse_day(text: str) -> date:
    """The day ``text`` names: 2026-11-20, 2026/11/20, 2026.11.20, 20.11.2026 or 20-11-2026 (spaces ignored)."""
    value = text.strip()
    if found := _YEAR_FIRST.fullmatch(value):
        year, month, day = int(found[1]), int(found[3]), int(found[4])
    elif found := _DAY_FIRST.fullmatch(value):
        day, month, year = int(found[1]), int(found[3]), int(found[4])
    else:
        raise NotADateError(not_a_date_message(text))
    try:
        return date(year, month, day)
    except ValueError:
        raise NotADateError(not_a_date_message(text)) from None


def not_a_date_message(text: str) -> str:
    """What to type instead of ``text`` (the English wording; the UI words it in the reader's language)."""
    return f"{text.strip()!r} is not a date: type it as {EXAMPLE} (year-month-day), or as {', '.join(ACCEPTED[1:])}"
