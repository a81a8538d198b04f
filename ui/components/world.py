"""The transfer map's data: country shapes shipped in the repo and arcs built from transfer hops.

The geometry is Natural Earth 1:110m (public domain), converted by scripts/build_world_geojson.py;
nothing is fetched at run time and no basemap is used.
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from catalog.app.language import Lang, local, plural_translator, translator
from catalog.app.review import STATUS_ORDER, TransferHop, TransferStatus, status_label, status_rgb, worst
from catalog.domain.location import UNSPECIFIED_EEA, UNSPECIFIED_EU, local_country_name
from catalog.domain.models import Processor
from catalog.domain.register import Register
from catalog.reference import ReferenceData

Point = tuple[float, float]
"""Longitude, latitude."""

GEOJSON_PATH = Path(__file__).resolve().parents[1] / "assets" / "countries-110m.geojson"

# An unnamed EU/EEA member state has no shape; anchor it in central Europe so arcs still start somewhere.
REGION_POINTS = {UNSPECIFIED_EU: (10.0, 50.0), UNSPECIFIED_EEA: (10.0, 52.0)}


@cache
def world_geojson() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(GEOJSON_PATH.read_text(encoding="utf-8"))
    return data


@cache
def label_points() -> dict[str, Point]:
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
    source: Point
    target: Point
    colour: list[int]
    tooltip: str


Placed = tuple[Point, Point, TransferHop]


def _placed(register: Register, hops: list[TransferHop]) -> tuple[list[Placed], list[TransferHop]]:
    """Each hop with both ends placed (exporter's place, destination's), and the hops that cannot be placed."""
    points = label_points()
    processors = {p.key: p for p in register.processors}  # looked up once per exporter
    home = register.organisation.address.country
    starts: dict[str, Point | None] = {}  # tens of thousands of hops share a few thousand exporters
    placed: list[Placed] = []
    unplaced: list[TransferHop] = []
    for hop in hops:
        if hop.exporter not in starts:
            starts[hop.exporter] = points.get(exporter_location(processors, home, hop.exporter))
        start, end = starts[hop.exporter], points.get(hop.country)
        if start is None or end is None:
            unplaced.append(hop)
        else:
            placed.append((start, end, hop))
    return placed, unplaced


def _tooltip(hop: TransferHop, lang: Lang = Lang.EN) -> str:
    names = f"{local(hop.exporter_name, lang)} → {local(hop.importer_name, lang)}"
    status = status_label(hop.status, "nb" if lang == Lang.NB else "en")
    return f"{names} ({place_name(hop.country, lang)}): {status}" + (f", {hop.mechanism}" if hop.mechanism else "")


def transfer_arcs(register: Register, hops: list[TransferHop]) -> tuple[list[Arc], list[TransferHop]]:
    """Arcs for hops whose both ends can be placed, and the hops that cannot (unknown destination)."""
    placed, unplaced = _placed(register, hops)
    arcs = [Arc(hop.id, start, end, status_rgb(hop.status), _tooltip(hop)) for start, end, hop in placed]
    return arcs, unplaced


# --- the transfer map page: arcs sized by count, the unknown group, the table and the date comparison -----

# Labels, colours and the worst-first order come from the one status table (catalog.compliance.status_words).


@dataclass(frozen=True)
class ArcGroup:
    """All transfers drawn between the same two points: one arc, as wide as their count."""

    source: Point
    target: Point
    hop_ids: tuple[str, ...]
    colour: list[int]
    tooltip: str
    statuses: tuple[TransferStatus, ...] = ()  # each hop's status, in the order of hop_ids

    @property
    def status(self) -> TransferStatus:
        """The worst status among its transfers: the arc's colour."""
        return worst(frozenset(self.statuses))

    @property
    def count(self) -> int:
        return len(self.hop_ids)

    @property
    def width(self) -> float:
        return min(3.0 + 3.0 * self.count, 40.0)


