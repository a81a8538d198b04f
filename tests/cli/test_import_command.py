"""``catalog import`` as a user runs it: the plan printed, --dry-run, --format json, the deletion guard."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.conftest import SEED_DIR


def _dump(run_cli, folder: Path) -> dict[str, bytes]:
    assert run_cli("dump", str(folder)).code == 0
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_dry_run_leaves_the_dump_byte_for_byte_unchanged_and_lists_new_findings(run_cli, tmp_path: Path) -> None:
    assert run_cli("import", str(SEED_DIR)).code == 0
    before = _dump(run_cli, tmp_path / "before")
    changed = tmp_path / "changed"
    shutil.copytree(SEED_DIR, changed)
    processors = changed / "processors.yaml"
    text = processors.read_text(encoding="utf-8")
    processors.write_text(text.replace('["EU", "NO"]', '["EU", "NO", "IN"]', 1), encoding="utf-8")
    dry = run_cli("import", str(changed), "--dry-run", "--as-of", "2026-06-01")
    assert dry.code == 0, dry.err
    assert "dry run, nothing was written" in dry.out
    assert "~ unknown (hosting / infrastructure / data storage provider, not named) (hosting-provider)" in dry.out
    assert "Findings on 2026-06-01: " in dry.out and "(India)" in dry.out
    assert _dump(run_cli, tmp_path / "after") == before
    as_json = run_cli("import", str(changed), "--dry-run", "--format", "json", "--as-of", "2026-06-01")
    data = json.loads(as_json.out)
    assert data["dry_run"] is True and data["applied"] is False
    assert data["totals"] == {"added": 0, "removed": 0, "changed": 1}
    assert any(f["country"] == "IN" for f in data["findings_added"])
    applied = run_cli("import", str(changed), "--as-of", "2026-06-01")
    assert applied.code == 0 and ": applied" in applied.out and "(India)" in applied.out
    assert _dump(run_cli, tmp_path / "applied") != before


def test_emptied_section_file_is_refused_without_allow_deletions(run_cli, tmp_path: Path) -> None:
    assert run_cli("import", str(SEED_DIR)).code == 0
    before = _dump(run_cli, tmp_path / "before")
    emptied = tmp_path / "emptied"
    shutil.copytree(SEED_DIR, emptied)
    (emptied / "activities.yaml").write_bytes(b"")
    refused = run_cli("import", str(emptied))
    assert refused.code == 2 and "Traceback" not in refused.err
    assert "would remove every activity" in refused.err and "'User accounts'" in refused.err
    assert "--allow-deletions" in refused.err
    assert _dump(run_cli, tmp_path / "after") == before
    allowed = run_cli("import", str(emptied), "--allow-deletions")
    assert allowed.code == 0 and "12 removed" in allowed.out


def test_import_is_a_group_whose_default_is_the_path_form(run_cli) -> None:
    helped = run_cli("import", "--help", store_url=None)
    assert helped.code == 0 and "catalog import PATH" in helped.out and "--allow-deletions" in helped.out
    explicit = run_cli("import", "path", str(SEED_DIR))
    assert explicit.code == 0 and ": applied" in explicit.out
    missing = run_cli("import", "no-such-dir")
    assert missing.code == 2 and "no-such-dir" in missing.err and "Traceback" not in missing.err


def _cells(path: Path) -> list[list[list[object]]]:
    import openpyxl

    def sourceless(value: object) -> object:
        # A record names the source that is silent; the record carries no sources for an import to read back.
        marker = "Not stated in the source"
        return marker if isinstance(value, str) and value.startswith(marker + " (") else value

    book = openpyxl.load_workbook(path)
    return [[[sourceless(v) for v in row] for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]


def test_verji_ropa_xlsx_round_trips_through_an_empty_store(run_cli, tmp_path: Path) -> None:
    assert run_cli("seed").code == 0
    first = tmp_path / "ropa.xlsx"
    assert run_cli("export", "ropa", "--format", "xlsx", "--out", str(first), "--as-of", "2026-06-01").code == 0
    other = f"sqlite:///{tmp_path / 'other.db'}"
    imported = run_cli("import", str(first), "--store", other, store_url=None)
    assert imported.code == 0, imported.err
    assert "this tool's ROPA export" in imported.out and "Not understood" not in imported.out
    second = tmp_path / "again.xlsx"
    exported = run_cli(
        "export",
        "ropa",
        "--format",
        "xlsx",
        "--out",
        str(second),
        "--as-of",
        "2026-06-01",
        "--store",
        other,
        store_url=None,
    )
    assert exported.code == 0, exported.err
    assert _cells(second) == _cells(first)
    as_json = run_cli("import", str(first), "--store", other, "--format", "json", "--dry-run", store_url=None)
    data = json.loads(as_json.out)
    assert data["source_kind"] == "catalog-ropa" and data["totals"] == {"added": 0, "removed": 0, "changed": 0}
    assert data["rows"] and all(e["action"] == "matched" for row in data["rows"] for e in row["entities"])


def test_subprocessor_list_dry_run_shows_the_onward_transfer_to_india(run_cli, tmp_path: Path) -> None:
    assert run_cli("seed").code == 0
    listed = tmp_path / "hubspot.csv"
    listed.write_text("Name,Service,Locations\nAcme Support,Customer support,India\n", encoding="utf-8")
    before = _dump(run_cli, tmp_path / "before")
    args = ("--processor", "hubspot", str(listed), "--dry-run", "--as-of", "2026-06-01")
    dry = run_cli("import", "subprocessors", *args)
    assert dry.code == 0, dry.err
    assert "+ Acme Support (India)" in dry.out and "[critical] Acme Support (India)" in dry.out
    assert _dump(run_cli, tmp_path / "after") == before
    unknown = run_cli("import", "subprocessors", "--processor", "nobody", str(listed))
    assert unknown.code == 2 and "no processor with key 'nobody'" in unknown.err


def test_our_exports_import_back_as_zero_change_plans(run_cli, tmp_path: Path) -> None:
    # Acceptance of #27: seed, export, import --dry-run --format json: every total 0.
    assert run_cli("seed").code == 0
    sources = []
    for lang in ("en", "nb"):
        for suffix in ("xlsx", "csv"):
            out = tmp_path / f"r-{lang}.{suffix}"
            assert run_cli("export", "ropa", "--lang", lang, "--out", str(out)).code == 0
            sources.append(["import", str(out)])
    assert run_cli("dump", str(tmp_path / "dump")).code == 0
    sources.append(["import", str(tmp_path / "dump")])
    assert run_cli("export", "fides", str(tmp_path / "fides")).code == 0
    sources.append(["import", "fides", str(tmp_path / "fides"), "--mode", "merge"])
    for args in sources:
        done = run_cli(*args, "--dry-run", "--format", "json")
        assert done.code == 0, done.err
        plan = json.loads(done.out)
        assert plan["totals"] == {"added": 0, "removed": 0, "changed": 0}, args
        assert plan["conflicts"] == [] and plan["prefer"] == "stored"
    text = run_cli("import", str(tmp_path / "r-en.xlsx"), "--dry-run", "--prefer", "source")
    assert text.code == 0 and "entities not in the source: unchanged" in text.out
