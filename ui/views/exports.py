"""Exports: download every export ``catalog export`` writes, for the as-of date."""

from __future__ import annotations

import streamlit as st

from catalog.app.export import MIME_TYPES, ExportFormat, ExportKind, Lang, formats_for
from catalog.app.language import N_
from catalog.errors import CatalogError
from ui import session
from ui.components.exports import audit_pack_zip, file_name
from ui.components.text import md_error
from ui.snapshots import export_bytes
from ui.views.common import page_snapshot

LABELS = {
    ExportKind.ROPA: N_("Record of processing activities (Art. 30(1))"),
    ExportKind.PROCESSOR_RECORD: N_("Record as a processor (Art. 30(2))"),
    ExportKind.TRANSFERS: N_("Transfer register (Chapter V)"),
    ExportKind.SUBPROCESSORS: N_("Sub-processor list"),
    ExportKind.FINDINGS: N_("Findings"),
    ExportKind.REPORT: N_("Audit report (every table)"),
}

_ = session.ui_translator()
snap = page_snapshot()
st.title(_("Exports"))
st.caption(_("Everything is evaluated as of {date} (the sidebar's date).").format(date=snap.as_of.isoformat()))
if not session.holds("exports_lang"):
    # the exports start in the reader's language; a Norwegian DPO may still want the English layout for a regulator
    session.put("exports_lang", session.language().value)
lang = Lang(
    st.radio(
        _("Export language"),
        [lang.value for lang in Lang],
        format_func=lambda v: {"en": _("English (ICO layout)"), "nb": _("Norsk bokmål (Datatilsynet)")}.get(v, v),
        horizontal=True,
        key="exports_lang",
    )
)
kind = ExportKind(
    st.selectbox(
        _("Export"), [k.value for k in ExportKind], format_func=lambda v: _(LABELS[ExportKind(v)]), key="exports_kind"
    )
)
formats = formats_for(kind)
fmt = ExportFormat(st.radio(_("Format"), [f.value for f in formats], horizontal=True, key="exports_format"))
name = file_name(kind, fmt, snap.report, lang)
# Rendered when asked for, not on every run of the page: the ROPA as XLSX takes seconds at 100k entities.
choice = (snap.revision, snap.as_of, kind, fmt, lang)
if st.button(_("Prepare {name}").format(name=name), key="exports_prepare", type="primary"):
    session.put("exports_prepared", choice)
if session.get("exports_prepared") == choice:
    try:
        data = export_bytes(snap, kind, fmt, lang)  # cached per revision and choice: a rerun does not render again
    except CatalogError as error:
        st.error(md_error(error, session.language()))
    else:
        st.download_button(
            _("Download {name}").format(name=name),
            data=data,
            file_name=name,
            mime=MIME_TYPES[fmt],
            key="exports_download",
            type="primary",
        )

st.subheader(_("Audit pack"))
st.caption(_("Every table in every format, the audit report and a manifest with SHA-256 hashes, as one zip."))
# Built on request, not on every run of the page: at 100k entities it takes minutes.
pack_for = (snap.revision, snap.as_of, lang)
if st.button(_("Prepare the audit pack"), key="exports_pack_prepare"):
    session.put("exports_pack", (pack_for, audit_pack_zip(snap.register, snap.report, lang)))
prepared = session.get("exports_pack")
if prepared is not None and prepared[0] == pack_for:
    st.download_button(
        _("Download the audit pack (zip)"),
        data=prepared[1],
        file_name=f"audit-pack-{snap.as_of.isoformat()}-{lang.value}.zip",
        mime="application/zip",
        key="exports_pack_download",
    )
