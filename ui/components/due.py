"""The review calendar for the shown register, computed once per store revision, date and window."""

from __future__ import annotations

from datetime import date

import streamlit as st

from catalog.compliance.model import CheckReport
from catalog.domain.register import Register
from catalog.reference.reviews import checked_reviews
from catalog.review.due import DueReport, due_report
from ui import state


@st.cache_resource(show_spinner=False, max_entries=16)
def _due(
    url: str, revision: str, day: date, within_days: int, breaks: bool, _register: Register, _report: CheckReport
) -> DueReport:
    reference = state.reference()
    return due_report(_register, reference, day, within_days, checked_reviews(reference), report=_report, breaks=breaks)


def due_for(snap: state.Snapshot, within_days: int, breaks: bool = True) -> DueReport:
    """What is overdue and due within ``within_days`` of the snapshot's as-of date, and what breaks next.

    The engine's report of the snapshot is reused; ``breaks=False`` (the overview's counts) skips what
    breaks next, which evaluates every valid transfer on each later day it could end.
    """
    return _due(state.store_url(), snap.revision, snap.as_of, within_days, breaks, snap.register, snap.report)
