"""The Register page's tables, as the page draws them (not a page itself): every entity of a kind, filtered by
the reader's choices (kept in the session, set by links such as ``?kind=processors&status=not_valid`` or by
the overview's counts), downloadable as CSV or XLSX; a row opens its entity, several rows take one field at
once. Rows and the search index are built once per store revision (``rows_for``, ``search_entries``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from catalog.app.history import context
from catalog.app.imports import ImportPlan, label_of
from catalog.app.language import Lang, render, translator
from catalog.app.review import STATUS_ORDER, TransferStatus
from catalog.app.search import SearchEntry, search, search_index
from catalog.app.vendors import (
    BULK_FIELDS,
    TABLE_MIME,
    EntityRow,
    TableFormat,
    apply_bulk_edit,
    entity_rows,
    plan_bulk_edit,
    table_file,
)
from catalog.domain.register import EntityKind
from catalog.errors import CatalogError
from ui import session
from ui.components.forms import enum_label
from ui.components.text import md, md_error
from ui.components.vendors import (
    BULK_PLAN,
    NO_TRANSFER,
    STATUS_PARAM,
    TableChoice,
    columns,
    country_word,
    row_statuses,
    show_plan,
    status_word,
    styled,
    value_input,
)
from ui.components.words import kind_plural
from ui.snapshots import Snapshot, store_url


@st.cache_resource(show_spinner=False, max_entries=16)
def _rows(url: str, revision: str, day: date, kind: EntityKind, _snap: Snapshot) -> list[EntityRow]:
    return entity_rows(_snap.register, _snap.report, kind)


def rows_for(snap: Snapshot, kind: EntityKind) -> list[EntityRow]:
    """The kind's rows at the shown revision and date, built once."""
    return _rows(store_url(), snap.revision, snap.as_of, kind, snap)


def _status_param() -> list[str]:
    """The statuses a link asked for (``?status=not_valid,none``), once per link."""
    asked = st.query_params.get(STATUS_PARAM)
    return [s for s in (asked or "").split(",") if s in {*(x.value for x in TransferStatus), NO_TRANSFER}]


def _filters(snap: Snapshot, kind: EntityKind, rows: list[EntityRow], lang: Lang) -> list[EntityRow]:
    """The filter widgets above the table, and the rows they leave."""
    _ = translator(lang)
    prefix = f"register_table_{kind.value}"
    asked = _status_param()
    if asked and session.get(f"{prefix}_link") != asked:
        session.put(f"{prefix}_link", asked)
        session.put(f"{prefix}_status", asked)
    text_column, status_column, country_column = st.columns([2, 1, 1])
    text = text_column.text_input(
        _("Filter"),
        key=f"{prefix}_text",
        placeholder=_("Part of a name, key, country or category; typos are forgiven"),
    )
    has_status = kind in (EntityKind.PROCESSOR, EntityKind.SYSTEM, EntityKind.RECIPIENT)
    statuses = [s.value for s in STATUS_ORDER] + [NO_TRANSFER]
    chosen = (
        status_column.multiselect(
            _("Transfer status"),
            statuses,
            format_func=lambda s: status_word(None if s == NO_TRANSFER else TransferStatus(s), lang),
            key=f"{prefix}_status",
            placeholder=_("Every status"),
        )
        if has_status
        else []
    )
    codes = sorted({code for row in rows for code in row.countries}, key=lambda c: country_word(c, lang))
    countries = (
        country_column.multiselect(
            _("Country"), codes, format_func=lambda c: country_word(c, lang), key=f"{prefix}_country"
        )
        if codes
        else []
    )
    unused = kind == EntityKind.PROCESSOR and st.checkbox(
        _("Only processors that receive no data (no system or activity uses them)"), key=f"{prefix}_unused"
    )
    shown = [row for row in rows if not row.receives_data] if unused else rows
    if text.strip():
        found = {hit.key for hit in search(_index(snap, lang), text, limit=None) if hit.kind == kind}
        shown = [row for row in shown if row.key in found]
    if chosen:
        # a row with any transfer of a chosen status: a vendor's US transfer counts even when another is worse
        shown = [row for row in shown if row_statuses(row) & set(chosen)]
    if countries:
        shown = [row for row in shown if set(row.countries) & set(countries)]
    return shown


@st.cache_resource(show_spinner=False, max_entries=8)
def _search_index(url: str, revision: str, lang: Lang, _snap: Snapshot) -> tuple[SearchEntry, ...]:
    def words(value: str) -> list[str]:
        return [value.replace("_", " "), enum_label(value, Lang.EN), enum_label(value, lang)]

    return search_index(_snap.register, dict.fromkeys([lang.value, Lang.EN.value, Lang.NB.value]), words)


