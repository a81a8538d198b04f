"""Due: overdue reviews in red, what falls due inside a window on a timeline, and what breaks next."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from catalog.app.language import N_, Translate, local
from catalog.app.review import DueItem, DueKind, DueReport, TransferBreak, kind_label, status_label, worded
from ui import session, snapshots
from ui.components.due import timeline_points
from ui.components.text import md
from ui.components.words import title_lang
from ui.snapshots import due_for
from ui.views.common import page_snapshot

Rows = Callable[[], list[dict[str, str]]]
WINDOWS = {N_("30 days"): 30, N_("90 days"): 90, N_("6 months"): 182, N_("1 year"): 365, N_("2 years"): 730}

lang = session.language()
_ = session.ui_translator()
snap = page_snapshot()
st.title(_("Due"))
st.caption(
    _(
        "{organisation} · as of {date} · review dates, ends of safeguards and decisions, and the first day each "
        "valid transfer stops being valid."
    ).format(organisation=md(local(snap.register.organisation.name, lang)), date=snap.as_of.isoformat())
)

a, b = st.columns(2)
window = a.selectbox(_("Window"), list(WINDOWS), index=1, format_func=_, key="due_window")
kinds = b.multiselect(
    _("Kind"), list(DueKind), format_func=lambda kind: kind_label(DueKind(kind), lang), key="due_kind"
)
found = due_for(snap, WINDOWS[window])
if found is None:
    st.stop()  # its progress is shown; the page reruns itself when it is ready


@st.cache_resource(show_spinner=False, max_entries=8)
def _worded(url: str, revision: str, day: date, within: int, language: str, _report: DueReport) -> DueReport:
    """The report's words (why, what it affects, names, tools) in the page's language, once per revision."""
    return worded(_report, language)


report = _worded(snapshots.store_url(), snap.revision, snap.as_of, WINDOWS[window], lang, found)


@st.cache_resource(show_spinner=False, max_entries=8)
def _timeline(
    url: str,
    revision: str,
    day: date,
    within: int,
    kinds: tuple[str, ...],
    language: str,
    _overdue: list[DueItem],
    _upcoming: list[DueItem],
    _translate: Translate,
) -> go.Figure:
    figure = go.Figure()
    legend = ((_overdue, "#c62828", _translate("Overdue")), (_upcoming, "#1565c0", _translate("Due")))
    for group, colour, name in legend:
        points = timeline_points(group, _translate)
        if not points:
            continue
        figure.add_trace(
            go.Scatter(
                x=[point.due_on.isoformat() for point in points],
                y=[kind_label(point.kind, language) for point in points],
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
    return _timeline(snapshots.store_url(), snap.revision, snap.as_of, within, kinds, lang, overdue, upcoming, _)


def shown(items: list[DueItem]) -> list[DueItem]:
    return [item for item in items if not kinds or item.kind in kinds]


overdue, upcoming = shown(report.overdue), shown(report.upcoming)
left, right = st.columns(2)
left.metric(_("Overdue"), len(overdue))
right.metric(_("Due within {window}").format(window=_(window)), len(upcoming))

items = [*overdue, *upcoming]
if items:
    figure = timeline(snap, WINDOWS[window], tuple(kinds), overdue, upcoming)
    st.plotly_chart(figure, key="due_timeline", config={"displaylogo": False})
else:
    st.info(_("Nothing is overdue or due inside the window."))


def show(item: DueItem, red: bool) -> None:
    head = f"**{item.due_on.isoformat()}** · {md(kind_label(item.kind, lang))} · **{md(item.entity)}**"
    st.markdown(f":red[{head}]" if red else head)
    st.markdown(md(item.why) + " " + _("Affects: {what}.").format(what=md(item.affects.rstrip("."))))
    st.caption(md(item.subject))


# Each item as text up to LISTED; beyond, the rest as one table (thousands of text blocks take seconds to send).
LISTED = 50


@st.cache_resource(show_spinner=False, max_entries=16)
def _table(
    url: str, revision: str, day: date, within: int, kinds: tuple[str, ...], language: str, key: str, _rows: Rows
) -> pd.DataFrame:
    return pd.DataFrame(_rows())


def table(key: str, rows: Rows) -> pd.DataFrame:
    """A table of the page's, built once per revision, date, window and kinds: at 100k entities the due items
    and the transfers that break run to tens of thousands of rows each, a second to convert on every run."""
    return _table(snapshots.store_url(), snap.revision, snap.as_of, WINDOWS[window], tuple(kinds), lang, key, rows)


def row(item: DueItem) -> dict[str, str]:
    return {
        _("due on"): item.due_on.isoformat(),
        _("kind"): kind_label(item.kind, lang),
        _("entity"): item.entity,
        _("why"): item.why,
        _("affects"): item.affects,
        _("subject"): item.subject,
    }


def _transfer_row(transfer: TransferBreak) -> dict[str, str]:
    """A transfer in the breaks and already-broken tables: its status, parties, tool and why."""
    return {
        _("status"): status_label(transfer.status, title_lang(lang)),
        _("exporter"): transfer.exporter,
        _("importer"): transfer.importer,
        _("country"): transfer.country,
        _("relies on"): transfer.mechanism or "",
        _("why"): transfer.why,
    }


def listing(items: list[DueItem], red: bool, key: str) -> None:
    for item in items[:LISTED]:
        show(item, red)
    rest = items[LISTED:]
    if rest:
        st.caption(_("The other {count}, in the same order:").format(count=len(rest)))
        st.dataframe(table(key, lambda: [row(item) for item in rest]), key=key, hide_index=True)


if overdue:
    st.subheader(":red[" + _("Overdue ({count})").format(count=len(overdue)) + "]")
    listing(overdue, red=True, key="due_overdue_rest")
if upcoming:
    st.subheader(_("Due within {window} ({count})").format(window=_(window), count=len(upcoming)))
    listing(upcoming, red=False, key="due_upcoming_rest")

st.subheader(
    _("What breaks next ({count} transfers valid on {date})").format(
        count=len(report.breaks), date=report.as_of.isoformat()
    )
)
if report.breaks:
    breaks = report.breaks
    rows: Rows = lambda: [  # noqa: E731 - built only when the table is not cached yet
        {_("breaks on"): b.breaks_on.isoformat() if b.breaks_on else _("no end date"), **_transfer_row(b)}
        for b in breaks
    ]
    st.dataframe(table("due_breaks", rows), key="due_breaks", hide_index=True)
else:
    st.info(_("No transfer is valid on the as-of date, so nothing can break; the ones below are already broken."))
if report.broken:
    st.subheader(
        _("Already broken ({count} transfers not valid, or with an unknown destination)").format(
            count=len(report.broken)
        )
    )
    broken_list = report.broken
    broken_rows: Rows = lambda: [_transfer_row(b) for b in broken_list]  # noqa: E731 - built when not cached
    st.dataframe(table("due_broken", broken_rows), key="due_broken", hide_index=True)
