"""Lineage explorer: pick a focus, see every route from categories to countries, click for details."""

from __future__ import annotations

import streamlit as st
from st_link_analysis import Event, st_link_analysis

from catalog.app.language import render
from catalog.app.review import STATUS_ORDER
from ui import session, snapshots
from ui.components.graph import (
    FOCUS_TYPES,
    GRAPH_STYLES,
    GROUP,
    HIDE_COMPONENT_PANEL,
    LAYOUT,
    column_title,
    columns,
    component_height,
    display_name,
    group_view,
    in_language,
    link_analysis_elements,
)
from ui.components.legend import legend_html, status_text
from ui.components.node_card import node_card
from ui.components.svg import render_svg
from ui.components.text import md
from ui.views.common import page_snapshot

lang = session.language()
_ = session.ui_translator()
UNKNOWN_PLACE = "country:unknown"
UNKNOWN_PLACE_NAME = "Unknown location"  # as ui.components.graph.display_name names it


def node_name(node: str, name: str) -> str:
    """A node's name in the reader's language: the register's own text, or the unknown place's words (a choice's
    label keeps its key after them: "Unknown location  [unknown]")."""
    if node == UNKNOWN_PLACE:
        return name.replace(UNKNOWN_PLACE_NAME, _("Unknown location"))
    return render(name, lang)


snap = page_snapshot()
st.title(_("Lineage explorer"))

chosen = snapshots.lineage_choices(snap)  # once per revision
if chosen is None:
    st.stop()  # its progress is shown; the page reruns itself when it is ready (a deep link's focus is kept)
every, labels = chosen
choices: dict[str, list[str]] = {t.value: every.get(t.value, []) for t in FOCUS_TYPES}
# a deep link (?focus=category:contact.email) or the findings page's "Open its lineage" picks the focus
requested = session.requested_lineage_focus() or st.query_params.get("focus")
st.query_params.pop("focus", None)
if isinstance(requested, str) and requested.split(":", 1)[0] in choices:
    session.put("lineage_type", requested.split(":", 1)[0])
    session.put("lineage_node", requested)
    session.clear_lineage_focus()

left, right = st.columns([1, 2])
focus_type = left.selectbox(
    _("Start from"),
    options=[t.value for t in FOCUS_TYPES],
    format_func=lambda v: {
        "category": _("Data category"),
        "subject": _("Data-subject category"),
        "activity": _("Activity"),
        "processor": _("Processor"),
        "country": _("Country"),
    }.get(v, v.capitalize()),
    key="lineage_type",
)
options = choices.get(focus_type, [])
if session.get("lineage_node") not in options:
    session.pop("lineage_node", None)
focus = right.selectbox(
    _("Entity"),
    options=options,
    format_func=lambda node: node_name(node, labels[node]),
    key="lineage_node",
)
if focus is None:
    st.info(_("The register has nothing of this kind yet."))
    st.stop()

full = snapshots.lineage_view(snap, focus)  # once per revision, date and focus
if full is None:
    st.stop()  # its progress is shown; the page reruns itself when the view is ready
expanded_key = f"lineage_expanded_{focus}"
expanded: frozenset[int] = frozenset(session.get(expanded_key, ()))
view = group_view(in_language(full, lang), expanded, lang)
column = columns(view)
last = max(column.values(), default=0)
route = " → ".join(column_title(view, c, last, lang) for c in sorted(set(column.values())))
st.caption(
    (
        _("Left to right: {route}. {count} nodes, large columns grouped: click a group to expand it.")
        if view.grouped
        else _("Left to right: {route}. {count} nodes.")
    ).format(route=route, count=len(full.nodes))
)

clicked = st_link_analysis(
    link_analysis_elements(view),
    layout=LAYOUT,
    edge_styles=GRAPH_STYLES,
    height=component_height(view),
    # a new key per expansion: the component draws its elements once, at the positions given
    key=f"lineage_graph_{focus}_{'-'.join(map(str, sorted(expanded)))}",
    events=[Event("lineage_node_click", "click tap", "node")],
)
# the component's own side panel covers the first column and shows node ids: hidden; the card below has names
st.html(HIDE_COMPONENT_PANEL, unsafe_allow_javascript=True, width="content")
shown_statuses = [s for s in STATUS_ORDER if any(e.status == s for e in view.edges)]
st.html(
    legend_html(
        lang,
        shown_statuses,
        extra=[
            _("Coloured edges cross a border, marked by their status; the mechanism is in the table below."),
            _("Double border: a country outside the EEA."),
            _("Click a node for its card below."),
        ],
    )
)
svg_title = _("Lineage of {name} as of {date}").format(
    name=render(display_name(snap.graph, focus), lang), date=snap.as_of.isoformat()
)
st.download_button(
    _("Download this view (SVG image)"),
    # drawn when the button is clicked (Streamlit's deferred download), not on every run of the page
    data=lambda: render_svg(view, svg_title),
    file_name=f"lineage-{focus.replace(':', '-')}.svg",
    mime="image/svg+xml",
    key="lineage_download",
)

names = {n.id: n.name for n in view.nodes}
crossings = [e for e in view.edges if e.group != "flow"]
if crossings:
    # the graph is drawn on a canvas; the same facts as a table, readable by anyone and any tool
    st.subheader(_("Border crossings in this view"))
    st.dataframe(
        [
            {
                _("from"): node_name(e.source, names.get(e.source, e.source)),
                _("to"): node_name(e.target, names.get(e.target, e.target)),
                _("status"): status_text(e.status, lang) if e.status is not None else "",
                _("mechanism or problem"): e.caption,
            }
            for e in crossings
        ],
        key="lineage_crossings",
        hide_index=True,
    )

selected = focus
if isinstance(clicked, dict) and isinstance(clicked.get("data"), dict):
    target = clicked["data"].get("target_id")
    if isinstance(target, str) and view.node(target) is not None:
        selected = target
        group = view.node(target)
        stamp = clicked.get("timestamp")
        # the component repeats its last event on every run: act on each click once
        fresh = session.get("lineage_last_click") != stamp
        if group is not None and group.type == GROUP and group.column is not None and fresh:
            session.put("lineage_last_click", stamp)
            session.put(expanded_key, sorted(expanded | {group.column}))
            st.rerun()
node = view.node(selected)
if node is not None:
    card = node_card(snap.register, snap.report, snap.reference, snap.as_of, node, snapshots.entity_index(snap), lang)
    st.subheader(md(node_name(node.id, card.name)))
    st.caption(md(f"{card.kind} · {card.role}" if card.role else card.kind))
    left, right = st.columns(2)
    with left:
        st.markdown("**" + _("Locations") + "**")
        st.text("\n".join(card.locations) or _("None recorded"))
        for label, value in card.details:
            st.markdown(f"**{md(label)}**")
            st.text(value)
    with right:
        st.markdown("**" + _("Safeguards") + "**")
        st.text("\n".join(card.safeguards) or _("None recorded"))
    st.markdown("**" + _("Findings") + "**")
    if card.findings:
        st.dataframe(
            [
                {_("severity"): f.severity, _("finding"): f.title, _("country"): f.country, _("details"): f.message}
                for f in card.findings
            ],
            key="lineage_findings",
            hide_index=True,
        )
    else:
        st.text(_("No findings about this node."))
