"""``catalog export`` as a user runs it.

Tests marked ``engine`` run the real compliance engine (catalog.compliance.engine) and are skipped
where it is not installed; re-run them with ``pytest -m engine tests/cli/test_export_commands.py``.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import openpyxl
import pytest
import typer.main

from catalog.cli.export_cmd import app as export_app
from tests.exporters.test_rows import DATATILSYNET_HEADINGS, ICO_HEADINGS

AS_OF = "2026-01-15"


def test_every_export_command_has_help_with_an_example() -> None:
    group = typer.main.get_command(export_app)
    assert group.help and "Example:" in group.help
    names = set(group.commands)  # type: ignore[attr-defined]
    assert {"ropa", "processor-record", "transfers", "subprocessors", "all"} <= names
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and "Example:" in command.help, f"'catalog export {name}' help has no example"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--out", "{tmp}/r.xlsx", "--as-of", "15.01.2026"], "not a date in the form YYYY-MM-DD"),
        (["--out", "{tmp}/r.txt"], "cannot tell the format"),
        (["--out", "{tmp}/r.xlsx", "--bom"], "--bom applies to CSV only"),
        (["--out", "{tmp}/missing/r.xlsx"], "no such directory"),
    ],
    ids=["bad-date", "unknown-suffix", "bom-not-csv", "missing-dir"],
)
def test_bad_options_exit_2_with_a_message(run_cli, tmp_path: Path, args: list[str], message: str) -> None:
    result = run_cli("export", "ropa", *[a.replace("{tmp}", str(tmp_path)) for a in args])
    assert result.code == 2, result.err
    assert message in result.err and "Traceback" not in result.err
    assert not (tmp_path / "r.xlsx").exists()


def test_export_from_an_empty_store_says_to_seed_first(run_cli, tmp_path: Path) -> None:
    result = run_cli("export", "ropa", "--format", "xlsx", "--out", str(tmp_path / "r.xlsx"), "--as-of", AS_OF)
    assert result.code == 2 and "run 'catalog seed'" in result.err


def test_unknown_format_is_a_usage_error(run_cli, tmp_path: Path) -> None:
    result = run_cli("export", "ropa", "--format", "pdf", "--out", str(tmp_path / "r.pdf"))
    assert result.code == 2 and "pdf" in result.err


# --- With the real engine -----------------------------------------------------------------------


def _sheet_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    sheet = openpyxl.load_workbook(path).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    heading_index = next(i for i, row in enumerate(rows) if row[1] in ("Business function", "Funksjonsområde"))
    headings = [str(v) for v in rows[heading_index]]
    records = [
        dict(zip(headings, ("" if v is None else str(v) for v in row), strict=True))
        for row in rows[heading_index + 1 :]
    ]
    return headings, records


def test_acceptance_ropa_xlsx_in_english_and_bokmal(run_cli, tmp_path: Path) -> None:
    assert run_cli("seed").code == 0
    out = tmp_path / "r.xlsx"
    result = run_cli("export", "ropa", "--format", "xlsx", "--out", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.err
    headings, records = _sheet_rows(out)
    assert headings == ["Processing activity", *ICO_HEADINGS[:-5]]  # no UK DPA 2018 columns for Verji
    by_name = {r["Processing activity"]: r for r in records}
    assert "User accounts" in by_name and "Secure messaging for customer organisations" not in by_name
    countries, safeguards = ICO_HEADINGS[7], ICO_HEADINGS[8]
    for name in (
        "Usage information and web analytics",  # website and analytics
        "Product and marketing communication",  # CRM
        "Correspondence",  # CRM
        "Sign-in identification (local storage)",  # website
    ):
        assert "United States (US)" in by_name[name][countries], name
        assert "SCC" in by_name[name][safeguards], name
    nb = tmp_path / "r-nb.xlsx"
    assert run_cli("export", "ropa", "--out", str(nb), "--lang", "nb", "--as-of", AS_OF).code == 0
    headings, records = _sheet_rows(nb)
    assert headings == DATATILSYNET_HEADINGS
    newsletter = next(r for r in records if r["Hva gjelder behandlingen?"] == "Produkt- og markedsføringskommunikasjon")
    assert "(US)" in newsletter[DATATILSYNET_HEADINGS[17]]


def test_uk_columns_on_request_for_a_controller_outside_the_uk(run_cli, tmp_path: Path) -> None:
    """#29: the DPA 2018 columns are left out for Verji (Norway) unless asked for; asked for, the workbook
    has the ICO template's every column, and importing it back changes nothing."""
    assert run_cli("seed").code == 0
    out = tmp_path / "uk.xlsx"
    result = run_cli("export", "ropa", "--uk-columns", "--out", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.err
    headings, records = _sheet_rows(out)
    assert headings == ["Processing activity", *ICO_HEADINGS]
    sheet = openpyxl.load_workbook(out).active
    groups = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value}
    assert "Data Protection Act 2018 - Special Category or Criminal Conviction and Offence data" in groups
    assert {r["Processing activity"] for r in records} >= {"User accounts", "Correspondence"}
    assert all(r["Data Protection Act 2018 Schedule 1 Condition for processing"] for r in records)  # none blank
    plan = run_cli("import", str(out), "--dry-run", "--format", "json")
    assert plan.code == 0, plan.err
    assert json.loads(plan.out)["totals"] == {"added": 0, "removed": 0, "changed": 0}
    report = tmp_path / "report.html"
    assert run_cli("export", "report", "--uk-columns", "--out", str(report), "--as-of", AS_OF).code == 0
    assert "Data Protection Act 2018 Schedule 1 Condition for processing" in report.read_text(encoding="utf-8")
    # Datatilsynet's layout has no UK columns to add: asking is refused, and nothing is written.
    nb = tmp_path / "nb.xlsx"
    refused = run_cli("export", "ropa", "--uk-columns", "--lang", "nb", "--out", str(nb))
    # the error speaks the command's language (--lang nb)
    assert refused.code == 2 and "--uk-columns gjelder ICOs oppsett" in refused.err, refused.err
    assert "Traceback" not in refused.err and not nb.exists()


