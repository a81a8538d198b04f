"""Read a spreadsheet (.xlsx, .ods, .csv) into plain grids of cell values, one per sheet.

Cells keep their type (text, number, date, boolean) so the parsers can tell a date serial from text.
A cell merged down over several rows gives its value to each of them (a business function spanning
its activities applies to each); a merge across columns is left as the first cell only, since
copying a value into another column would invent a fact.

Every reader streams and counts before it allocates (``catalog.kernel.guarded.ReadLimits``): the zip's
declared sizes, rows, columns, cells, each merged range's declared size and ODF's repeat counts are
checked as they are read, so a 7 KB workbook declaring a merge over a whole sheet, or a row repeated
a billion times, is refused in bounded memory instead of being expanded. The XML parts are read
with expat, event by event; a document type declaration (the door to entity expansion) is refused.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from xml.parsers import expat

from catalog.errors import InputError
from catalog.kernel.guarded import MAX_CELL_CHARS, LimitExceeded, ReadLimits, read_guarded, read_limits
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase

Raw = str | int | float | bool | datetime | date | None

SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".ods", ".csv")
MAX_ZIP_MEMBERS = 10_000
"""A workbook has tens of parts; a zip listing more is refused before its directory is parsed."""
ELEMENTS_PER_CELL = 5
"""XML elements a part may hold per cell of the cell limit: a cell takes two or three, so only padding
(millions of empty rows or cells, which cost parsing time but hold nothing) goes past it."""
MAX_INDEX_ELEMENTS = 500_000
"""XML elements of a part that lists rather than holds cells (relationships, workbook, styles): a
heavily formatted workbook's styles have tens of thousands."""
_CHUNK = 64 * 1024


@dataclass(frozen=True)
class Sheet:
    """One sheet: its name and rows of cells (row 1 of the file is ``rows[0]``)."""

    name: str
    rows: tuple[tuple[Raw, ...], ...]


def is_spreadsheet(path: Path) -> bool:
    return path.suffix.lower() in SPREADSHEET_SUFFIXES


def read_sheets(
    data: bytes, name: str, *, encoding: str | None = None, limits: ReadLimits | None = None
) -> list[Sheet]:
    """Every sheet of a spreadsheet file, by its file name's extension; errors name the file.

    ``encoding`` applies to a CSV only (see ``decode_lines``).
    """
    limits = limits or read_limits()
    if len(data) > limits.max_file_bytes:
        raise LimitExceeded(
            Phrase(
                N_("{name}: the file holds {size} bytes; at most {most}"),
                name=name,
                size=f"{len(data):,}",
                most=limits.describe("max_file_bytes"),
            )
        )
    suffix = Path(name).suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _read_xlsx(data, limits)
        if suffix == ".ods":
            return _read_ods(data, limits)
        if suffix == ".csv":
            return [_read_csv(data, Path(name).stem, encoding, limits)]
    except InputError as error:
        raise (LimitExceeded if isinstance(error, LimitExceeded) else InputError)(
            Phrase(N_("{name}: {error}"), name=name, error=error.args[0])
        ) from None
    except Exception as error:  # the readers raise anything on a damaged file; it is bad input, not a crash
        kind = suffix.lstrip(".").upper()
        raise InputError(
            Phrase(
                N_("{name}: not a readable {kind} spreadsheet ({reason})"),
                name=name,
                kind=kind,
                reason=f"{type(error).__name__}: {error}",
            )
        ) from None
    raise InputError(Phrase(N_("{name}: not a spreadsheet this tool reads; use .xlsx, .ods or .csv"), name=name))


def read_sheet_file(path: Path, *, encoding: str | None = None, limits: ReadLimits | None = None) -> list[Sheet]:
    """A spreadsheet file, opened through the guard (regular files only, size checked before reading)."""
    limits = limits or read_limits()
    return read_sheets(read_guarded(path, max_bytes=limits.max_file_bytes), str(path), encoding=encoding, limits=limits)


