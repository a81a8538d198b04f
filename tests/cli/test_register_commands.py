"""The CLI as a user runs it: real processes, real files, exit codes and messages."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from catalog.cli.app import app
from tests.conftest import SEED_DIR


def test_seed_then_show_processors_as_json(run_cli) -> None:
    assert run_cli("seed").code == 0
    again = run_cli("seed")
    assert again.code == 0 and "already up to date" in again.out
    result = run_cli("show", "processor", "--format", "json")
    assert result.code == 0, result.err
    processors = {p["key"]: p for p in json.loads(result.out)}
    assert processors["hubspot"]["legal_name"] == "HubSpot"
    assert processors["webstat"]["service_category"] == "analytics"
    for key, system in (
        ("website-hosting-provider", "website"),
        ("crm-provider", "crm"),
        ("webstat", "webstat-analytics"),
    ):
        assert processors[key]["processing_locations"] == ["US"]
        assert processors[key]["safeguards"][0]["kind"] == "scc"
        assert system in processors[key]["operates_systems"]
    assert processors["customer-support-tool-provider"]["processing_locations"] == ["unknown"]
    assert processors["hubspot"]["established_in"] == "unknown"


def test_show_one_entity_as_text_and_missing_key(run_cli) -> None:
    run_cli("seed")
    shown = run_cli("show", "system", "crm")
    assert shown.code == 0 and "operator: crm-provider" in shown.out
    missing = run_cli("show", "system", "nope")
    assert missing.code == 2 and "no system with key 'nope'" in missing.err and "Traceback" not in missing.err


def test_dump_then_import_round_trips(run_cli, tmp_path: Path) -> None:
    run_cli("seed")
    before = run_cli("show", "activity", "--format", "json").out
    assert run_cli("dump", str(tmp_path / "dump")).code == 0
    imported = run_cli("import", str(tmp_path / "dump"))
    assert imported.code == 0 and "unchanged" in imported.out
    assert run_cli("show", "activity", "--format", "json").out == before


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("systems.yaml", 'hosting: ["US"]', 'hosting: ["XQ"]', "[systems[1].hosting[0]]"),
        ("systems.yaml", "operator: crm-provider", "operator: ghost", "[systems[2].operator]"),
        ("recipients.yaml", "key: researchers", "key: hubspot", "[recipients[0].key]"),
        ("recipients.yaml", "occasional: null", "occasional: [1]", "[recipients[5].occasional]"),
        ("processors.yaml", "service_category: crm", "service_category: [crm", "YAML syntax error"),
    ],
    ids=["unknown-country", "dangling-reference", "duplicate-key", "wrong-type", "yaml-syntax"],
)
def test_bad_register_exits_2_names_the_place_and_changes_nothing(
    run_cli, tmp_path: Path, file: str, old: str, new: str, expected: str
) -> None:
    run_cli("seed")
    before = run_cli("show", "system", "--format", "json").out
    bad = tmp_path / "bad"
    shutil.copytree(SEED_DIR, bad)
    text = (bad / file).read_text(encoding="utf-8")
    (bad / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_cli("import", str(bad))
    assert result.code == 2
    assert f"{file}:" in result.err and expected in result.err
    assert "Traceback" not in result.err
    assert run_cli("show", "system", "--format", "json").out == before


def test_unsupported_store_url_is_bad_input(run_cli) -> None:
    result = run_cli("show", "processor", store_url="ftp://example")
    assert result.code == 2 and "unsupported store URL" in result.err


def test_every_command_has_help_with_an_example() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help and "Example:" in command.help, f"'catalog {name}' help has no example"


def test_lineage_of_email_addresses(run_cli) -> None:
    run_cli("seed")
    result = run_cli("lineage", "contact.email", "--format", "json")
    assert result.code == 0, result.err
    lineage = json.loads(result.out)
    assert "US" in lineage["countries"] and "unknown" in lineage["countries"]
    edges = {(e["source"], e["rel"], e["target"]) for e in lineage["edges"]}
    assert ("system:crm", "OPERATED_BY", "processor:crm-provider") in edges
    text = run_cli("lineage", "contact.email").out
    assert "United States (US)" in text
    missing = run_cli("lineage", "nope")
    assert missing.code == 2 and "no data category" in missing.err
