"""The register as tables, one row per entity: every processor (vendor) with its category, countries, transfer
status, agreement, certification, open findings and review date; the filtered view as CSV or XLSX; and one
field set over several entities at once, previewed through the import plan before it is written.

The statuses and finding counts are the engine's (``CheckReport``): a row never judges a transfer itself.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any, Literal

import xlsxwriter
from pydantic import ValidationError

from catalog.compliance.model import CheckReport, TransferStatus
from catalog.compliance.rules import SUBJECT_PREFIX
from catalog.compliance.status_words import worst
from catalog.domain.fieldtext import plain_problems
from catalog.domain.models import Processor
from catalog.domain.register import Entity, EntityKind, Register, display_name
from catalog.errors import InputError, Problem, RegisterValidationError
from catalog.exporters.xlsx import fit_cell
from catalog.graph.edges import NodeType, node_id
from catalog.history.chain import ChangeContext, context
from catalog.importers.plan import ImportMode, ImportPlan, Incoming, apply_plan, plan_import
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.kernel.textsafety import contain_bidi, neutralise
from catalog.store.base import RegisterStore

NODE_TYPES = {
    EntityKind.DATA_CATEGORY: NodeType.CATEGORY,
    EntityKind.DATA_SUBJECT: NodeType.SUBJECT,
    EntityKind.ACTIVITY: NodeType.ACTIVITY,
    EntityKind.SYSTEM: NodeType.SYSTEM,
    EntityKind.PROCESSOR: NodeType.PROCESSOR,
    EntityKind.RECIPIENT: NodeType.RECIPIENT,
}
PLACE_FIELDS = ("established_in", "processing_locations", "hosting", "locations")
BULK_SOURCE = "bulk edit"
"""The import plan's source name for a bulk edit (the plan says what it changes, by kind and field)."""


@dataclass(frozen=True)
class EntityRow:
    """One entity as a table row: raw values (codes, vocabulary values, dates); the edges word them."""

    kind: EntityKind
    key: str
    name: str
    countries: tuple[str, ...]
    open_findings: int
    last_reviewed_on: date | None
    status: TransferStatus | None
    """The worst status of the third-country transfers to it (the engine's); None: no transfer to it."""
    transfers: int
    hop_statuses: tuple[tuple[str, TransferStatus], ...] = ()
    """Each country the transfers to it go to, with the worst status there (the engine's), by country."""
    category: str | None = None
    """A processor's service category, a system's or recipient's kind (vocabulary values)."""
    established_in: str | None = None
    dpa_signed_on: date | None = None
    dpa_review_on: date | None = None
    dpa_reference: str | None = None
    certifications: tuple[str, ...] = ()
    """Certification programmes ('eu-us-dpf'), each with its scope when stated ('eu-us-dpf (hr, non_hr)')."""
    recertification: date | None = None
    receives_data: bool = True
    """False for a processor that no system or activity uses (nor another processor engages): no data
    reaches it, so no transfer to it is evaluated."""


def _places(entity: Entity) -> tuple[str, ...]:
    found: list[str] = []
    for name in PLACE_FIELDS:
        value = getattr(entity, name, None)
        found.extend(value if isinstance(value, list) else [value] if isinstance(value, str) else [])
    return tuple(dict.fromkeys(found))


def used_processors(register: Register) -> set[str]:
    """Keys of the processors data reaches: the operators of the systems some activity uses, and every
    processor they engage, directly or down a chain of sub-processors."""
    used_systems = {key for activity in register.activities for key in activity.systems}
    reached = {s.operator for s in register.systems if s.key in used_systems and s.operator}
    engaged = {p.key: [e.processor for e in p.sub_processors] for p in register.processors}
    waiting = list(reached)
    while waiting:
        for sub in engaged.get(waiting.pop(), []):
            if sub not in reached:
                reached.add(sub)
                waiting.append(sub)
    return reached


def receives_no_data(register: Register, key: str) -> bool:
    """True when no activity uses a system that processor ``key`` operates, nor engages it down the chain:
    no data reaches it, so no transfer to it is evaluated."""
    return key not in used_processors(register)


