"""Spreadsheet import: an ICO-layout workbook built here as people fill it in, ODS, CSV, and this tool's own export."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import CoveredTableCell, Table, TableCell, TableRow
from odf.text import P

from catalog.app.export import ExportFormat, ExportKind, render_export, report_for
from catalog.app.imports import import_path, read_spreadsheet
from catalog.domain.register import EntityKind, Register
from catalog.errors import InputError
from catalog.exporters.headings import ICO_CONTROLLER
from catalog.importers.cells import parse_country, parse_date, parse_legal_basis, parse_transfer, split_values
from catalog.importers.layouts import Layout
from catalog.importers.plan import ImportMode
from catalog.kernel.lang import Lang
from catalog.store.base import RegisterStore
from tests.conftest import SEED_DIR

AS_OF = date(2026, 6, 1)
ICO_HEADINGS = {column.id: column.heading for column in ICO_CONTROLLER.columns}
TEMPLATE_COLUMNS = [c.id for c in ICO_CONTROLLER.columns if c.id != "activity"]  # the real template has no name column


def ico_workbook() -> bytes:
    """The ICO controller template as a DPO fills it: title block, merged group row, header on row 9."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Template"
    sheet["A1"] = "Documentation template for controllers"
    sheet["A2"] = "Acme Ltd – record of processing, reviewed yearly"
    sheet.merge_cells("A8:K8")
    sheet["A8"] = "Article 30 Record of Processing Activities"
    for col, column_id in enumerate(TEMPLATE_COLUMNS, start=1):
        sheet.cell(row=9, column=col, value=ICO_HEADINGS[column_id])

    def put(row: int, **values: object) -> None:
        for column_id, value in values.items():
            sheet.cell(row=row, column=TEMPLATE_COLUMNS.index(column_id) + 1, value=value)

    put(
        10,
        business_function="HR",
        purposes="Pay staff; Run the pension scheme",
        data_subjects="Employees, Contractors",
        data_categories="Name\nBank details\nHealth data",
        recipients="HMRC; Pension provider",
        third_countries="USA – SCCs",
        retention="6 years after the end of the contract",
        art6_basis="Art. 6(1)(b) GDPR\nLegal obligation",
        art9_condition="9(2)(b)",
        dpia_required="Yes",
        dpia_progress=45292,  # a date typed into a cell formatted as a number: the serial of 2024-01-01
        lia_link="https://intranet/lia/17",
    )
    put(
        11,
        purposes="Record sick leave",
        data_subjects="Employees",
        data_categories="Health data",
        art6_basis="contract",
        retention="until HR says so",
    )
    sheet.merge_cells(start_row=10, end_row=11, start_column=1, end_column=1)  # "HR" covers both activities
    put(
        12,
        business_function="Marketing",
        purposes="Send the newsletter",
        data_subjects="Subscribers",
        data_categories="E-mail address",
        recipients="Mailchimp",
        third_countries="India\nNarnia",
        transfer_safeguards="Standard contractual clauses",
        art6_basis="consent\nbecause we want to",
        rights="Access; Erasure",
    )
    put(13, business_function="Sales", purposes="Keep customer records", data_categories="Name", art6_basis="avtale")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_ico_layout_imports_activities_bases_categories_recipients_and_countries() -> None:
    incoming = read_spreadsheet(ico_workbook(), "acme.xlsx", None)
    assert incoming.source_kind == "ico" and incoming.mode == ImportMode.MERGE
    register = incoming.register
    activities = {a.name: a for a in register.activities}
    assert set(activities) == {"Pay staff", "Record sick leave", "Send the newsletter", "Keep customer records"}
    names = {e.key: getattr(e, "name", None) or getattr(e, "legal_name", "") for _, e in register.all_entities()}

    pay = activities["Pay staff"]
    assert pay.business_function == "HR" and pay.purposes == ["Pay staff", "Run the pension scheme"]
    assert [b.basis.value for b in pay.legal_bases] == ["6(1)(b)", "6(1)(c)"]
    assert [names[k] for k in pay.data_categories] == ["Name", "Bank details", "Health data"]
    assert [names[k] for k in pay.data_subjects] == ["Employees", "Contractors"]
    assert [names[k] for k in pay.recipients] == ["HMRC", "Pension provider"]
    assert pay.art9_condition is not None and pay.art9_condition.value == "9(2)(b)"
    assert pay.retention is not None and (pay.retention.maximum, pay.retention.trigger) == ("P6Y", "after_contract_end")
    assert pay.dpia is not None and pay.dpia.completed_on == date(2024, 1, 1)
    us = [p for p in register.processors if p.processing_locations == ["US"]]
    assert len(us) == 1 and us[0].safeguards[0].kind == "scc" and us[0].legal_name.startswith("unknown (")

    sick = activities["Record sick leave"]
    assert sick.business_function == "HR"  # from the merged cell
    assert [b.basis.value for b in sick.legal_bases] == ["6(1)(b)"] and sick.retention is None
    news = activities["Send the newsletter"]
    assert [b.basis.value for b in news.legal_bases] == ["6(1)(a)"] and news.rights == ["Access", "Erasure"]
    india = [p for p in register.processors if p.processing_locations == ["IN"]]
    assert len(india) == 1 and india[0].safeguards[0].kind == "scc"
    assert [b.basis.value for b in activities["Keep customer records"].legal_bases] == ["6(1)(b)"]

    warnings = {(w.sheet, w.row, w.column, w.value) for w in incoming.warnings}
    assert ("Template", 11, ICO_HEADINGS["retention"], "until HR says so") in warnings
    assert ("Template", 12, ICO_HEADINGS["third_countries"], "Narnia") in warnings
    assert ("Template", 12, ICO_HEADINGS["art6_basis"], "because we want to") in warnings
    assert ("Template", 10, ICO_HEADINGS["lia_link"], "https://intranet/lia/17") in warnings
    assert {row.row: row.entities[0].kind for row in incoming.rows} == dict.fromkeys((10, 11, 12, 13), "activities")


