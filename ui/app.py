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

from catalog.app.language import Lang, translator  # noqa: E402
from catalog.app.search import SearchEntry  # noqa: E402
from catalog.errors import CatalogError  # noqa: E402
from ui import session, snapshots  # noqa: E402
from ui.components.search import sidebar_search  # noqa: E402
from ui.components.text import md, md_error  # noqa: E402
from ui.views.vendor_table import search_entries  # noqa: E402

# Each language in its own words: a reader finds theirs whatever the page is in. (A comment, not a docstring:
# Streamlit would show a bare string here on the page.)
LANGUAGE_NAMES = {Lang.EN.value: "English", Lang.NB.value: "Norsk bokmål"}

role = session.current_role()


def organisation_language() -> object:
    """The organisation's default language (a register setting; absent from older registers)."""
    if role is None:
        return None
    try:
        return getattr(snapshots.get_store(role).get_organisation(), "language", None)
    except CatalogError:
        return None


lang = session.language(organisation_language)
_ = translator(lang)
st.set_page_config(page_title=_("GDPR transfer catalogue"), layout="wide")
session.keep_language_in_address(lang)


def language_choice() -> None:
    st.selectbox(
        _("Language"),
        list(LANGUAGE_NAMES),
        format_func=LANGUAGE_NAMES.__getitem__,
        key=session.LANG_KEY,
        on_change=session.remember_chosen_language,
    )


if role is None:
    st.title(_("GDPR transfer catalogue"))
    st.info(_("Sign in to open the register."))
    if st.button(_("Sign in"), key="app_login"):
        st.login()
    with st.sidebar:
        language_choice()
    st.stop()

session.set_role(role)
views = Path(__file__).parent / "views"
try:
    empty = snapshots.get_store(role).is_empty()
except CatalogError:
    empty = False  # the sidebar below says why the store cannot be read
# no page icons: Streamlit loads Material icons from a font CDN, and the app must work offline
pages = [
    st.Page(views / "overview.py", title=_("Overview"), default=True),
    st.Page(views / "lineage.py", title=_("Lineage explorer")),
    st.Page(views / "transfer_map.py", title=_("Transfer map")),
    st.Page(views / "findings.py", title=_("Findings")),
    st.Page(views / "due.py", title=_("Due")),
    st.Page(views / "tia.py", title=_("Transfer impact assessments")),
    st.Page(views / "register.py", title=_("Register")),
    st.Page(views / "exports.py", title=_("Exports")),
    st.Page(views / "history.py", title=_("History")),
]
import_pages = [st.Page(views / "import_page.py", title=_("Import"))] if role.can_write else []  # DPO only
pages.extend(import_pages)
if empty:
    # first run: nothing to show yet but the ways to start (the other pages need a register)
    pages = [
        st.Page(views / "welcome.py", title=_("Get started"), default=True),
        st.Page(views / "overview.py", title=_("Overview")),
        st.Page(views / "register.py", title=_("Register")),
        *import_pages,
    ]
page = st.navigation(pages)


def register_search_entries() -> tuple[SearchEntry, ...] | None:
    """The search index of the register shown (None while the store is empty: nothing to find)."""
    if empty or role is None:
        return None
    return search_entries(snapshots.snapshot(role), lang)


with st.sidebar:
    sidebar_search(register_search_entries, lang)
    language_choice()
    st.date_input(
        _("As-of date"),
        value=session.as_of(),
        min_value=date(1995, 1, 1),
        max_value=date(2100, 12, 31),
        key=session.AS_OF_KEY,
        help=_("Every page evaluates the law and the register's safeguards on this date."),
    )
    st.caption(_("Role: {role}").format(role=_(role.label)))
    try:
        st.caption(_("Store: {url}").format(url=md(snapshots.get_store(role).display_url)))
    except CatalogError as error:
        st.error(md_error(error, lang))
    if session.auth_configured() and st.user.is_logged_in and st.button(_("Sign out"), key="app_logout"):
        st.logout()

try:
    page.run()
except CatalogError as error:
    # library errors are messages for the user, never tracebacks
    st.error(md_error(error, lang))
