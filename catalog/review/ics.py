"""The due items as an iCalendar file (RFC 5545), for a calendar subscription.

Each item keeps its UID from run to run (it is derived from what is due, not from the date or the
run), so a subscribed calendar moves or updates an event instead of adding a second one. The stamp is
the as-of date, so the same register on the same date gives the same bytes.

Every text value goes through ``vText``, which escapes it per RFC 5545 (backslash, semicolon, comma, and
each line break, a bare CR included, as ``\\n``), so a name can never start a line of its own. The
calendar name is an X- property, which icalendar would otherwise write verbatim; it is marked
``VALUE=TEXT`` so readers decode it as text too. Direction controls in a name are closed before the
text that follows it (``contain_bidi``).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar, Event, vText

from catalog.kernel.i18n import translator
from catalog.kernel.textsafety import contain_bidi
from catalog.review.due import DueReport, kind_label

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
    stamp = datetime.combine(report.as_of, time.min, tzinfo=UTC)
    for item in report.items():
        event = Event()
        event.add("uid", f"{item.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        summary = f"{kind_label(item.kind, lang)}: {contain_bidi(item.entity)}"
        if item.overdue:
            summary = _("OVERDUE: {summary}").format(summary=summary)
        event.add("summary", ics_text(summary))
        affects = f"{item.affects[:1].upper()}{item.affects[1:].rstrip('.')}."
        event.add("description", ics_text(contain_bidi(f"{item.why}\n{affects}\n({item.subject})")))
        event.add("categories", [item.kind.value])
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
