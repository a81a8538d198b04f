"""A record of processing in a spreadsheet (ICO, Datatilsynet, or this tool's export) -> the register it implies.

Each row is one processing activity. Names are matched to the stored register (activities, data
categories, data subjects, processors, recipients, systems, compared without case), so a re-import
changes what it should and creates only what is new. What a cell does not say stays unknown: a
processor's country is ``unknown`` unless a transfer line names it, a basis the parser cannot read is
left out and reported. Every cell not understood becomes a warning naming sheet, row and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pydantic import ValidationError

from catalog.domain.base import KEY_PATTERN
from catalog.domain.location import REGIONS, UNKNOWN, country_name
from catalog.domain.models import Address, Contact, Organisation
from catalog.domain.register import EntityKind, Register, find_reference_issues
from catalog.domain.vocab import (
    ContactRole,
    DpiaStatus,
    LegalBasis,
    ProcessingRole,
    RetentionTrigger,
    SafeguardKind,
    SccModule,
    ServiceCategory,
)
from catalog.errors import Problem, RegisterValidationError
from catalog.exporters.headings import LABELS, ColumnSpec, is_marker, template
from catalog.exporters.rows import split_transfer_line
from catalog.exporters.xlsx import KEYS_SHEET
from catalog.importers.cells import (
    parse_art9,
    parse_country,
    parse_date,
    parse_legal_basis,
    parse_mechanism,
    parse_transfer,
    slug,
    split_lines,
    split_values,
    text_of,
)
from catalog.importers.layouts import HeaderMatch, Layout
from catalog.importers.localtext import localise_body
from catalog.importers.plan import ImportMode, ImportWarning, Incoming, RowEntity, RowReport
from catalog.importers.reconcile import (
    Comparer,
    Conflict,
    agrees,
    keep_unstated,
    locations_agree,
    reconcile,
    third_countries,
)
from catalog.importers.sheets import Raw, Sheet
from catalog.kernel.i18n import N_
from catalog.kernel.lang import Lang
from catalog.kernel.localtext import LocalText, unmarked
from catalog.kernel.phrase import Phrase, error_message
from catalog.reference import load_reference

_EEA_LIKE = set(REGIONS)
_HOP = re.compile(r"^(?P<importer>.+?) → (?P<country>.+?): (?P<mechanism>.+) \((?P<status>[^()]*)\)$")
_PROCESSOR_RECIPIENT = re.compile(r"^(?P<name>.+) \((?:processor|databehandler): (?P<service>[^()]+)\)$")
_NO_VALUE = {"no", "nei", "none", "ingen", "n/a", "-", "–", "not applicable", "ikke aktuelt"}
_COLUMNS_NOT_IMPORTED = {
    "lia_link",
    "consent_record_link",
    "breach_occurred",
    "breach_record_link",
    "dpa2018_schedule1_condition",
    "dpa2018_art6_basis",
    "retention_policy_link",
    "retention_policy_followed",
    "retention_policy_deviation",
    "internal_owner",
}
"""Columns with no field in the register (their values are reported once, never silently dropped)."""

_COARSE: dict[EntityKind, dict[str, Comparer]] = {
    EntityKind.PROCESSOR: {"processing_locations": locations_agree, "safeguards": agrees},
    EntityKind.RECIPIENT: {"locations": locations_agree, "safeguards": agrees},
    EntityKind.SYSTEM: {"hosting": locations_agree},
}
"""Fields a sheet states only coarsely (a safeguard label, places shared at activity level): compared with
the stored value on a merge, never written over it (docs/import.md, "What a merge changes")."""

_DERIVED = {"third_countries", "data_locations"}
"""Columns this tool's export derives from others; read for locations only (see _finish_locations)."""


def _labels(key_prefix: str) -> dict[str, str]:
    """Label text (both languages, case-folded) -> the value after ``key_prefix``."""
    out: dict[str, str] = {}
    for lang in Lang:
        for key, text in LABELS[lang].items():
            if key.startswith(key_prefix):
                out[text.casefold()] = key.removeprefix(key_prefix)
    return out


def _label_values(key: str) -> set[str]:
    return {LABELS[lang][key] for lang in Lang}


