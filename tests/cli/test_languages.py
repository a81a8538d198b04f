"""Every command that speaks takes --lang; bokmål output has no English fixed words; the organisation's
language setting applies when --lang is not given (issue #30)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import typer
import yaml

from catalog.cli.app import app
from tests.cli.conftest import seed_in_bokmal

SPEAKING = {
    ("check",),
    ("due",),
    ("lineage",),
    ("show",),
    ("diff",),
    ("history",),
    ("import", "path"),
    ("import", "subprocessors"),
    ("import", "fides"),
    ("export", "ropa"),
    ("export", "processor-record"),
    ("export", "transfers"),
    ("export", "subprocessors"),
    ("export", "findings"),
    ("export", "report"),
    ("export", "all"),
    ("export", "subprocessor-changes"),
}

_NAMES_AND_CODES = re.compile(r"^[\W\d_]*$")
SEED = Path(__file__).resolve().parents[2] / "seed" / "verji"


def _command(root: Any, path: tuple[str, ...]) -> Any:
    found = root
    for name in path:
        found = found.commands[name]  # a group (Typer's click) holds its sub-commands by name
    return found


def test_every_speaking_command_has_lang() -> None:
    root = typer.main.get_command(app)
    for path in sorted(SPEAKING):
        command = _command(root, path)
        options = {option for param in command.params for option in getattr(param, "opts", [])}
        assert "--lang" in options, " ".join(path)
        lang = next(param for param in command.params if "--lang" in getattr(param, "opts", []))
        assert lang.default is None, f"{' '.join(path)}: --lang must default to the organisation's setting"


def _words(finding: dict[str, str]) -> dict[str, str]:
    return {key: finding[key] for key in ("title", "message", "hint")}


def test_check_in_bokmal_words_every_finding_in_bokmal(run_cli) -> None:
    assert run_cli("seed").code == 0
    english = json.loads(run_cli("check", "--format", "json", "--as-of", "2026-11-27").out)
    bokmal = json.loads(run_cli("check", "--format", "json", "--as-of", "2026-11-27", "--lang", "nb").out)
    # One judgement: the same findings, ids, severities and paths; only the words differ.
    assert [f["id"] for f in bokmal["findings"]] == [f["id"] for f in english["findings"]]
    assert bokmal["summary"] == english["summary"] and bokmal["transfers"] == english["transfers"]
    assert english["findings"]
    for en, nb in zip(english["findings"], bokmal["findings"], strict=True):
        assert {k: v for k, v in nb.items() if k not in {"title", "message", "hint", "severity_label"}} == {
            k: v for k, v in en.items() if k not in {"title", "message", "hint", "severity_label"}
        }
        for key, text in _words(nb).items():
            if _NAMES_AND_CODES.match(en[key]):
                continue
            assert text != en[key], f"{nb['rule']} {key} reads as English: {text}"
        assert " Fix: " not in nb["message"] and "Tiltak: " in nb["message"]
    words = " ".join(f["message"] for f in bokmal["findings"])
    # Fixed English phrases that used to sit inside the messages (reasons, places, tools).
    for english_words in ("is not stated", "goes from", "United States", "(the controller)", "Candidates on"):
        assert english_words not in words
    assert "USA" in words and "art. 28 nr. 3" in words


def _provenance_notes(node: Any) -> list[dict[str, str]]:
    """Every note of a reading or an assumption in a seed file's YAML, by language."""
    if isinstance(node, list):
        return [note for item in node for note in _provenance_notes(item)]
    if not isinstance(node, dict):
        return []
    found = [node["note"]] if node.get("basis") in {"reading", "assumption"} and "note" in node else []
    return found + [note for value in node.values() for note in _provenance_notes(value)]


def test_check_in_bokmal_gives_the_readings_notes_in_bokmal(run_cli) -> None:
    seed = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(SEED.glob("*.yaml"))]
    notes = [note for document in seed for note in _provenance_notes(document)]
    assert notes and all(isinstance(note, dict) and note.get("nb") for note in notes), "every seed note has bokmål"
    assert run_cli("seed").code == 0
    messages = {
        lang: [
            finding["message"]
            for finding in json.loads(run_cli("check", "--format", "json", "--lang", lang).out)["findings"]
            if finding["rule"] == "provenance.to-confirm"
        ]
        for lang in ("en", "nb")
    }
    assert len(messages["nb"]) == len(messages["en"]) == 29
    for note in notes:
        assert any(note["en"] in message for message in messages["en"]), note["en"]
        assert any(note["nb"] in message for message in messages["nb"]), note["nb"]
        assert not any(note["en"] in message for message in messages["nb"]), note["en"]


def test_due_in_bokmal_has_no_english_fixed_words(run_cli) -> None:
    assert run_cli("seed").code == 0
    result = run_cli("due", "--within", "3650d", "--as-of", "2026-11-27", "--lang", "nb")
    assert result.code == 0, result.err
    for english in (
        "Due as of",
        "OVERDUE",
        "DUE WITHIN",
        "WHAT BREAKS NEXT",
        "ALREADY BROKEN",
        "no end date",
        "no known date ends it",
        "Valid, details missing",
        "Destination unknown",
        "is not stated",
        "Affects:",
    ):
        assert english not in result.out, english
    assert "FORFALT" in result.out and "Ukjent mottakerland" in result.out


def test_the_organisations_language_applies_without_lang(run_cli, tmp_path: Path) -> None:
    seed_in_bokmal(run_cli, tmp_path)
    text = run_cli("check", "--as-of", "2026-11-27").out
    assert text.startswith("Samsvarskontroll per 2026-11-27") and "Tiltak:" in text
    english = run_cli("check", "--as-of", "2026-11-27", "--lang", "en").out
    assert english.startswith("Compliance check as of 2026-11-27") and "Fix:" in english
