"""Helpers every page shares: the snapshot for this run, and the engine's absence explained once."""

from __future__ import annotations

import streamlit as st

from ui import state
from ui.components.roles import Role


def page_snapshot() -> state.Snapshot:
    role: Role = st.session_state.get("role", Role.AUDITOR)
    return state.snapshot(role)
