"""A vendor's sub-processor list (CSV or XLSX) -> that processor's sub-processors, replaced.

Vendors publish lists with a name, the service, the locations and often the legal entity and a
website. Each row becomes (or matches, by legal name or name) a processor in the register and an
engagement of the vendor with it; the engagements not on the list are removed. Locations that cannot be
read are kept as unknown and reported. The summary names the sub-processors and countries added,
removed and changed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from catalog.domain.base import trusted
from catalog.domain.location import UNKNOWN, CountryName
from catalog.domain.models import Processor, SubProcessorEngagement
from catalog.domain.register import EntityKind, Register, find_reference_issues
from catalog.errors import InputError, NotFoundError, Problem, RegisterValidationError
from catalog.importers.cells import parse_country, parse_mechanism, slug, split_values, text_of
from catalog.importers.layouts import normalise_heading
from catalog.importers.plan import ImportMode, ImportWarning, Incoming, RowEntity, RowReport
from catalog.importers.reconcile import Conflict, agrees
from catalog.importers.sheets import Sheet
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Joined, Phrase, error_message

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
        Phrase(
            N_(
                "{source}: no header row with a name column and a locations column found in the first 40 rows "
                "(headings such as 'Name', 'Service', 'Locations', 'Entity', 'Website')"
            ),
            source=source,
        )
    )


def read_subprocessor_list(sheets: list[Sheet], source: str, stored: Register, processor_key: str) -> Incoming:
    """The stored register with ``processor_key``'s sub-processors replaced by the list's.

    Each row below the header is read in turn (``_ListReading.read_row``); then the vendor's engagements
    are replaced by the rows' and the processors the list changed or added are validated (``_with_processors``).
    """
    vendor = next((p for p in stored.processors if p.key == processor_key), None)
    if vendor is None:
        raise NotFoundError(
            Phrase(N_("no processor with key {key!r} (see: catalog show processor)"), key=processor_key)
        )
    header = _find_header(sheets, source)
    reading = _ListReading.start(header, source, stored, vendor)
    for index in range(header.row + 1, len(header.sheet.rows)):
        reading.read_row(index)
    reading.processors[processor_key]["sub_processors"] = reading.engagements
    conflicts = reading.conflicts()
    register = _with_processors(stored, reading.processors, source)
    summary = subprocessor_summary(stored, register, processor_key)
    return Incoming(
        register=register,
        source=source,
        mode=ImportMode.REPLACE,
        source_kind="subprocessors",
        rows=tuple(reading.rows),
        warnings=tuple(reading.warnings),
        summary=tuple(summary),
        conflicts=conflicts,
        mentioned=frozenset({(EntityKind.PROCESSOR.value, processor_key)})
        | {(e.kind, e.key) for row in reading.rows for e in row.entities},
    )


def _with_processors(stored: Register, changed: dict[str, dict[str, Any]], source: str) -> Register:
    """``stored`` with the processors in ``changed`` (the vendor, and new ones after the stored ones) validated
    in place; every other entity is kept as it is, the same object.

    A list changes only the vendor's engagements and adds processors under free keys, so the only references
    it can break are the changed processors' engagements: those are checked on the changed processors and the
    processors they engage, and the issues (and so the message) are the ones validating the whole register gives.
    """
    validated: dict[str, Processor] = {}
    try:
        for key, body in changed.items():
            validated[key] = Processor.model_validate(body)
    except ValidationError:
        return _whole_register(stored, changed, source)  # refused as the whole register refuses it
    stored_keys = {p.key for p in stored.processors}
    processors = [validated.get(p.key, p) for p in stored.processors]
    processors += [processor for key, processor in validated.items() if key not in stored_keys]
    engaged = {e.processor for processor in validated.values() for e in processor.sub_processors}
    around = [p for p in processors if p.key in validated or p.key in engaged]
    if any(issue.key in validated for issue in find_reference_issues(_processors_only(around))):
        return _whole_register(stored, changed, source)
    # The other kinds are the stored register's own lists (never changed in place): the plan's diff skips them.
    collections: dict[str, Any] = {kind.value: getattr(stored, kind.value) for kind in EntityKind}
    collections[EntityKind.PROCESSOR.value] = processors
    return trusted(Register, organisation=stored.organisation, **collections)


def _whole_register(stored: Register, changed: dict[str, dict[str, Any]], source: str) -> Register:
    """The register validated whole, as before ``_with_processors``: what a list with a problem is refused by,
    so its message is the one validating the whole register gives."""
    data = stored.model_dump(mode="json")
    stored_keys = {p.key for p in stored.processors}
    data["processors"] = [
        changed.get(p.key) or p.model_dump(mode="json", exclude_defaults=True) for p in stored.processors
    ] + [body for key, body in changed.items() if key not in stored_keys]
    try:
        return Register.model_validate(data)
    except ValidationError as error:
        raise RegisterValidationError([Problem(error_message(item), file=source) for item in error.errors()]) from None


def _processors_only(processors: list[Processor]) -> Register:
    collections: dict[str, Any] = {kind.value: [] for kind in EntityKind}
    collections[EntityKind.PROCESSOR.value] = processors
    return Register.model_construct(**collections)


@dataclass
class _ListReading:
    """One sub-processor list being read: the register's processors (as data) and what the rows gave."""

    header: _Header
    headings: dict[str, str]  # column -> its heading in the file, for warnings
    source: str
    vendor: Processor
    processors: dict[str, dict[str, Any]]  # the vendor and the processors the list adds, as data
    by_name: dict[str, str]  # casefolded legal name -> processor key
    keys: set[str]  # every key of the register, so a new processor's key is free
    previous: dict[str, SubProcessorEngagement]  # the vendor's engagements before the list
    warnings: list[ImportWarning] = field(default_factory=list)
    rows: list[RowReport] = field(default_factory=list)
    engagements: list[dict[str, Any]] = field(default_factory=list)
    stated: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # sub-processor -> its row's tools
    differs: bool = False  # a row states a safeguard differently from the recorded one

    @classmethod
    def start(cls, header: _Header, source: str, stored: Register, vendor: Processor) -> _ListReading:
        cells = header.sheet.rows[header.row]
        by_name: dict[str, str] = {}
        for p in stored.processors:
            by_name.setdefault(p.legal_name.casefold(), p.key)
        return cls(
            header,
            {column: text_of(cells[col]) or column for col, column in header.columns.items()},
            source,
            vendor,
            {vendor.key: vendor.model_dump(mode="json", exclude_defaults=True)},  # and the new ones, as rows add them
            by_name,
            {entity.key for _, entity in stored.all_entities()},
            {e.processor: e for e in vendor.sub_processors},
        )

    def read_row(self, index: int) -> None:
        """One row: a processor found by name (or added), engaged where the row says, with its tool."""
        sheet = self.header.sheet
        raw = sheet.rows[index]
        cells = {column: raw[col] if col < len(raw) else None for col, column in self.header.columns.items()}
        name = text_of(cells.get("name"))
        if name is None:
            if any(text_of(v) for v in cells.values()):
                self._warn("row without a name; skipped", index, "name")
            return
        service = text_of(cells.get("service"))
        locations, safeguards = self._locations(cells.get("locations"), index)
        legal_name = text_of(cells.get("entity")) or name
        key = self._processor_key(legal_name, name, index, service, text_of(cells.get("website")), locations)
        if any(e["processor"] == key for e in self.engagements):
            self._warn(Phrase(N_("the same sub-processor again; rows merged")), index, "name", name)
            return
        self.engagements.append(self._engagement(key, locations, service, safeguards))
        self.rows.append(
            RowReport(sheet.name, index + 1, name, (RowEntity(EntityKind.PROCESSOR.value, key, legal_name),))
        )

    def _warn(self, message: str, index: int, column: str, value: str | None = None) -> None:
        self.warnings.append(ImportWarning(message, self.header.sheet.name, index + 1, self.headings[column], value))

    def _locations(self, cell: Any, index: int) -> tuple[list[str], list[dict[str, Any]]]:
        """The countries a row names (unknown when none is read), and the transfer tool it mentions first."""
        locations: list[str] = []
        safeguards: list[dict[str, Any]] = []
        for value in split_values(cell):
            country = parse_country(re.split(r"\s+[–—-]\s+|\s*\(", value)[0])
            if country is None:
                self._warn(Phrase(N_("not a country this tool recognises; kept as unknown")), index, "locations", value)
                country = UNKNOWN
            if country not in locations:
                locations.append(country)
            mechanism = parse_mechanism(value)
            if mechanism is not None and not safeguards:
                safeguards.append({"kind": mechanism.value, **({"instrument": UNKNOWN} if mechanism == "scc" else {})})
        return locations or [UNKNOWN], safeguards

    def _processor_key(
        self, legal_name: str, name: str, index: int, service: str | None, website: str | None, locations: list[str]
    ) -> str:
        """The processor a row names, matched by legal name or name; a new processor when none matches."""
        key = self.by_name.get(legal_name.casefold()) or self.by_name.get(name.casefold())
        if key == self.vendor.key:
            raise InputError(
                Phrase(
                    N_("{source}: row {row} names {vendor} itself as its sub-processor"),
                    source=self.source,
                    row=index + 1,
                    vendor=self.vendor.legal_name,
                )
            )
        if key is not None:
            return key
        base = slug(legal_name, "sub-processor")
        key, n = base, 2
        while key in self.keys:
            key, n = f"{base}-{n}", n + 1
        self.keys.add(key)
        self.by_name[legal_name.casefold()] = key
        description = " — ".join(part for part in (service, website) if part) or None
        self.processors[key] = {
            "key": key,
            "legal_name": legal_name,
            "service_category": "other",
            "established_in": UNKNOWN,
            "processing_locations": locations,
            **({"description": description} if description else {}),
            "source": {"document": f"sub-processor list of {self.vendor.legal_name}", "section": self.source},
        }
        return key

    def _engagement(
        self, key: str, locations: list[str], service: str | None, safeguards: list[dict[str, Any]]
    ) -> dict[str, Any]:
        engagement: dict[str, Any] = {"processor": key, "locations": locations}
        if service:
            engagement["purpose"] = service
        kept = self.previous.get(key)
        recorded = [s.model_dump(mode="json", exclude_defaults=True) for s in kept.safeguards] if kept else []
        if safeguards:
            self.stated[key] = safeguards
            # "USA – SCCs" is coarser than a recorded safeguard: compared with it, never written over it.
            self.differs = self.differs or bool(recorded and not agrees(recorded, safeguards))
        if recorded or safeguards:
            # A list saying nothing about the safeguard keeps the recorded one too.
            engagement["safeguards"] = recorded or safeguards
        return engagement

    def conflicts(self) -> tuple[Conflict, ...]:
        """The vendor's engagements as the list states them, when a row's tool differs from the recorded one."""
        if not self.differs:
            return ()
        as_listed = [
            {**e, "safeguards": self.stated.get(e["processor"], e.get("safeguards", []))} for e in self.engagements
        ]
        vendor = self.vendor
        return (Conflict("processor", vendor.key, vendor.legal_name, "sub_processors", self.engagements, as_listed),)


def subprocessor_summary(before: Register, after: Register, processor_key: str) -> list[str]:
    """Sub-processors and countries added, removed and changed for one processor, in plain words."""
    names = {p.key: p.legal_name for p in after.processors} | {p.key: p.legal_name for p in before.processors}
    old = {e.processor: e for p in before.processors if p.key == processor_key for e in p.sub_processors}
    new = {e.processor: e for p in after.processors if p.key == processor_key for e in p.sub_processors}
    vendor = names[processor_key]
    lines: list[str] = [
        Phrase(
            N_("Sub-processors of {vendor}: {before} before, {after} after"),
            vendor=vendor,
            before=len(old),
            after=len(new),
        )
    ]

    def where(codes: list[str]) -> str:
        return Joined(", ", [CountryName(c) for c in codes]) if codes else Phrase(N_("its own locations"))

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
        lines.append(
            Phrase(N_("  Countries added: {places}"), places=where(sorted(after_countries - before_countries)))
        )
    if before_countries - after_countries:
        lines.append(
            Phrase(N_("  Countries removed: {places}"), places=where(sorted(before_countries - after_countries)))
        )
    return lines


def vendor_of(register: Register, key: str) -> Processor | None:
    return next((p for p in register.processors if p.key == key), None)
