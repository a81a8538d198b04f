"""The review calendar for the shown register, computed once per store revision, date and window."""

from __future__ import annotations

from datetime import date

import streamlit as st

from catalog.domain.register import Register
from catalog.reference.reviews import checked_reviews
from catalog.review.due import DueReport, due_report
from ui import state


@st.cache_resource(show_spinner=False, max_entries=16)
def _due(url: str, revision: str, day: date, within_days: int, _register: Register) -> DueReport:
    return due_report(_register, state.reference(), day, within_days, checked_reviews(state.reference()))


def due_for(snap: state.Snapshot, within_days: int) -> DueReport:
    """What is overdue and due within ``within_days`` of the snapshot's as-of date, and what breaks next."""
    return _due(state.store_url(), snap.revision, snap.as_of, within_days, snap.register)
