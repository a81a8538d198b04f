"""A vendor's sub-processor list (CSV or XLSX) -> that processor's sub-processors, replaced.

Vendors publish lists with a name, the service, the locations and often the legal entity and a
website. Each row becomes (or matches, by legal name or name) a processor in the register and an
engagement of the vendor with it; the engagements not on the list are removed. Locations that cannot be
read are kept as unknown and reported. The summary names the sub-processors and countries added,
removed and changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from catalog.domain.location import UNKNOWN, country_name
from catalog.domain.models import Processor
from catalog.domain.register import EntityKind, Register
from catalog.errors import InputError, NotFoundError, Problem, RegisterValidationError
from catalog.importers.cells import parse_country, parse_mechanism, slug, split_values, text_of
from catalog.importers.layouts import normalise_heading
from catalog.importers.plan import ImportMode, ImportWarning, Incoming, RowEntity, RowReport
from catalog.importers.reconcile import Conflict, agrees
from catalog.importers.sheets import Sheet

_COLUMNS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "sub processor",
        "subprocessor",
        "sub-processor",
        "vendor",
        "company",
        "provider",
        "underleverandør",
        "navn",
        "third party",
        "supplier",
    ),
    "service": (
        "service",
        "purpose",
        "function",
        "description",
        "nature of processing",
        "services provided",
        "processing activities",
        "tjeneste",
        "formål",
        "activity",
    ),
    "locations": (
        "locations",
        "location",
        "countries",
        "country",
        "data location",
        "processing location",
        "processing locations",
        "location of processing",
        "land",
        "lokasjon",
        "hosting location",
        "region",
    ),
    "entity": ("entity", "legal entity", "corporate entity", "entity name", "legal name", "selskap", "juridisk enhet"),
    "website": ("website", "url", "web site", "link", "nettside"),
}
_INDEX = {normalise_heading(text): column for column, texts in _COLUMNS.items() for text in texts}
_REQUIRED = ("name", "locations")


@dataclass(frozen=True)
class _Header:
    sheet: Sheet
    row: int
    columns: dict[int, str]


def _find_header(sheets: list[Sheet], source: str) -> _Header:
    for sheet in sheets:
        for row, cells in enumerate(sheet.rows[:40]):
            columns: dict[int, str] = {}
            for col, raw in enumerate(cells):
                text = text_of(raw) if isinstance(raw, str) else None
                column = _INDEX.get(normalise_heading(text)) if text else None
                if column is not None and column not in columns.values():
                    columns[col] = column
            if all(required in columns.values() for required in _REQUIRED):
                return _Header(sheet, row, columns)
    raise InputError(
        f"{source}: no header row with a name column and a locations column found in the first 40 rows "
        "(headings such as 'Name', 'Service', 'Locations', 'Entity', 'Website')"
    )


def read_subprocessor_list(sheets: list[Sheet], source: str, stored: Register, processor_key: str) -> Incoming:
    """The stored register with ``processor_key``'s sub-processors replaced by the list's."""
    vendor_model = next((p for p in stored.processors if p.key == processor_key), None)
    if vendor_model is None:
        raise NotFoundError(f"no processor with key {processor_key!r} (see: catalog show processor)")
    header = _find_header(sheets, source)
    headings = {column: text_of(header.sheet.rows[header.row][col]) or column for col, column in header.columns.items()}
    processors = {p.key: p.model_dump(mode="json", exclude_defaults=True) for p in stored.processors}
    by_name: dict[str, str] = {}
    for p in stored.processors:
        by_name.setdefault(p.legal_name.casefold(), p.key)
    keys = {entity.key for _, entity in stored.all_entities()}
    warnings: list[ImportWarning] = []
    rows: list[RowReport] = []
    engagements: list[dict[str, Any]] = []
    conflicts: list[Conflict] = []
    differs = False  # a safeguard the list states differently from the recorded one
    stated: dict[str, list[dict[str, Any]]] = {}  # sub-processor key -> the safeguards its row states
    previous = {e.processor: e for e in vendor_model.sub_processors}
    for index in range(header.row + 1, len(header.sheet.rows)):
        raw = header.sheet.rows[index]
        cells = {column: raw[col] if col < len(raw) else None for col, column in header.columns.items()}
        name = text_of(cells.get("name"))
        if name is None:
            if any(text_of(v) for v in cells.values()):
                warnings.append(
                    ImportWarning("row without a name; skipped", header.sheet.name, index + 1, headings["name"])
                )
            continue
        entity = text_of(cells.get("entity"))
        service = text_of(cells.get("service"))
        website = text_of(cells.get("website"))
        locations: list[str] = []
        safeguards: list[dict[str, Any]] = []
        for value in split_values(cells.get("locations")):
            country = parse_country(re.split(r"\s+[–—-]\s+|\s*\(", value)[0])
            if country is None:
                warnings.append(
                    ImportWarning(
                        "not a country this tool recognises; kept as unknown",
                        header.sheet.name,
                        index + 1,
                        headings["locations"],
                        value,
                    )
                )
                country = UNKNOWN
            if country not in locations:
                locations.append(country)
            mechanism = parse_mechanism(value)
            if mechanism is not None and not safeguards:
                safeguards.append({"kind": mechanism.value, **({"instrument": UNKNOWN} if mechanism == "scc" else {})})
        locations = locations or [UNKNOWN]
        legal_name = entity or name
        key = by_name.get(legal_name.casefold()) or by_name.get(name.casefold())
        if key == processor_key:
            raise InputError(f"{source}: row {index + 1} names {vendor_model.legal_name} itself as its sub-processor")
        if key is None:
            base = slug(legal_name, "sub-processor")
            key, n = base, 2
            while key in keys:
                key, n = f"{base}-{n}", n + 1
            keys.add(key)
            by_name[legal_name.casefold()] = key
            description = " — ".join(part for part in (service, website) if part) or None
            processors[key] = {
                "key": key,
                "legal_name": legal_name,
                "service_category": "other",
                "established_in": UNKNOWN,
                "processing_locations": locations,
                **({"description": description} if description else {}),
                "source": {"document": f"sub-processor list of {vendor_model.legal_name}", "section": source},
            }
        engagement: dict[str, Any] = {"processor": key, "locations": locations}
        if safeguards:
            stated[key] = safeguards
        if service:
            engagement["purpose"] = service
        kept = previous.get(key)
        recorded = [s.model_dump(mode="json", exclude_defaults=True) for s in kept.safeguards] if kept else []
        if safeguards and recorded:
            # "USA – SCCs" is coarser than a recorded safeguard: compared, never written over it.
            if not agrees(recorded, safeguards):
                differs = True
            engagement["safeguards"] = recorded
        elif safeguards:
            engagement["safeguards"] = safeguards
        elif recorded:
            # The list says nothing about the safeguard: the one recorded stays.
            engagement["safeguards"] = recorded
        if any(e["processor"] == key for e in engagements):
            warnings.append(
                ImportWarning(
                    "the same sub-processor again; rows merged", header.sheet.name, index + 1, headings["name"], name
                )
            )
            continue
        engagements.append(engagement)
        rows.append(
            RowReport(header.sheet.name, index + 1, name, (RowEntity(EntityKind.PROCESSOR.value, key, legal_name),))
        )
    processors[processor_key]["sub_processors"] = engagements
    if differs:
        as_listed = [{**e, "safeguards": stated.get(e["processor"], e.get("safeguards", []))} for e in engagements]
        vendor = vendor_model.legal_name
        conflicts.append(Conflict("processor", processor_key, vendor, "sub_processors", engagements, as_listed))
    data = stored.model_dump(mode="json")
    data["processors"] = list(processors.values())
    try:
        register = Register.model_validate(data)
    except ValidationError as error:
        raise RegisterValidationError(
            [Problem(str(item["msg"]).removeprefix("Value error, "), file=source) for item in error.errors()]
        ) from None
    summary = subprocessor_summary(stored, register, processor_key)
    return Incoming(
        register=register,
        source=source,
        mode=ImportMode.REPLACE,
        source_kind="subprocessors",
        rows=tuple(rows),
        warnings=tuple(warnings),
        summary=tuple(summary),
        conflicts=tuple(conflicts),
        mentioned=frozenset({(EntityKind.PROCESSOR.value, processor_key)})
        | {(e.kind, e.key) for row in rows for e in row.entities},
    )


def subprocessor_summary(before: Register, after: Register, processor_key: str) -> list[str]:
    """Sub-processors and countries added, removed and changed for one processor, in plain words."""
    names = {p.key: p.legal_name for p in after.processors} | {p.key: p.legal_name for p in before.processors}
    old = {e.processor: e for p in before.processors if p.key == processor_key for e in p.sub_processors}
    new = {e.processor: e for p in after.processors if p.key == processor_key for e in p.sub_processors}
    vendor = names[processor_key]
    lines = [f"Sub-processors of {vendor}: {len(old)} before, {len(new)} after"]

    def where(codes: list[str]) -> str:
        return ", ".join(country_name(c) for c in codes) or "its own locations"

    lines.extend(f"  + {names[k]} ({where(new[k].locations)})" for k in new if k not in old)
    lines.extend(f"  - {names[k]} ({where(old[k].locations)})" for k in old if k not in new)
    for key in new:
        if key in old and old[key] != new[key]:
            change = []
            if old[key].locations != new[key].locations:
                change.append(f"locations {where(old[key].locations)} -> {where(new[key].locations)}")
            if old[key].purpose != new[key].purpose:
                change.append(f"service {old[key].purpose or 'not stated'!r} -> {new[key].purpose or 'not stated'!r}")
            lines.append(f"  ~ {names[key]}: " + ("; ".join(change) or "safeguards changed"))
    before_countries = {c for e in old.values() for c in e.locations}
    after_countries = {c for e in new.values() for c in e.locations}
    if after_countries - before_countries:
        lines.append("  Countries added: " + where(sorted(after_countries - before_countries)))
    if before_countries - after_countries:
        lines.append("  Countries removed: " + where(sorted(before_countries - after_countries)))
    return lines


def vendor_of(register: Register, key: str) -> Processor | None:
    return next((p for p in register.processors if p.key == key), None)
