"""History: who changed what and when, whether the chain is intact, diffs, and the register as it was."""

from __future__ import annotations

from datetime import date, timedelta

import streamlit as st

from catalog.app.history import RegisterDiff
from catalog.app.language import local, plural_translator
from catalog.app.review import Severity
from ui import session, snapshots
from ui.components.history_view import (
    KIND_WORDS,
    changed_field_labels,
    field_rows,
    finding_rows,
    named,
)
from ui.components.text import md
from ui.components.words import severity_word
from ui.views.common import page_snapshot

lang = session.language()
_ = session.ui_translator()
ngettext = plural_translator(lang)
snap = page_snapshot()
st.title(_("History"))

log = snapshots.history(snap)  # read, verified and named once per store revision
if log is None:
    st.stop()  # its progress is shown; the page reruns itself when it is ready
entries, broken, names, entity_labels = log.entries, log.broken, log.names, log.choices
if not entries:
    st.info(_("No change has been recorded yet."))
    st.stop()
if broken is None:
    st.success(
        ngettext(
            "Change log intact: {count} entry, every hash and link verified.",
            "Change log intact: {count} entries, every hash and link verified.",
            len(entries),
        ).format(count=len(entries))
    )
else:
    st.error(_("Change log broken at entry #{seq}: {reason}").format(seq=broken.seq, reason=broken.reason))

st.subheader(_("Timeline"))
a, b = st.columns(2)
entity = a.selectbox(
    _("Entity"),
    list(entity_labels),
    format_func=lambda k: _("(all)") if k == "(all)" else entity_labels[k],
    key="history_entity",
)
actors = b.multiselect(_("Actor"), sorted({entry.actor for entry in entries}), key="history_actor")
shown = [
    entry
    for entry in entries
    if (entity == "(all)" or entity in entry.entity_keys()) and (not actors or entry.actor in actors)
]
timeline = st.dataframe(
    [
        {
            "#": entry.seq,
            _("at (UTC)"): entry.at.strftime("%Y-%m-%d %H:%M:%S"),
            _("actor"): entry.actor,
            _("operation"): _(entry.operation),
            _("reason"): entry.reason or "",
            _("changes"): ngettext("{count} entity", "{count} entities", len(entry.changes)).format(
                count=len(entry.changes)
            ),
            _("what"): ", ".join(local(names.get(k, k), lang) for k in entry.entity_keys()[:6])
            + (_(" and {count} more").format(count=len(entry.changes) - 6) if len(entry.changes) > 6 else ""),
        }
        for entry in reversed(shown)
    ],
    key="history_timeline",
    hide_index=True,
    on_select="rerun",
    selection_mode="single-row",
)
selected = timeline.selection.rows if timeline is not None else []
if shown:
    # the latest entry until another row is chosen: the change just made reads at once
    entry = list(reversed(shown))[selected[0] if selected else 0]
    st.caption(
        _("Entry #{seq} by {actor}, hash {hash}…").format(seq=entry.seq, actor=md(entry.actor), hash=entry.hash[:16])
        + ("" if selected else " " + _("(the latest; select a row to see another)"))
    )
    changes = [c for c in entry.changes if entity == "(all)" or c.key == entity]
    for change in changes[:50]:
        what = _("created") if change.before is None else _("deleted") if change.after is None else _("changed")
        kind_word = _(KIND_WORDS[change.kind]) if change.kind in KIND_WORDS else change.kind
        title = f"{kind_word.capitalize()} {named(change.key, names, lang)}: {what}"
        with st.expander(title, expanded=len(changes) == 1):
            rows = field_rows(change, lang, snap.reference, names)
            if rows:
                st.table(rows)
            else:
                st.text(_("No field changed."))
    if len(changes) > 50:
        more = len(changes) - 50
        st.caption(ngettext("… and {count} more change.", "… and {count} more changes.", more).format(count=more))

points = {f"#{e.seq} - {e.at.strftime('%Y-%m-%d %H:%M')} - {e.actor} ({_(e.operation)})": e.seq for e in entries}
labels = list(points)

st.subheader(_("Compare two points"))
c, d = st.columns(2)
start = c.selectbox(_("From"), labels, index=0, key="history_diff_from")
end = d.selectbox(_("To"), labels, index=len(labels) - 1, key="history_diff_to")


