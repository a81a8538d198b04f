"""History: who changed what and when, whether the chain is intact, diffs, and the register as it was."""

from __future__ import annotations

import json

import streamlit as st

from catalog import history_service
from catalog.compliance.engine import evaluate
from catalog.compliance.model import Severity
from catalog.history import register_from_state
from ui.views.common import page_snapshot

snap = page_snapshot()
st.title("History")

entries = snap.store.history()
broken = history_service.verify_history(snap.store)
if not entries:
    st.info("No change has been recorded yet.")
    st.stop()
if broken is None:
    st.success(f"Change log intact: {len(entries)} entries, every hash and link verified.")
else:
    st.error(f"Change log broken at entry #{broken.seq}: {broken.reason}")

st.subheader("Timeline")
a, b = st.columns(2)
keys = sorted({key for entry in entries for key in entry.entity_keys()})
entity = a.selectbox("Entity", ["(all)", *keys], key="history_entity")
actors = b.multiselect("Actor", sorted({entry.actor for entry in entries}), key="history_actor")
shown = [
    entry
    for entry in entries
    if (entity == "(all)" or entity in entry.entity_keys()) and (not actors or entry.actor in actors)
]
timeline = st.dataframe(
    [
        {
            "#": entry.seq,
            "at (UTC)": entry.at.strftime("%Y-%m-%d %H:%M:%S"),
            "actor": entry.actor,
            "operation": entry.operation,
            "reason": entry.reason or "",
            "changes": len(entry.changes),
            "entities": ", ".join(entry.entity_keys()[:8]) + (" ..." if len(entry.changes) > 8 else ""),
        }
        for entry in reversed(shown)
    ],
    key="history_timeline",
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
)
selected = timeline.selection.rows if timeline is not None else []
if selected:
    entry = list(reversed(shown))[selected[0]]
    st.caption(f"Entry #{entry.seq}, hash {entry.hash[:16]}...")
    for change in entry.changes:
        if entity != "(all)" and change.key != entity:
            continue
        with st.expander(f"{change.kind}: {change.key}", expanded=len(entry.changes) == 1):
            before, after = st.columns(2)
            before.caption("Before")
            before.code(json.dumps(change.before, indent=2, ensure_ascii=False) if change.before else "(none)")
            after.caption("After")
            after.code(json.dumps(change.after, indent=2, ensure_ascii=False) if change.after else "(deleted)")

points = {f"#{e.seq} - {e.at.strftime('%Y-%m-%d %H:%M')} - {e.actor} ({e.operation})": e.seq for e in entries}
labels = list(points)

st.subheader("Compare two points")
c, d = st.columns(2)
start = c.selectbox("From", labels, index=0, key="history_diff_from")
end = d.selectbox("To", labels, index=len(labels) - 1, key="history_diff_to")
result = history_service.diff_points(snap.store, points[start], points[end], as_of=snap.as_of)
st.caption(f"Findings evaluated with the law as of {snap.as_of.isoformat()} (the sidebar date).")
st.dataframe(
    [
        {"change": item.change, "kind": item.kind, "key": item.key, "fields": ", ".join(item.fields)}
        for item in result.entities
    ],
    key="history_diff_entities",
    hide_index=True,
)
e, f = st.columns(2)
e.metric("Findings that appeared", len(result.findings_appeared))
f.metric("Findings that disappeared", len(result.findings_disappeared))
for title, findings in (("Appeared", result.findings_appeared), ("Disappeared", result.findings_disappeared)):
    if findings:
        st.caption(title)
        st.dataframe(
            [{k: found[k] for k in ("severity", "rule", "subject", "country", "message")} for found in findings],
            key=f"history_diff_{title.lower()}",
            hide_index=True,
        )

st.subheader("The register as it was")
point = st.selectbox("After entry", labels, index=len(labels) - 1, key="history_as_was")
then = register_from_state(history_service.state_at_point(entries, points[point]))
if then is None:
    st.info("Nothing was stored at that point.")
else:
    report = evaluate(then, snap.reference, snap.as_of)
    counts = report.summary()
    cols = st.columns(len(Severity))
    for col, severity in zip(cols, Severity, strict=True):
        col.metric(severity.value, counts[severity.value])
    st.dataframe(
        [
            {
                "kind": kind.singular,
                "key": item.key,
                "name": getattr(item, "name", None) or getattr(item, "legal_name", ""),
            }
            for kind, item in then.all_entities()
        ],
        key="history_as_was_entities",
        hide_index=True,
    )