def arc_groups(
    register: Register, hops: list[TransferHop], lang: Lang = Lang.EN
) -> tuple[list[ArcGroup], list[TransferHop]]:
    """One arc per pair of places, sized by its transfers; and the transfers that cannot be placed.

    Every hop is in exactly one of the two: the arcs' counts and the unplaced add up to ``len(hops)``.
    """
    _ = translator(lang)
    ngettext = plural_translator(lang)
    placed, unplaced = _placed(register, hops)
    merged: dict[tuple[Point, Point], list[TransferHop]] = {}
    for start, end, hop in placed:
        merged.setdefault((start, end), []).append(hop)
    groups = []
    for (source, target), members in merged.items():
        worst_status = worst({hop.status for hop in members})
        # only the first few are worded: at 100k entities a pair of places can stand for thousands of transfers
        lines = [_tooltip(hop, lang) for hop in members[:6]]
        if len(members) > 6:
            lines.append(_("… and {count} more").format(count=len(members) - 6))
        count = ngettext("{count} transfer", "{count} transfers", len(members)).format(count=len(members))
        tooltip = count + "\n" + "\n".join(lines)
        groups.append(
            ArcGroup(
                source,
                target,
                tuple(hop.id for hop in members),
                status_rgb(worst_status),
                tooltip,
                tuple(hop.status for hop in members),
            )
        )
    return groups, unplaced


def map_status_counts(groups: list[ArcGroup], unplaced: list[TransferHop]) -> dict[TransferStatus, int]:
    """Transfers per status as the map shows them (every arc's transfers and the ones beside the map),
    worst first; one hop is one transfer, as on every other page."""
    counts = dict.fromkeys(STATUS_ORDER, 0)
    for group in groups:
        for status in group.statuses:
            counts[status] += 1
    for hop in unplaced:
        counts[hop.status] += 1
    return counts


def transfer_name(hop: TransferHop, category_names: dict[str, str], shown: int = 2, lang: Lang = Lang.EN) -> str:
    """What crosses, by name: the first data categories and how many more."""
    _ = translator(lang)
    names = [local(category_names.get(key, key), lang) for key in hop.data_categories]
    if not names:
        return _("(no category recorded)")
    more = len(names) - shown
    return ", ".join(names[:shown]) + (_(" and {count} more").format(count=more) if more > 0 else "")


def place_name(code: str, lang: Lang = Lang.EN) -> str:
    _ = translator(lang)
    return _("Unknown") if code == "unknown" else local_country_name(code, lang)


@dataclass(frozen=True)
class StatusChange:
    """One transfer whose verdict is not the same on two dates."""

    hop: TransferHop
    before: TransferHop | None
    after: TransferHop | None


def status_changes(first: list[TransferHop], second: list[TransferHop]) -> list[StatusChange]:
    """Transfers whose status or mechanism differs between two evaluations, or that exist in one only."""
    before = {hop.id: hop for hop in first}
    after = {hop.id: hop for hop in second}
    changes = []
    for hop_id in sorted(before.keys() | after.keys()):
        a, b = before.get(hop_id), after.get(hop_id)
        if a is None or b is None or (a.status, a.mechanism) != (b.status, b.mechanism):
            shown = b or a
            assert shown is not None
            changes.append(StatusChange(shown, a, b))
    return changes


# --- what the map draws besides the arcs: country names, the unknown-destination group ---------------------

UNKNOWN_POINT: Point = (-32.0, 8.0)
"""Where the map draws the unknown-destination group: open sea in the mid-Atlantic, off every country and in
the map's first view."""