def _trim(rows: list[list[Raw]]) -> tuple[tuple[Raw, ...], ...]:
    """Drop trailing empty cells and rows, and normalise text (strip, CR LF -> LF)."""
    out: list[tuple[Raw, ...]] = []
    for row in rows:
        cells = [_clean(value) for value in row]
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


@dataclass
class _Budget:
    """What is left for the whole file, shared by its sheets."""

    cells: int
    text: int

    @classmethod
    def of(cls, limits: ReadLimits) -> _Budget:
        return cls(limits.max_cells, limits.max_text_chars)


class _Text:
    """The text of one cell as it streams in, refused as soon as it passes ``MAX_CELL_CHARS``."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.parts: list[str] = []
        self.length = 0

    def add(self, data: str) -> None:
        self.length += len(data)
        if self.length > MAX_CELL_CHARS:
            raise LimitExceeded(
                Phrase(
                    N_("{where}: a cell of more than {most} characters"), where=self.where, most=f"{MAX_CELL_CHARS:,}"
                )
            )
        self.parts.append(data)

    def text(self) -> str:
        return "".join(self.parts)


class _Grid:
    """A sheet's rows as they are read, with the limits counted before anything is added."""

    def __init__(self, sheet: str, limits: ReadLimits, budget: _Budget) -> None:
        self.sheet = sheet
        self.limits = limits
        self.rows: list[list[Raw]] = []
        self.budget = budget
        self.merged = 0

    def refuse(self, what: str, limit: str) -> LimitExceeded:
        most = self.limits.describe(limit) if limit else Phrase(N_("{count} characters"), count=f"{MAX_CELL_CHARS:,}")
        return LimitExceeded(
            Phrase(N_("sheet {sheet!r}: {what}; at most {most}"), sheet=self.sheet, what=what, most=most)
        )

    def check_column(self, column: int) -> None:
        """``column`` (1-based) is about to hold a value."""
        if column > self.limits.max_columns:
            raise self.refuse(Phrase(N_("a value in column {column}"), column=f"{column:,}"), "max_columns")

    def put_row(self, index: int, cells: list[Raw], copies: int = 1) -> None:
        """Place ``cells`` as row ``index`` (0-based) and the ``copies - 1`` rows after it."""
        last = index + copies
        if last > self.limits.max_rows:
            raise self.refuse(Phrase(N_("a value in row {row}"), row=f"{last:,}"), "max_rows")
        self.spend(len(cells) * copies)
        text = 0
        for value in cells:
            if isinstance(value, str):
                if len(value) > MAX_CELL_CHARS:
                    raise self.refuse(
                        Phrase(
                            N_("a cell of {count} characters in row {row}"),
                            count=f"{len(value):,}",
                            row=f"{index + 1:,}",
                        ),
                        "",
                    )
                text += len(value)
        self.budget.text -= text * copies
        if self.budget.text < 0:
            raise self.refuse(Phrase(N_("more text than the file may hold")), "max_text_chars")
        self.rows.extend([] for _ in range(index - len(self.rows)))
        self.rows.extend(list(cells) for _ in range(copies))

    def spend(self, cells: int) -> None:
        self.budget.cells -= cells
        if self.budget.cells < 0:
            raise self.refuse(Phrase(N_("more cells than the file may hold")), "max_cells")

    def check_merge(self, rows: int, columns: int, label: str) -> None:
        """A merged range's declared size, checked before it is used (never expanded cell by cell)."""
        if rows * columns > self.limits.max_cells:
            raise self.refuse(
                Phrase(N_("the merged range {label} covers {count} cells"), label=label, count=f"{rows * columns:,}"),
                "max_cells",
            )
        self.merged += rows * columns  # filling them in costs their area: all of them together are bounded too
        if self.merged > self.limits.max_cells:
            raise self.refuse(
                Phrase(N_("merged ranges cover more than {count} cells together"), count=f"{self.limits.max_cells:,}"),
                "max_cells",
            )

    def fill_down(self, top: int, column: int, bottom: int) -> None:
        """The value at (``top``, ``column``), 0-based, given to the empty cells below it up to ``bottom``."""
        if top >= len(self.rows) or column >= len(self.rows[top]) or self.rows[top][column] is None:
            return
        for r in range(top + 1, min(bottom, len(self.rows) - 1) + 1):
            row = self.rows[r]
            if len(row) <= column:
                self.spend(column + 1 - len(row))
                row.extend([None] * (column + 1 - len(row)))
            if row[column] is None:
                row[column] = self.rows[top][column]


