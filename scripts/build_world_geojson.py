#!/usr/bin/env python3
"""Convert Natural Earth 1:110m country TopoJSON into the GeoJSON the transfer map ships with.

Run once, by hand, when the map geometry should be refreshed:

    npm pack world-atlas@2 && tar xzf world-atlas-2.*.tgz
    .venv/bin/python scripts/build_world_geojson.py package/countries-110m.json ui/assets/countries-110m.geojson

The TopoJSON keys countries by ISO 3166-1 numeric code; the output keys them by alpha-2 (the
register's country codes) through pycountry, and carries a label point per country so the map
can draw arcs without computing geometry at run time. Coordinates are rounded to 0.01 degree,
which is finer than the 1:110m source resolution.
"""

from __future__ import annotations

import itertools
import json
import sys
from pathlib import Path
from typing import Any

import pycountry

Ring = list[list[float]]


def decode_arcs(topology: dict[str, Any]) -> list[Ring]:
    """Undo TopoJSON quantisation and delta encoding: every arc as absolute lon/lat points."""
    scale_x, scale_y = topology["transform"]["scale"]
    shift_x, shift_y = topology["transform"]["translate"]
    decoded: list[Ring] = []
    for arc in topology["arcs"]:
        x = y = 0
        points: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append([round(x * scale_x + shift_x, 2), round(y * scale_y + shift_y, 2)])
        decoded.append(points)
    return decoded


def ring_from(indexes: list[int], arcs: list[Ring]) -> Ring:
    """Join the arcs of one ring; a negative index (~i) means arc i walked backwards."""
    ring: Ring = []
    for index in indexes:
        points = arcs[index] if index >= 0 else list(reversed(arcs[~index]))
        # consecutive arcs share their joining point; keep it once
        ring.extend(points if not ring else points[1:])
    return ring


def unwrap(ring: Ring) -> Ring:
    """Keep a ring that crosses the antimeridian continuous (lon beyond 180) instead of spanning the world."""
    if not any(abs(a[0] - b[0]) > 180 for a, b in itertools.pairwise(ring)):
        return ring
    return [[x + 360 if x < 0 else x, y] for x, y in ring]


def ring_area(ring: Ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in itertools.pairwise(ring))) / 2


def label_point(polygons: list[list[Ring]]) -> list[float]:
    """The mean of the largest outer ring's vertices: good enough to anchor an arc."""
    outer = max((polygon[0] for polygon in polygons), key=ring_area)
    xs = [p[0] for p in outer]
    ys = [p[1] for p in outer]
    return [round(sum(xs) / len(xs), 2), round(sum(ys) / len(ys), 2)]


def convert(topology: dict[str, Any]) -> dict[str, Any]:
    arcs = decode_arcs(topology)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        if country is None or country.alpha_2 == "AQ":  # no ISO code (e.g. Somaliland), or no one to transfer to
            continue
        if geometry["type"] == "Polygon":
            polygons = [[unwrap(ring_from(ring, arcs)) for ring in geometry["arcs"]]]
        else:
            polygons = [[unwrap(ring_from(ring, arcs)) for ring in polygon] for polygon in geometry["arcs"]]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "iso_a2": country.alpha_2,
                    "name": geometry["properties"]["name"],
                    "label_point": label_point(polygons),
                },
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    features.sort(key=lambda feature: feature["properties"]["iso_a2"])
    return {
        "type": "FeatureCollection",
        "attribution": "Made with Natural Earth (public domain), via the world-atlas 2.0.2 npm package (ISC).",
        "features": features,
    }


def main(argv: list[str]) -> int:
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    topology = json.loads(Path(argv[1]).read_text(encoding="utf-8"))
    collection = convert(topology)
    Path(argv[2]).write_text(json.dumps(collection, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(collection['features'])} countries to {argv[2]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
