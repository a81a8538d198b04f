"""Exports: download every export the CLI produces (from the exports module, once merged)."""

from __future__ import annotations

import streamlit as st

from ui.views.common import page_snapshot

snap = page_snapshot()
st.title("Exports")
try:
    import catalog.exporters  # type: ignore[import-not-found]  # noqa: F401
except ImportError:
    st.info("The exporters are not installed in this build.")
    st.stop()
