"""Due: overdue reviews in red, what falls due inside a window on a timeline, and what breaks next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from catalog.app.review import KIND_LABELS, DueItem, DueKind, TransferBreak, status_label
from ui import snapshots
from ui.components.due import timeline_points
from ui.components.text import md
from ui.snapshots import due_for
from ui.views.common import page_snapshot

Rows = Callable[[], list[dict[str, str]]]
WINDOWS = {"30 days": 30, "90 days": 90, "6 months": 182, "1 year": 365, "2 years": 730}

snap = page_snapshot()
st.title("Due")
st.caption(
    f"{md(snap.register.organisation.name)} · as of {snap.as_of.isoformat()} · review dates, ends of safeguards "
    "and decisions, and the first day each valid transfer stops being valid."
)

a, b = st.columns(2)
window = a.selectbox("Window", list(WINDOWS), index=1, key="due_window")
kinds = b.multiselect("Kind", list(DueKind), format_func=lambda kind: KIND_LABELS[DueKind(kind)], key="due_kind")
report = due_for(snap, WINDOWS[window])
if report is None:
    st.stop()  # its progress is shown; the page reruns itself when it is ready


@st.cache_resource(show_spinner=False, max_entries=8)
def _timeline(
    url: str,
    revision: str,
    day: date,
    within: int,
    kinds: tuple[str, ...],
    _overdue: list[DueItem],
    _upcoming: list[DueItem],
) -> go.Figure:
    figure = go.Figure()
    for group, colour, name in ((_overdue, "#c62828", "Overdue"), (_upcoming, "#1565c0", "Due")):
        points = timeline_points(group)
        if not points:
            continue
        figure.add_trace(
            go.Scatter(
                x=[point.due_on.isoformat() for point in points],
                y=[KIND_LABELS[point.kind] for point in points],
                mode="markers",
                marker={"color": colour, "size": [point.size for point in points]},
                name=name,
                text=[point.hover for point in points],
                hovertemplate="%{x}<br>%{text}<extra></extra>",
            )
        )
    figure.add_vline(x=day.isoformat(), line_dash="dot", line_color="#555")
    figure.update_layout(height=280, margin={"l": 10, "r": 10, "t": 10, "b": 10}, yaxis={"type": "category"})
    return figure


def timeline(
    snap: snapshots.Snapshot, within: int, kinds: tuple[str, ...], overdue: list[DueItem], upcoming: list[DueItem]
) -> go.Figure:
    """The timeline of the shown items, built once per revision, date, window and kinds (seconds at 100k)."""
    return _timeline(snapshots.store_url(), snap.revision, snap.as_of, within, kinds, overdue, upcoming)


def shown(items: list[DueItem]) -> list[DueItem]:
    return [item for item in items if not kinds or item.kind in kinds]


overdue, upcoming = shown(report.overdue), shown(report.upcoming)
left, right = st.columns(2)
left.metric("Overdue", len(overdue))
right.metric(f"Due within {window}", len(upcoming))

items = [*overdue, *upcoming]
if items:
    figure = timeline(snap, WINDOWS[window], tuple(kinds), overdue, upcoming)
    st.plotly_chart(figure, key="due_timeline", config={"displaylogo": False})
else:
    st.info("Nothing is overdue or due inside the window.")


def show(item: DueItem, red: bool) -> None:
    head = f"**{item.due_on.isoformat()}** · {md(KIND_LABELS[item.kind])} · **{md(item.entity)}**"
    st.markdown(f":red[{head}]" if red else head)
    st.markdown(f"{md(item.why)} Affects: {md(item.affects.rstrip('.'))}.")
    st.caption(md(item.subject))


# Each item as text up to LISTED; beyond, the rest as one table (thousands of text blocks take seconds to send).
LISTED = 50


@st.cache_resource(show_spinner=False, max_entries=16)
def _table(
    url: str, revision: str, day: date, within: int, kinds: tuple[str, ...], key: str, _rows: Rows
) -> pd.DataFrame:
    return pd.DataFrame(_rows())


def table(key: str, rows: Rows) -> pd.DataFrame:
    """A table of the page's, built once per revision, date, window and kinds: at 100k entities the due items
    and the transfers that break run to tens of thousands of rows each, a second to convert on every run."""
    return _table(snapshots.store_url(), snap.revision, snap.as_of, WINDOWS[window], tuple(kinds), key, rows)


def row(item: DueItem) -> dict[str, str]:
    return {
        "due on": item.due_on.isoformat(),
        "kind": KIND_LABELS[item.kind],
        "entity": item.entity,
        "why": item.why,
        "affects": item.affects,
        "subject": item.subject,
    }


def _transfer_row(transfer: TransferBreak) -> dict[str, str]:
    """A transfer in the breaks and already-broken tables: its status, parties, tool and why."""
    return {
        "status": status_label(transfer.status),
        "exporter": transfer.exporter,
        "importer": transfer.importer,
        "country": transfer.country,
        "relies on": transfer.mechanism or "",
        "why": transfer.why,
    }


def listing(items: list[DueItem], red: bool, key: str) -> None:
    for item in items[:LISTED]:
        show(item, red)
    rest = items[LISTED:]
    if rest:
        st.caption(f"The other {len(rest)}, in the same order:")
        st.dataframe(table(key, lambda: [row(item) for item in rest]), key=key, hide_index=True)


if overdue:
    st.subheader(f":red[Overdue ({len(overdue)})]")
    listing(overdue, red=True, key="due_overdue_rest")
if upcoming:
    st.subheader(f"Due within {window} ({len(upcoming)})")
    listing(upcoming, red=False, key="due_upcoming_rest")

st.subheader(f"What breaks next ({len(report.breaks)} transfers valid on {report.as_of.isoformat()})")
if report.breaks:
    breaks = report.breaks
    rows: Rows = lambda: [  # noqa: E731 - built only when the table is not cached yet
        {"breaks on": b.breaks_on.isoformat() if b.breaks_on else "no end date", **_transfer_row(b)} for b in breaks
    ]
    st.dataframe(table("due_breaks", rows), key="due_breaks", hide_index=True)
else:
    st.info("No transfer is valid on the as-of date, so nothing can break; the ones below are already broken.")
if report.broken:
    st.subheader(f"Already broken ({len(report.broken)} transfers not valid, or with an unknown destination)")
    broken_list = report.broken
    broken_rows: Rows = lambda: [_transfer_row(b) for b in broken_list]  # noqa: E731 - built when not cached
    st.dataframe(table("due_broken", broken_rows), key="due_broken", hide_index=True)
