"""The Register page's tables: one row per entity of a kind (every processor first), sortable and filterable,
with the engine's transfer status and finding count; the filtered view as CSV or XLSX; a click opens the
entity; several rows selected can have one field set at once, previewed through the import plan."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from catalog.app.history import context
from catalog.app.imports import ImportPlan, label_of, plain_value
from catalog.app.language import Lang, local, translator
from catalog.app.review import STATUS_ORDER, TransferStatus, status_hex, status_label
from catalog.app.search import SearchEntry, search, search_index
from catalog.app.vendors import (
    BULK_FIELDS,
    TABLE_MIME,
    Cell,
    EntityRow,
    TableFormat,
    apply_bulk_edit,
    entity_rows,
    plan_bulk_edit,
    table_file,
)
from catalog.domain.location import local_country_name
from catalog.domain.register import EntityKind
from catalog.errors import CatalogError
from ui import session
from ui.components.forms import enum_label
from ui.components.text import md
from ui.components.words import kind_plural, severity_word, title_lang
from ui.snapshots import Snapshot, store_url

NO_TRANSFER = "none"
"""The status filter's choice for rows with no third-country transfer."""
STATUS_PARAM = "status"
"""The query parameter (``?kind=processors&status=not_valid``) that opens a table filtered by status."""
BULK_PLAN = "register_bulk_plan"


@st.cache_resource(show_spinner=False, max_entries=16)
def _rows(url: str, revision: str, day: date, kind: EntityKind, _snap: Snapshot) -> list[EntityRow]:
    return entity_rows(_snap.register, _snap.report, kind)


def rows_for(snap: Snapshot, kind: EntityKind) -> list[EntityRow]:
    """The kind's rows at the shown revision and date, built once."""
    return _rows(store_url(), snap.revision, snap.as_of, kind, snap)


def country_word(code: str, lang: Lang) -> str:
    return translator(lang)("unknown") if code == "unknown" else local_country_name(code, lang)


def status_word(status: TransferStatus | None, lang: Lang) -> str:
    return translator(lang)("no transfer") if status is None else status_label(status, title_lang(lang))


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""


@dataclass(frozen=True)
class Column:
    heading: str
    value: Callable[[EntityRow], Cell]


def columns(kind: EntityKind, lang: Lang) -> list[Column]:
    """The table's columns for ``kind``, headed in ``lang``: a processor's agreement and certification too."""
    _ = translator(lang)
    places = Column(_("Countries"), lambda r: ", ".join(country_word(c, lang) for c in r.countries))
    status = Column(_("Transfer status"), lambda r: status_word(r.status, lang))
    by_country = Column(
        _("Transfers by country"),
        lambda r: "; ".join(f"{country_word(c, lang)}: {status_word(s, lang)}" for c, s in r.hop_statuses),
    )
    common_end = [
        Column(_("Open findings"), lambda r: r.open_findings),
        Column(_("Last reviewed on"), lambda r: _day(r.last_reviewed_on)),
    ]
    first = [Column(_("Name"), lambda r: local(r.name, lang)), Column(_("Key"), lambda r: r.key)]
    category = Column(_("Category"), lambda r: enum_label(r.category, lang) if r.category else "")
    if kind != EntityKind.PROCESSOR:
        middle = [category] if kind in (EntityKind.SYSTEM, EntityKind.RECIPIENT) else []
        if kind in (EntityKind.SYSTEM, EntityKind.RECIPIENT):
            middle += [places, status, by_country]
        return [*first, *middle, *common_end]
    return [
        *first,
        Column(_("Service category"), category.value),
        places,
        Column(_("Established in"), lambda r: country_word(r.established_in or "unknown", lang)),
        status,
        by_country,
        Column(_("DPA signed"), lambda r: _day(r.dpa_signed_on)),
        Column(_("DPA review"), lambda r: _day(r.dpa_review_on)),
        Column(_("DPF / certification"), lambda r: ", ".join(r.certifications)),
        Column(_("Recertification"), lambda r: _day(r.recertification)),
        *common_end,
        Column(_("Receives data"), lambda r: _("yes") if r.receives_data else _("no: nothing uses it")),
    ]


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
        shown = [row for row in shown if _row_statuses(row) & set(chosen)]
    if countries:
        shown = [row for row in shown if set(row.countries) & set(countries)]
    return shown


def _row_statuses(row: EntityRow) -> set[str]:
    return {status.value for _country, status in row.hop_statuses} or {NO_TRANSFER}


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


def _styled(frame: pd.DataFrame, status_heading: str, rows: list[EntityRow]) -> Any:
    """The status column in its status's one colour (the same as on every page)."""
    colours = [status_hex(row.status) if row.status else "" for row in rows]
    if status_heading not in frame.columns:
        return frame
    return frame.style.apply(
        lambda column: [f"color: {colour}; font-weight: 600" if colour else "" for colour in colours],
        subset=[status_heading],
    )


@dataclass(frozen=True)
class TableChoice:
    """What the reader did with the table: the rows selected (keys), and the one to open if a row was clicked."""

    selected: list[str]
    open_key: str | None


