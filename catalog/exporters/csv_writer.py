"""CSV writer: one table, UTF-8 (optionally with a BOM for Excel), RFC 4180 line endings.

Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io

from catalog.exporters.rows import Cell, Table, cell_text
from catalog.kernel.textsafety import neutralise

BOM = "\ufeff"


def csv_cell(cell: Cell) -> str:
    if cell is None or isinstance(cell, int | float):
        return cell_text(cell)
    return neutralise(cell_text(cell))


def render_csv(table: Table, *, bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise(column.heading) for column in table.columns])
    for row in table.rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return ((BOM if bom else "") + buffer.getvalue()).encode("utf-8")