# --- zip and XML -----------------------------------------------------------------------------------


def _open_zip(data: bytes, limits: ReadLimits) -> zipfile.ZipFile:
    """The archive, once its member count and declared unpacked size are within the limits."""
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end >= 0 and len(data) >= end + 22:
        (members,) = struct.unpack_from("<H", data, end + 10)
        if members > MAX_ZIP_MEMBERS:
            raise LimitExceeded(
                Phrase(
                    N_("the archive lists {count} parts; a spreadsheet has at most {most}"),
                    count=f"{members:,}",
                    most=f"{MAX_ZIP_MEMBERS:,}",
                )
            )
    archive = zipfile.ZipFile(io.BytesIO(data))
    unpacked = sum(item.file_size for item in archive.infolist())
    if unpacked > limits.max_unpacked_bytes:
        raise LimitExceeded(
            Phrase(
                N_("the file would unpack to {size} MiB; at most {most}"),
                size=f"{unpacked // (1024 * 1024):,}",
                most=limits.describe("max_unpacked_bytes"),
            )
        )
    return archive


StartHandler = Callable[[str, dict[str, str]], None]
EndHandler = Callable[[str], None]
TextHandler = Callable[[str], None]


def _parse_member(
    archive: zipfile.ZipFile,
    member: str,
    start: StartHandler,
    end: EndHandler,
    text: TextHandler | None = None,
    limits: ReadLimits | None = None,
    label: str | None = None,
) -> None:
    """Stream one XML part through expat; names arrive as 'namespace local' (or 'local' without one).

    A part holding cells (``limits`` given) may have ``ELEMENTS_PER_CELL`` elements per cell of the
    cell limit, any other (relationships, workbook, styles) ``MAX_INDEX_ELEMENTS``; more is refused as
    it streams (``label`` names the part: the sheet), so padding costs neither minutes nor memory.
    """
    parser = expat.ParserCreate(namespace_separator=" ")
    most = ELEMENTS_PER_CELL * limits.max_cells if limits is not None else MAX_INDEX_ELEMENTS
    seen = [0]
    handle = start

    def counted(name: str, attributes: dict[str, str]) -> None:
        seen[0] += 1
        if seen[0] > most:
            where = f"sheet {label!r}" if label else member
            if limits is None:
                raise LimitExceeded(f"{where}: more than {most:,} XML elements, where a spreadsheet has far fewer")
            raise LimitExceeded(
                f"{where}: more than {most:,} XML elements (padding, which holds nothing); "
                f"at most {ELEMENTS_PER_CELL} per cell of {limits.describe('max_cells')}"
            )
        handle(name, attributes)

    def no_doctype(*_: Any) -> None:
        raise InputError(
            Phrase(N_("{member}: holds a document type declaration, which a spreadsheet never needs"), member=member)
        )

    parser.StartDoctypeDeclHandler = no_doctype
    parser.EntityDeclHandler = no_doctype
    parser.StartElementHandler = counted
    parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
    parser.buffer_text = True
    with archive.open(member) as stream:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


def _attribute(attributes: dict[str, str], local: str) -> str | None:
    """An attribute by its local name, whatever its namespace."""
    if local in attributes:
        return attributes[local]
    suffix = " " + local
    return next((value for key, value in attributes.items() if key.endswith(suffix)), None)


def _member(archive: zipfile.ZipFile, name: str) -> str | None:
    names = set(archive.namelist())
    return name if name in names else None


# --- xlsx ------------------------------------------------------------------------------------------

_CELL_REF = re.compile(r"([A-Z]{1,3})?(\d+)?$")
_MAX_XLSX_COLUMN = 16_384


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number