def test_acceptance_processor_record_lists_the_customer_organisations(run_cli, tmp_path: Path) -> None:
    run_cli("seed")
    out = tmp_path / "p.csv"
    result = run_cli("export", "processor-record", "--format", "csv", "--out", str(out), "--as-of", AS_OF)
    assert result.code == 0, result.err
    lines = out.read_bytes().decode("utf-8").split("\r\n")
    assert lines[0].startswith("Processor details,") and lines[1].startswith("Processor,Name,Verji Tech AS")
    table = "\r\n".join(
        lines[next(i for i, line in enumerate(lines) if line.startswith("Name and contact details of controller,")) :]
    )  # the controller block, a blank line, the readings and assumptions, a blank line, then the table
    rows = list(csv.DictReader(io.StringIO(table, newline="")))
    assert len(rows) == 1
    assert rows[0]["Name and contact details of controller"].startswith("The customer organisations using Verji")
    assert rows[0]["Categories of processing"].startswith("Secure messaging for customer organisations")


def test_text_exports_are_byte_identical_across_runs(run_cli, tmp_path: Path) -> None:
    run_cli("seed")
    for kind in ("ropa", "processor-record", "transfers", "subprocessors"):
        for fmt in ("csv", "json", "md", "html"):
            first, second = tmp_path / f"1.{kind}.{fmt}", tmp_path / f"2.{kind}.{fmt}"
            for out in (first, second):
                result = run_cli("export", kind, "--format", fmt, "--out", str(out), "--as-of", AS_OF)
                assert result.code == 0, result.err
            assert first.read_bytes() == second.read_bytes(), (kind, fmt)


def test_export_all_writes_the_audit_pack(run_cli, tmp_path: Path) -> None:
    run_cli("seed")
    result = run_cli("export", "all", "--out-dir", str(tmp_path / "pack"), "--as-of", AS_OF)
    assert result.code == 0, result.err
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["as_of"] == AS_OF and len(manifest["register_fingerprint"]["value"]) == 64
    for entry in manifest["files"]:
        assert hashlib.sha256((tmp_path / "pack" / entry["path"]).read_bytes()).hexdigest() == entry["sha256"]
    transfers = json.loads((tmp_path / "pack" / "transfers.json").read_text(encoding="utf-8"))
    assert {row["country"] for row in transfers["rows"]} >= {"United States (US)"}
    history = json.loads((tmp_path / "pack" / "history.json").read_text(encoding="utf-8"))
    assert [entry["operation"] for entry in history] == ["seed"]
    assert {"history.json", "history.csv"} <= {entry["path"] for entry in manifest["files"]}
    past = run_cli("export", "ropa", "--out", str(tmp_path / "past.json"), "--register-as-of", "2000-01-01")
    assert past.code == 2 and "held nothing" in past.err
