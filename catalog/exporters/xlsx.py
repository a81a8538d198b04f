"""XLSX writer (XlsxWriter): frozen heading row, filters, column widths, wrapped text.

Text is only ever written with ``write_string``, so nothing a user typed can become a formula
cell; real numbers are written as numbers.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from catalog.exporters.headings import label
from catalog.exporters.rows import Table, reading_text

EXCEL_MAX_TEXT = 32767

WORKBOOK_OPTIONS = {
    # Rows are written in order and flushed to a temporary file as the next one starts, so a 100k-entity
    # register's sheets never sit in memory whole (inline strings instead of a shared-string table).
    "constant_memory": True,
    # Defence in depth: write_string never interprets text, and these keep write() from doing so either.
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def render_xlsx(tables: Sequence[Table]) -> bytes:
    """One workbook, one sheet per table. Same tables, same bytes (creation date is the as-of date)."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, WORKBOOK_OPTIONS)
    as_of = tables[0].as_of
    workbook.set_properties(
        {
            "title": tables[0].title,
            "created": datetime(as_of.year, as_of.month, as_of.day),
            "comments": f"{label(tables[0].lang, 'as_of')} {as_of.isoformat()}",
        }
    )
    formats = _Formats(workbook)
    for table in tables:
        _write_sheet(workbook.add_worksheet(table.sheet[:31]), table, formats)
    if len(tables) == 1 and tables[0].keys:
        _write_keys(workbook.add_worksheet(KEYS_SHEET), tables[0].keys)
    workbook.close()
    return buffer.getvalue()


KEYS_SHEET = "catalog-keys"
"""Hidden sheet of a single-record export: the key of every entity its rows name, for importing it back."""


def _write_keys(sheet: Worksheet, keys: Sequence[tuple[str, str, str]]) -> None:
    for col, heading in enumerate(("kind", "key", "name")):
        sheet.write_string(0, col, heading)
    for row, values in enumerate(keys, start=1):
        for col, value in enumerate(values):
            sheet.write_string(row, col, fit_cell(value))
    sheet.hide()


class _Formats:
    def __init__(self, workbook: xlsxwriter.Workbook) -> None:
        self.title = workbook.add_format({"bold": True, "font_size": 14})
        self.note = workbook.add_format({"italic": True, "font_color": "#555555"})
        self.label = workbook.add_format({"bold": True, "valign": "top", "text_wrap": True})
        self.group = workbook.add_format(
            {"bold": True, "align": "center", "valign": "vcenter", "bg_color": "#D9E1F2", "border": 1}
        )
        self.heading = workbook.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E2EFDA", "border": 1}
        )
        self.cell = workbook.add_format({"text_wrap": True, "valign": "top"})


def _write_text(sheet: Worksheet, row: int, col: int, text: str, fmt: Format) -> None:
    if "\r" in text:
        # A spreadsheet line break is LF; a stored CR would come back from readers as "_x000D_".
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    sheet.write_string(row, col, fit_cell(text), fmt)


def fit_cell(text: str) -> str:
    """Text that fits a spreadsheet cell: longer text is cut, visibly, with a pointer to the full exports.

    Failing the whole export because one activity reaches many countries would leave the DPO with no
    record at all; the CSV, JSON, Markdown and HTML exports have no such limit and hold every character.
    """
    if len(text) <= EXCEL_MAX_TEXT:
        return text
    marker = (
        f"\n[... cut: {len(text)} characters, a spreadsheet cell holds {EXCEL_MAX_TEXT}; "
        "the CSV, JSON and HTML exports hold all of it]"
    )
    return text[: EXCEL_MAX_TEXT - len(marker)] + marker


def _write_sheet(sheet: Worksheet, table: Table, formats: _Formats) -> None:
    text = _write_text
    text(sheet, 0, 0, table.title, formats.title)
    text(sheet, 1, 0, f"{label(table.lang, 'as_of')} {table.as_of.isoformat()}. {table.basis}", formats.note)
    row = 2  # with a header block and groups, the headings land on row 9, as in the ICO template
    if table.header is not None:
        text(sheet, row, 0, table.header.title, formats.label)
        for col, (_, field_label) in enumerate(table.header.fields, start=1):
            text(sheet, row, col, field_label, formats.label)
        for _, role, contact in table.header.entries:
            row += 1
            text(sheet, row, 0, role, formats.label)
            for col, detail in enumerate(contact, start=1):
                if detail:
                    text(sheet, row, col, detail, formats.cell)
        row += 2
    if table.has_groups:
        _write_groups(sheet, row, table, formats)
        row += 1
    heading_row = row
    for col, column in enumerate(table.columns):
        sheet.set_column(col, col, column.width, formats.cell)  # cells typed in later wrap too
        text(sheet, heading_row, col, column.heading, formats.heading)
    cell_format = formats.cell
    comments = _reading_comments(table)
    for offset, values in enumerate(table.rows, start=1):
        r = heading_row + offset
        # In constant-memory mode a row takes its comments before the writer moves past it.
        for col, comment in comments.get(offset - 1, {}).items():
            sheet.write_comment(r, col, comment, {"x_scale": 3, "y_scale": 4})
        for col, value in enumerate(values):
            if value is None:
                continue
            if isinstance(value, str):
                text(sheet, r, col, value, cell_format)
            elif isinstance(value, tuple):
                text(sheet, r, col, "\n".join(value), cell_format)
            else:
                sheet.write_number(r, col, value, cell_format)
    last_row = heading_row + max(len(table.rows), 1)
    sheet.freeze_panes(heading_row + 1, 0)
    sheet.autofilter(heading_row, 0, last_row, len(table.columns) - 1)


def _reading_comments(table: Table) -> dict[int, dict[int, str]]:
    """By row and column: the notes of a cell resting on a reading or an assumption, as its comment; the cell's
    value stays as the import reads it back (issue #29)."""
    ids = [column.id for column in table.columns]
    texts: dict[int, dict[int, list[str]]] = {}
    for reading in table.readings:
        for row, column in reading.cells:
            texts.setdefault(row, {}).setdefault(ids.index(column), []).append(reading_text(table, reading))
    return {row: {col: fit_cell("\n\n".join(notes)) for col, notes in cols.items()} for row, cols in texts.items()}


def _write_groups(sheet: Worksheet, row: int, table: Table, formats: _Formats) -> None:
    start = 0
    columns = table.columns
    for end in range(1, len(columns) + 1):
        if end < len(columns) and columns[end].group == columns[start].group:
            continue
        group = columns[start].group
        if group:
            if end - 1 > start:
                sheet.merge_range(row, start, row, end - 1, group, formats.group)
            else:
                _write_text(sheet, row, start, group, formats.group)
        start = end