@dataclass
class _Work:
    """Entities as JSON-like dicts, by kind and key, with a name index for matching."""

    stored: Register | None
    mode: ImportMode
    entities: dict[EntityKind, dict[str, dict[str, Any]]] = field(default_factory=dict)
    names: dict[EntityKind, dict[str, str]] = field(default_factory=dict)
    keys: set[str] = field(default_factory=set)
    known_keys: dict[tuple[str, str], str] = field(default_factory=dict)  # (kind, folded name) -> key
    _stored_index: dict[tuple[EntityKind, str], Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for kind in EntityKind:
            self.entities[kind] = {}
            self.names[kind] = {}
        if self.stored is None:
            return
        for kind, entity in self.stored.all_entities():
            self.keys.add(entity.key)
            name = getattr(entity, "name", None) or getattr(entity, "legal_name", "")
            # a sheet in any language names the entity by its text in that language
            for text in {str(name), *(name.variants.values() if isinstance(name, LocalText) else ())}:
                self.names[kind].setdefault(text.casefold(), entity.key)
            if self.mode == ImportMode.MERGE:
                self.entities[kind][entity.key] = entity.model_dump(mode="json", exclude_defaults=True)

    def stored_body(self, kind: EntityKind, key: str) -> dict[str, Any] | None:
        if self.stored is None:
            return None
        if not self._stored_index:
            self._stored_index.update({(k, e.key): e for k, e in self.stored.all_entities()})
        entity = self._stored_index.get((kind, key))
        return None if entity is None else entity.model_dump(mode="json", exclude_defaults=True)

    def find(self, kind: EntityKind, name: str) -> str | None:
        return self.names[kind].get(unmarked(name)[0].casefold())

    def ensure(self, kind: EntityKind, name: str, defaults: dict[str, Any], key_hint: str | None = None) -> str:
        """The key of the entity of ``kind`` named ``name``: matched (stored or already made) or created."""
        key = self.find(kind, name)
        if key is not None:
            if key not in self.entities[kind]:
                self.entities[kind][key] = self.stored_body(kind, key) or {"key": key, **defaults}
            return key
        base = self.known_keys.get((kind.value, name.casefold())) or key_hint or slug(name, kind.singular)
        key, n = base, 2
        while key in self.keys:
            key, n = f"{base}-{n}", n + 1
        self.keys.add(key)
        self.names[kind][name.casefold()] = key
        self.entities[kind][key] = {"key": key, **defaults}
        return key


@dataclass
class _RowContext:
    sheet: str
    row: int  # 1-based, as a person counts
    cells: dict[str, Raw]
    headings: dict[str, str]


class RopaReader:
    """Turns the rows under a detected header into the register an import would leave."""

    def __init__(
        self,
        match: HeaderMatch,
        stored: Register | None,
        mode: ImportMode,
        source: str,
        known_keys: dict[tuple[str, str], str] | None = None,
    ) -> None:
        self.match = match
        self.source = source
        self.mode = mode
        self.stored = stored
        self.work = _Work(stored, mode, known_keys=known_keys or {})
        self.warnings: list[ImportWarning] = []
        self.rows: list[RowReport] = []
        self.problems: list[Problem] = []
        self.lang = Lang.NB if match.layout == Layout.DATATILSYNET else Lang.EN
        spec = template("ropa", self.lang)
        self.headings = {column.id: column.heading for column in spec.columns}
        self.headings.update({cid: _heading_at(match, col) for col, cid in match.columns.items()})
        # For this tool's export: per processor, its hop countries and the locations of each of its rows.
        self.hop_countries: dict[str, set[str]] = {}
        self.row_places: dict[str, list[set[str]]] = {}
        self.processor_safeguards: dict[str, list[dict[str, Any]]] = {}
        self.recipient_countries: dict[str, set[str]] = {}
        self.recipient_safeguards: dict[str, list[dict[str, Any]]] = {}
        self.seen_activities: dict[str, int] = {}  # key -> the row that named it first
        self.conflicts: list[Conflict] = []

    # --- reporting

    def warn(self, ctx: _RowContext, column: str, message: Phrase, value: Raw = None) -> None:
        self.warnings.append(
            ImportWarning(
                message=message,
                sheet=ctx.sheet,
                row=ctx.row,
                column=ctx.headings.get(column, column),
                value=text_of(value) if value is not None else None,
            )
        )

    # --- the whole sheet

    def read(self) -> Incoming:
        match = self.match
        reported_columns: set[str] = set()
        for col, heading in match.unmatched:
            if any(row[col] is not None for row in match.sheet.rows[match.row + 1 :] if col < len(row)):
                self.warnings.append(
                    ImportWarning(
                        Phrase(N_("column not imported: its heading is not one of the layout's")),
                        match.sheet.name,
                        match.row_number,
                        heading,
                    )
                )
        for index in range(match.row + 1, len(match.sheet.rows)):
            raw_row = match.sheet.rows[index]
            # The markers a record writes instead of blanks ("Not stated in the source") hold no value.
            cells = {
                cid: raw_row[col] if col < len(raw_row) and not is_marker(raw_row[col]) else None
                for col, cid in match.columns.items()
            }
            if all(text_of(value) is None for value in cells.values()):
                continue
            ctx = _RowContext(match.sheet.name, index + 1, cells, self.headings)
            for column_id in sorted(_COLUMNS_NOT_IMPORTED & {c for c, v in cells.items() if v is not None}):
                if column_id not in reported_columns:
                    reported_columns.add(column_id)
                    self.warn(
                        ctx,
                        column_id,
                        Phrase(N_("column not imported: the register has no field for it")),
                        cells[column_id],
                    )
            self._row(ctx)
        self._finish_locations()
        self._keep_other_languages()
        if self.mode == ImportMode.MERGE:
            self._keep_what_the_sheet_does_not_state()
        register = self._register()
        kind = {Layout.ICO: "ico", Layout.DATATILSYNET: "datatilsynet", Layout.CATALOG: "catalog-ropa"}[match.layout]
        return Incoming(
            register=register,
            source=self.source,
            mode=self.mode,
            source_kind=kind,
            rows=tuple(self.rows),
            warnings=tuple(self.warnings),
            conflicts=tuple(self.conflicts),
            mentioned=self._mentioned(),
        )

    def _locations_explained(self, processor: str) -> Comparer:
        """A processor's locations as the sheet states them agree with the stored ones when every third
        country in them is one the stored register leads to through that processor: where it processes,
        where the systems it operates are hosted, where its sub-processors work for it."""
        stored = self.stored
        reached: set[str] = set()
        if stored is not None:
            reached.update(c for s in stored.systems if s.operator == processor for c in s.hosting)
            own = {p.key: p.processing_locations for p in stored.processors}
            for p in stored.processors:
                if p.key == processor:
                    reached.update(c for e in p.sub_processors for c in e.locations or own.get(e.processor, []))

        def compare(stored_value: Any, source_value: Any) -> bool:
            if not isinstance(stored_value, list) or not isinstance(source_value, list):
                return False
            return third_countries(source_value) <= third_countries([*stored_value, *reached])

        return compare

    def _mentioned(self) -> frozenset[tuple[str, str]]:
        return frozenset((entity.kind, entity.key) for row in self.rows for entity in row.entities)

    def _keep_other_languages(self) -> None:
        """A cell sets only the sheet's language's text of a stored entity: the other languages stay."""
        for kind in EntityKind:
            bodies = self.work.entities[kind]
            for key, body in bodies.items():
                bodies[key] = localise_body(body, self.work.stored_body(kind, key), self.lang)

    def _keep_what_the_sheet_does_not_state(self) -> None:
        """On a merge, a stored entity keeps every value the sheet does not state exactly.

        Entities no row names are left exactly as stored; a named one keeps the stored value of a
        field the sheet states coarsely (compared: agrees, or a conflict listed and not applied) and
        of a list or record the sheet states only in part (a safeguard without its note, a basis
        without its justification).
        """
        mentioned = self._mentioned()
        for kind in EntityKind:
            bodies = self.work.entities[kind]
            for key, body in bodies.items():
                stored = self.work.stored_body(kind, key)
                if stored is None:
                    continue
                if (kind.value, key) not in mentioned and kind != EntityKind.SYSTEM:
                    bodies[key] = stored
                    continue
                coarse = _COARSE.get(kind, {})
                if kind == EntityKind.PROCESSOR:
                    coarse = {**coarse, "processing_locations": self._locations_explained(key)}
                self.conflicts.extend(reconcile(kind.value, key, _name(stored), stored, body, coarse))
                structured = [f for f, v in body.items() if isinstance(v, list | dict) and f not in coarse]
                keep_unstated(stored, body, structured)

    # --- one row = one activity

    def _row(self, ctx: _RowContext) -> None:
        """One row = one activity: named and described, then its data, its parties and its details."""
        made: list[RowEntity] = []  # what the row report lists, in this order
        key, name, activity = self._activity(ctx, made)
        self._data(ctx, activity, made)
        processors = self._parties(ctx, key, activity, made)
        self._details(ctx, activity)
        self._locations_of_row(ctx, processors)
        self.rows.append(RowReport(ctx.sheet, ctx.row, name, tuple(made)))

    def _activity(self, ctx: _RowContext, made: list[RowEntity]) -> tuple[str, str, dict[str, Any]]:
        """The row's activity (its key, name and body): named after the activity, else its first purpose."""
        cells = ctx.cells
        purposes = split_values(cells.get("purposes"), commas=False)
        name = text_of(cells.get("activity"))
        if name is None:
            name = purposes[0][:100] if purposes else None
        if name is None:
            name = f"{text_of(cells.get('business_function')) or 'Activity'} (row {ctx.row})"
            self.warn(ctx, "activity", Phrase(N_("no activity name or purpose; named after the row")))
        key = self.work.ensure(EntityKind.ACTIVITY, name, {"name": name, "role": ProcessingRole.CONTROLLER.value})
        if key in self.seen_activities:
            first = self.seen_activities[key]
            self.warn(
                ctx, "activity", Phrase(N_("the same activity as row {row}; this row's cells win"), row=first), name
            )
        self.seen_activities[key] = ctx.row
        activity = self.work.entities[EntityKind.ACTIVITY][key]
        activity["name"] = name
        if not purposes and not activity.get("purposes"):
            purposes = [UNKNOWN]
            self.warn(ctx, "purposes", Phrase(N_("no purpose stated; recorded as unknown")))
        if purposes:
            activity["purposes"] = purposes
        if (function := text_of(cells.get("business_function"))) is not None:
            activity["business_function"] = function
        if cells.get("joint_controllers") is not None:
            activity["joint_controllers"] = split_values(cells["joint_controllers"], commas=False)
        made.append(RowEntity(EntityKind.ACTIVITY.value, key, name))
        return key, name, activity

    def _data(self, ctx: _RowContext, activity: dict[str, Any], made: list[RowEntity]) -> None:
        """The data subjects and categories of personal data; a category left unstated is recorded as unknown."""
        work = self.work
        subjects = [
            work.ensure(EntityKind.DATA_SUBJECT, s, {"name": s}) for s in split_values(ctx.cells.get("data_subjects"))
        ]
        if subjects:
            activity["data_subjects"] = subjects
        categories = self._categories(ctx)
        if categories:
            activity["data_categories"] = categories
        elif not activity.get("data_categories"):
            unknown = work.ensure(EntityKind.DATA_CATEGORY, "unknown (not stated)", {"name": "unknown (not stated)"})
            activity["data_categories"] = [unknown]
            self.warn(ctx, "data_categories", Phrase(N_("no category of personal data stated; recorded as unknown")))
        for kind, keys in (
            (EntityKind.DATA_SUBJECT, subjects),
            (EntityKind.DATA_CATEGORY, activity["data_categories"]),
        ):
            made.extend(RowEntity(kind.value, k, _name(work.entities[kind][k])) for k in keys)

    def _parties(self, ctx: _RowContext, key: str, activity: dict[str, Any], made: list[RowEntity]) -> list[str]:
        """The processors, systems and recipients the data goes to, their contracts and transfers; the
        processors' keys."""
        cells = ctx.cells
        entities = self.work.entities
        processors, recipients = self._recipients(ctx)
        systems = self._systems(ctx, key, processors)
        if processors or cells.get("systems") is not None:
            activity["systems"] = systems
        if cells.get("recipients") is not None:
            activity["recipients"] = recipients
            activity["flows"] = [f for f in activity.get("flows", []) if f.get("to") in set(systems) | set(recipients)]
        made.extend(
            RowEntity(EntityKind.PROCESSOR.value, p, _name(entities[EntityKind.PROCESSOR][p])) for p in processors
        )
        made.extend(
            RowEntity(EntityKind.RECIPIENT.value, r, _name(entities[EntityKind.RECIPIENT][r])) for r in recipients
        )
        self._contracts(ctx, processors)
        self._transfers(ctx, key, processors, recipients, made)
        return processors

    def _details(self, ctx: _RowContext, activity: dict[str, Any]) -> None:
        """Retention, measures, rights, sources, legal bases, Art. 9 condition, automated decisions, DPIA."""
        cells = ctx.cells
        if cells.get("retention") is not None:
            retention = self._retention(ctx)
            if retention is not None:
                activity["retention"] = retention
        for column, target in (
            ("security_measures", "security_measures"),
            ("rights", "rights"),
            ("data_sources", "sources"),
        ):
            if cells.get(column) is not None:
                activity[target] = split_values(cells[column], commas=False)
        if cells.get("art6_basis") is not None:
            activity["legal_bases"] = self._bases(ctx)
        if (art9 := text_of(cells.get("art9_condition"))) is not None:
            condition = parse_art9(art9)
            if condition is None:
                self.warn(
                    ctx, "art9_condition", Phrase(N_("not an Art. 9(2) condition such as '9(2)(a)'; left out")), art9
                )
            else:
                activity["art9_condition"] = condition.value
        if (adm := text_of(cells.get("automated_decision_making"))) is not None:
            activity["automated_decision_making"] = None if adm.casefold() in _NO_VALUE else adm
        dpia = self._dpia(ctx)
        if dpia is not None:
            activity["dpia"] = dpia

    def _categories(self, ctx: _RowContext) -> list[str]:
        marks = {text.casefold() for text in _label_values("special_category")}
        criminal = {text.casefold() for text in _label_values("criminal_data")}
        keys = []
        for value in split_values(ctx.cells.get("data_categories")):
            name, special, offence = value, False, False
            found = re.match(r"^(.*) \(([^()]+)\)$", value)
            if found:
                flags = {part.strip().casefold() for part in found.group(2).split(",")}
                if flags <= marks | criminal:
                    name, special, offence = found.group(1), bool(flags & marks), bool(flags & criminal)
            defaults: dict[str, Any] = {"name": name}
            key = self.work.ensure(EntityKind.DATA_CATEGORY, name, defaults)
            body = self.work.entities[EntityKind.DATA_CATEGORY][key]
            if special:
                body["special_category"] = True
            if offence:
                body["criminal_data"] = True
            keys.append(key)
        return list(dict.fromkeys(keys))

    def _processor(self, name: str, service: ServiceCategory | None) -> str:
        defaults: dict[str, Any] = {
            "legal_name": name,
            "service_category": (service or ServiceCategory.OTHER).value,
            "established_in": UNKNOWN,
            "processing_locations": [UNKNOWN],
        }
        key = self.work.ensure(EntityKind.PROCESSOR, name, defaults)
        if service is not None:
            self.work.entities[EntityKind.PROCESSOR][key]["service_category"] = service.value
        return key

    def _recipients(self, ctx: _RowContext) -> tuple[list[str], list[str]]:
        services = _labels("service.")
        processors: list[str] = []
        recipients: list[str] = []
        for name in split_values(ctx.cells.get("processors"), commas=False):
            processors.append(self._processor(name, None))
        for value in split_values(ctx.cells.get("recipients"), commas=False):
            found = _PROCESSOR_RECIPIENT.match(value)
            if found is not None:
                service = services.get(found.group("service").casefold())
                if service is None:
                    self.warn(
                        ctx, "recipients", Phrase(N_("service not one this tool knows; recorded as 'other'")), value
                    )
                processors.append(self._processor(found.group("name"), ServiceCategory(service or "other")))
            elif self.work.find(EntityKind.PROCESSOR, value) is not None:
                processors.append(self._processor(value, None))
            else:
                defaults = {"name": value, "kind": "other_controller", "locations": [UNKNOWN]}
                recipients.append(self.work.ensure(EntityKind.RECIPIENT, value, defaults))
        return list(dict.fromkeys(processors)), list(dict.fromkeys(recipients))

    def _systems(self, ctx: _RowContext, activity_key: str, processors: list[str]) -> list[str]:
        work = self.work
        current = work.entities[EntityKind.ACTIVITY][activity_key].get("systems", [])
        operators = {
            k: work.entities[EntityKind.SYSTEM].get(k, work.stored_body(EntityKind.SYSTEM, k) or {}).get("operator")
            for k in current
        }
        systems: list[str] = []
        if ctx.cells.get("systems") is None:
            # No systems column (the ICO layout): the activity keeps the systems no processor operates
            # (its own), which the sheet cannot name; those of processors follow the row's processors.
            stored_processors = set(work.names[EntityKind.PROCESSOR].values())
            systems.extend(k for k, operator in operators.items() if operator not in stored_processors)
            for k in systems:
                work.entities[EntityKind.SYSTEM].setdefault(k, work.stored_body(EntityKind.SYSTEM, k) or {})
        for name in split_values(ctx.cells.get("systems"), commas=False):
            systems.append(work.ensure(EntityKind.SYSTEM, name, {"name": name, "kind": "other", "hosting": [UNKNOWN]}))
        for processor in processors:
            # A processor reaches an activity through a system it operates: keep the stored one, else one per processor.
            kept = [k for k, operator in operators.items() if operator == processor]
            if kept:
                systems.extend(kept)
                for k in kept:
                    work.entities[EntityKind.SYSTEM].setdefault(k, work.stored_body(EntityKind.SYSTEM, k) or {})
                continue
            legal_name = _name(work.entities[EntityKind.PROCESSOR][processor])
            defaults = {"name": legal_name, "kind": "saas", "operator": processor, "hosting": [UNKNOWN]}
            systems.append(work.ensure(EntityKind.SYSTEM, legal_name, defaults, key_hint=f"{processor}-service"))
        return list(dict.fromkeys(systems))

    def _contracts(self, ctx: _RowContext, processors: list[str]) -> None:
        work = self.work
        by_name = {_name(work.entities[EntityKind.PROCESSOR][p]).casefold(): p for p in processors}
        no_dpa = {text.casefold() for text in _label_values("no_dpa")}
        signed_words = "|".join(re.escape(text) for text in _label_values("signed"))
        for line in split_lines(ctx.cells.get("processor_contracts")):
            name, _, rest = line.rpartition(": ") if ": " in line else ("", "", line)
            processor = by_name.get(name.casefold()) if name else (processors[0] if len(processors) == 1 else None)
            if processor is None:
                self.warn(ctx, "processor_contracts", Phrase(N_("names no processor of this row; not imported")), line)
                continue
            if rest.casefold() in no_dpa:
                work.entities[EntityKind.PROCESSOR][processor].pop("dpa", None)
                continue
            found = re.match(rf"^(?P<ref>.+?), (?:{signed_words}) (?P<date>\S+)$", rest)
            dpa: dict[str, Any] = {"reference": rest}
            if found is not None:
                signed = parse_date(found.group("date"))
                if signed is not None:
                    dpa = {"reference": found.group("ref"), "signed_on": signed.isoformat()}
            work.entities[EntityKind.PROCESSOR][processor]["dpa"] = dpa

    # --- transfers and locations

    def _transfers(
        self, ctx: _RowContext, activity_key: str, processors: list[str], recipients: list[str], made: list[RowEntity]
    ) -> None:
        work = self.work
        importers = {
            _name(work.entities[EntityKind.PROCESSOR][p]).casefold(): (EntityKind.PROCESSOR, p) for p in processors
        }
        importers.update(
            {_name(work.entities[EntityKind.RECIPIENT][r]).casefold(): (EntityKind.RECIPIENT, r) for r in recipients}
        )
        lines = [
            part for line in split_lines(ctx.cells.get("transfer_safeguards")) for part in split_transfer_line(line)
        ]
        hop_lines = [_HOP.match(line) for line in lines]
        if lines and all(hop_lines):
            for found in hop_lines:
                assert found is not None
                self._hop(ctx, found, importers)
            return
        if (self.match.layout == Layout.CATALOG or self.work.known_keys) and not lines:
            # This tool's export (English, or bokmål with its key sheet) derives its third-country column
            # from the transfer lines: without them (left out or emptied) the row says nothing new about
            # transfers.
            return
        # A template sheet: countries (maybe with their tool, "USA – SCCs") and a safeguards cell.
        countries: dict[str, SafeguardKind | None] = {}
        for value in split_values(ctx.cells.get("third_countries")):
            parsed = parse_transfer(value)
            if parsed is None:
                self.warn(ctx, "third_countries", Phrase(N_("not a country this tool recognises; left out")), value)
                continue
            country, tool = parsed
            if country == UNKNOWN or country in _EEA_LIKE:
                continue
            countries[country] = countries.get(country) or tool
        if not countries:
            if lines:
                self.warn(
                    ctx,
                    "transfer_safeguards",
                    Phrase(N_("safeguards without a third country; not imported")),
                    "\n".join(lines),
                )
            return
        stated = {parse_mechanism(line) for line in lines} - {None}
        if len(stated) > 1 or (lines and not stated):
            self.warn(
                ctx,
                "transfer_safeguards",
                Phrase(N_("no single transfer tool this tool recognises; left out")),
                "\n".join(lines),
            )
        for country, tool in sorted(countries.items()):
            chosen = tool or (next(iter(stated)) if len(stated) == 1 else None)
            # The sheet names the country but not who receives the data there: an unnamed importer, as the
            # Verji seed records unnamed vendors, so the transfer is checked and the gap stays visible.
            activity_name = work.entities[EntityKind.ACTIVITY][activity_key]["name"]
            name = f"unknown (recipient in {country_name(country)} for '{activity_name}', not named)"
            processor = self._processor(name, None)
            body = work.entities[EntityKind.PROCESSOR][processor]
            body["processing_locations"] = [country]
            body["safeguards"] = [_safeguard(chosen)] if chosen else []
            system = work.ensure(
                EntityKind.SYSTEM,
                name,
                {"name": name, "kind": "other", "operator": processor, "hosting": [country]},
                key_hint=f"{processor}-service",
            )
            activity = work.entities[EntityKind.ACTIVITY][activity_key]
            activity["systems"] = list(dict.fromkeys([*activity.get("systems", []), system]))
            made.append(RowEntity(EntityKind.PROCESSOR.value, processor, name))

    def _hop(self, ctx: _RowContext, found: re.Match[str], importers: dict[str, tuple[EntityKind, str]]) -> None:
        line = found.group(0)
        target = importers.get(found.group("importer").casefold())
        if target is None:
            self.warn(
                ctx,
                "transfer_safeguards",
                Phrase(N_("names no recipient or processor of this row; not imported")),
                line,
            )
            return
        country = parse_country(found.group("country"))
        if country is None:
            self.warn(ctx, "transfer_safeguards", Phrase(N_("not a country this tool recognises; left out")), line)
            return
        safeguard = _safeguard_from_label(found.group("mechanism"))
        kind, key = target
        if kind == EntityKind.PROCESSOR:
            self.hop_countries.setdefault(key, set()).add(country)
            if safeguard is not None:
                known = self.processor_safeguards.setdefault(key, [])
                if safeguard not in known:
                    known.append(safeguard)
            elif found.group("mechanism") not in _label_values("none_recorded"):
                self.warn(ctx, "transfer_safeguards", Phrase(N_("transfer tool not recognised; left out")), line)
        else:
            self.recipient_countries.setdefault(key, set()).add(country)
            known = self.recipient_safeguards.setdefault(key, [])
            if safeguard is not None and safeguard not in known:
                known.append(safeguard)

    def _locations_of_row(self, ctx: _RowContext, processors: list[str]) -> None:
        places = set()
        for value in split_values(ctx.cells.get("data_locations"), commas=False):
            code = parse_country(value)
            if code is None:
                self.warn(ctx, "data_locations", Phrase(N_("not a place this tool recognises; left out")), value)
            else:
                places.add(code)
        if ctx.cells.get("data_locations") is None:
            return
        for processor in processors:
            self.row_places.setdefault(processor, []).append(places)

    def _finish_locations(self) -> None:
        """Processor and recipient locations from the transfer lines and the location column.

        A processor is where its transfer lines lead (third countries) plus the places every row naming it
        lists (the EEA part: a row's locations are the union of its processors', so only what all of a
        processor's rows share can be its own). Without either, its location stays as it was (or unknown).
        """
        work = self.work
        for processor in set(self.hop_countries) | set(self.row_places):
            third = self.hop_countries.get(processor, set())
            rows = self.row_places.get(processor, [])
            shared = set.intersection(*rows) if rows else set()
            # Third countries come from the processor's own transfer lines; a row's other third countries
            # belong to its other processors or systems.
            places = (third - {UNKNOWN}) | {c for c in shared if c == UNKNOWN or not _third(c)}
            body = work.entities[EntityKind.PROCESSOR][processor]
            body["processing_locations"] = sorted(places) or [UNKNOWN]
            if processor in self.processor_safeguards:
                body["safeguards"] = self.processor_safeguards[processor]
            for system in work.entities[EntityKind.SYSTEM].values():
                if system.get("operator") == processor and system.get("key", "").endswith("-service"):
                    system["hosting"] = body["processing_locations"]
        for recipient, countries in self.recipient_countries.items():
            definite = sorted(countries - {UNKNOWN})
            body = work.entities[EntityKind.RECIPIENT][recipient]
            body["locations"] = definite or [UNKNOWN]
            if self.recipient_safeguards.get(recipient):
                body["safeguards"] = self.recipient_safeguards[recipient]
        if self.match.layout == Layout.CATALOG:
            # In this tool's export a recipient without a transfer line stayed inside the EEA.
            named = {e.key for row in self.rows for e in row.entities if e.kind == EntityKind.RECIPIENT.value}
            for key, body in work.entities[EntityKind.RECIPIENT].items():
                if key in named and key not in self.recipient_countries and body.get("locations") == [UNKNOWN]:
                    body["locations"] = ["EEA"]

    # --- retention, bases, DPIA

    def _retention(self, ctx: _RowContext) -> dict[str, Any] | None:
        lines = split_lines(ctx.cells.get("retention"))
        rule = parse_retention(lines[0]) if lines else None
        if rule is None:
            self.warn(
                ctx,
                "retention",
                Phrase(N_("retention not in a form this tool reads; left out")),
                ctx.cells.get("retention"),
            )
            return None
        if len(lines) > 1:
            rule["note"] = "\n".join(lines[1:])
        return rule

    def _bases(self, ctx: _RowContext) -> list[dict[str, Any]]:
        interests = split_values(ctx.cells.get("legitimate_interests"), commas=False)
        for line in split_values(ctx.cells.get("legal_basis_reference"), commas=False):
            parsed = parse_legal_basis(line)
            if parsed and parsed[0] == LegalBasis.LEGITIMATE_INTERESTS and parsed[1]:
                interests.append(parsed[1])
        claims: list[dict[str, Any]] = []
        for line in split_values(ctx.cells.get("art6_basis"), commas=False):
            parsed = parse_legal_basis(line)
            if parsed is None:
                self.warn(ctx, "art6_basis", Phrase(N_("not an Art. 6(1) basis this tool reads; left out")), line)
                continue
            basis, justification = parsed
            if any(claim["basis"] == basis.value for claim in claims):
                continue
            claim: dict[str, Any] = {"basis": basis.value}
            if justification:
                claim["justification"] = justification
            if basis == LegalBasis.LEGITIMATE_INTERESTS:
                if interests:
                    claim["legitimate_interest"] = interests.pop(0)
                else:
                    claim["legitimate_interest"] = "unknown (not stated in the spreadsheet)"
                    self.warn(
                        ctx, "legitimate_interests", Phrase(N_("a 6(1)(f) basis without its legitimate interest"))
                    )
            claims.append(claim)
        return claims

    def _dpia(self, ctx: _RowContext) -> dict[str, Any] | None:
        required = text_of(ctx.cells.get("dpia_required")) or text_of(ctx.cells.get("high_risk"))
        progress_raw = ctx.cells.get("dpia_progress")
        link = text_of(ctx.cells.get("dpia_link"))
        if required is None and progress_raw is None and link is None:
            return None
        statuses = _labels("dpia.")
        status: str | None = None
        completed: date | None = None
        progress = text_of(progress_raw)
        if progress is not None:
            head, _, tail = progress.partition(", ")
            status = statuses.get(head.casefold())
            if status is not None and tail:
                completed = parse_date(tail.split(" ", 1)[-1])
            if status is None:
                completed = parse_date(progress_raw)
                if completed is not None:
                    status = DpiaStatus.COMPLETED.value  # a date in the progress column is when it was completed
                else:
                    self.warn(
                        ctx,
                        "dpia_progress",
                        Phrase(N_("DPIA progress not understood; recorded as unknown")),
                        progress_raw,
                    )
        if status is None and required is not None:
            answer = required.casefold()
            if answer in {t.casefold() for t in _label_values("no")}:
                status = DpiaStatus.NOT_REQUIRED.value
            elif answer in {t.casefold() for t in _label_values("yes")}:
                status = DpiaStatus.REQUIRED.value
            elif answer not in statuses:
                self.warn(ctx, "dpia_required", Phrase(N_("not yes or no; recorded as unknown")), required)
        dpia: dict[str, Any] = {"status": status or DpiaStatus.UNKNOWN.value}
        if link:
            dpia["reference"] = link
        if completed:
            dpia["completed_on"] = completed.isoformat()
        return dpia

    # --- the register

    def _register(self) -> Register:
        work = self.work
        try:
            organisation = Organisation.model_validate(self._organisation())
        except ValidationError as error:
            raise RegisterValidationError(
                [
                    Problem(Phrase(N_("controller details: {problem}"), problem=error_message(item)), file=self.source)
                    for item in error.errors()
                ]
            ) from None
        entities: dict[str, Any] = {}
        for kind in EntityKind:
            valid = []
            for body in work.entities[kind].values():
                try:
                    valid.append(kind.model.model_validate(body))
                except ValidationError as error:
                    for item in error.errors():
                        where = ".".join(str(p) for p in item["loc"])
                        message = Phrase(
                            N_("{kind} {name!r}: {problem}"),
                            kind=kind.word,
                            name=_name(body),
                            problem=error_message(item),
                        )
                        self.problems.append(Problem(message, file=self.source, field=where or None))
            entities[kind.value] = valid
        if self.problems:
            raise RegisterValidationError(self.problems)
        candidate = Register.model_construct(organisation=organisation, **entities)
        issues = find_reference_issues(candidate)
        if issues:
            raise RegisterValidationError([Problem(str(issue), file=self.source) for issue in issues])
        return Register.model_validate(candidate.model_dump())

    def _organisation(self) -> dict[str, Any]:
        found = read_controller_block(self.match)
        if self.mode == ImportMode.MERGE and self.stored is not None:
            return self.stored.organisation.model_dump(mode="json")
        if found is not None:
            return found.model_dump(mode="json")
        if self.stored is not None:
            return self.stored.organisation.model_dump(mode="json")
        return {
            "name": f"unknown (controller not stated in {self.match.sheet.name!r})",
            "address": {"country": UNKNOWN},
        }


def _name(body: dict[str, Any]) -> str:
    name = body.get("name") or body.get("legal_name") or body.get("key", "")
    if isinstance(name, dict):  # a name in several languages: its English (else first) text
        return str(name.get("en") or next(iter(name.values()), ""))
    return str(name)


def _third(code: str) -> bool:
    """A definite country outside the EEA today (regions EU/EEA and unknown are not)."""
    if code in _EEA_LIKE or code == UNKNOWN:
        return False
    return load_reference().in_eea(code, date.today()) is False


def _heading_at(match: HeaderMatch, col: int) -> str:
    return text_of(match.sheet.rows[match.row][col]) or ""


def _safeguard(kind: SafeguardKind) -> dict[str, Any]:
    if kind == SafeguardKind.SCC:
        return {"kind": "scc", "instrument": UNKNOWN}
    return {"kind": kind.value}


def _safeguard_from_label(text: str) -> dict[str, Any] | None:
    """Reverse of the exporters' safeguard label: 'Standard contractual clauses (...), decision not stated'."""
    kinds = _labels("safeguard.")
    for label_text, kind in sorted(kinds.items(), key=lambda item: -len(item[0])):
        if not text.casefold().startswith(label_text):
            continue
        rest = [part.strip() for part in text[len(label_text) :].split(", ") if part.strip()]
        body: dict[str, Any] = {"kind": kind}
        if kind == SafeguardKind.SCC.value:
            instrument = rest.pop(0) if rest else None
            body["instrument"] = (
                UNKNOWN if instrument is None or instrument in _label_values("decision_not_stated") else instrument
            )
            if rest:
                module = rest.pop(0)
                if module in _label_values("module_not_stated"):
                    body["module"] = UNKNOWN
                else:
                    number = re.search(r"\b([1-4])\b", module)
                    if number:
                        body["module"] = SccModule(number.group(1)).value
        elif kind == SafeguardKind.DEROGATION.value and rest:
            body["derogation"] = rest[0].removeprefix("Art. ")
        elif rest:
            body["instrument"] = rest[0]
        return body
    return None


_DURATION = re.compile(r"(\d+) (\w+)")


def _range_parts(span: str, template: str) -> tuple[str, str] | None:
    """The two durations of a span written as the range label words it ('5 years to 10 years', 'minst 5 år,
    høyst 10 år'), or None."""
    before, _, rest = template.partition("{minimum}")
    middle, _, after = rest.partition("{maximum}")
    if not (span.casefold().startswith(before.casefold()) and span.endswith(after) and middle in span):
        return None
    inner = span[len(before) : len(span) - len(after)]
    low, found, high = inner.partition(middle)
    return (low, high) if found and low and high else None


def parse_retention(text: str) -> dict[str, Any] | None:
    """The exporters' retention labels read back: 'Until deletion of the account', '5 years to 10 years after
    the transaction', 'No fixed period; decided by: criteria' (English or bokmål). Anything else: None."""
    triggers = _labels("trigger.")
    units = {
        **{LABELS[lang][u].casefold(): u for lang in Lang for u in ("year", "years")},
        **{LABELS[lang][u].casefold(): u for lang in Lang for u in ("month", "months")},
        **{LABELS[lang][u].casefold(): u for lang in Lang for u in ("week", "weeks")},
        **{LABELS[lang][u].casefold(): u for lang in Lang for u in ("day", "days")},
    }
    for lang in Lang:
        undetermined = LABELS[lang]["no_fixed_period"] + ": "
        if text.startswith(undetermined) and text[len(undetermined) :].strip():
            return {"kind": "undetermined", "criteria": text[len(undetermined) :].strip()}
        until = LABELS[lang]["kept_until"] + " "
        if text.startswith(until) and text[len(until) :].casefold() in triggers:
            return {"kind": "event", "trigger": RetentionTrigger(triggers[text[len(until) :].casefold()]).value}
    for lang in Lang:
        after = f" {LABELS[lang]['after']} "
        if after not in text:
            continue
        span, _, trigger_text = text.rpartition(after)
        trigger = triggers.get(trigger_text.casefold())
        if trigger is None:
            continue
        span = span[0].lower() + span[1:] if span else span
        minimum = maximum = None
        to, up_to, at_least = (f" {LABELS[lang]['to']} ", LABELS[lang]["up_to"] + " ", LABELS[lang]["at_least"] + " ")
        ranged = _range_parts(span, LABELS[lang]["range"])
        if ranged is not None:
            minimum, maximum = _duration(ranged[0], units), _duration(ranged[1], units)
        elif span.startswith(up_to):
            maximum = _duration(span[len(up_to) :], units)
        elif span.startswith(at_least):
            minimum = _duration(span[len(at_least) :], units)
        elif to in span:
            low, _, high = span.partition(to)
            minimum, maximum = _duration(low, units), _duration(high, units)
        else:
            maximum = _duration(span, units)
        if minimum is None and maximum is None:
            return None
        rule: dict[str, Any] = {"kind": "period", "trigger": trigger}
        if minimum:
            rule["minimum"] = minimum
        if maximum:
            rule["maximum"] = maximum
        return rule
    return None


def _duration(text: str, units: dict[str, str]) -> str | None:
    parts = _DURATION.findall(text)
    if not parts or " ".join(f"{n} {u}" for n, u in parts) != text.strip():
        return None
    letters = {"year": "Y", "month": "M", "week": "W", "day": "D"}
    out = "P"
    for number, unit in parts:
        base = units.get(unit.casefold())
        if base is None:
            return None
        out += number + letters[base.rstrip("s")]
    return out


def read_controller_block(match: HeaderMatch) -> Organisation | None:
    """The controller's details from the block above the header row (this tool's exports have one)."""
    rows = match.sheet.rows[: match.row]
    fields_by_label = {
        label.casefold(): fid for spec_lang in Lang for fid, label in template("ropa", spec_lang).header_fields
    }
    roles = {}
    for lang in Lang:
        spec = template("ropa", lang)
        for role_id, role in zip(("controller", "dpo", "representative"), spec.header_roles, strict=True):
            roles[role.casefold()] = role_id
    columns: dict[int, str] | None = None
    found: dict[str, dict[str, str]] = {}
    for row in rows:
        texts = [text_of(cell) if isinstance(cell, str | int | float) else None for cell in row]
        labels = {
            i: fields_by_label[t.casefold()] for i, t in enumerate(texts) if t and t.casefold() in fields_by_label
        }
        if len(labels) >= 2:
            columns = labels
            continue
        if columns is not None and texts and texts[0] and texts[0].casefold() in roles:
            found[roles[texts[0].casefold()]] = {
                fid: texts[i] or "" for i, fid in columns.items() if i < len(texts) and texts[i]
            }
    own = found.get("controller")
    if not own or not own.get("name"):
        return None
    contacts = []
    if own.get("email") or own.get("phone"):
        contacts.append(Contact(role=ContactRole.PRIVACY_CONTACT, email=own.get("email"), phone=own.get("phone")))
    dpo = found.get("dpo", {})
    dpo_appointed = None
    if dpo.get("name") in _label_values("dpo_not_appointed"):
        dpo_appointed = False
    elif dpo:
        contacts.append(_contact(ContactRole.DPO, dpo))
    if found.get("representative"):
        contacts.append(_contact(ContactRole.EU_REPRESENTATIVE, found["representative"]))
    return Organisation(
        name=own["name"],
        organisation_number=own.get("organisation_number"),
        address=parse_address(own.get("address", "")),
        contacts=contacts,
        dpo_appointed=dpo_appointed,
    )


def _contact(role: ContactRole, values: dict[str, str]) -> Contact:
    address = parse_address(values["address"]) if values.get("address") else None
    return Contact(
        role=role, name=values.get("name"), email=values.get("email"), phone=values.get("phone"), address=address
    )


def parse_address(text: str) -> Address:
    """'Kaien 11, 4250 Kopervik, Norway' -> street, postcode, city, country; what is not there stays unknown."""
    parts = [part.strip() for part in text.split(",") if part.strip()]
    country = parse_country(parts[-1]) if parts else None
    if country is not None:
        parts = parts[:-1]
    street = parts[0] if len(parts) >= 2 else None
    town = parts[-1] if parts and (len(parts) >= 2 or re.match(r"^\S*\d", parts[-1])) else None
    if town is None and parts:
        street = parts[0]
    postcode = city = None
    if town:
        found = re.match(r"^(\S*\d\S*)\s+(.+)$", town)
        postcode, city = (found.group(1), found.group(2)) if found else (None, town)
    return Address(street=street, postcode=postcode, city=city, country=country or UNKNOWN)


def keys_from(sheets: list[Sheet]) -> dict[tuple[str, str], str]:
    """The hidden key sheet of this tool's XLSX export: (kind, folded name) -> key; empty for other files."""
    found: dict[tuple[str, str], str] = {}
    for sheet in sheets:
        if sheet.name != KEYS_SHEET:
            continue
        for row in sheet.rows[1:]:
            kind, key, name = (text_of(row[i]) if i < len(row) else None for i in range(3))
            if kind in {k.value for k in EntityKind} and key and name and KEY_PATTERN.match(key):
                found[(kind, name.casefold())] = key
    return found


def column_specs(layout: Layout) -> tuple[ColumnSpec, ...]:
    """The columns of a layout, for the docs and the UI."""
    return template("ropa", Lang.NB if layout == Layout.DATATILSYNET else Lang.EN).columns