def show_diff(result: RegisterDiff, same_point: str, same_register: str) -> None:
    """Entities that differ (with their fields by label) and the findings that appeared or disappeared."""
    if not result.entities and not result.findings_appeared and not result.findings_disappeared:
        st.info(same_point if result.from_point == result.to_point else same_register)
        return
    if result.entities:
        st.table(
            [
                {
                    _("change"): _(item.change),
                    _("kind"): _(KIND_WORDS[item.kind]) if item.kind in KIND_WORDS else item.kind,
                    _("name"): local(names.get(item.key, item.key), lang),
                    _("key"): "" if item.kind == "organisation" else item.key,  # the one organisation has no key
                    _("fields"): ", ".join(changed_field_labels(item.kind, item.fields, lang)),
                }
                for item in result.entities[:200]
            ]
        )
        if len(result.entities) > 200:
            count = len(result.entities)
            st.caption(
                ngettext("The first 200 of {count} change.", "The first 200 of {count} changes.", count).format(
                    count=count
                )
            )
    else:
        st.caption(_("No entity changed; only the findings differ."))
    e, f = st.columns(2)
    e.metric(_("Findings that appeared"), len(result.findings_appeared))
    f.metric(_("Findings that disappeared"), len(result.findings_disappeared))
    for title, findings in ((_("Appeared"), result.findings_appeared), (_("Disappeared"), result.findings_disappeared)):
        if findings:
            st.markdown(f"**{title}**")
            st.table(finding_rows(findings[:200], names, lang))


result = snapshots.history_diff(snap, points[start], points[end])  # None: still comparing, progress shown
if result is not None:
    st.caption(
        _("Findings evaluated with the law as of {date} (the sidebar date).").format(date=snap.as_of.isoformat())
    )
    show_diff(
        result,
        _("Nothing differs: you compared the same point (entry #{first} and #{second}).").format(
            first=points[start], second=points[end]
        ),
        _("Nothing differs: you compared two points with the same register (entry #{first} and #{second}).").format(
            first=points[start], second=points[end]
        ),
    )

st.subheader(_("Compare dates"))
# the default pair shows the last change: the register the day before it against the register today
last = entries[-1]
today = date.today()
first_default = min(last.at.date() - timedelta(days=1), today)
c, d = st.columns(2)
first_day = c.date_input(
    _("From the end of"),
    value=first_default,
    min_value=date(1995, 1, 1),
    max_value=date(2100, 12, 31),
    format="YYYY-MM-DD",
    key="history_dates_from",
)
second_day = d.date_input(
    _("To the end of"),
    value=today,
    min_value=date(1995, 1, 1),
    max_value=date(2100, 12, 31),
    format="YYYY-MM-DD",
    key="history_dates_to",
)
st.caption(
    _(
        "The last change is entry #{seq} on {day}. Each register is judged by the law of its own day, so findings "
        "also appear or disappear when a decision, a certification or a review date passes."
    ).format(seq=last.seq, day=last.at.date().isoformat())
)
if isinstance(first_day, date) and isinstance(second_day, date):
    by_dates = snapshots.history_diff_dates(snap, first_day, second_day)
    if by_dates is not None:
        show_diff(
            by_dates,
            _("Nothing differs: you compared a day with itself ({first}).").format(first=first_day.isoformat()),
            _("Nothing differs between the end of {first} and the end of {second}.").format(
                first=first_day.isoformat(), second=second_day.isoformat()
            ),
        )

st.subheader(_("The register as it was"))
point = st.selectbox(_("After entry"), labels, index=len(labels) - 1, key="history_as_was")
replayed = snapshots.register_as_was(snap, points[point])
if replayed is None:
    st.info(_("Nothing was stored at that point."))
elif isinstance(replayed, tuple):  # else it is still being replayed, its progress shown
    then, report = replayed
    counts = report.summary()
    cols = st.columns(len(Severity))
    for col, severity in zip(cols, Severity, strict=True):
        col.metric(severity_word(severity, _), counts[severity.value])
    st.dataframe(snapshots.as_was_table(snap, points[point]), key="history_as_was_entities", hide_index=True)