def test_forced_layout_and_a_sheet_without_a_header_are_reported() -> None:
    with pytest.raises(InputError, match="no header row of Datatilsynet's controller protocol"):
        read_spreadsheet(ico_workbook(), "acme.xlsx", None, layout=Layout.DATATILSYNET)
    with pytest.raises(InputError, match=r"notes\.csv: .*no header row"):
        read_spreadsheet(b"just,some\nnotes,here\n", "notes.csv", None)
    with pytest.raises(InputError, match=r"broken\.xlsx: not a readable XLSX"):
        read_spreadsheet(b"PK\x03\x04garbage", "broken.xlsx", None)


def test_csv_with_semicolons_a_title_line_and_a_bom() -> None:
    headings = [ICO_HEADINGS[c] for c in ("purposes", "data_categories", "art6_basis", "third_countries")]
    text = "Acme record\n\n" + ";".join(f'"{h}"' for h in headings) + "\n"
    text += '"Payroll";"Name, Bank details";"Art. 6(1)(c)";"Storbritannia"\n'
    incoming = read_spreadsheet(("\ufeff" + text).encode("utf-8"), "acme.csv", None)
    (activity,) = incoming.register.activities
    assert activity.name == "Payroll" and len(activity.data_categories) == 2
    assert [b.basis.value for b in activity.legal_bases] == ["6(1)(c)"]
    assert [p.processing_locations for p in incoming.register.processors] == [["GB"]]


def _ods(rows: list[list[object]], spans: dict[tuple[int, int], int]) -> bytes:
    document = OpenDocumentSpreadsheet()
    table = Table(name="Protokoll")
    for r, values in enumerate(rows):
        row = TableRow()
        for c, value in enumerate(values):
            if value is None and any(r0 < r < r0 + n and c0 == c for (r0, c0), n in spans.items()):
                row.addElement(CoveredTableCell())
                continue
            attributes: dict[str, object] = {}
            if (r, c) in spans:
                attributes["numberrowsspanned"] = spans[(r, c)]
            if isinstance(value, int):
                cell = TableCell(valuetype="float", value=value, **attributes)
            else:
                cell = TableCell(valuetype="string", **attributes)
                for line in str(value or "").split("\n"):
                    if value is not None:
                        cell.addElement(P(text=line))
            row.addElement(cell)
        table.addElement(row)
    document.spreadsheet.addElement(table)
    out = io.BytesIO()
    document.write(out)
    return out.getvalue()


