"""Read a spreadsheet (.xlsx, .ods, .csv) into plain grids of cell values, one per sheet.

Cells keep their type (text, number, date, boolean) so the parsers can tell a date serial from text.
A cell merged down over several rows gives its value to each of them (a business function spanning
its activities applies to each); a merge across columns is left as the first cell only, since
copying a value into another column would invent a fact.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from catalog.errors import InputError

Raw = str | int | float | bool | datetime | date | None

MAX_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 500 * 1024 * 1024
"""An .xlsx or .ods is a zip: refuse one that would unpack beyond this (a zip bomb) before parsing it."""
MAX_ROWS = 100_000
MAX_COLUMNS = 200
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv")


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name and rows of cells (row 1 of the file is ``rows[0]``)."""

    name: str
    rows: tuple[tuple[Raw, ...], ...]


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEET_SUFFIXES


def read_sheets(data: bytes, name: str) -> list[Sheet]:
    """Every sheet of a spreadsheet file, by its file name's extension; errors name the file."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{name}: the file is larger than {MAX_BYTES // (1024 * 1024)} MB; split it")
    suffix = Path(name).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm", ".ods"):
            _check_unpacked_size(data)
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(data)
        if suffix == ".ods":
            return _read_ods(data)
        if suffix == ".csv":
            return [_read_csv(data, Path(name).stem)]
    except InputError as error:
        raise InputError(f"{name}: {error}") from None
    except Exception as error:  # the readers raise anything on a damaged file; it is bad input, not a crash
        kind = suffix.lstrip(".").upper()
        raise InputError(f"{name}: not a readable {kind} spreadsheet ({type(error).__name__}: {error})") from None
    raise InputError(f"{name}: not a spreadsheet this tool reads; use .xlsx, .ods or .csv")


def _check_unpacked_size(data: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        unpacked = sum(item.file_size for item in archive.infolist())
    if unpacked > MAX_UNPACKED_BYTES:
        limit = MAX_UNPACKED_BYTES // (1024 * 1024)
        raise InputError(f"the file would unpack to {unpacked // (1024 * 1024)} MB; at most {limit} MB are read")


def read_sheet_file(path: Path) -> list[Sheet]:
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    return read_sheets(path.read_bytes(), str(path))


def _trim(rows: list[list[Raw]]) -> tuple[tuple[Raw, ...], ...]:
    """Drop trailing empty cells and rows, and normalise text (strip, CR LF -> LF)."""
    out: list[tuple[Raw, ...]] = []
    for row in rows:
        cells = [_clean(value) for value in row[:MAX_COLUMNS]]
        while cells and cells[-1] is None:
            cells.pop()
        out.append(tuple(cells))
    while out and not out[-1]:
        out.pop()
    return tuple(out)


def _clean(value: Raw) -> Raw:
    if isinstance(value, str):
        text = value.replace("\r\n", "\n").replace("\r", "\n").replace("_x000D_", "").strip()
        return text or None
    return value


# --- xlsx -----------------------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> list[Sheet]:
    import openpyxl  # imported here: only spreadsheet imports need it

    workbook = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheets = []
    for sheet in workbook.worksheets:
        if sheet.max_row > MAX_ROWS:
            raise InputError(f"sheet {sheet.title!r} has {sheet.max_row} rows; at most {MAX_ROWS} are read")
        grid: list[list[Raw]] = [
            [_xlsx_value(cell) for cell in row] for row in sheet.iter_rows(max_col=min(sheet.max_column, MAX_COLUMNS))
        ]
        for merged in sheet.merged_cells.ranges:
            top, left, bottom = merged.min_row - 1, merged.min_col - 1, merged.max_row - 1
            if top >= len(grid) or left >= len(grid[top]):
                continue
            for r in range(top + 1, min(bottom, len(grid) - 1) + 1):
                if left < len(grid[r]) and grid[r][left] is None:
                    grid[r][left] = grid[top][left]
        sheets.append(Sheet(sheet.title, _trim(grid)))
    return sheets


def _xlsx_value(cell: Any) -> Raw:
    value = cell.value
    if value is None or isinstance(value, str | int | float | bool | datetime | date):
        return value
    return str(value)


# --- ods ------------------------------------------------------------------------------------------


def _read_ods(data: bytes) -> list[Sheet]:
    from odf import opendocument, table, teletype

    document = opendocument.load(io.BytesIO(data))
    sheets = []
    for sheet in document.spreadsheet.getElementsByType(table.Table):
        grid: list[list[Raw]] = []
        spans: list[tuple[int, int, int]] = []  # (top row, column, rows spanned)
        pending_empty = 0
        for row in sheet.getElementsByType(table.TableRow):
            cells: list[Raw] = []
            trailing_empty = 0
            for cell in row.childNodes:
                if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
                value = _ods_value(cell, teletype) if cell.qname[1] == "table-cell" else None
                if value is None:
                    trailing_empty += repeat
                    continue
                cells.extend([None] * trailing_empty)
                trailing_empty = 0
                down = int(cell.getAttribute("numberrowsspanned") or 1)
                if down > 1:
                    spans.append((len(grid) + pending_empty, len(cells), down))
                cells.extend([value] * min(repeat, MAX_COLUMNS))
                if len(cells) > MAX_COLUMNS:
                    break
            rows_repeated = int(row.getAttribute("numberrowsrepeated") or 1)
            if not cells:
                pending_empty += rows_repeated  # sheets end in a million repeated empty rows: count, never build
                continue
            grid.extend([] for _ in range(pending_empty))
            pending_empty = 0
            grid.extend(list(cells) for _ in range(min(rows_repeated, MAX_ROWS)))
            if len(grid) > MAX_ROWS:
                raise InputError(f"sheet {sheet.getAttribute('name')!r} has more than {MAX_ROWS} rows")
        for top, col, down in spans:
            for r in range(top + 1, min(top + down, len(grid))):
                while len(grid[r]) <= col:
                    grid[r].append(None)
                if grid[r][col] is None:
                    grid[r][col] = grid[top][col]
        sheets.append(Sheet(str(sheet.getAttribute("name")), _trim(grid)))
    return sheets


def _ods_value(cell: Any, teletype: Any) -> Raw:
    kind = cell.getAttribute("valuetype")
    if kind in ("float", "percentage", "currency"):
        number = float(cell.getAttribute("value"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        text = str(cell.getAttribute("datevalue"))
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    if kind == "boolean":
        return str(cell.getAttribute("booleanvalue")).lower() == "true"
    paragraphs = [teletype.extractText(p) for p in cell.childNodes if p.qname[1] in ("p", "h")]
    text = "\n".join(paragraphs).strip()
    return text or None


# --- csv ------------------------------------------------------------------------------------------


def _read_csv(data: bytes, name: str) -> Sheet:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Excel's default export on Windows
    if "\x00" in text:
        raise InputError("the file holds NUL bytes; it is not a text CSV")
    sample = text[:20_000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[list[Raw]] = []
    for count, row in enumerate(csv.reader(io.StringIO(text), dialect), start=1):
        if count > MAX_ROWS:
            raise InputError(f"more than {MAX_ROWS} rows")
        rows.append(list(row))
    return Sheet(name, _trim(rows))
