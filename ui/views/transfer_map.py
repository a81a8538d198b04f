"""Transfer map: every transfer placed, either as an arc (sized by count) or in the unknown-destination group.

Then the transfers as a table (select a row for its evidence, findings and entity), and two as-of dates
side by side: the transfers whose verdict differs.
"""

from __future__ import annotations

from datetime import date

import pydeck as pdk
import streamlit as st

from catalog.app.language import local, plural_translator
from catalog.app.lineage import NodeType
from catalog.app.review import RULES, STATUS_ORDER, STATUS_STYLES, TransferStatus, rule_title, status_label
from ui import session, snapshots
from ui.components.legend import legend_html, status_text
from ui.components.node_card import safeguard_text
from ui.components.text import md
from ui.components.words import severity_word, title_lang
from ui.components.world import (
    ArcGroup,
    map_labels,
    map_status_counts,
    place_name,
    transfer_name,
    unknown_groups,
    world_geojson,
)
from ui.views.common import page_snapshot

TABLE_ROWS = 100

lang = session.language()
_ = session.ui_translator()
ngettext = plural_translator(lang)
label_lang = title_lang(lang)


def status_name(status: TransferStatus) -> str:
    return status_label(status, label_lang)


def place(code: str) -> str:
    return place_name(code, lang)


snap = page_snapshot()
st.title(_("Transfer map"))

hops = snap.report.transfers
groups, unplaced = snapshots.transfer_arc_groups(snap)  # once per revision and date
drawn = sum(group.count for group in groups)
unknown = [hop for hop in unplaced if hop.status == TransferStatus.DESTINATION_UNKNOWN]
undrawn = [hop for hop in unplaced if hop.status != TransferStatus.DESTINATION_UNKNOWN]
st.caption(
    ngettext(
        "{count} third-country transfer as of {date}:", "{count} third-country transfers as of {date}:", len(hops)
    ).format(count=len(hops), date=snap.as_of.isoformat())
    + " "
    + ngettext(
        "{drawn} drawn as {arcs} arc (width by count), {unknown} with an unknown destination (beside the map)",
        "{drawn} drawn as {arcs} arcs (width by count), {unknown} with an unknown destination (beside the map)",
        len(groups),
    ).format(drawn=drawn, arcs=len(groups), unknown=len(unknown))
    + (_(", {count} to a place the map cannot draw (in the table).").format(count=len(undrawn)) if undrawn else ".")
)
# The same counts, in the same unit (one hop), as the Findings and Overview pages and the exports.
for column, (status, count) in zip(
    st.columns(len(STATUS_ORDER)), map_status_counts(groups, unplaced).items(), strict=True
):
    column.metric(
        status_name(status), count, help=_("Transfers shown {colour}.").format(colour=_(STATUS_STYLES[status].colour))
    )


def arc_row(group: ArcGroup) -> dict[str, object]:
    return {
        "source": list(group.source),
        "target": list(group.target),
        "colour": group.colour,
        "width": group.width,
        "tooltip": group.tooltip,
        "count": group.count,
    }


arc_rows = [arc_row(group) for group in groups]
# the unknown group drawn too: grey arcs from each exporter to one labelled point at sea (counted once, above)
unknown_rows = [
    arc_row(group) | {"width": min(group.width, 10.0)} for group in unknown_groups(snap.register, unknown, lang)
]
label_rows = map_labels(snap.register, [*hops], len(unknown), lang)
deck = pdk.Deck(
    layers=[
        pdk.Layer(
            "GeoJsonLayer",
            id="countries",
            data=world_geojson(),
            stroked=True,
            filled=True,
            get_fill_color=[225, 228, 232],
            get_line_color=[160, 160, 160],
            line_width_min_pixels=0.5,
            pickable=False,
        ),
        pdk.Layer(
            "ArcLayer",
            id="transfers",
            data=arc_rows,
            get_source_position="source",
            get_target_position="target",
            get_source_color="colour",
            get_target_color="colour",
            get_width="width",
            pickable=True,
            auto_highlight=True,
        ),
        pdk.Layer(
            "ArcLayer",
            id="unknown",
            data=unknown_rows,
            get_source_position="source",
            get_target_position="target",
            get_source_color="colour",
            get_target_color="colour",
            get_width="width",
            pickable=False,
        ),
        pdk.Layer(
            "TextLayer",
            id="places",
            data=label_rows,
            get_position="position",
            get_text="text",
            get_size=13,  # pixels (deck.gl's default unit): no name is drawn under 11 px
            get_color=[33, 33, 33],
            get_text_anchor='"middle"',
            get_alignment_baseline='"top"',
            get_pixel_offset=[0, 6],
            # pydeck sends a bare string as an expression: a literal needs its own quotes
            font_family='"Helvetica, Arial, DejaVu Sans, sans-serif"',
            parameters={"depthTest": False},  # names stay readable over the arcs
            background=True,
            get_background_color=[255, 255, 255, 210],
            background_padding=[3, 1],
            pickable=False,
        ),
    ],
    initial_view_state=pdk.ViewState(latitude=45, longitude=-20, zoom=1.1),
    # No basemap: the country shapes come from ui/assets. map_provider=None alone, with map_style left at
    # pydeck's default, is what tells Streamlit "no basemap"; map_style=None would make Streamlit pick a
    # themed Carto basemap fetched from the internet (the browser test guards against any outside request).
    map_provider=None,
    # "text" tooltips are set as plain text by deck.gl, never parsed as HTML
    tooltip={"text": "{tooltip}"},
)
map_column, unknown_column = st.columns([3, 1])
with map_column:
    event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="map_deck", height=480)
    st.html(
        legend_html(
            lang,
            extra=[
                _("Arc colour: the worst status it carries; width: how many transfers."),
                _("Grey arcs to “?” go to an unknown destination."),
            ],
        )
    )
