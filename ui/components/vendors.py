"""How the Register page's tables look: their columns by kind (a processor's agreement and certification too),
the status in its one colour, the value widget of a bulk edit and its plan (before → after, findings added and
removed). The page (ui/views/vendor_table.py) gives them the rows and keeps the reader's choices."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from catalog.app.imports import ImportPlan, label_of, plain_value
from catalog.app.language import Lang, local, translator
from catalog.app.review import TransferStatus, status_hex, status_label
from catalog.app.vendors import Cell, EntityRow
from catalog.domain.location import local_country_name
from catalog.domain.register import EntityKind
from ui.components.forms import enum_label
from ui.components.words import severity_word, title_lang

NO_TRANSFER = "none"
"""The status filter's choice for rows with no third-country transfer."""
STATUS_PARAM = "status"
"""The query parameter (``?kind=processors&status=not_valid``) that opens a table filtered by status."""
BULK_PLAN = "register_bulk_plan"


def country_word(code: str, lang: Lang) -> str:
    _ = translator(lang)
    return _("unknown") if code == "unknown" else local_country_name(code, lang)


def status_word(status: TransferStatus | None, lang: Lang) -> str:
    _ = translator(lang)
    return _("no transfer") if status is None else status_label(status, title_lang(lang))


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
        Column(_("DPA review date"), lambda r: _day(r.dpa_review_on)),
        Column(_("DPF / certification"), lambda r: ", ".join(r.certifications)),
        Column(_("Next recertification"), lambda r: _day(r.recertification)),
        *common_end,
        Column(_("Receives data"), lambda r: _("yes") if r.receives_data else _("no: nothing uses it")),
    ]


def row_statuses(row: EntityRow) -> set[str]:
    return {status.value for _country, status in row.hop_statuses} or {NO_TRANSFER}


def styled(frame: pd.DataFrame, status_heading: str, rows: list[EntityRow]) -> Any:
    """The status column in its status's one colour (the same as on every page)."""
    colours = [status_hex(row.status) if row.status else "" for row in rows]
    if status_heading not in frame.columns or frame.size > pd.get_option("styler.render.max_elements"):
        # Streamlit refuses a Styler beyond pandas' cell limit (a 100k register's vendors): the status
        # words still say it, uncoloured.
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


# --- Bulk edit ------------------------------------------------------------------------------------------


def value_input(kind: EntityKind, field_name: str, lang: Lang, prefix: str) -> Any:
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


def show_plan(plan: ImportPlan, lang: Lang) -> None:
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