def _cell_ref(text: str) -> tuple[int | None, int | None]:
    """'B7' -> (column 2, row 7); parts that are absent are None."""
    match = _CELL_REF.match(text.strip().upper())
    if match is None:
        raise InputError(f"{text!r} is not a cell reference")
    letters, digits = match.groups()
    return (_column_number(letters) if letters else None), (int(digits) if digits else None)


def _relations(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> (type's last word, target part) of ``part``."""
    folder = PurePosixPath(part).parent
    rels = str(folder / "_rels" / (PurePosixPath(part).name + ".rels")) if part else "_rels/.rels"
    found: dict[str, tuple[str, str]] = {}
    if _member(archive, rels) is None:
        return found

    def start(name: str, attributes: dict[str, str]) -> None:
        if _local(name) == "Relationship" and attributes.get("TargetMode") != "External":
            target = attributes.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else str(folder / target)
            found[attributes.get("Id", "")] = (attributes.get("Type", "").rsplit("/", 1)[-1], _normalised(path))

    _parse_member(archive, rels, start, lambda _: None)
    return found


def _normalised(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            if parts:
                parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


@dataclass
class _Workbook:
    sheets: list[tuple[str, str]] = field(default_factory=list)  # (name, part)
    epoch: datetime = datetime(1899, 12, 30)
    shared: list[str] = field(default_factory=list)
    date_styles: set[int] = field(default_factory=set)
    duration_styles: set[int] = field(default_factory=set)


def _read_xlsx(data: bytes, limits: ReadLimits) -> list[Sheet]:
    from openpyxl.utils.datetime import CALENDAR_MAC_1904

    archive = _open_zip(data, limits)
    office = next((t for kind, t in _relations(archive, "").values() if kind == "officeDocument"), "xl/workbook.xml")
    if _member(archive, office) is None:
        raise InputError(Phrase(N_("no workbook part in the archive; is it an .xlsx file?")))
    book = _Workbook()
    relations = _relations(archive, office)
    sheet_ids: list[tuple[str, str]] = []

    def workbook_start(name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local == "sheet":
            sheet_ids.append((attributes.get("name", ""), _attribute(attributes, "id") or ""))
        elif local == "workbookPr" and attributes.get("date1904") in ("1", "true"):
            book.epoch = CALENDAR_MAC_1904

    _parse_member(archive, office, workbook_start, lambda _: None)
    for sheet_name, rel in sheet_ids:
        kind, target = relations.get(rel, ("", ""))
        if kind == "worksheet" and _member(archive, target):
            book.sheets.append((sheet_name, target))
    budget = _Budget.of(limits)
    for kind, target in relations.values():
        if kind == "sharedStrings" and _member(archive, target):
            book.shared = _shared_strings(archive, target, limits)
        elif kind == "styles" and _member(archive, target):
            _date_styles(archive, target, book)
    return [_xlsx_sheet(archive, name, part, book, _Grid(name, limits, budget)) for name, part in book.sheets]


def _shared_strings(archive: zipfile.ZipFile, part: str, limits: ReadLimits) -> list[str]:
    strings: list[str] = []
    where = "the workbook's list of texts"
    pieces = [_Text(where)]
    state = {"in_text": False, "phonetic": 0}

    def start(name: str, _: dict[str, str]) -> None:
        local = _local(name)
        if local == "si":
            pieces[0] = _Text(where)
        elif local == "rPh":
            state["phonetic"] += 1  # the reading aid of East Asian text, not the text
        elif local == "t" and not state["phonetic"]:
            state["in_text"] = True

    def end(name: str) -> None:
        local = _local(name)
        if local == "t":
            state["in_text"] = False
        elif local == "rPh":
            state["phonetic"] -= 1
        elif local == "si":
            if len(strings) >= limits.max_cells:
                raise LimitExceeded(f"the workbook lists more than {limits.describe('max_cells')} texts")
            strings.append(pieces[0].text())

    def text(data: str) -> None:
        if state["in_text"]:
            pieces[0].add(data)

    _parse_member(archive, part, start, end, text, limits, where)
    return strings


def _date_styles(archive: zipfile.ZipFile, part: str, book: _Workbook) -> None:
    """Which cell styles show a number as a date or a duration (openpyxl's own tests of format codes)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    formats: dict[int, str] = dict(BUILTIN_FORMATS)
    styles: list[int] = []
    depth = {"cellXfs": 0}

    def start(name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local == "numFmt":
            ident = attributes.get("numFmtId", "")
            if ident.isdigit():
                formats[int(ident)] = attributes.get("formatCode", "")
        elif local == "cellXfs":
            depth["cellXfs"] += 1
        elif local == "xf" and depth["cellXfs"]:
            ident = attributes.get("numFmtId", "0")
            styles.append(int(ident) if ident.isdigit() else 0)

    def end(name: str) -> None:
        if _local(name) == "cellXfs":
            depth["cellXfs"] -= 1

    _parse_member(archive, part, start, end)
    for index, format_id in enumerate(styles):
        code = formats.get(format_id, "")
        if code and is_date_format(code):
            (book.duration_styles if is_timedelta_format(code) else book.date_styles).add(index)


class _XlsxSheetReader:
    """The events of one worksheet part, turned into a ``_Grid``."""

    def __init__(self, book: _Workbook, grid: _Grid) -> None:
        self.book = book
        self.grid = grid
        self.row_index = 0  # 1-based number of the current row
        self.rows_listed = 0  # empty ones too: a million of them cost parsing time
        self.cells: list[Raw] = []
        self.cell: dict[str, str] = {}
        self.column = 0
        self.text: _Text | None = None
        self.value = _Text(f"sheet {grid.sheet!r}")
        self.inline = 0
        self.merges: list[tuple[int, int, int]] = []  # (top, column, bottom), 0-based

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = _local(name)
        if local == "row":
            self.rows_listed += 1
            if self.rows_listed > self.grid.limits.max_rows:
                raise self.grid.refuse(
                    Phrase(N_("lists more than {count} rows"), count=f"{self.grid.limits.max_rows:,}"), "max_rows"
                )
            number = attributes.get("r", "")
            self.row_index = int(number) if number.isdigit() else self.row_index + 1
            self.cells = []
            self.column = 0
        elif local == "c":
            column, _ = _cell_ref(attributes.get("r", "")) if attributes.get("r") else (None, None)
            self.column = column or self.column + 1
            if self.column > _MAX_XLSX_COLUMN:
                raise InputError(f"sheet {self.grid.sheet!r}: a cell beyond column XFD")
            self.cell = attributes
            self.value = _Text(f"sheet {self.grid.sheet!r}, row {self.row_index}")
        elif local in ("v", "t") and (local == "v" or self.inline):
            self.text = self.value
        elif local == "is":
            self.inline += 1
        elif local == "mergeCell":
            self.merge(attributes.get("ref", ""))

    def end(self, name: str) -> None:
        local = _local(name)
        if local in ("v", "t"):
            self.text = None
        elif local == "is":
            self.inline -= 1
        elif local == "c":
            value = self.cell_value()
            if value is not None:
                self.grid.check_column(self.column)
                self.cells.extend([None] * (self.column - 1 - len(self.cells)))
                self.cells.append(value)
        elif local == "row" and self.cells:
            if self.row_index - 1 < len(self.grid.rows):
                raise InputError(f"sheet {self.grid.sheet!r}: row {self.row_index} comes after a later row")
            self.grid.put_row(self.row_index - 1, self.cells)

    def characters(self, data: str) -> None:
        if self.text is not None:
            self.text.add(data)

    def cell_value(self) -> Raw:
        text = self.value.text()
        kind = self.cell.get("t", "n")
        if kind == "inlineStr" or kind == "str" or kind == "e":
            return text or None
        if not text:
            return None
        if kind == "s":
            return self.book.shared[int(text)]
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "d":
            return datetime.fromisoformat(text)
        number: int | float = float(text) if any(mark in text for mark in ".eE") else int(text)
        style = int(self.cell.get("s", "0") or 0)
        if style in self.book.date_styles or style in self.book.duration_styles:
            return _excel_date(number, self.book.epoch, style in self.book.duration_styles)
        return number

    def merge(self, ref: str) -> None:
        first, _, last = ref.partition(":")
        left, top = _cell_ref(first)
        right, bottom = _cell_ref(last or first)
        if None in (left, top, right, bottom):
            raise InputError(f"sheet {self.grid.sheet!r}: {ref!r} is not a merged range")
        assert left is not None and top is not None and right is not None and bottom is not None  # for mypy
        self.grid.check_merge(abs(bottom - top) + 1, abs(right - left) + 1, ref)
        if len(self.merges) >= self.grid.limits.max_rows:
            raise self.grid.refuse(Phrase(N_("more merged ranges than rows may be read")), "max_rows")
        self.merges.append((min(top, bottom) - 1, min(left, right) - 1, max(top, bottom) - 1))


def _excel_date(number: float, epoch: datetime, duration: bool) -> Raw:
    from openpyxl.utils.datetime import from_excel

    try:
        value = from_excel(number, epoch, timedelta=duration)
    except (OverflowError, ValueError):
        return "#VALUE!"
    return value if isinstance(value, datetime | date) else str(value)


def _xlsx_sheet(archive: zipfile.ZipFile, name: str, part: str, book: _Workbook, grid: _Grid) -> Sheet:
    reader = _XlsxSheetReader(book, grid)
    _parse_member(archive, part, reader.start, reader.end, reader.characters, grid.limits, name)
    for top, column, bottom in reader.merges:
        grid.fill_down(top, column, bottom)
    return Sheet(name, _trim(grid.rows))


# --- ods -------------------------------------------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "


class _OdsReader:
    """content.xml's events turned into grids; repeats and spans are counted before they are expanded."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.budget = _Budget.of(limits)
        self.sheets: list[Sheet] = []
        self.grid: _Grid | None = None
        self.tables = 0  # nesting: a table inside a cell is not a sheet
        self.pending_empty = 0
        self.cells: list[Raw] = []
        self.trailing_empty = 0
        self.row_repeat = 1
        self.spans: list[tuple[int, int, int]] = []
        self.cell: dict[str, str] | None = None
        self.covered = False
        self.text = _Text("")
        self.paragraphs = 0
        self.in_paragraph = 0
        self.hidden = 0  # inside an annotation (a comment), whose text is not the cell's

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _TABLE + "table":
            self.tables += 1
            if self.tables == 1:
                self.grid = _Grid(attributes.get(_TABLE + "name", ""), self.limits, self.budget)
                self.pending_empty = 0
                self.spans = []
        elif self.tables != 1 or self.grid is None:
            return
        elif name == _TABLE + "table-row":
            self.cells, self.trailing_empty = [], 0
            self.row_repeat = self.count(attributes, _TABLE + "number-rows-repeated")
        elif name in (_TABLE + "table-cell", _TABLE + "covered-table-cell"):
            self.cell = attributes
            self.covered = not name.endswith(" table-cell")  # merged away: its repeats count, its value does not
            self.text = _Text(f"sheet {self.grid.sheet!r}, row {len(self.grid.rows) + self.pending_empty + 1}")
            self.paragraphs = 0
        elif self.cell is None:
            return
        elif name == _OFFICE + "annotation":
            self.hidden += 1
        elif self.hidden:
            return
        elif name in (_TEXT + "p", _TEXT + "h"):
            self.in_paragraph += 1
            if self.in_paragraph == 1:
                if self.paragraphs:
                    self.text.add("\n")
                self.paragraphs += 1
        elif self.in_paragraph:
            if name == _TEXT + "s":
                self.text.add(" " * min(self.count(attributes, _TEXT + "c"), 1_000))
            elif name == _TEXT + "tab":
                self.text.add("\t")
            elif name == _TEXT + "line-break":
                self.text.add("\n")

    def end(self, name: str) -> None:
        if name == _TABLE + "table":
            self.tables -= 1
            if self.tables == 0 and self.grid is not None:
                for top, column, down in self.spans:
                    self.grid.fill_down(top, column, top + down - 1)
                self.sheets.append(Sheet(self.grid.sheet, _trim(self.grid.rows)))
                self.grid = None
        elif self.tables != 1 or self.grid is None:
            return
        elif name == _OFFICE + "annotation":
            self.hidden -= 1
        elif name in (_TEXT + "p", _TEXT + "h") and not self.hidden:
            self.in_paragraph -= 1
        elif name in (_TABLE + "table-cell", _TABLE + "covered-table-cell") and self.cell is not None:
            self.end_cell(self.grid, self.cell)
            self.cell = None
        elif name == _TABLE + "table-row":
            self.end_row(self.grid)

    def characters(self, data: str) -> None:
        if self.in_paragraph and not self.hidden and self.cell is not None:
            self.text.add(data)

    def count(self, attributes: dict[str, str], name: str) -> int:
        text = attributes.get(name, "1")
        if not text.isdigit() or int(text) < 1:
            raise InputError(f"{name.split()[-1]}={text!r} is not a count")
        return int(text)

    def end_cell(self, grid: _Grid, cell: dict[str, str]) -> None:
        repeat = self.count(cell, _TABLE + "number-columns-repeated")
        value = None if self.covered else _ods_value(cell, self.text.text())
        if value is None:
            self.trailing_empty += repeat  # rows end in thousands of repeated empty cells: count, never build
            return
        first = len(self.cells) + self.trailing_empty + 1
        grid.check_column(first + repeat - 1)
        self.cells.extend([None] * self.trailing_empty)
        self.trailing_empty = 0
        down = self.count(cell, _TABLE + "number-rows-spanned")
        across = self.count(cell, _TABLE + "number-columns-spanned")
        if down > 1 or across > 1:
            grid.check_merge(down, across, f"at row {len(grid.rows) + self.pending_empty + 1}, column {first}")
            if down > 1:
                self.spans.append((len(grid.rows) + self.pending_empty, len(self.cells), down))
        self.cells.extend([value] * repeat)

    def end_row(self, grid: _Grid) -> None:
        if not self.cells:
            self.pending_empty += self.row_repeat  # sheets end in a million repeated empty rows: count, never build
            if self.pending_empty > 2**40:
                raise grid.refuse(Phrase(N_("more empty rows than any sheet holds")), "max_rows")
            return
        grid.put_row(len(grid.rows) + self.pending_empty, self.cells, self.row_repeat)
        self.pending_empty = 0


def _ods_value(cell: dict[str, str], paragraphs: str) -> Raw:
    kind = cell.get(_OFFICE + "value-type")
    if kind in ("float", "percentage", "currency"):
        number = float(cell.get(_OFFICE + "value", "nan"))
        return int(number) if number.is_integer() else number
    if kind == "date":
        text = cell.get(_OFFICE + "date-value", "")
        return datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
    if kind == "boolean":
        return cell.get(_OFFICE + "boolean-value", "").lower() == "true"
    text = paragraphs.strip()
    return text or None


def _read_ods(data: bytes, limits: ReadLimits) -> list[Sheet]:
    archive = _open_zip(data, limits)
    if _member(archive, "content.xml") is None:
        raise InputError(Phrase(N_("no content.xml in the archive; is it an .ods file?")))
    reader = _OdsReader(limits)
    _parse_member(archive, "content.xml", reader.start, reader.end, reader.characters, limits)
    return reader.sheets


# --- csv -------------------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose mark it starts with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
MAX_LINE_CHARS = 1_000_000
"""A CSV line longer than this is refused before the csv module splits it (a line of commas is a list bomb)."""


def text_encoding(data: bytes, encoding: str | None) -> tuple[str, int]:
    """The encoding to read ``data`` with and how many bytes of byte-order mark to skip.

    A byte-order mark names UTF-8, UTF-16 or UTF-32 (and wins over ``encoding``, which it cannot
    contradict without the file being damaged); without one the file is UTF-8 unless ``encoding``
    says otherwise. No encoding is guessed: a file that is not valid in the one chosen is refused.
    """
    for mark, name in _BOMS:
        if data.startswith(mark):
            return name, len(mark)
    if encoding is None:
        return "utf-8", 0
    try:
        return codecs.lookup(encoding).name, 0
    except LookupError:
        raise InputError(
            Phrase(
                N_("--encoding {encoding}: not an encoding Python knows (e.g. utf-8, cp1252, latin-1)"),
                encoding=encoding,
            )
        ) from None


def decode_lines(data: bytes, encoding: str | None) -> Iterator[str]:
    """The text of ``data``, line by line (line ends kept), decoded strictly as it streams.

    A byte sequence that is not valid in the chosen encoding stops the reading with an error naming
    the line, so nothing is ever stored as mojibake ("TromsÃ¸" for "Tromsø").
    """
    name, skip = text_encoding(data, encoding)
    decoder = codecs.getincrementaldecoder(name)(errors="strict")
    line = 1
    pending = ""
    view = memoryview(data)
    for start in range(skip, len(data) + 1, _CHUNK):
        final = start + _CHUNK >= len(data)
        try:
            pending += decoder.decode(view[start : start + _CHUNK], final)
        except UnicodeDecodeError as error:
            valid = bytes(error.object[: error.start]).decode(name, errors="replace")
            shown = bytes(error.object[error.start : error.start + 4]).hex(" ")
            hint = Phrase(
                N_("give --encoding with the file's encoding (e.g. --encoding cp1252 for Excel's Windows export)")
                if encoding is None
                else N_("check --encoding")
            )
            where = line + (pending + valid).count("\n")
            raise InputError(
                Phrase(
                    N_("line {line}: not valid {encoding} (bytes {bytes}); {hint}"),
                    line=where,
                    encoding=name,
                    bytes=shown,
                    hint=hint,
                )
            ) from None
        if "\x00" in pending:
            where = line + pending.count("\n", 0, pending.index("\x00"))
            raise InputError(
                Phrase(
                    N_("line {line}: holds NUL bytes; not {encoding} text (a UTF-16 file needs its byte-order mark)"),
                    line=where,
                    encoding=name,
                )
            )
        begin = 0
        while (stop := pending.find("\n", begin)) >= 0:
            if stop + 1 - begin > MAX_LINE_CHARS:
                raise InputError(
                    Phrase(N_("line {line}: longer than {most} characters"), line=line, most=f"{MAX_LINE_CHARS:,}")
                )
            yield pending[begin : stop + 1]
            line += 1
            begin = stop + 1
        pending = pending[begin:]
        if len(pending) > MAX_LINE_CHARS:
            raise InputError(
                Phrase(N_("line {line}: longer than {most} characters"), line=line, most=f"{MAX_LINE_CHARS:,}")
            )
        if final:
            break
    if pending:
        yield pending


def _read_csv(data: bytes, name: str, encoding: str | None, limits: ReadLimits) -> Sheet:
    lines = decode_lines(data, encoding)
    head: list[str] = []
    for text in lines:
        head.append(text)
        if sum(map(len, head)) >= 20_000:
            break
    sample = "".join(head)
    try:
        sniffed: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        sniffed = csv.excel
    # Only the delimiter is guessed: the sniffer misreads a doubled quote inside a quoted cell (a
    # justification quoting a statement) as the end of the cell; spreadsheets write Excel's quoting.
    dialect: Any = type("SniffedDialect", (csv.excel,), {"delimiter": sniffed.delimiter})
    grid = _Grid(name, limits, _Budget.of(limits))

    def all_lines() -> Iterator[str]:
        yield from head
        yield from lines

    for count, row in enumerate(csv.reader(all_lines(), dialect)):
        last = max((i for i, value in enumerate(row) if value.strip()), default=-1)
        if last >= 0:
            grid.check_column(last + 1)
            grid.put_row(count, list(row[: last + 1]))
        elif count >= limits.max_rows:
            raise grid.refuse(Phrase(N_("a row beyond row {row}"), row=f"{limits.max_rows:,}"), "max_rows")
    return Sheet(name, _trim(grid.rows))
