"""Findings: filter by severity, rule and country; each shows its evidence path and opens its lineage."""

from __future__ import annotations

import streamlit as st

from catalog.compliance.model import Severity
from catalog.domain.location import country_name
from ui.components.graph import FOCUS_TYPES
from ui.views.common import page_snapshot

snap = page_snapshot()
st.title("Findings")

findings = snap.report.findings
a, b, c = st.columns(3)
severities = a.multiselect("Severity", [s.value for s in Severity], key="findings_severity")
rules = b.multiselect("Rule", sorted({f.rule for f in findings}), key="findings_rule")
countries = c.multiselect(
    "Country", sorted({f.country for f in findings if f.country}), format_func=country_name, key="findings_country"
)
shown = [
    f
    for f in findings
    if (not severities or f.severity.value in severities)
    and (not rules or f.rule in rules)
    and (not countries or f.country in countries)
]
st.caption(f"{len(shown)} of {len(findings)} findings as of {snap.as_of.isoformat()}. Select a row for its evidence.")
table = st.dataframe(
    [
        {
            "severity": f.severity.value,
            "rule": f.rule,
            "article": f.article,
            "subject": f.subject,
            "country": f.country or "",
            "message": f.message,
        }
        for f in shown
    ],
    key="findings_table",
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
)
rows = table.selection.rows if table is not None else []
if rows:
    finding = shown[rows[0]]
    st.subheader("Evidence")
    st.text(finding.message)
    st.text("Path: " + (" → ".join(finding.path) if finding.path else finding.subject))
    focusable = tuple(f"{t.value}:" for t in FOCUS_TYPES)
    # the finding's own subject when the explorer can start from it, else the first such node on its path
    target = next((n for n in [finding.subject, *finding.path] if n.startswith(focusable)), finding.subject)
    if st.button("Open its lineage", key="findings_open_lineage"):
        st.session_state["lineage_focus"] = target
        st.switch_page("views/lineage.py")
