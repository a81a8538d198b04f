"""Writers: files re-open with real readers and hold the table's values and layout."""

from __future__ import annotations

import csv
import io
import json
from html.parser import HTMLParser

import openpyxl
import pytest

from catalog.app.export import ExportFormat, ExportKind, render_export
from catalog.exporters.headings import ColumnSpec
from catalog.exporters.html import render_html
from catalog.exporters.markdown import render_markdown
from catalog.exporters.rows import Table, build_table, cell_text, reading_text
from catalog.exporters.xlsx import render_xlsx
from catalog.kernel.lang import Lang
from tests.exporters.conftest import AS_OF

KINDS = ["ropa", "processor-record", "transfers", "subprocessors", "findings"]


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("kind", KINDS)
def test_xlsx_reopens_with_the_same_values(seed_register, seed_report, kind: str, lang: Lang) -> None:
    table = build_table(kind, seed_register, seed_report, lang)
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx([table]))).active
    assert sheet.title == table.sheet
    heading_row = next(
        r for r in range(1, 20) if sheet.cell(r, 1).value == table.columns[0].heading and sheet.cell(r, 2).value
    )
    assert [sheet.cell(heading_row, c + 1).value for c in range(len(table.columns))] == [
        c.heading for c in table.columns
    ]
    for offset, row in enumerate(table.rows, start=1):
        values = [sheet.cell(heading_row + offset, c + 1).value for c in range(len(row))]
        assert values == [cell_text(cell) or None for cell in row]
    assert sheet.freeze_panes == f"A{heading_row + 1}"
    assert sheet.auto_filter.ref.startswith(f"A{heading_row}:")
    if table.rows:
        filled = next(c for c in range(1, len(table.columns) + 1) if sheet.cell(heading_row + 1, c).value is not None)
        assert sheet.cell(heading_row + 1, filled).alignment.wrap_text
    assert sheet.column_dimensions["A"].width > 8


def test_ico_record_headings_sit_on_row_9_under_the_group_headings(seed_register, seed_report) -> None:
    table = build_table("ropa", seed_register, seed_report, Lang.EN)
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx([table]))).active
    assert sheet["B9"].value == "Business function"
    assert sheet["Z9"].value == "Link to record of personal data breach"  # no UK DPA 2018 columns for Verji
    assert sheet["AA9"].value is None
    assert sheet["B8"].value == "Article 30 Record of Processing Activities"
    assert "B8:L8" in {str(r) for r in sheet.merged_cells.ranges}
    assert (sheet["A3"].value, sheet["B3"].value, sheet["B4"].value) == ("Controller details", "Name", "Verji Tech AS")


def test_report_workbook_has_a_sheet_per_table(seed_register, seed_report) -> None:
    data = render_export(ExportKind.REPORT, ExportFormat.XLSX, seed_register, seed_report, Lang.NB)
    names = openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    assert names == ["Behandlingsansvarlig", "Databehandler", "Overføringer", "Underdatabehandlere", "Funn"]


def test_csv_is_utf8_with_optional_bom_and_reads_back(seed_register, seed_report) -> None:
    plain = render_export(ExportKind.ROPA, ExportFormat.CSV, seed_register, seed_report, Lang.NB)
    with_bom = render_export(ExportKind.ROPA, ExportFormat.CSV, seed_register, seed_report, Lang.NB, bom=True)
    assert with_bom == b"\xef\xbb\xbf" + plain
    assert not plain.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(with_bom.decode("utf-8-sig"), newline="")))
    table = build_table("ropa", seed_register, seed_report, Lang.NB)
    width = len(table.columns)
    # The controller block first (role, field, value), a blank line, the readings and assumptions (one note a
    # line, naming the rows and columns it applies to), a blank line, then the headings and the rows.
    blank = rows.index([""] * width)
    assert rows[0] == ["Behandlingsansvarlig", *[""] * (width - 1)]
    assert rows[1][:3] == ["Behandlingsansvarlig", "Navn", "Verji Tech AS"]
    assert rows[blank - 2][:2] == ["Personvernombud", "Navn"] and rows[blank - 2][2].startswith("Ikke oppgitt i kilden")
    assert rows[blank + 1][0].startswith("Tolkninger og antakelser")
    notes = rows[blank + 2 : blank + 2 + len(table.readings)]
    assert [row[0] for row in notes] == [reading_text(table, r, where=True) for r in table.readings]
    assert any("Tjeneste- og transaksjonsvarsler" in row[0] for row in notes)
    heading = blank + 3 + len(table.readings)
    assert rows[heading - 1] == [""] * width
    assert rows[heading] == [c.heading for c in table.columns]
    assert rows[heading + 1 :] == [[cell_text(cell) for cell in row] for row in table.rows]
    assert plain.count(b"\r\n") == len(rows)


