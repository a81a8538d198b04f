"""The due items as an iCalendar file (RFC 5545), for a calendar subscription.

Each item keeps its UID from run to run (it is derived from what is due, not from the date or the
run), so a subscribed calendar moves or updates an event instead of adding a second one. The stamp is
the as-of date, so the same register on the same date gives the same bytes.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from icalendar import Calendar, Event

from catalog.review.due import KIND_LABELS, DueReport

PRODID = "-//gdpr-transfer-catalog//catalog due//EN"
UID_DOMAIN = "gdpr-transfer-catalog"


def render_ics(report: DueReport, organisation: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"{organisation}: register reviews")
    stamp = datetime.combine(report.as_of, time.min, tzinfo=UTC)
    for item in report.items():
        event = Event()
        event.add("uid", f"{item.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        overdue = "OVERDUE: " if item.overdue else ""
        event.add("summary", f"{overdue}{KIND_LABELS[item.kind]}: {item.entity}")
        event.add(
            "description", f"{item.why}\n{item.affects[:1].upper()}{item.affects[1:].rstrip('.')}.\n({item.subject})"
        )
        event.add("categories", [item.kind.value])
        calendar.add_component(event)
    data: bytes = calendar.to_ical()
    return data
