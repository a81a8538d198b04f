"""First run: an empty store offers the Verji example, a blank register (organisation first), or an import."""

from __future__ import annotations

import streamlit as st

from catalog.app import register as register_app
from catalog.app.history import context
from catalog.errors import CatalogError
from ui import session, snapshots
from ui.components.text import md_error

_ = session.ui_translator()

role = session.role()
store = snapshots.get_store(role)
st.title(_("Welcome: the register is empty"))
st.write(
    _(
        "This store holds no register yet. Start from the Verji example, start a blank register with your "
        "organisation's details, or import a register you already keep."
    )
)
if not role.can_write:
    st.info(_("Read-only (auditor): ask the DPO to start the register."))
    st.stop()

example, blank, imported = st.columns(3)
with example.container(border=True):
    st.subheader(_("Load the Verji example"))
    st.caption(_("The seeded register of Verji Tech AS, built from its privacy statement, to explore every page."))
    if st.button(_("Load the Verji example"), key="welcome_seed", type="primary"):
        try:
            register_app.seed(store, only_if_empty=True, change=context("seed", actor=session.actor()))
        except CatalogError as error:
            st.error(md_error(error, session.language()))
        else:
            st.switch_page("views/overview.py")
with blank.container(border=True):
    st.subheader(_("Start a blank register"))
    st.caption(_("Your organisation's details first (the controller), then processors, systems and activities."))
    st.page_link(
        "views/register.py",
        label=_("Start with the organisation form"),
        query_params={"kind": "organisation", "key": "__new__"},
    )
with imported.container(border=True):
    st.subheader(_("Import a register"))
    st.caption(
        _(
            "A record of processing in a spreadsheet (the ICO's or Datatilsynet's template, or this tool's "
            "export), a vendor's sub-processor list, or from the command line a folder of YAML files or Fides "
            "manifests."
        )
    )
    st.page_link("views/import_page.py", label=_("Open the Import page"))