def entity_table(snap: Snapshot, kind: EntityKind, lang: Lang) -> TableChoice:
    """The table of every entity of ``kind``, its filters and downloads; returns the rows selected."""
    _ = translator(lang)
    rows = rows_for(snap, kind)
    shown = _filters(snap, kind, rows, lang)
    cols = columns(kind, lang)
    frame = pd.DataFrame([[column.value(row) for column in cols] for row in shown], columns=[c.heading for c in cols])
    key = f"register_table_{kind.value}"
    event = st.dataframe(
        _styled(frame, _("Transfer status"), shown),
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
            data=table_file(
                list(frame.columns), frame.itertuples(index=False, name=None), table_format, kind_plural(kind, _)
            ),
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


# --- Bulk edit ------------------------------------------------------------------------------------------


def _value_input(kind: EntityKind, field_name: str, lang: Lang, prefix: str) -> Any:
    """A widget for the field's value, by its type; the value as the register's JSON holds it."""
    _ = translator(lang)
    annotation = kind.model.model_fields[field_name].annotation
    text = str(annotation)
    if "date" in text:
        picked = st.date_input(_("New value"), value=None, key=f"{prefix}_date", format="YYYY-MM-DD")
        return picked.isoformat() if isinstance(picked, date) else None
    if "bool" in text:
        choice = st.selectbox(
            _("New value"),
            ["true", "false", "none"],
            format_func=lambda v: {"true": _("yes"), "false": _("no"), "none": _("not stated")}[v],
            key=f"{prefix}_bool",
        )
        return None if choice == "none" else choice == "true"
    values = _enum_values(annotation)
    if values:
        return st.selectbox(
            _("New value"), values, format_func=lambda v: enum_label(v, lang), key=f"{prefix}_enum_{field_name}"
        )
    typed = st.text_input(_("New value"), key=f"{prefix}_text_{field_name}")
    return typed.strip() or None


def _enum_values(annotation: Any) -> list[str]:
    for each in (annotation, *getattr(annotation, "__args__", ())):
        members = getattr(each, "__members__", None)
        if members:
            return [member.value for member in members.values()]
    return []


def bulk_edit(snap: Snapshot, kind: EntityKind, keys: list[str], lang: Lang) -> None:
    """Set one field on every selected row: the plan (before → after, findings added and removed), then apply."""
    _ = translator(lang)
    prefix = f"register_bulk_{kind.value}"
    with st.expander(_("Edit one field of the {count} selected").format(count=len(keys)), expanded=True):
        fields = list(BULK_FIELDS[kind])
        field_name = st.selectbox(
            _("Field"), fields, format_func=lambda f: _(label_of(kind.value, f)), key=f"{prefix}_field"
        )
        value = _value_input(kind, field_name, lang, prefix)
        if st.button(_("Preview the change"), key=f"{prefix}_preview"):
            try:
                planned = plan_bulk_edit(
                    snap.store, snap.register, kind, keys, field_name, value, based_on=snap.revision, as_of=snap.as_of
                )
            except CatalogError as error:
                session.pop(BULK_PLAN, None)
                st.error(md(error))
            else:
                session.put(BULK_PLAN, (snap.revision, kind, tuple(keys), planned))
        held = session.get(BULK_PLAN)
        if not held or held[0] != snap.revision or held[1] != kind or held[2] != tuple(keys):
            return
        plan: ImportPlan = held[3]
        _show_plan(plan, lang)
        if not plan.is_empty and st.button(_("Apply the change"), type="primary", key=f"{prefix}_apply"):
            try:
                apply_bulk_edit(snap.store, plan, snap.register, context("edit", actor=session.actor()))
            except CatalogError as error:
                st.error(md(_("Not saved: {error}").format(error=error)))
                return
            session.pop(BULK_PLAN, None)
            session.put(
                "register_notice",
                _("Saved {field} on {count} {kind}.").format(
                    field=_(label_of(kind.value, field_name)), count=len(keys), kind=kind_plural(kind, _).lower()
                ),
            )
            st.rerun()


def _show_plan(plan: ImportPlan, lang: Lang) -> None:
    _ = translator(lang)
    if plan.is_empty:
        st.info(_("Nothing would change: every selected row already has this value."))
        return
    st.dataframe(
        [
            {
                _("name"): local(change.name, lang),
                _("field"): _(label_of(change.kind, each.field)),
                _("before"): plain_value(each.before, lang),
                _("after"): plain_value(each.after, lang),
            }
            for change in plan.changes
            for each in change.fields
        ],
        hide_index=True,
        placeholder="",
        key="register_bulk_changes",
    )
    for title, findings in (
        (_("Findings the change would add"), plan.findings_added),
        (_("Findings it would remove"), plan.findings_removed),
    ):
        st.markdown(f"**{title}**: {len(findings)}")
        if findings:
            st.dataframe(
                [
                    {
                        _("severity"): severity_word(f.severity, _),
                        _("about"): local(f.subject_name, lang),
                        _("problem"): f.message.split(" Fix: ", 1)[0],
                    }
                    for f in findings
                ],
                hide_index=True,
                placeholder="",
            )