def test_ods_in_datatilsynet_layout_with_a_merged_cell() -> None:
    from catalog.exporters.headings import DATATILSYNET_CONTROLLER

    headings = {c.id: c.heading for c in DATATILSYNET_CONTROLLER.columns}
    columns = ["business_function", "activity", "purposes", "data_categories", "art6_basis", "third_countries"]
    rows: list[list[object]] = [
        ["Protokoll over behandlingsaktiviteter", None, None, None, None, None],
        [headings[c] for c in columns],
        ["Salg", "Kunderegister", "Følge opp kunder", "Navn\nE-post", "avtale", "USA – SCCs"],
        [None, "Nyhetsbrev", "Sende nyhetsbrev", "E-post", "samtykke", "Sveits"],
    ]
    incoming = read_spreadsheet(_ods(rows, {(2, 0): 2}), "protokoll.ods", None)
    assert incoming.source_kind == "datatilsynet"
    activities = {a.name: a for a in incoming.register.activities}
    assert activities["Nyhetsbrev"].business_function == "Salg"
    assert [b.basis.value for b in activities["Kunderegister"].legal_bases] == ["6(1)(b)"]
    assert [b.basis.value for b in activities["Nyhetsbrev"].legal_bases] == ["6(1)(a)"]
    located = sorted(p.processing_locations[0] for p in incoming.register.processors)
    assert located == ["CH", "US"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6(1)(b)", "6(1)(b)"),
        ("Art. 6(1)(b) GDPR", "6(1)(b)"),
        ("contract", "6(1)(b)"),
        ("avtale", "6(1)(b)"),
        ("art. 6 nr. 1 bokstav f", "6(1)(f)"),
        ("Samtykke fra den registrerte", "6(1)(a)"),
        ("we need it", None),
    ],
)
def test_legal_bases_as_people_write_them(text: str, expected: str | None) -> None:
    parsed = parse_legal_basis(text)
    assert (parsed[0].value if parsed else None) == expected


def test_countries_dates_and_lists() -> None:
    assert [parse_country(t) for t in ("USA", "Tyskland", "India", "DE", "deu", "United States (US)", "Narnia")] == [
        "US",
        "DE",
        "IN",
        "DE",
        "DE",
        "US",
        None,
    ]
    assert parse_transfer("USA – SCCs") == ("US", "scc")
    assert parse_transfer("India") == ("IN", None)
    assert parse_date(45292) == date(2024, 1, 1) and parse_date("31.12.2024") == date(2024, 12, 31)
    assert parse_date("2024-02-30") is None and parse_date(3) is None
    assert split_values("a, b; c") == ["a, b", "c"] and split_values("- a\n- b") == ["a", "b"]


def test_import_merges_into_the_stored_register_and_dry_run_writes_nothing(
    store: RegisterStore, tmp_path: Path, seed_register: Register
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    revision = store.revision()
    sheet = tmp_path / "acme.xlsx"
    sheet.write_bytes(ico_workbook())
    dry = import_path(store, sheet, as_of=AS_OF, dry_run=True)
    assert store.revision() == revision
    assert dry.totals()["removed"] == 0 and dry.totals()["added"] > 0
    assert any(f.country == "IN" for f in dry.findings_added)
    done = import_path(store, sheet, as_of=AS_OF)
    assert done.applied
    after = store.load_register()
    assert {a.key for a in seed_register.activities} <= {a.key for a in after.activities}
    again = import_path(store, sheet, as_of=AS_OF)
    assert again.is_empty and all(e.action == "matched" for row in again.rows for e in row.entities)


def test_own_ropa_export_round_trips_on_the_verji_register(seed_register: Register) -> None:
    def cells(data: bytes) -> list[list[list[object]]]:
        book = openpyxl.load_workbook(io.BytesIO(data))
        return [
            [[sourceless(v) for v in row] for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets
        ]

    def sourceless(value: object) -> object:
        # A record names the source that is silent; the record itself carries no sources to read back.
        marker = "Not stated in the source"
        return marker if isinstance(value, str) and value.startswith(marker + " (") else value

    exported = render_export(ExportKind.ROPA, ExportFormat.XLSX, seed_register, report_for(seed_register, AS_OF))
    incoming = read_spreadsheet(exported, "ropa.xlsx", None)
    assert incoming.source_kind == "catalog-ropa" and not incoming.warnings
    register = incoming.register
    again = render_export(ExportKind.ROPA, ExportFormat.XLSX, register, report_for(register, AS_OF))
    assert cells(again) == cells(exported)
    assert {a.key for a in register.activities} == {a.key for a in seed_register.activities if a.role == "controller"}
    assert register.entities(EntityKind.ACTIVITY)
    assert Lang.EN  # the English (ICO) layout


def test_the_same_activity_twice_is_reported() -> None:
    headings = [ICO_HEADINGS[c] for c in ("activity", "purposes", "data_categories")]
    text = ",".join(headings) + "\nPayroll,Pay staff,Name\nPayroll,Pay staff and contractors,Name\n"
    incoming = read_spreadsheet(text.encode(), "twice.csv", None)
    (activity,) = incoming.register.activities
    assert activity.purposes == ["Pay staff and contractors"]
    assert [(w.row, w.value) for w in incoming.warnings] == [(3, "Payroll")]
