"""Import (DPO only): upload a ROPA spreadsheet or a vendor's sub-processor list, preview the change and its
findings, then apply it. The same import plan as ``catalog import``: nothing is written before Apply."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

import streamlit as st

from catalog.app.history import context
from catalog.app.imports import (
    ImportMode,
    ImportPlan,
    Layout,
    apply_plan,
    label_of,
    plain_value,
    preview_upload,
    row_entity_words,
)
from catalog.app.kept_check import KeptCheck
from catalog.app.language import N_, local, render
from catalog.app.review import finding_problem
from catalog.app.stores import RegisterStore
from catalog.domain.register import Register
from catalog.errors import CatalogError
from ui import session, snapshots
from ui.components.roles import Role
from ui.components.text import md, md_error
from ui.components.words import section_heading, severity_word
from ui.views.common import page_snapshot

SOURCE_LABELS = {
    "ico": N_("ICO controller template"),
    "datatilsynet": N_("Datatilsynet's controller protocol"),
    "catalog-ropa": N_("this tool's ROPA export"),
    "subprocessors": N_("vendor sub-processor list"),
}
ROPA, VENDOR = "ropa", "subprocessors"
AUTO = "auto"
# The encodings a CSV saved by a spreadsheet program on this side of Europe is likely to be in; "auto" reads
# it as `catalog import` does without --encoding (UTF-8, or the UTF-8/16/32 its byte-order mark names).
CSV_ENCODINGS = {
    AUTO: N_("Detect: UTF-8, or what the file's byte-order mark names"),
    "cp1252": N_('Windows-1252 (Excel\'s "CSV" on Windows)'),
    "latin-1": "Latin-1 (ISO 8859-1)",
    "iso8859-15": "Latin-9 (ISO 8859-15)",
    "mac-roman": "Mac OS Roman",
    "cp865": N_("DOS Nordic (code page 865)"),
}


@dataclass(frozen=True)
class ImportContext:
    """What the page needs of the store; the register is None while the store is empty (first run)."""

    role: Role
    store: RegisterStore
    register: Register | None
    revision: str
    as_of: date
    checking_newer: bool = False
    """A newer revision is being loaded and checked: the page shows an older one and cannot import."""


def import_context() -> ImportContext:
    role = session.role()
    store = snapshots.get_store(role)
    if store.is_empty():  # the first run's way in: there is no register to snapshot yet
        return ImportContext(role, store, None, store.revision(), session.as_of())
    loaded = page_snapshot()
    return ImportContext(
        loaded.role, loaded.store, loaded.register, loaded.revision, loaded.as_of, loaded.pending is not None
    )


lang = session.language()
_ = session.ui_translator()


def shown_value(value: object) -> str:
    """A field's value in the preview: "none" in the reader's language, else as the import plan words it."""
    return _("none") if value is None or value == [] or value == {} else plain_value(value)


def csv_encoding(name: str) -> str | None:
    """The text encoding chosen for a CSV upload (None: detected); a workbook has none to choose."""
    if not name.lower().endswith(".csv"):
        return None
    chosen = st.selectbox(
        _("Text encoding"),
        list(CSV_ENCODINGS),
        format_func=lambda encoding: _(CSV_ENCODINGS[encoding]),
        key="import_encoding",
        help=_("A CSV that is not valid in the chosen encoding is refused, naming its line; nothing is guessed."),
    )
    return None if chosen == AUTO else chosen


snap = import_context()
st.title(_("Import"))
if not snap.role.can_write:
    st.info(_("Importing changes the register; only the DPO can import. This view is read-only."))
    st.stop()
if snap.checking_newer:
    st.info(_("Importing waits until the register's newest change is loaded and checked (see above)."))
    st.stop()

st.caption(
    _(
        "Bring in a record of processing kept in a spreadsheet (the ICO controller template, Datatilsynet's "
        "protocol or this tool's own ROPA export; .xlsx, .ods or .csv), or a vendor's list of sub-processors. "
        "You see what would change and which findings would appear or disappear on {date} before anything is "
        "written."
    ).format(date=snap.as_of.isoformat())
)
what = st.radio(
    _("What are you importing?"),
    [ROPA, VENDOR],
    format_func=lambda v: _("Record of processing (spreadsheet)") if v == ROPA else _("A vendor's sub-processor list"),
    horizontal=True,
    key="import_what",
)
processor_key: str | None = None
mode: ImportMode | None = None
layout: Layout | None = None
if what == VENDOR:
    processors = {p.key: p.legal_name for p in snap.register.processors} if snap.register else {}
    if not processors:
        st.info(_("The register has no processor yet; import a record of processing first."))
        st.stop()
    processor_key = st.selectbox(
        _("Processor whose list this is"),
        sorted(processors, key=lambda k: processors[k].casefold()),
        format_func=lambda k: f"{processors[k]} ({k})",
        key="import_processor",
    )
else:
    layout_choice = st.selectbox(
        _("Layout"),
        ["detect", *(layout.value for layout in Layout)],
        format_func=lambda v: _("Detect from the header row") if v == "detect" else _(Layout(v).label),
        key="import_layout",
    )
    layout = None if layout_choice == "detect" else Layout(layout_choice)
    mode = ImportMode(
        st.radio(
            _("Mode"),
            [ImportMode.MERGE.value, ImportMode.REPLACE.value],
            format_func=lambda v: (
                _("Merge: add and update, remove nothing")
                if v == "merge"
                else _("Replace: the sheet becomes the whole register")
            ),
            horizontal=True,
            key="import_mode",
        )
    )
upload = st.file_uploader(_("File"), type=["xlsx", "ods", "csv"], key="import_file")
if upload is None:
    st.stop()

data, file_name = upload.getvalue(), upload.name
encoding = csv_encoding(file_name)


def preview(chosen: frozenset[tuple[str, str, str]]) -> ImportPlan:
    """The plan of the upload, the conflicts in ``chosen`` taking the file's value; stops the page on bad input."""
    store, stored, as_of = snap.store, snap.register, snap.as_of

    def plan_on(kept: KeptCheck | None) -> ImportPlan:
        # On the worker's thread: no Streamlit call here. With the worker's kept check, the plan is made on its
        # register and takes its findings delta from it, leaving it as it was.
        return preview_upload(
            store,
            data,
            file_name,
            stored=stored,
            processor_key=processor_key,
            mode=mode,
            layout=layout,
            as_of=as_of,
            chosen=chosen,
            encoding=encoding,
            kept=kept,
        )

    try:
        if stored is None:  # an empty store: no check is kept for it
            return plan_on(None)
        key = (hashlib.sha256(data).hexdigest(), file_name, what, processor_key, mode, layout, encoding, chosen)
        return snapshots.on_kept_check(snap.revision, as_of, "import-preview", key, plan_on)
    except CatalogError as error:
        st.error(md_error(error, lang))
        if file_name.lower().endswith(".csv") and encoding is None:  # the CLI's hint names --encoding
            st.info(_("A CSV saved in another encoding than UTF-8 is read once you choose it under Text encoding."))
        st.stop()


