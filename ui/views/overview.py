"""Overview: counts, findings by severity and where the data flows."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from catalog.compliance.model import Severity
from catalog.domain.register import EntityKind
from ui.components.due import due_for
from ui.components.text import md, plotly_text
from ui.state import overview_flows
from ui.views.common import page_snapshot

snap = page_snapshot()
st.title("Overview")
st.caption(f"{md(snap.register.organisation.name)} · as of {snap.as_of.isoformat()}")

counts = st.columns(len(EntityKind))
for column, kind in zip(counts, EntityKind, strict=True):
    column.metric(kind.value.replace("_", " ").capitalize(), len(snap.register.entities(kind)))

st.subheader("Findings by severity")
summary = snap.report.summary()
columns = st.columns(len(Severity))
for column, severity in zip(columns, Severity, strict=True):
    column.metric(severity.value.capitalize(), summary[severity.value])
st.caption(f"{len(snap.report.transfers)} third-country transfer hops evaluated.")
due = due_for(snap, 90)  # issue #18: the Due page has the details
st.caption(f"Reviews: {len(due.overdue)} overdue, {len(due.upcoming)} due within 90 days (see Due).")

st.subheader("Where the data goes")
flows = overview_flows(snap)
if flows.values:
    figure = go.Figure(
        go.Sankey(
            node={"label": [plotly_text(label) for label in flows.labels], "pad": 14, "thickness": 14},
            link={"source": flows.sources, "target": flows.targets, "value": flows.values},
        )
    )
    figure.update_layout(height=520, margin={"l": 10, "r": 10, "t": 10, "b": 10})
    st.plotly_chart(figure, key="overview_sankey", config={"displaylogo": False})
    st.caption("Data categories → processor service categories → countries. Link width: distinct processors.")
else:
    st.info("No data category reaches a processor yet.")
