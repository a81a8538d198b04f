"""The Streamlit entry point: a router. Pages live in ui/views; state in ui/snapshots.py.

Launched by ``catalog ui`` (which seeds an empty store and passes the store URL and role
through CATALOG_STORE and CATALOG_UI_READ_ONLY).
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import streamlit as st

# streamlit runs this file as a script; make the repository importable as when installed in place
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from catalog.errors import CatalogError  # noqa: E402
from ui import session, snapshots  # noqa: E402
from ui.components.text import md  # noqa: E402

st.set_page_config(page_title="GDPR transfer catalogue", layout="wide")

role = session.current_role()
if role is None:
    st.title("GDPR transfer catalogue")
    st.info("Sign in to open the register.")
    if st.button("Sign in", key="app_login"):
        st.login()
    st.stop()

session.set_role(role)
views = Path(__file__).parent / "views"
try:
    empty = snapshots.get_store(role).is_empty()
except CatalogError:
    empty = False  # the sidebar below says why the store cannot be read
# no page icons: Streamlit loads Material icons from a font CDN, and the app must work offline
pages = [
    st.Page(views / "overview.py", title="Overview", default=True),
    st.Page(views / "lineage.py", title="Lineage explorer"),
    st.Page(views / "transfer_map.py", title="Transfer map"),
    st.Page(views / "findings.py", title="Findings"),
    st.Page(views / "due.py", title="Due"),
    st.Page(views / "register.py", title="Register"),
    st.Page(views / "exports.py", title="Exports"),
    st.Page(views / "history.py", title="History"),
]
import_pages = [st.Page(views / "import_page.py", title="Import")] if role.can_write else []  # DPO only
pages.extend(import_pages)
if empty:
    # first run: nothing to show yet but the ways to start (the other pages need a register)
    pages = [
        st.Page(views / "welcome.py", title="Get started", default=True),
        st.Page(views / "overview.py", title="Overview"),
        st.Page(views / "register.py", title="Register"),
        *import_pages,
    ]
page = st.navigation(pages)

with st.sidebar:
    st.date_input(
        "As-of date",
        value=session.as_of(),
        min_value=date(1995, 1, 1),
        max_value=date(2100, 12, 31),
        key=session.AS_OF_KEY,
        help="Every page evaluates the law and the register's safeguards on this date.",
    )
    st.caption(f"Role: {role.label}")
    try:
        st.caption("Store: " + md(snapshots.get_store(role).display_url))
    except CatalogError as error:
        st.error(md(error))
    if session.auth_configured() and st.user.is_logged_in and st.button("Sign out", key="app_logout"):
        st.logout()

try:
    page.run()
except CatalogError as error:
    # library errors are messages for the user, never tracebacks
    st.error(md(error))