with unknown_column:
    # counted once, in the status row above; here the importers they go to
    st.markdown(f"**{status_name(TransferStatus.DESTINATION_UNKNOWN)}: {len(unknown)}**")
    if unknown:
        counted: dict[str, int] = {}
        for hop in unknown:
            importer = local(hop.importer_name, lang)
            counted[importer] = counted.get(importer, 0) + 1
        top = sorted(counted.items(), key=lambda item: (-item[1], item[0].lower()))[: TABLE_ROWS // 5]
        st.table([{_("Importer"): name, _("Transfers"): count} for name, count in top])
        if len(counted) > len(top):
            st.caption(_("… and {count} more importers.").format(count=len(counted) - len(top)))

chosen: str | None = None
selection = getattr(event, "selection", None) or {}
objects = selection.get("objects", {}) if isinstance(selection, dict) else {}
picked = objects.get("transfers") or []
if picked and isinstance(picked[0], dict):
    ends = (picked[0].get("source"), picked[0].get("target"))
    ids = next((g.hop_ids for g in groups if (list(g.source), list(g.target)) == ends), ())
    chosen = ids[0] if len(ids) == 1 else None
    if len(ids) > 1:
        st.info(_("This arc carries {count} transfers: select one in the table below.").format(count=len(ids)))

categories = {c.key: c.name for c in snap.register.data_categories}
st.subheader(_("Transfers"))
statuses = [status for status in STATUS_ORDER if any(h.status == status for h in hops)]
only = st.multiselect(_("Status"), statuses, format_func=status_name, key="map_status", placeholder=_("Every status"))
listed = [h for h in hops if not only or h.status in only]
shown = listed[:TABLE_ROWS]
if len(listed) > len(shown):
    st.caption(
        _("The first {shown} of {total} transfers; narrow them by status.").format(shown=len(shown), total=len(listed))
    )
# a static table wraps long names instead of cutting them, and never scrolls sideways at 1440 px
st.table(
    [
        {
            _("Transfer (data)"): transfer_name(hop, categories, lang=lang),
            _("Exporter"): local(hop.exporter_name, lang),
            _("Importer"): local(hop.importer_name, lang),
            _("Country"): place(hop.country),
            _("Mechanism"): hop.mechanism or _("none"),
            _("Status"): status_text(hop.status, lang),
        }
        for hop in shown
    ]
)
by_id = {h.id: h for h in shown}
if chosen is not None and chosen in by_id:
    session.put("map_transfer", chosen)
picked_id = st.selectbox(
    _("Open a transfer for its evidence, findings and entity"),
    list(by_id),
    index=None,
    format_func=lambda i: (
        f"{local(by_id[i].importer_name, lang)} → {place(by_id[i].country)} ({status_name(by_id[i].status)})"
    ),
    key="map_transfer",
    placeholder=_("Choose a transfer, or click an arc"),
)
chosen = picked_id or chosen

selected = next((h for h in hops if h.id == chosen), None)
if selected is not None:
    names = {n: str(d.get("label") or n) for n, d in snap.graph.nodes(data=True)}
    st.subheader(
        md(
            _("{exporter} → {importer} in {country}").format(
                exporter=local(selected.exporter_name, lang),
                importer=local(selected.importer_name, lang),
                country=place(selected.country),
            )
        )
    )
    st.text(_("Status: {status}.").format(status=status_name(selected.status)) + f" {selected.status_reason}")
    data_names = transfer_name(selected, categories, shown=len(selected.data_categories), lang=lang)
    st.text(_("Data: {names}").format(names=data_names))
    path = " → ".join(local(names.get(n, place(n.split(":", 1)[1])), lang) for n in selected.path)
    st.text(_("Evidence path: {path}").format(path=path))
    safeguards = "; ".join(safeguard_text(s, lang=lang) for s in selected.safeguards) or _("none recorded")
    st.text(_("Safeguards: {safeguards}").format(safeguards=safeguards))
    related = [f for f in snap.report.findings if f.transfer == selected.id]
    if related:
        st.markdown("**" + _("Its findings") + "**")
        st.dataframe(
            [
                {
                    _("severity"): severity_word(f.severity, _),
                    _("finding"): rule_title(f.rule, label_lang) if f.rule in RULES else f.rule,
                    _("details"): f.message,
                }
                for f in related
            ],
            key="map_hop_findings",
            hide_index=True,
        )
    a, b, c = st.columns(3)
    if related and a.button(_("Open its finding"), key="map_open_finding"):
        session.put("findings_rule", sorted({f.rule for f in related}))
        session.put("findings_country", [selected.country])
        st.switch_page("views/findings.py")
    kind, _sep, key = selected.importer.partition(":")
    if kind == NodeType.PROCESSOR.value and b.button(_("Open its lineage"), key="map_open_lineage"):
        session.focus_lineage(selected.importer)
        st.switch_page("views/lineage.py")
    register_kind = {"processor": "processors", "recipient": "recipients", "system": "systems"}.get(kind)
    if register_kind and c.button(_("Open the importer in the register"), key="map_open_entity"):
        session.put("register_kind", register_kind)
        session.put("register_select_next", key)
        st.switch_page("views/register.py")

st.subheader(_("Compare two dates"))
st.caption(_("The transfers whose verdict differs between two as-of dates: what changed, and why."))
left, right = st.columns(2)
pair = snapshots.map_default_pair(snap)  # None while it is looked for: its progress is shown instead
if pair is not None and session.get("map_compare_for") != snap.as_of:
    # the default pair is the as-of date's: set before the widgets are drawn, and again when that date changes
    session.put("map_compare_for", snap.as_of)
    session.put("map_compare_first", pair[0])
    session.put("map_compare_second", pair[1])
if pair is not None and not pair[2]:
    st.info(
        _(
            "No transfer's verdict changes on any day a decision, a set of clauses, a programme or a safeguard "
            "starts or ends near {date}: choose two dates to compare."
        ).format(date=snap.as_of.isoformat())
    )
first = left.date_input(_("First date"), key="map_compare_first") if pair is not None else None
second = right.date_input(_("Second date"), key="map_compare_second") if pair is not None else None
if isinstance(first, date) and isinstance(second, date):
    changes = snapshots.changes_between(snap, first, second)  # None while evaluating: its progress is shown instead
    if changes == []:
        st.info(
            _("Every transfer has the same status on {first} and {second}.").format(
                first=first.isoformat(), second=second.isoformat()
            )
        )
    elif changes:
        st.caption(
            (
                ngettext(
                    "{count} transfer differs; the first {shown} are shown.",
                    "{count} transfers differ; the first {shown} are shown.",
                    len(changes),
                )
                if len(changes) > TABLE_ROWS
                else ngettext("{count} transfer differs.", "{count} transfers differ.", len(changes))
            ).format(count=len(changes), shown=TABLE_ROWS)
        )
        st.table(
            [
                {
                    _("Transfer (data)"): transfer_name(change.hop, categories, lang=lang),
                    _("Importer"): local(change.hop.importer_name, lang),
                    _("Country"): place(change.hop.country),
                    _("on {date}").format(date=first.isoformat()): status_text(change.before.status, lang)
                    if change.before
                    else "—",
                    _("on {date}").format(date=second.isoformat()): status_text(change.after.status, lang)
                    if change.after
                    else "—",
                    _("Why, on the second date"): change.after.status_reason
                    if change.after
                    else _("not a transfer then"),
                }
                for change in changes[:TABLE_ROWS]
            ]
        )
