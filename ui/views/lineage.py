"""Lineage explorer: pick a focus, see every route from categories to countries, click for details."""

from __future__ import annotations

import warnings

import streamlit as st
from st_link_analysis import EdgeStyle, Event, NodeStyle, st_link_analysis

from catalog.graph import NodeType
from ui.components.graph import (
    EDGE_COLOURS,
    FOCUS_TYPES,
    NODE_COLOURS,
    READABLE_LABELS,
    build_view,
    display_name,
    findings_for,
    link_analysis_elements,
)
from ui.components.svg import render_svg
from ui.components.text import md
from ui.views.common import page_snapshot

FOCUS_KEY = "lineage_focus"  # other pages (findings) set it to open a node's lineage

snap = page_snapshot()
st.title("Lineage explorer")

choices: dict[str, list[str]] = {
    t.value: sorted((n for n, d in snap.graph.nodes(data=True) if d["type"] == t.value), key=str.lower)
    for t in FOCUS_TYPES
}
# a deep link (?focus=category:contact.email) or the findings page's "Open its lineage" picks the focus
requested = st.session_state.get(FOCUS_KEY) or st.query_params.get("focus")
st.query_params.pop("focus", None)
if isinstance(requested, str) and requested.split(":", 1)[0] in choices:
    st.session_state["lineage_type"] = requested.split(":", 1)[0]
    st.session_state["lineage_node"] = requested
    st.session_state.pop(FOCUS_KEY, None)

left, right = st.columns([1, 2])
focus_type = left.selectbox(
    "Start from",
    options=[t.value for t in FOCUS_TYPES],
    format_func=lambda v: {"category": "Data category", "subject": "Data-subject category"}.get(v, v.capitalize()),
    key="lineage_type",
)
options = choices.get(focus_type, [])
if st.session_state.get("lineage_node") not in options:
    st.session_state.pop("lineage_node", None)
focus = right.selectbox(
    "Entity",
    options=options,
    format_func=lambda n: f"{display_name(snap.graph, n)}  [{n.split(':', 1)[1]}]",
    key="lineage_node",
)
if focus is None:
    st.info("The register has nothing of this kind yet.")
    st.stop()

lineage = snap.store.lineage(snap.graph.nodes[focus]["key"]) if focus_type == NodeType.CATEGORY.value else None
view = build_view(snap.graph, focus, snap.report, snap.reference, snap.as_of, lineage)

node_styles = [NodeStyle(t, NODE_COLOURS[t], "name") for t in NODE_COLOURS]
with warnings.catch_warnings():  # st-link-analysis 0.4 warns about a parameter we do not pass
    warnings.simplefilter("ignore")
    edge_styles = [EdgeStyle(g, EDGE_COLOURS[g], caption="name", directed=True) for g in EDGE_COLOURS]
layout = {"name": "dagre", "rankDir": "LR", "fit": True, "padding": 20, "animate": False, "nodeSep": 20}
clicked = st_link_analysis(
    link_analysis_elements(view),
    layout=layout,
    node_styles=node_styles,
    edge_styles=[*edge_styles, *READABLE_LABELS],
    height=560,
    key=f"lineage_graph_{focus}",
    events=[Event("lineage_node_click", "click tap", "node")],
)
st.caption(
    "Red edges leave the EEA without a valid safeguard; green ones show the mechanism relied on. "
    "Click a node for its details."
)
st.download_button(
    "Download this view (SVG image)",
    data=render_svg(view, f"Lineage of {display_name(snap.graph, focus)} as of {snap.as_of.isoformat()}"),
    file_name=f"lineage-{focus.replace(':', '-')}.svg",
    mime="image/svg+xml",
    key="lineage_download",
)

crossings = [e for e in view.edges if e.group != "flow"]
if crossings:
    # the graph is drawn on a canvas; the same facts as a table, readable by anyone and any tool
    st.dataframe(
        [{"from": e.source, "to": e.target, "transfer": e.caption} for e in crossings],
        key="lineage_crossings",
        hide_index=True,
    )

selected = focus
if isinstance(clicked, dict) and isinstance(clicked.get("data"), dict):
    target = clicked["data"].get("target_id")
    if isinstance(target, str) and view.node(target) is not None:
        selected = target
node = view.node(selected)
if node is not None:
    st.subheader("Details: " + md(node.name))
    index = snap.register.index()
    if node.key in index and node.type != NodeType.COUNTRY.value:
        st.json(index[node.key][1].model_dump(mode="json"), expanded=False)
    if node.type == NodeType.COUNTRY.value:
        inside = snap.reference.in_eea(node.key, snap.as_of)
        where = {True: "inside the EEA", False: "outside the EEA", None: "not known"}[inside]
        st.text(f"{node.name}: {where} on {snap.as_of.isoformat()}")
    related = findings_for(snap.report, node.id)
    if related:
        st.dataframe(
            [
                {"severity": f.severity.value, "rule": f.rule, "article": f.article, "message": f.message}
                for f in related
            ],
            key="lineage_findings",
            hide_index=True,
        )
    else:
        st.text("No findings about this node.")
