"""The review calendar for the shown register, computed once per store revision, date and window."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

import streamlit as st

from catalog.app.review import KIND_LABELS, DueItem, DueKind, DueReport, due_counts_on, due_on
from catalog.domain.register import Register
from ui import state
from ui.components.text import plotly_text

HOVER_ITEMS = 3
"""Items named in a timeline point's hover text; the rest are counted."""


@dataclass(frozen=True)
class TimelinePoint:
    """The items due on one day for one kind: one marker on the timeline, sized by their count."""

    due_on: date
    kind: DueKind
    items: tuple[DueItem, ...]

    @property
    def hover(self) -> str:
        """The first items by name and what they are, the rest counted (plotly's markup: ``<br>`` breaks)."""
        lines = [plotly_text(f"{item.entity}: {item.why}") for item in self.items[:HOVER_ITEMS]]
        if len(self.items) > HOVER_ITEMS:
            lines.append(f"… and {len(self.items) - HOVER_ITEMS} more")
        count = f"{len(self.items)} items ({plotly_text(KIND_LABELS[self.kind])})<br>" if len(self.items) > 1 else ""
        return count + "<br>".join(lines)

    @property
    def size(self) -> float:
        return min(12.0 + 4.0 * math.sqrt(len(self.items) - 1), 40.0)


def timeline_points(items: list[DueItem]) -> list[TimelinePoint]:
    """One point per day and kind, in the items' order: a 100k register can have ninety thousand items due on
    one day, which as markers took plotly a second to copy on every run of the page and drew as one dot."""
    grouped: dict[tuple[date, DueKind], list[DueItem]] = {}
    for item in items:
        grouped.setdefault((item.due_on, item.kind), []).append(item)
    return [TimelinePoint(due_on, kind, tuple(members)) for (due_on, kind), members in grouped.items()]


def due_for(snap: state.Snapshot, within_days: int) -> DueReport | None:
    """What is overdue and due within ``within_days`` of the snapshot's as-of date, and what breaks next;
    None while the worker thread works it out (seconds at 100k), its progress shown in place.

    The engine's report of the snapshot is reused rather than evaluated again.
    """
    reference, register, report, day = state.reference(), snap.register, snap.report, snap.as_of
    return state.in_background(
        snap,
        "due",
        "Working out what is due and what breaks next",
        ("due", day, within_days),
        lambda: due_on(register, reference, day, within_days, report=report),
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _counts(url: str, revision: str, day: date, within_days: int, _register: Register) -> tuple[int, int]:
    reference = state.reference()
    return due_counts_on(_register, reference, day, within_days)


def due_counts_for(snap: state.Snapshot, within_days: int) -> tuple[int, int]:
    """How many items are overdue and due within ``within_days`` (the overview's line), without their details."""
    return _counts(state.store_url(), snap.revision, snap.as_of, within_days, snap.register)
