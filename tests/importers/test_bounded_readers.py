"""The streaming spreadsheet readers and the guarded-file module, unit by unit.

The hostile files themselves (bombs, special files, links) run through the CLI in
tests/integration/test_malformed_corpus.py; here: the values and types the readers give, the
limits as configured, and the guard's refusals.
"""

from __future__ import annotations

import io
import os
import socket
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from catalog.errors import InputError
from catalog.importers.sheets import read_sheet_file, read_sheets
from catalog.kernel.guarded import MIB, LimitExceeded, ReadLimits, read_guarded, read_limits
from tests.malformed import ODS_DATA_ROW, XLSX_PARTS, bom_csvs, csv_text, ods_with, xlsx_with, zip_archive


def test_an_xlsx_keeps_types_merges_and_sheets() -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Typed"
    sheet.append(["text", date(2024, 1, 31), datetime(2024, 1, 31, 12, 30), 3.5, True, 42])
    sheet["A3"] = "spans down"
    sheet.merge_cells("A3:A5")
    sheet["B4"] = "=1+1"  # a formula without a cached value reads as empty, as openpyxl's data_only did
    sheet["C6"] = "  spaced \r\n text "
    book.create_sheet("Second")["C2"] = "far"
    out = io.BytesIO()
    book.save(out)
    typed, second = read_sheets(out.getvalue(), "typed.xlsx")
    assert typed.rows[0] == ("text", datetime(2024, 1, 31), datetime(2024, 1, 31, 12, 30), 3.5, True, 42)
    assert [row[:1] for row in typed.rows[2:5]] == [("spans down",)] * 3
    assert typed.rows[5] == (None, None, "spaced \n text")
    assert second.name == "Second" and second.rows == ((), (None, None, "far"))


def test_an_ods_counts_covered_and_repeated_cells_as_columns() -> None:
    covered = '<table:covered-table-cell table:number-columns-repeated="3"/>'
    cell = '<table:table-cell office:value-type="float" office:value="7"/>'
    text = '<table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>'
    row = f"<table:table-row>{text}{covered}{cell}</table:table-row>"
    (sheet,) = read_sheets(ods_with(row + ODS_DATA_ROW), "p.ods")
    assert sheet.rows[1] == ("a", None, None, None, 7)
    assert sheet.rows[2][0] == "Payroll Tromsø"


def test_limits_come_from_the_environment_and_are_named_when_broken() -> None:
    assert read_limits({}) == ReadLimits()
    limits = read_limits({"CATALOG_IMPORT_MAX_ROWS": "1", "CATALOG_IMPORT_MAX_FILE_MB": "2"})
    assert limits.max_rows == 1 and limits.max_file_bytes == 2 * MIB
    with pytest.raises(
        LimitExceeded, match=r"a\.csv: sheet 'a': a value in row 2; at most 1 \(CATALOG_IMPORT_MAX_ROWS\)"
    ):
        read_sheets(csv_text().encode(), "a.csv", limits=limits)
    with pytest.raises(InputError, match=r"CATALOG_IMPORT_MAX_CELLS='lots': give a whole number"):
        read_limits({"CATALOG_IMPORT_MAX_CELLS": "lots"})
    narrow = ReadLimits(max_columns=3)
    with pytest.raises(LimitExceeded, match=r"'Record': a value in column 4; at most 3 \(CATALOG_IMPORT_MAX_COLUMNS\)"):
        read_sheets(xlsx_with(), "r.xlsx", limits=narrow)
    with pytest.raises(LimitExceeded, match=r"'Protokoll': a value in column 4"):
        read_sheets(ods_with(ODS_DATA_ROW), "p.ods", limits=narrow)


@pytest.mark.parametrize("encoding", sorted(bom_csvs()))
def test_a_csv_in_any_encoding_a_byte_order_mark_names_reads_as_written(encoding: str) -> None:
    (sheet,) = read_sheets(bom_csvs()[encoding], "r.csv")
    assert sheet.rows[1][0] == "Payroll Tromsø"