def test_csv_refuses_the_multi_table_report(seed_register, seed_report) -> None:
    from catalog.errors import InputError

    with pytest.raises(InputError, match="CSV holds one"):
        render_export(ExportKind.REPORT, ExportFormat.CSV, seed_register, seed_report)


def test_json_has_the_documented_shape_and_key_order(seed_register, seed_report) -> None:
    document = json.loads(render_export(ExportKind.ROPA, ExportFormat.JSON, seed_register, seed_report))
    assert list(document) == [
        "schema", "as_of", "language", "kind", "title", "basis", "header", "columns", "rows", "readings"
    ]  # fmt: skip
    assert document["schema"] == "gdpr-transfer-catalog/export/v1" and document["as_of"] == "2026-01-15"
    ids = [c["id"] for c in document["columns"]]
    assert all(list(row) == ids for row in document["rows"])
    newsletter = next(r for r in document["rows"] if r["activity"] == "Product and marketing communication")
    assert newsletter["third_countries"] == "United States (US)"
    assert document["header"]["entries"][0]["values"]["name"] == "Verji Tech AS"
    report = json.loads(render_export(ExportKind.REPORT, ExportFormat.JSON, seed_register, seed_report))
    assert list(report) == ["schema", "as_of", "language", "findings_summary", "tables"]
    assert report["findings_summary"]["critical"] == 1


def _hostile_table() -> Table:
    columns = (ColumnSpec("a", "A <b>", 10), ColumnSpec("b", "B | pipe", 10))
    rows = (("<script>alert(1)</script>", ("x | y", "*bold* [link](http://x)")),)
    return Table("test", Lang.EN, AS_OF, "T & <i>", "basis", "T", columns, rows)


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_html_is_self_contained_and_escaped(seed_register, seed_report) -> None:
    page = render_html([_hostile_table()]).decode("utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "T &amp; &lt;i&gt;" in page
    report = render_export(ExportKind.REPORT, ExportFormat.HTML, seed_register, seed_report).decode("utf-8")
    parser = _Collector()
    parser.feed(report)
    assert not {"script", "link", "img", "iframe", "object"} & set(parser.tags)
    assert all(
        not (value or "").startswith(("http:", "https:", "//")) for name, value in parser.attrs if name != "content"
    )
    for section in ("ropa", "processor-record", "transfers", "subprocessors", "findings", "summary"):
        assert f'<section id="{section}">' in report
    for activity in seed_register.activities:
        assert activity.name in report


def test_markdown_escapes_table_and_html_syntax() -> None:
    text = render_markdown([_hostile_table()]).decode("utf-8")
    assert "\\<script\\>" in text and "x \\| y<br>\\*bold\\* \\[link\\](http://x)" in text
    assert "| A \\<b\\> | B \\| pipe |" in text


def test_text_longer_than_a_spreadsheet_cell_is_cut_visibly() -> None:
    from catalog.exporters.xlsx import EXCEL_MAX_TEXT, fit_cell

    long = "x" * (EXCEL_MAX_TEXT + 500)
    cut = fit_cell(long)
    assert len(cut) == EXCEL_MAX_TEXT
    assert cut.endswith("hold all of it]") and f"cut: {len(long)} characters" in cut
    assert fit_cell("short") == "short"
