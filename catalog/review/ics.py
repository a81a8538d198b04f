"""The due items as an iCalendar file (RFC 5545), for a calendar subscription.

Each item keeps its UID from run to run (it is derived from what is due, not from the date or the
run), so a subscribed calendar moves or updates an event instead of adding a second one. The stamp is
the as-of date, so the same register on the same date gives the same bytes.

Every text value goes through ``vText``, which escapes it per RFC 5545 (backslash, semicolon, comma, and
each line break, a bare CR included, as ``\\n``), so a name can never start a line of its own. The
calendar name is an X- property, which icalendar would otherwise write verbatim; it is marked
``VALUE=TEXT`` so readers decode it as text too. Direction controls in a name are closed before the
text that follows it (``contain_bidi``).

The calendar's own lines are written by icalendar; each event's lines (a fixed set of properties, tens
of thousands of events at 100k entities, where icalendar's generic serialiser takes a minute) are
written here the way icalendar writes them: the same TEXT escaping, property order, date forms and
line folding, byte for byte (tests/review/test_due_ics.py compares the two on hostile text).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta

from icalendar import Calendar, vText

from catalog.kernel.i18n import translator
from catalog.kernel.textsafety import contain_bidi
from catalog.review.due import DueItem, DueReport, kind_label

PRODID = "-//gdpr-transfer-catalog//catalog due//EN"
UID_DOMAIN = "gdpr-transfer-catalog"

_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters RFC 5545 TEXT may not hold (line breaks are escaped instead, tabs allowed)."""


def ics_text(text: str) -> vText:
    """A TEXT value (``vText`` escapes it when written) without the control characters the format forbids."""
    return vText(_NOT_TEXT.sub("", text))


def render_ics(report: DueReport, organisation: str, lang: str = "en") -> bytes:
    """The calendar of ``report`` (worded in ``lang`` by ``due.worded`` when not English)."""
    _ = translator(lang)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add(
        "x-wr-calname",
        ics_text(_("{organisation}: register reviews").format(organisation=contain_bidi(organisation))),
        parameters={"VALUE": "TEXT"},
    )
    frame: bytes = calendar.to_ical()
    # the events follow the calendar's properties, before its last line
    end = b"END:VCALENDAR\r\n"
    if not frame.endswith(end):  # pragma: no cover - icalendar's own framing
        raise ValueError("icalendar wrote an unexpected calendar frame")
    stamp = _datetime_value(datetime.combine(report.as_of, time.min, tzinfo=UTC))
    overdue = _("OVERDUE: {summary}")
    labels: dict[str, str] = {}
    events = []
    for item in report.items():
        label = labels.get(item.kind)
        if label is None:
            label = labels[item.kind] = kind_label(item.kind, lang)
        summary = f"{label}: {contain_bidi(item.entity)}"
        if item.overdue:
            summary = overdue.format(summary=summary)
        affects = f"{item.affects[:1].upper()}{item.affects[1:].rstrip('.')}."
        description = contain_bidi(f"{item.why}\n{affects}\n({item.subject})")
        events.append(_event(item, stamp, summary, description))
    return frame[: -len(end)] + "".join(events).encode() + end


def _event(item: DueItem, stamp: str, summary: str, description: str) -> str:
    """One VEVENT's folded lines, each ended by CRLF, as icalendar writes them (``Event.to_ical``):
    SUMMARY, DTSTART, DTEND, DTSTAMP and UID in its canonical order, then the rest alphabetically."""
    lines = (
        "BEGIN:VEVENT",
        "SUMMARY:" + _text_value(summary),
        "DTSTART;VALUE=DATE:" + _date_value(item.due_on),
        "DTEND;VALUE=DATE:" + _date_value(item.due_on + timedelta(days=1)),
        "DTSTAMP:" + stamp,
        "UID:" + _text_value(f"{item.uid}@{UID_DOMAIN}"),
        "CATEGORIES:" + _text_value(item.kind.value),
        "DESCRIPTION:" + _text_value(description),
        "END:VEVENT",
    )
    return "".join(fold(line) + "\r\n" for line in lines)


def _text_value(text: str) -> str:
    """A TEXT value as icalendar writes it: ``ics_text``, escaped per RFC 5545 (backslash first, then
    semicolon and comma, then each line break, a bare CR included, as ``\\n``); icalendar decodes the
    escaped bytes as UTF-8 with an optional signature, so one leading U+FEFF is dropped as there."""
    escaped = (
        _NOT_TEXT.sub("", text)
        .replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )
    return escaped.removeprefix("\ufeff")


def _date_value(day: date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _datetime_value(moment: datetime) -> str:
    """A UTC date-time as icalendar writes it: 20261127T000000Z."""
    return f"{_date_value(moment.date())}T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"


_FOLD_AT = 75
"""RFC 5545: lines of at most 75 octets; icalendar breaks before the octet that would reach it."""


def fold(line: str) -> str:
    """``line`` folded as icalendar folds it (CRLF and a space before the octet that would make 75, never
    right after a backslash or a caret, so an escape stays on one line)."""
    if line.isascii():
        if len(line) < _FOLD_AT:
            return line
        return _fold_ascii(line)
    return _fold_octets(line)


def _fold_ascii(line: str) -> str:
    """``_fold_octets`` for a line of one-octet characters: slices instead of a loop per character."""
    pieces = []
    start = 0
    while len(line) - start >= _FOLD_AT:
        cut = start + _FOLD_AT - 1
        if line[cut - 1] in "\\^" and cut - 1 > start:  # the escape's first character starts the next line
            cut -= 1
        pieces.append(line[start:cut])
        start = cut
    pieces.append(line[start:])
    return "\r\n ".join(pieces)


def _fold_octets(line: str) -> str:
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode())
        if current and count + size >= _FOLD_AT:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                pieces.append("".join(current))
                current, count = [carried], len(carried.encode())
            else:
                pieces.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)
