"""Transfer map: arcs from exporters to importers, coloured by the transfer's status on the as-of date."""

from __future__ import annotations

import pydeck as pdk
import streamlit as st

from catalog.domain.location import country_name
from ui.components.world import STATUS_COLOURS, transfer_arcs, world_geojson
from ui.views.common import page_snapshot

snap = page_snapshot()
st.title("Transfer map")

hops = snap.report.transfers
arcs, unplaced = transfer_arcs(snap.register, hops)
arc_rows = [
    {
        "hop": arc.hop_id,
        "source": list(arc.source),
        "target": list(arc.target),
        "colour": arc.colour,
        "tooltip": arc.tooltip,
    }
    for arc in arcs
]
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
            get_width=4,
            pickable=True,
            auto_highlight=True,
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
event = st.pydeck_chart(deck, on_select="rerun", selection_mode="single-object", key="map_deck", height=520)
legend = " · ".join(status.value.replace("_", " ") for status in STATUS_COLOURS)
st.caption(f"Arc colours by status: green safeguarded or adequate, orange derogation, red invalid or none ({legend}).")

chosen: str | None = None
selection = getattr(event, "selection", None) or {}
objects = selection.get("objects", {}) if isinstance(selection, dict) else {}
picked = objects.get("transfers") or []
if picked and isinstance(picked[0], dict):
    chosen = picked[0].get("hop")

table = [
    {
        "transfer": hop.id,
        "exporter": hop.exporter_name,
        "importer": hop.importer_name,
        "country": country_name(hop.country),
        "status": hop.status.value,
        "mechanism": hop.mechanism or "",
        "data categories": ", ".join(hop.data_categories),
    }
    for hop in hops
]
st.subheader("Transfers")
listed = st.dataframe(table, key="map_table", hide_index=True, on_select="rerun", selection_mode="single-row")
rows = listed.selection.rows if listed is not None else []
if rows:
    chosen = hops[rows[0]].id
if unplaced:
    st.caption(f"{len(unplaced)} transfer(s) have a destination that cannot be placed on the map (unknown).")

hop = next((h for h in hops if h.id == chosen), None)
if hop is not None:
    st.subheader("Selected transfer")
    st.text(f"{hop.exporter_name} → {hop.importer_name} in {country_name(hop.country)}")
    st.text(f"Status: {hop.status.value} — {hop.status_reason}")
    st.text("Evidence path: " + " → ".join(hop.path))
    st.json([s.model_dump(mode="json") for s in hop.safeguards], expanded=False)
