"""The review calendar for the shown register, computed once per store revision, date and window."""

from __future__ import annotations

from datetime import date

import streamlit as st

from catalog.domain.register import Register
from catalog.reference.reviews import checked_reviews
from catalog.review.due import DueReport, due_counts, due_report
from ui import state


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
        lambda: due_report(register, reference, day, within_days, checked_reviews(reference), report=report),
    )


@st.cache_resource(show_spinner=False, max_entries=16)
def _counts(url: str, revision: str, day: date, within_days: int, _register: Register) -> tuple[int, int]:
    reference = state.reference()
    return due_counts(_register, reference, day, within_days, checked_reviews(reference))


def due_counts_for(snap: state.Snapshot, within_days: int) -> tuple[int, int]:
    """How many items are overdue and due within ``within_days`` (the overview's line), without their details."""
    return _counts(state.store_url(), snap.revision, snap.as_of, within_days, snap.register)
