"""History: who changed what and when, whether the chain is intact, diffs, and the register as it was."""

from __future__ import annotations

import streamlit as st

from catalog.app.review import Severity
from ui import snapshots
from ui.components.history_view import (
    KIND_WORDS,
    field_rows,
    finding_rows,
    named,
    plural,
)
from ui.components.text import md
from ui.views.common import page_snapshot

snap = page_snapshot()
st.title("History")

log = snapshots.history(snap)  # read, verified and named once per store revision
if log is None:
    st.stop()  # its progress is shown; the page reruns itself when it is ready
entries, broken, names, entity_labels = log.entries, log.broken, log.names, log.choices
if not entries:
    st.info("No change has been recorded yet.")
    st.stop()
if broken is None:
    st.success(f"Change log intact: {plural(len(entries), 'entry')}, every hash and link verified.")
else:
    st.error(f"Change log broken at entry #{broken.seq}: {broken.reason}")

st.subheader("Timeline")
a, b = st.columns(2)
entity = a.selectbox("Entity", list(entity_labels), format_func=entity_labels.__getitem__, key="history_entity")
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
            "changes": plural(len(entry.changes), "entity", "entities"),
            "what": ", ".join(names.get(k, k) for k in entry.entity_keys()[:6])
            + (f" and {len(entry.changes) - 6} more" if len(entry.changes) > 6 else ""),
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
    st.caption(f"Entry #{entry.seq} by {md(entry.actor)}, hash {entry.hash[:16]}…")
    changes = [c for c in entry.changes if entity == "(all)" or c.key == entity]
    for change in changes[:50]:
        what = "created" if change.before is None else "deleted" if change.after is None else "changed"
        title = f"{KIND_WORDS.get(change.kind, change.kind).capitalize()} {named(change.key, names)}: {what}"
        with st.expander(title, expanded=len(changes) == 1):
            rows = field_rows(change)
            if rows:
                st.table(rows)
            else:
                st.text("No field changed.")
    if len(changes) > 50:
        st.caption(f"… and {plural(len(changes) - 50, 'more change')}.")

points = {f"#{e.seq} - {e.at.strftime('%Y-%m-%d %H:%M')} - {e.actor} ({e.operation})": e.seq for e in entries}
labels = list(points)

st.subheader("Compare two points")
c, d = st.columns(2)
start = c.selectbox("From", labels, index=0, key="history_diff_from")
end = d.selectbox("To", labels, index=len(labels) - 1, key="history_diff_to")
result = snapshots.history_diff(snap, points[start], points[end])  # None: still comparing, progress shown
if result is not None:
    st.caption(f"Findings evaluated with the law as of {snap.as_of.isoformat()} (the sidebar date).")
    if not result.entities and not result.findings_appeared and not result.findings_disappeared:
        same = "the same point" if points[start] == points[end] else "two points with the same register"
        st.info(f"Nothing differs: you compared {same} (entry #{points[start]} and #{points[end]}).")
    else:
        if result.entities:
            st.table(
                [
                    {
                        "change": item.change,
                        "kind": KIND_WORDS.get(item.kind, item.kind),
                        "name": names.get(item.key, item.key),
                        "key": item.key,
                        "fields": ", ".join(f.replace("_", " ") for f in item.fields),
                    }
                    for item in result.entities[:200]
                ]
            )
            if len(result.entities) > 200:
                st.caption(f"The first 200 of {plural(len(result.entities), 'change')}.")
        else:
            st.caption("No entity changed; only the findings differ.")
        e, f = st.columns(2)
        e.metric("Findings that appeared", len(result.findings_appeared))
        f.metric("Findings that disappeared", len(result.findings_disappeared))
        for title, findings in (("Appeared", result.findings_appeared), ("Disappeared", result.findings_disappeared)):
            if findings:
                st.markdown(f"**{title}**")
                st.table(finding_rows(findings[:200], names))

st.subheader("The register as it was")
point = st.selectbox("After entry", labels, index=len(labels) - 1, key="history_as_was")
replayed = snapshots.register_as_was(snap, points[point])
if replayed is None:
    st.info("Nothing was stored at that point.")
elif isinstance(replayed, tuple):  # else it is still being replayed, its progress shown
    then, report = replayed
    counts = report.summary()
    cols = st.columns(len(Severity))
    for col, severity in zip(cols, Severity, strict=True):
        col.metric(severity.value.capitalize(), counts[severity.value])
    st.dataframe(snapshots.as_was_table(snap, points[point]), key="history_as_was_entities", hide_index=True)