def test_a_csv_that_is_not_valid_in_its_encoding_is_refused_naming_the_line() -> None:
    data = (csv_text() * 3).encode("utf-8") + "Bodø,x\n".encode("cp1252")
    with pytest.raises(InputError, match=r"r\.csv: line 7: not valid utf-8 \(bytes f8 2c 78 0a\); give --encoding"):
        read_sheets(data, "r.csv")
    (sheet,) = read_sheets("Bodø;x\n".encode("cp1252"), "r.csv", encoding="cp1252")
    assert sheet.rows == (("Bodø", "x"),)
    with pytest.raises(InputError, match="--encoding klingon: not an encoding"):
        read_sheets(b"a,b\n", "r.csv", encoding="klingon")
    with pytest.raises(InputError, match=r"line 1: longer than 1,000,000 characters"):
        read_sheets(b"," * 1_100_000, "r.csv")


def test_the_guard_refuses_special_files_and_sizes_before_reading(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    with pytest.raises(InputError, match=r"pipe\.csv: is a FIFO \(named pipe\), not a regular file"):
        read_sheet_file(tmp_path / "pipe.csv")
    with pytest.raises(InputError, match=r"null: is a character device"):
        read_guarded(Path("/dev/null"), max_bytes=10)
    with pytest.raises(InputError, match=r": is a directory"):
        read_guarded(tmp_path, max_bytes=10)
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.csv"))
    try:
        with pytest.raises(InputError, match=r"sock\.csv: is a socket"):
            read_sheet_file(tmp_path / "sock.csv")
    finally:
        server.close()
    (tmp_path / "big.csv").write_bytes(b"x" * 11)
    with pytest.raises(LimitExceeded, match=r"big\.csv: the file holds 11 bytes"):
        read_guarded(tmp_path / "big.csv", max_bytes=10)
    (tmp_path / "inside").mkdir()
    (tmp_path / "inside" / "out.yml").symlink_to(tmp_path / "big.csv")
    with pytest.raises(InputError, match=r"out\.yml: is a symbolic link to .*big\.csv, outside"):
        read_guarded(tmp_path / "inside" / "out.yml", max_bytes=100, folder=tmp_path / "inside")
    assert read_guarded(tmp_path / "inside" / "out.yml", max_bytes=100) == b"x" * 11
    with pytest.raises(InputError, match=r"gone\.csv: no such file"):
        read_sheet_file(tmp_path / "gone.csv")


def test_a_file_that_reports_no_size_is_still_read_only_up_to_the_limit() -> None:
    # /proc files are regular and report size 0: reading stops at the limit anyway.
    with pytest.raises(LimitExceeded, match="holds more than"):
        read_guarded(Path("/proc/self/maps"), max_bytes=16)


def test_merged_ranges_are_bounded_one_by_one_and_together() -> None:
    ranges = "".join(f'<mergeCell ref="A{n}:A25000"/>' for n in range(3, 1_003))
    many = xlsx_with(f'<mergeCells count="1000">{ranges}</mergeCells>'.encode())
    with pytest.raises(LimitExceeded, match=r"'Record': merged ranges cover more than 1,000,000 cells together"):
        read_sheets(many, "m.xlsx")
    spanned = '<table:table-cell table:number-rows-spanned="2000000" office:value-type="string"><text:p>x</text:p>'
    with pytest.raises(LimitExceeded, match=r"'Protokoll': the merged range at row 2, column 1 covers 2,000,000 cells"):
        read_sheets(ods_with(f"<table:table-row>{spanned}</table:table-cell></table:table-row>"), "p.ods")


def test_a_part_that_only_lists_things_is_bounded_too() -> None:
    parts = dict(XLSX_PARTS)
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(b"<sheets>", b"<x/>" * 500_001 + b"<sheets>")
    with pytest.raises(LimitExceeded, match=r"xl/workbook\.xml: more than 500,000 XML elements"):
        read_sheets(zip_archive(parts), "w.xlsx")