def _processor_fields(processor: Processor, used: set[str]) -> dict[str, Any]:
    certifications = tuple(
        cert.programme + (f" ({', '.join(s.value for s in cert.dpf_scope)})" if cert.dpf_scope else "")
        for cert in processor.certifications
    )
    recertifications = [
        day for cert in processor.certifications for day in (cert.next_recertification, cert.certified_until) if day
    ]
    return {
        "category": processor.service_category.value,
        "established_in": processor.established_in,
        "dpa_signed_on": processor.dpa.signed_on if processor.dpa else None,
        "dpa_review_on": processor.dpa.review_on if processor.dpa else None,
        "dpa_reference": processor.dpa.reference if processor.dpa else None,
        "certifications": certifications,
        "recertification": min(recertifications) if recertifications else None,
        "receives_data": processor.key in used,
    }


def entity_rows(register: Register, report: CheckReport, kind: EntityKind) -> list[EntityRow]:
    """Every entity of ``kind`` as a row, sorted by name; statuses and finding counts from ``report``."""
    node_type = NODE_TYPES.get(kind)
    findings: dict[str, int] = {}
    for finding in report.findings:
        findings[finding.subject] = findings.get(finding.subject, 0) + 1
    statuses: dict[str, dict[str, set[TransferStatus]]] = {}
    hops: dict[str, int] = {}
    for hop in report.transfers:
        statuses.setdefault(hop.importer, {}).setdefault(hop.country, set()).add(hop.status)
        hops[hop.importer] = hops.get(hop.importer, 0) + 1
    used = used_processors(register) if kind == EntityKind.PROCESSOR else set()
    rows = []
    for entity in register.entities(kind):
        # TIAs and country assessments are no graph nodes: their findings name them by their subject prefix
        node = node_id(node_type, entity.key) if node_type is not None else f"{SUBJECT_PREFIX[kind]}:{entity.key}"
        category = getattr(entity, "kind", None) if kind != EntityKind.PROCESSOR else None
        extra = _processor_fields(entity, used) if isinstance(entity, Processor) else {}
        rows.append(
            EntityRow(
                kind=kind,
                key=entity.key,
                name=display_name(entity),
                countries=_places(entity),
                open_findings=findings.get(node, 0),
                last_reviewed_on=getattr(entity, "last_reviewed_on", None),
                status=worst(set().union(*statuses[node].values())) if node in statuses else None,
                transfers=hops.get(node, 0),
                hop_statuses=tuple(
                    (country, worst(found)) for country, found in sorted(statuses.get(node, {}).items())
                ),
                **({"category": category.value} if isinstance(category, Enum) else {}),
                **extra,
            )
        )
    return sorted(rows, key=lambda row: (row.name.casefold(), row.key))


def vendor_rows(register: Register, report: CheckReport) -> list[EntityRow]:
    """Every processor (vendor) as a row: the Register page's first table."""
    return entity_rows(register, report, EntityKind.PROCESSOR)


# --- The filtered view as a file ---------------------------------------------------------------------------

TableFormat = Literal["csv", "xlsx"]
TABLE_MIME: dict[TableFormat, str] = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

Cell = str | int | float | None


def table_file(
    headings: Sequence[str], rows: Iterable[Sequence[Cell]], fmt: TableFormat, sheet: str = "Table"
) -> bytes:
    """A table as CSV (UTF-8 with a BOM, so Excel reads its letters) or XLSX; text never runs as a formula.

    CSV text that could start a formula gets a leading apostrophe; XLSX text is written as string cells.
    """
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow([neutralise(contain_bidi(heading)) for heading in headings])
        for row in rows:
            writer.writerow([_csv_cell(cell) for cell in row])
        return ("\ufeff" + buffer.getvalue()).encode("utf-8")
    if fmt != "xlsx":
        raise InputError(Phrase(N_("a table is saved as csv or xlsx, not {format!r}"), format=fmt))
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    worksheet = workbook.add_worksheet(sheet[:31])
    bold = workbook.add_format({"bold": True})
    for column, heading in enumerate(headings):
        worksheet.write_string(0, column, fit_cell(contain_bidi(heading)), bold)
    for number, row in enumerate(rows, start=1):
        for column, cell in enumerate(row):
            if isinstance(cell, int | float) and not isinstance(cell, bool):
                worksheet.write_number(number, column, cell)
            elif cell not in (None, ""):
                worksheet.write_string(number, column, fit_cell(contain_bidi(str(cell))))
    worksheet.freeze_panes(1, 0)
    workbook.close()
    return out.getvalue()


