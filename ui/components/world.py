"""The transfer map's data: country shapes shipped in the repo and arcs built from transfer hops.

The geometry is Natural Earth 1:110m (public domain), converted by scripts/build_world_geojson.py;
nothing is fetched at run time and no basemap is used.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from catalog.compliance.model import TransferHop, TransferStatus
from catalog.domain.location import UNSPECIFIED_EEA, UNSPECIFIED_EU, country_name
from catalog.domain.models import Processor
from catalog.domain.register import Register

GEOJSON_PATH = Path(__file__).resolve().parents[1] / "assets" / "countries-110m.geojson"

# An unnamed EU/EEA member state has no shape; anchor it in central Europe so arcs still start somewhere.
REGION_POINTS = {UNSPECIFIED_EU: (10.0, 50.0), UNSPECIFIED_EEA: (10.0, 52.0)}

STATUS_COLOURS: dict[TransferStatus, list[int]] = {
    TransferStatus.ADEQUATE: [46, 125, 50],
    TransferStatus.SAFEGUARDED: [56, 142, 60],
    TransferStatus.DEROGATION: [245, 124, 0],
    TransferStatus.INVALID_SAFEGUARD: [211, 47, 47],
    TransferStatus.UNSAFEGUARDED: [183, 28, 28],
    TransferStatus.UNKNOWN_DESTINATION: [123, 31, 162],
}


@cache
def world_geojson() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GEOJSON_PATH.read_text(encoding="utf-8"))
    return data


@cache
def label_points() -> dict[str, tuple[float, float]]:
    points = {f["properties"]["iso_a2"]: tuple(f["properties"]["label_point"]) for f in world_geojson()["features"]}
    return {code: (float(p[0]), float(p[1])) for code, p in points.items()} | REGION_POINTS


def exporter_location(processors: dict[str, Processor], home: str, exporter: str) -> str:
    """Where an exporter sends from: the exporting processor's first placeable location, else ``home``
    (the controller's country)."""
    if exporter.startswith("processor:"):
        processor = processors.get(exporter.split(":", 1)[1])
        for code in processor.processing_locations if processor else []:
            if code in label_points():
                return str(code)
    return home


@dataclass(frozen=True)
class Arc:
    hop_id: str
    source: tuple[float, float]
    target: tuple[float, float]
    colour: list[int]
    tooltip: str


def transfer_arcs(register: Register, hops: list[TransferHop]) -> tuple[list[Arc], list[TransferHop]]:
    """Arcs for hops whose both ends can be placed, and the hops that cannot (unknown destination)."""
    points = label_points()
    processors = {p.key: p for p in register.processors}  # looked up once per hop
    home = register.organisation.address.country
    arcs: list[Arc] = []
    unplaced: list[TransferHop] = []
    for hop in hops:
        start = points.get(exporter_location(processors, home, hop.exporter))
        end = points.get(hop.country)
        if start is None or end is None:
            unplaced.append(hop)
            continue
        tooltip = (
            f"{hop.exporter_name} → {hop.importer_name} ({country_name(hop.country)}): "
            f"{hop.status.value.replace('_', ' ')}" + (f", {hop.mechanism}" if hop.mechanism else "")
        )
        arcs.append(Arc(hop.id, start, end, STATUS_COLOURS[hop.status], tooltip))
    return arcs, unplaced
