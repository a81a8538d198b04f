"""CSV writer: one table, UTF-8 (optionally with a BOM for Excel), RFC 4180 line endings.

Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io

from catalog.exporters.headings import label
from catalog.exporters.rows import Cell, Table, cell_text, reading_text
from catalog.kernel.textsafety import neutralise

BOM = "\ufeff"


def csv_cell(cell: Cell) -> str:
    if cell is None or isinstance(cell, int | float):
        return cell_text(cell)
    return neutralise(cell_text(cell))


def _padded(cells: list[str], width: int) -> list[str]:
    return cells + [""] * (width - len(cells))


def render_csv(table: Table, *, bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    width = len(table.columns)
    if table.header is not None:
        # The controller block heads the CSV as it heads the workbook: who keeps the record, the DPO, the
        # representative, one field a line (role, field, value); a blank line, then the table. Every line
        # has the table's width, so a reader sees one rectangle; the import finds the heading row below.
        writer.writerow(_padded([neutralise(table.header.title)], width))
        for _, role, values in table.header.entries:
            for (_, field), value in zip(table.header.fields, values, strict=True):
                if value:
                    writer.writerow(_padded([neutralise(role), neutralise(field), neutralise(value)], width))
        writer.writerow(_padded([], width))
    if table.readings:
        # Above the table, like the controller block, so the cells stay as the import reads them back;
        # each note names the rows and columns it applies to (docs/exports.md).
        writer.writerow(_padded([neutralise(label(table.lang, "readings.title"))], width))
        for reading in table.readings:
            writer.writerow(_padded([neutralise(reading_text(table, reading, where=True))], width))
        writer.writerow(_padded([], width))
    writer.writerow([neutralise(column.heading) for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")