def _csv_cell(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, int | float):
        return str(cell)
    return neutralise(contain_bidi(cell))


# --- One field over several entities -----------------------------------------------------------------------

BULK_FIELDS: dict[EntityKind, tuple[str, ...]] = {
    EntityKind.PROCESSOR: (
        "last_reviewed_on",
        "service_category",
        "established_in",
        "can_access_data",
        "organisation_kind",
        "subject_to_law",
    ),
    EntityKind.SYSTEM: ("last_reviewed_on", "kind", "operator"),
    EntityKind.RECIPIENT: ("last_reviewed_on", "kind", "occasional", "organisation_kind", "subject_to_law"),
    EntityKind.ACTIVITY: ("last_reviewed_on", "business_function"),
    EntityKind.DATA_CATEGORY: ("last_reviewed_on", "special_category", "criminal_data"),
    EntityKind.DATA_SUBJECT: ("last_reviewed_on",),
    EntityKind.COUNTRY_ASSESSMENT: ("last_reviewed_on",),  # issue #32
    EntityKind.TIA: ("last_reviewed_on",),
}
"""The fields a bulk edit may set: one value each, the same for every row chosen."""


def bulk_register(register: Register, kind: EntityKind, keys: Iterable[str], field_name: str, value: Any) -> Register:
    """``register`` with ``field_name`` set to ``value`` on each entity of ``kind`` named by ``keys``, validated.

    A value the field does not take raises ``RegisterValidationError`` naming the entity and the field.
    """
    if field_name not in BULK_FIELDS[kind]:
        raise InputError(
            Phrase(N_("{field!r} cannot be set on several {kind} at once"), field=field_name, kind=kind.value)
        )
    wanted = set(keys)
    missing = wanted - {entity.key for entity in register.entities(kind)}
    if missing:
        raise InputError(Phrase(N_("no {kind} with key {key!r}"), kind=kind.word, key=sorted(missing)[0]))
    data = register.model_dump(mode="json")
    for body in data[kind.value]:
        if body["key"] in wanted:
            body[field_name] = value
            try:
                kind.model.model_validate(body)
            except ValidationError as error:
                problems = plain_problems(kind.model, error)
                raise RegisterValidationError(
                    [
                        Problem(Phrase(N_("{key}: {problem}"), key=body["key"], problem=p.message), field=p.field)
                        for p in problems
                    ]
                ) from None
    try:
        return Register.model_validate(data)
    except ValidationError as error:
        raise RegisterValidationError(plain_problems(Register, error)) from None


def plan_bulk_edit(
    store: RegisterStore,
    register: Register,
    kind: EntityKind,
    keys: Iterable[str],
    field_name: str,
    value: Any,
    *,
    based_on: str,
    as_of: date | None = None,
) -> ImportPlan:
    """The change a bulk edit makes to ``register`` (read at revision ``based_on``), with the findings it adds
    and removes on ``as_of``; nothing is written (``apply_bulk_edit`` writes it)."""
    chosen = list(keys)
    after = bulk_register(register, kind, chosen, field_name, value)
    incoming = Incoming(
        register=after,
        source=BULK_SOURCE,
        mode=ImportMode.MERGE,
        source_kind="bulk-edit",
        mentioned=frozenset((kind.value, key) for key in chosen),
    )
    return plan_import(store, incoming, as_of=as_of, stored=register, based_on=based_on)


def apply_bulk_edit(
    store: RegisterStore, plan: ImportPlan, stored: Register, change: ChangeContext | None = None
) -> ImportPlan:
    """Write a bulk edit's plan in one transaction; another write since its revision refuses it (nothing written)."""
    return apply_plan(store, plan, stored=stored, change=change or context("edit", reason=BULK_SOURCE))


def names_of(register: Register, kind: EntityKind, keys: Iterable[str]) -> list[str]:
    """The display names of ``keys`` (for a confirmation line)."""
    by_key = {entity.key: display_name(entity) for entity in register.entities(kind)}
    return [by_key.get(key, key) for key in keys]
