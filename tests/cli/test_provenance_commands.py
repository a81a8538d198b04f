"""Issue #29 through the real CLI: a reading is shown as one by show, check and the Art. 30 record."""

from __future__ import annotations

import json
from pathlib import Path

AS_OF = "2026-01-15"


def test_show_marks_the_service_notices_email_link_as_a_reading_with_its_source(run_cli) -> None:
    assert run_cli("seed").code == 0
    text = run_cli("show", "activity", "service-notices")
    assert text.code == 0
    block = text.out.split("Readings and assumptions, not stated in the source (confirm or correct):")[1]
    line = next(line for line in block.splitlines() if line.strip().startswith("systems = email-service"))
    assert (
        "READING" in line and "(source: Verji privacy statement (2022-01-15), Tjeneste- og transaksjonsvarsler" in line
    )
    shown = json.loads(run_cli("show", "activity", "service-notices", "--format", "json").out)
    (entry,) = [p for p in shown["provenance"] if p["field"] == "systems"]
    assert entry["value"] == "email-service" and entry["basis"] == "reading" and entry["note"]
    assert entry["source"]["section"].startswith("Tjeneste- og transaksjonsvarsler")


def test_check_lists_each_reading_as_an_info_finding(run_cli) -> None:
    run_cli("seed")
    report = json.loads(run_cli("check", "--format", "json", "--as-of", AS_OF).out)
    readings = [f for f in report["findings"] if f["rule"] == "provenance.to-confirm"]
    assert len(readings) == 29 and {f["severity"] for f in readings} == {"info"}
    assert any(f["message"].startswith("Service and transaction notices — Systems: E-mail") for f in readings)


def test_the_record_marks_the_cell_resting_on_the_reading(run_cli, tmp_path: Path) -> None:
    run_cli("seed")
    names = {
        "en": ("Service and transaction notices", "Systems: E-mail and newsletter sending"),
        "nb": ("Tjeneste- og transaksjonsvarsler", "Systemer: Utsending av e-post og nyhetsbrev"),
    }
    for lang, (activity, fact) in names.items():
        out = tmp_path / f"ropa.{lang}.json"
        assert (
            run_cli("export", "ropa", "--format", "json", "--lang", lang, "--out", str(out), "--as-of", AS_OF).code == 0
        )
        record = json.loads(out.read_text(encoding="utf-8"))
        row = next(i for i, r in enumerate(record["rows"]) if r["activity"] == activity)
        notices = [r for r in record["readings"] if r["entry"] == activity]
        email = next(r for r in notices if r["fact"] == fact)  # the field and the system named in the record's language
        column = "systems" if lang == "nb" else "data_locations"  # the ICO layout has no systems column
        assert email["basis"] == "reading" and email["cells"] == [{"row": row, "column": column}]
        assert email["source"]["document"] == "Verji privacy statement (2022-01-15)"


def test_dump_and_import_keep_provenance(run_cli, tmp_path: Path) -> None:
    run_cli("seed")
    before = run_cli("show", "system", "message-transport", "--format", "json").out
    assert run_cli("dump", str(tmp_path / "dump")).code == 0
    assert "basis: reading" in (tmp_path / "dump" / "systems.yaml").read_text(encoding="utf-8")
    imported = run_cli("import", str(tmp_path / "dump"))
    assert imported.code == 0 and "unchanged" in imported.out
    assert run_cli("show", "system", "message-transport", "--format", "json").out == before