# The preview reads the file and runs the engine twice; every widget click reruns the page, so it is kept
# for the same file, options, date and store revision.
preview_key = (snap.revision, hashlib.sha256(data).hexdigest(), what, processor_key, mode, layout, encoding, snap.as_of)
cached = session.get("import_preview")
if cached is not None and cached[0] == preview_key:
    plan: ImportPlan = cached[1]
else:
    plan = preview(frozenset())
    session.put("import_preview", (preview_key, plan))

st.subheader(_("Preview"))
if plan.conflicts:
    st.markdown(
        "**"
        + _("Conflicts ({count})").format(count=len(plan.conflicts))
        + "**: "
        + _(
            "the file states these only coarsely, and differently from the register. The register's value is kept "
            "unless you choose the file's."
        )
    )
    st.dataframe(
        [
            {
                _("kind"): section_heading(c.kind, _),
                _("name"): local(c.name, lang),
                _("field"): _(label_of(c.kind, c.field)),
                _("in the register"): shown_value(c.stored),
                _("in the file"): shown_value(c.source),
            }
            for c in plan.conflicts
        ],
        hide_index=True,
        key="import_conflicts",
    )
    by_label = {f"{c.name}: {_(label_of(c.kind, c.field))}": (c.kind, c.key, c.field) for c in plan.conflicts}
    picked = st.multiselect(_("Take the file's value for"), list(by_label), key="import_take_source")
    if picked:
        plan = preview(frozenset(by_label[label] for label in picked))