def unknown_groups(register: Register, hops: list[TransferHop], lang: Lang = Lang.EN) -> list[ArcGroup]:
    """The unknown-destination transfers drawn as arcs from their exporters to ``UNKNOWN_POINT``, one per
    starting place, sized and worded like the other arcs (they are counted once, with the unknown group)."""
    _ = translator(lang)
    ngettext = plural_translator(lang)
    points = label_points()
    processors = {p.key: p for p in register.processors}
    home = register.organisation.address.country
    merged: dict[Point, list[TransferHop]] = {}
    for hop in hops:
        start = points.get(exporter_location(processors, home, hop.exporter))
        if start is not None:
            merged.setdefault(start, []).append(hop)
    groups = []
    for start, members in merged.items():
        lines = [_tooltip(hop, lang) for hop in members[:6]]
        if len(members) > 6:
            lines.append(_("… and {count} more").format(count=len(members) - 6))
        count = ngettext("{count} transfer", "{count} transfers", len(members)).format(count=len(members))
        statuses = tuple(hop.status for hop in members)
        groups.append(
            ArcGroup(
                start,
                UNKNOWN_POINT,
                tuple(h.id for h in members),
                status_rgb(worst(set(statuses))),
                count + "\n" + "\n".join(lines),
                statuses,
            )
        )
    return groups


def map_labels(register: Register, hops: list[TransferHop], unknown: int, lang: Lang = Lang.EN) -> list[dict[str, Any]]:
    """A name for every place an arc starts or ends (not every country: the map stays readable), and the
    unknown group's label with its count."""
    _ = translator(lang)
    points = label_points()
    processors = {p.key: p for p in register.processors}
    home = register.organisation.address.country
    codes: set[str] = set()
    for exporter in {hop.exporter for hop in hops}:
        codes.add(exporter_location(processors, home, exporter))
    codes.update(hop.country for hop in hops)
    labels = [
        {"position": list(points[code]), "text": map_text(local_country_name(code, lang))}
        for code in sorted(codes)
        if code in points and code not in REGION_POINTS
    ]
    if unknown:
        text = _("? Destination unknown: {count}").format(count=unknown)
        labels.append({"position": list(UNKNOWN_POINT), "text": map_text(text)})
    return labels


_MAP_LETTERS = {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "ß": "ss", "“": '"', "”": '"', "’": "'"}


def map_text(text: str) -> str:
    """A label as the map's text layer can draw it: deck.gl's font atlas holds ASCII unless told otherwise,
    and Streamlit's pydeck bridge cannot pass it another character set, so accents are dropped ("Türkiye"
    reads "Turkiye"; the tooltip and the tables keep the full name)."""
    text = "".join(_MAP_LETTERS.get(ch, ch) for ch in text)
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if ch.isascii())


def verdict_days(
    register: Register, reference: ReferenceData, as_of: date, countries: set[str]
) -> tuple[list[date], list[date]]:
    """The days a transfer's verdict can change on, before or on ``as_of`` (latest first) and after it (soonest
    first): a safeguard or certification of the register starts or ends, or a decision, clause set or
    programme it names (or an adequacy decision for one of the ``countries`` its transfers go to) does. The
    transfer map's default comparison is looked for among them."""
    safeguards = [s for p in register.processors for s in p.safeguards]
    safeguards += [s for r in register.recipients for s in r.safeguards]
    safeguards += [s for p in register.processors for e in p.sub_processors for s in e.safeguards]
    certifications = [c for p in register.processors for c in p.certifications]
    named = {s.instrument for s in safeguards if s.instrument} | {c.programme for c in certifications}
    entries: list[Any] = [*safeguards, *certifications]
    entries += [e for e in reference.adequacy.entries if e.id in named or e.country in countries]
    entries += [e for e in reference.scc.entries if e.id in named]
    entries += [e for e in reference.programmes.entries if e.id in named]
    days: set[date] = set()
    for entry in entries:
        for name in ("valid_from", "certified_from", "valid_until", "certified_until", "last_signing_date"):
            day = getattr(entry, name, None)
            if isinstance(day, date):
                days.add(day if name.endswith("_from") else day + timedelta(days=1))  # an end counts the day after
    return sorted((d for d in days if d <= as_of), reverse=True), sorted(d for d in days if d > as_of)
