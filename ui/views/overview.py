"""Overview: counts, findings by severity and where the data flows; each count opens the list behind it."""

from __future__ import annotations

import re
from typing import Any

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from catalog.app.language import Lang, local, render
from catalog.app.review import STATUS_ORDER, STATUS_STYLES, Severity, status_label, transfer_counts
from catalog.domain.register import EntityKind
from ui import session, snapshots
from ui.components.forms import enum_label
from ui.components.sankey import Grouping
from ui.components.text import md
from ui.components.words import kind_plural, severity_word, title_lang
from ui.snapshots import due_counts_for, overview_flows
from ui.views.common import page_snapshot
from ui.views.vendor_table import rows_for

lang = session.language()
_ = session.ui_translator()
SERVICE_PREFIX = "Processor: "  # how ui.components.sankey names a service category's band
OTHER_VENDORS = re.compile(r"Other vendors \((\d+)\)")
snap = page_snapshot()
st.title(_("Overview"))
st.caption(
    _("{organisation} · as of {date}").format(
        organisation=md(local(snap.register.organisation.name, lang)), date=snap.as_of.isoformat()
    )
)


def list_link(column: DeltaGenerator, count: int, key: str, page: str, filters: dict[str, Any]) -> None:
    """A count's way to the list behind it: the target page's filters set (its widgets read them), then opened."""
    if column.button(_("Show the list"), key=f"overview_show_{key}", type="tertiary", disabled=count == 0):
        for name, value in filters.items():
            session.put(name, value)
        st.switch_page(page)


counts = st.columns(len(EntityKind))
for column, kind in zip(counts, EntityKind, strict=True):
    column.metric(kind_plural(kind, _), len(snap.register.entities(kind)))
    list_link(
        column,
        len(snap.register.entities(kind)),
        kind.value,
        "views/register.py",
        {
            "register_kind": kind.value,
            f"register_table_{kind.value}_status": [],
            f"register_table_{kind.value}_text": "",
        },
    )

st.subheader(_("Findings by severity"))
summary = snap.report.summary()
columns = st.columns(len(Severity))
for column, severity in zip(columns, Severity, strict=True):
    column.metric(severity_word(severity, _), summary[severity.value])
    list_link(
        column,
        summary[severity.value],
        severity.value,
        "views/findings.py",
        {"findings_severity": [severity.value], "findings_rule": [], "findings_country": []},
    )
st.subheader(_("Third-country transfers by status"))
for column, (status, count) in zip(
    st.columns(len(STATUS_ORDER)), transfer_counts(snap.report.transfers).items(), strict=True
):
    column.metric(
        status_label(status, title_lang(lang)),
        count,
        help=_("Shown {colour} on every page.").format(colour=_(STATUS_STYLES[status].colour)),
    )
    list_link(column, count, status.value, "views/transfer_map.py", {"map_status": [status]})
st.caption(
    _("{count} third-country transfers (one per exporter, importer and country).").format(
        count=len(snap.report.transfers)
    )
)
overdue, upcoming = due_counts_for(snap, 90)  # issue #18: the Due page has the details
st.caption(
    _("Reviews: {overdue} overdue, {upcoming} due within 90 days (see Due).").format(overdue=overdue, upcoming=upcoming)
)
list_link(st.container(), overdue + upcoming, "due", "views/due.py", {"due_kind": []})
unused = sum(1 for row in rows_for(snap, EntityKind.PROCESSOR) if not row.receives_data)
if unused:
    st.caption(
        _("{count} processors receive no data: no system or activity uses them, so no transfer is evaluated.").format(
            count=unused
        )
    )
    list_link(
        st.container(),
        unused,
        "unused",
        "views/register.py",
        {
            "register_kind": EntityKind.PROCESSOR.value,
            "register_table_processors_status": [],
            "register_table_processors_text": "",
            "register_table_processors_country": [],
            "register_table_processors_unused": True,
        },
    )

st.subheader(_("Where the data goes"))
grouping = st.segmented_control(
    _("Group processors by"),
    ["service", "vendor"],
    format_func=lambda v: {"service": _("Service category"), "vendor": _("Vendor")}[v],
    default="service",
    key="overview_grouping",
)
by: Grouping = "vendor" if grouping == "vendor" else "service"
# On a large register the flows take seconds after each write: drawn when asked, then kept for the session.
large = len(snap.register.processors) > snapshots.LARGE_PROCESSORS
if large and not session.get("overview_flows_open"):
    st.caption(
        _("{count} processors: the flows are drawn when asked (seconds at this size).").format(
            count=f"{len(snap.register.processors):,}"
        )
    )
    if st.button(_("Draw where the data goes"), key="overview_flows_draw"):
        session.put("overview_flows_open", True)
        st.rerun()
    st.stop()
flows = overview_flows(snap, by)


def band_label(label: str) -> str:
    """A Sankey node's label in the reader's language (the flows are computed once per revision, in English)."""
    if lang == Lang.EN:
        return label
    if label.startswith(SERVICE_PREFIX):
        service = label.removeprefix(SERVICE_PREFIX).replace(" ", "_")
        return _("Processor: {service}").format(service=enum_label(service, lang))
    if (others := OTHER_VENDORS.fullmatch(label)) is not None:
        return _("Other vendors ({count})").format(count=others.group(1))
    return render(label, lang)  # register text, or a place that words itself


if flows.values:
    shown = [band_label(label) for label in flows.labels]
    # ECharts draws labels on a canvas (inert text); no tooltip, whose default is HTML
    spec = {
        "series": [
            {
                "type": "sankey",
                "selectedMode": "single",
                "nodeGap": 10,
                "layoutIterations": 0 if len(flows.labels) > 300 else 32,
                "label": {"fontSize": 12},
                "lineStyle": {"color": "gradient", "opacity": 0.35},
                "emphasis": {"focus": "adjacency"},
                "select": {"lineStyle": {"opacity": 0.8}},
                "data": [{"name": label} for label in shown],
                "links": [
                    {"source": shown[s], "target": shown[t], "value": v}
                    for s, t, v in zip(flows.sources, flows.targets, flows.values, strict=True)
                ],
            }
        ]
    }
    height = max(420, min(1400, 22 * max(len(set(flows.sources)), len(set(flows.targets)))))
    event = st.echarts_chart(spec, on_select="rerun", key=f"overview_sankey_{by}", height=height)
    middle = _("vendors") if by == "vendor" else _("processor service categories")
    st.caption(
        _(
            "Data categories → {middle} → countries. Band width: distinct processors. Click a band to open its lineage."
        ).format(middle=middle)
    )
    picked = [
        index
        for group in (event.selection.selected if event is not None else [])
        if group.get("data_type") == "edge"
        for index in group.get("data_indices", [])
    ]
    if picked and 0 <= picked[0] < len(flows.focus):
        session.focus_lineage(flows.focus[picked[0]])
        st.switch_page("views/lineage.py")
else:
    st.info(_("No data category reaches a processor yet."))