source = _(SOURCE_LABELS[plan.source_kind]) if plan.source_kind in SOURCE_LABELS else plan.source_kind
mode_word = {"merge": _("merge"), "replace": _("replace")}.get(plan.mode.value, plan.mode.value)
st.markdown(_("Read as: {source} ({mode}).").format(source=f"**{md(source)}**", mode=md(mode_word)))
totals = plan.totals()
columns = st.columns(5)
columns[0].metric(_("Added"), totals["added"])
columns[1].metric(_("Removed"), totals["removed"])
columns[2].metric(_("Changed"), totals["changed"])
columns[3].metric(_("Findings added"), len(plan.findings_added))
columns[4].metric(_("Findings removed"), len(plan.findings_removed))
for line in plan.summary:
    st.markdown(md(render(line, lang).strip()))

if plan.untouched is not None:
    st.markdown(_("{count} entities not in the file: unchanged.").format(count=plan.untouched))
if plan.changes:
    st.markdown("**" + _("Changes") + "**: " + _("every changed field, before → after"))
    st.dataframe(
        [
            {
                _("kind"): section_heading(c.kind, _),
                _("name"): local(c.name, lang),
                _("change"): _(c.action.value),
                _("field"): _(label_of(c.kind, f.field)) if f else "",
                _("before"): shown_value(f.before) if f else "",
                _("after"): shown_value(f.after) if f else "",
            }
            for c in plan.changes
            for f in (c.fields or (None,))
        ],
        hide_index=True,
        key="import_changes",
    )
else:
    st.success(_("Nothing would change: the register already holds all of it."))
for title, findings in (
    (_("Findings the import would add"), plan.findings_added),
    (_("Findings it would remove"), plan.findings_removed),
):
    if findings:
        st.markdown(f"**{title}**")
        st.dataframe(
            (
                [
                    {
                        _("severity"): severity_word(f.severity, _),
                        _("about"): local(f.subject_name, lang),
                        _("country"): f.country or "",
                        _("problem"): finding_problem(f, lang),
                    }
                    for f in findings
                ]
            ),
            hide_index=True,
        )
if plan.warnings:
    st.markdown(
        "**"
        + _("Cells not understood ({count})").format(count=len(plan.warnings))
        + "**: "
        + _("kept as unknown, nothing guessed.")
    )
    st.dataframe(
        (
            [
                {
                    _("sheet"): w.sheet or "",
                    _("row"): w.row,
                    _("column"): w.column or "",
                    _("value"): w.value or "",
                    _("why"): render(w.message, lang),
                }
                for w in plan.warnings
            ]
        ),
        hide_index=True,
        key="import_warnings",
    )
if plan.rows:
    with st.expander(_("Report per row ({count})").format(count=len(plan.rows))):
        st.dataframe(
            (
                [
                    {
                        _("row"): r.row,
                        _("label"): r.label,
                        _("entities"): "; ".join(row_entity_words(e, lang) for e in r.entities),
                    }
                    for r in plan.rows
                ]
            ),
            hide_index=True,
        )

refusal = plan.deletion_refusal(snap.register)
allow = False
if refusal is not None:
    # the CLI's advice, as the page gives it: the same words in the reader's language, the option as its checkbox
    advice = _("run it again with --allow-deletions"), _("tick '{allow}'").format(allow=_("Allow these deletions"))
    st.warning(md(render(refusal, lang).replace(*advice)))
    allow = st.checkbox(_("Allow these deletions"), key="import_allow_deletions")
if st.button(
    _("Apply"), type="primary", disabled=plan.is_empty or (refusal is not None and not allow), key="import_apply"
):
    if snap.store.revision() != snap.revision:
        st.error(_("The register changed since this preview was made; nothing was written. Review the preview again."))
    else:
        try:
            done = apply_plan(
                snap.store,
                plan,
                stored=snap.register,
                allow_deletions=allow,
                change=context("import", session.actor(), f"UI import of {upload.name}"),
            )
        except CatalogError as error:
            st.error(md_error(error, lang))
        else:
            st.success(
                _("Imported {file}: {added} added, {removed} removed, {changed} changed.").format(
                    file=upload.name, added=totals["added"], removed=totals["removed"], changed=totals["changed"]
                )
                if done.applied
                else _("Nothing was written.")
            )
