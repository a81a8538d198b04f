"""``catalog export ropa --lang nb|en`` on the Verji seed: the register's own words in the language asked for (#30)."""

from __future__ import annotations

import json
from pathlib import Path

from catalog.kernel.localtext import LocalText
from catalog.registerfile.register_yaml import load_register
from tests.conftest import SEED_DIR


def _rows(run_cli, out: Path, lang: str) -> dict[str, list[str]]:
    result = run_cli("export", "ropa", "--lang", lang, "--format", "json", "--out", str(out))
    assert result.code == 0, result.err
    rows = json.loads(out.read_text(encoding="utf-8"))["rows"]
    return {
        row["activity"]: row["purposes"] if isinstance(row["purposes"], list) else [row["purposes"]] for row in rows
    }


def test_every_verji_activity_reads_in_bokmal_and_in_english(run_cli, tmp_path: Path) -> None:
    assert run_cli("seed").code == 0
    norwegian = _rows(run_cli, tmp_path / "nb.json", "nb")
    english = _rows(run_cli, tmp_path / "en.json", "en")
    register = load_register(SEED_DIR)
    controller = [a for a in register.activities if a.role == "controller"]
    assert len(norwegian) == len(english) == len(controller)
    for activity in controller:
        assert isinstance(activity.name, LocalText)
        nb, en = activity.name.variants["nb"], activity.name.variants["en"]
        assert nb != en
        purposes = [p.variants if isinstance(p, LocalText) else {} for p in activity.purposes]
        assert norwegian[nb] == [p["nb"] for p in purposes]
        assert english[en] == [p["en"] for p in purposes]
        assert norwegian[nb] != english[en]
