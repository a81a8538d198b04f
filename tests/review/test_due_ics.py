"""The calendar's events are written as icalendar writes them, byte for byte, whatever the text."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event

from catalog.kernel.textsafety import contain_bidi
from catalog.review.due import DueItem, DueKind, DueReport, kind_label
from catalog.review.ics import PRODID, UID_DOMAIN, fold, ics_text, render_ics

# Escapes, carets, line breaks (CRLF, bare CR, "\N"), control characters, direction controls, a signature
# and characters of two to four octets, so folding meets every boundary.
_HOSTILE = st.lists(
    st.sampled_from([*"ab ,;:\\^\r\n\tNé€😀\u202e\u2066\ufeff\x00\x7f", "\\N", "\r\n", "a" * 70]), max_size=60
).map("".join)


def _by_icalendar(report: DueReport, organisation: str) -> bytes:
    """The calendar as icalendar's own serialiser writes it (the writer before issue #33's round 7)."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add(
        "x-wr-calname",
        ics_text(f"{contain_bidi(organisation)}: register reviews"),
        parameters={"VALUE": "TEXT"},
    )
    stamp = datetime.combine(report.as_of, time.min, tzinfo=UTC)
    for item in report.items():
        event = Event()
        event.add("uid", f"{item.uid}@{UID_DOMAIN}")
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due_on)
        event.add("dtend", item.due_on + timedelta(days=1))
        summary = f"{kind_label(item.kind)}: {contain_bidi(item.entity)}"
        if item.overdue:
            summary = f"OVERDUE: {summary}"
        event.add("summary", ics_text(summary))
        affects = f"{item.affects[:1].upper()}{item.affects[1:].rstrip('.')}."
        event.add("description", ics_text(contain_bidi(f"{item.why}\n{affects}\n({item.subject})")))
        event.add("categories", [item.kind.value])
        calendar.add_component(event)
    written: bytes = calendar.to_ical()
    return written


@settings(max_examples=150, deadline=None)
@given(
    texts=st.lists(st.tuples(_HOSTILE, _HOSTILE, _HOSTILE, _HOSTILE), min_size=0, max_size=4),
    organisation=_HOSTILE,
    overdue=st.booleans(),
    kind=st.sampled_from(list(DueKind)),
)
def test_events_are_written_as_icalendar_writes_them(
    texts: list[tuple[str, str, str, str]], organisation: str, overdue: bool, kind: DueKind
) -> None:
    as_of = date(2027, 3, 1)
    items = [
        DueItem(
            uid=f"uid{index}",
            kind=kind,
            due_on=as_of + timedelta(days=index),
            overdue=overdue,
            entity=entity,
            subject=subject,
            why=why,
            affects=affects,
        )
        for index, (entity, subject, why, affects) in enumerate(texts)
    ]
    report = DueReport(as_of=as_of, within_days=90, overdue=[], upcoming=items, breaks=[])
    assert render_ics(report, organisation) == _by_icalendar(report, organisation)


@settings(max_examples=300, deadline=None)
@given(line=st.text(alphabet=st.sampled_from(list("a\\^é€😀 ")), max_size=400))
def test_a_line_is_folded_as_icalendar_folds_it(line: str) -> None:
    from icalendar.parser.string import _foldline  # the library's own folding, to compare with

    assert fold(line) == _foldline(line)