def _index(snap: Snapshot, lang: Lang) -> tuple[SearchEntry, ...]:
    """The register's search index at the shown revision (names, keys, countries and categories), built once."""
    return _search_index(store_url(), snap.revision, lang, snap)


def search_entries(snap: Snapshot, lang: Lang) -> tuple[SearchEntry, ...]:
    """The same index, for the sidebar's search."""
    return _index(snap, lang)


def entity_table(snap: Snapshot, kind: EntityKind, lang: Lang) -> TableChoice:
    """The table of every entity of ``kind``, its filters and downloads; returns the rows selected."""
    _ = translator(lang)
    rows = rows_for(snap, kind)
    shown = _filters(snap, kind, rows, lang)
    cols = columns(kind, lang)
    frame = pd.DataFrame([[column.value(row) for column in cols] for row in shown], columns=[c.heading for c in cols])
    key = f"register_table_{kind.value}"
    event = st.dataframe(
        styled(frame, _("Transfer status"), shown),
        key=key,
        hide_index=True,
        width="stretch",
        on_select="rerun",
        selection_mode="multi-row",
        placeholder="",  # a value not recorded reads blank
        column_config={_("Open findings"): st.column_config.NumberColumn(format="%d")},
    )
    st.caption(
        _("{shown} of {total} {kind}. Select a row to open it; select several to edit one field of all.").format(
            shown=len(shown), total=len(rows), kind=kind_plural(kind, _).lower()
        )
    )
    downloads = st.columns(4)
    for column, fmt in zip(downloads, ("csv", "xlsx"), strict=False):
        table_format: TableFormat = "csv" if fmt == "csv" else "xlsx"
        column.download_button(
            _("Download the view ({format})").format(format=fmt.upper()),
            # Written when clicked, not on every run: at 100k the processors' XLSX alone took 2.3 s a run.
            data=_view_file(frame, table_format, kind_plural(kind, _)),
            file_name=f"{kind.value}.{fmt}",
            mime=TABLE_MIME[table_format],
            key=f"{key}_{fmt}",
        )
    picked = [shown[i].key for i in (event.selection.rows if event is not None else []) if i < len(shown)]
    open_key = None
    if len(picked) == 1 and session.get(f"{key}_opened") != picked[0]:
        open_key = picked[0]
    session.put(f"{key}_opened", picked[0] if len(picked) == 1 else None)
    return TableChoice(picked, open_key)


def _view_file(frame: pd.DataFrame, table_format: TableFormat, sheet: str) -> Callable[[], bytes]:
    """The shown view as a file, made when its download is clicked."""
    return lambda: table_file(list(frame.columns), frame.itertuples(index=False, name=None), table_format, sheet)


def bulk_edit(snap: Snapshot, kind: EntityKind, keys: list[str], lang: Lang) -> None:
    """Set one field on every selected row: the plan (before → after, findings added and removed), then apply."""
    _ = translator(lang)
    prefix = f"register_bulk_{kind.value}"
    with st.expander(_("Edit one field of the {count} selected").format(count=len(keys)), expanded=True):
        fields = list(BULK_FIELDS[kind])
        field_name = st.selectbox(
            _("Field"), fields, format_func=lambda f: _(label_of(kind.value, f)), key=f"{prefix}_field"
        )
        value = value_input(kind, field_name, lang, prefix)
        if st.button(_("Preview the change"), key=f"{prefix}_preview"):
            try:
                planned = plan_bulk_edit(
                    snap.store, snap.register, kind, keys, field_name, value, based_on=snap.revision, as_of=snap.as_of
                )
            except CatalogError as error:
                session.pop(BULK_PLAN, None)
                st.error(md_error(error, lang))
            else:
                session.put(BULK_PLAN, (snap.revision, kind, tuple(keys), planned))
        held = session.get(BULK_PLAN)
        if not held or held[0] != snap.revision or held[1] != kind or held[2] != tuple(keys):
            return
        plan: ImportPlan = held[3]
        with st.container(key="register_bulk_plan_view"):
            show_plan(plan, lang)
        if not plan.is_empty and st.button(_("Apply the change"), type="primary", key=f"{prefix}_apply"):
            try:
                apply_bulk_edit(snap.store, plan, snap.register, context("edit", actor=session.actor()))
            except CatalogError as error:
                st.error(md(_("Not saved: {error}").format(error=render(error, lang))))
                return
            session.pop(BULK_PLAN, None)
            session.put(
                "register_notice",
                _("Saved {field} on {count} {kind}.").format(
                    field=_(label_of(kind.value, field_name)), count=len(keys), kind=kind_plural(kind, _).lower()
                ),
            )
            st.rerun()
