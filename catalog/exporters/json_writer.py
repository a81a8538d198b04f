"""JSON writer. The schema is documented in docs/exports.md; keys come out in a fixed order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from catalog.exporters.rows import Cell, Table, reading_text
from catalog.kernel.phrase import render

SCHEMA = "gdpr-transfer-catalog/export/v1"


def json_value(cell: Cell) -> Any:
    return list(cell) if isinstance(cell, tuple) else cell


def table_document(table: Table) -> dict[str, Any]:
    header = None
    if table.header is not None:
        header = {
            "title": table.header.title,
            "fields": [{"id": field_id, "label": text} for field_id, text in table.header.fields],
            "entries": [
                {
                    "role": role_id,
                    "label": role,
                    "values": {
                        field_id: value for (field_id, _), value in zip(table.header.fields, values, strict=True)
                    },
                }
                for role_id, role, values in table.header.entries
            ],
        }
    document = {
        "kind": table.kind,
        "title": table.title,
        "basis": table.basis,
        "header": header,
        "columns": [{"id": c.id, "heading": c.heading, "group": c.group} for c in table.columns],
        "rows": [
            {column.id: json_value(cell) for column, cell in zip(table.columns, row, strict=True)} for row in table.rows
        ],
    }
    if table.kind in RECORD_KINDS:
        document["readings"] = readings_document(table)
    return document


RECORD_KINDS = ("ropa", "processor-record")
"""The Art. 30 records: their documents list the cells that rest on a reading or an assumption (issue #29)."""


def readings_document(table: Table) -> list[dict[str, Any]]:
    """Each reading or assumption once, with the cells (row index from 0, column id) that rest on it."""
    return [
        {
            "marker": reading.marker,
            "basis": reading.basis,
            "entry": render(reading.entry, table.lang),
            "fact": render(reading.fact, table.lang),
            "note": render(reading.note, table.lang),
            "source": reading.source.model_dump(mode="json") if reading.source else None,
            "cells": [{"row": row, "column": column} for row, column in reading.cells],
            "text": reading_text(table, reading),
        }
        for reading in table.readings
    ]


def render_json(tables: Sequence[Table], summary: dict[str, int] | None = None) -> bytes:
    """One table as a document, or several (the audit report) under ``tables``."""
    first = tables[0]
    document: dict[str, Any] = {"schema": SCHEMA, "as_of": first.as_of.isoformat(), "language": first.lang.value}
    if len(tables) == 1:
        document.update(table_document(first))
    else:
        document["findings_summary"] = summary
        document["tables"] = [table_document(table) for table in tables]
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
