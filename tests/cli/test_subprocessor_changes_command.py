"""``catalog export subprocessor-changes``: the notice a processor sends its customers (issue #18)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parents[1] / "review" / "data"

NEW_SUB = {
    "key": "newco",
    "legal_name": "New Sub Ltd",
    "service_category": "hosting",
    "established_in": "US",
    "processing_locations": ["US", "IE"],
    "safeguards": [{"kind": "scc", "instrument": "scc-2021-914", "module": "2"}],
}


def _add_sub_processor(run_cli, tmp_path: Path) -> None:
    """Import the test register, then add a sub-processor and rename another through dump and import."""
    assert run_cli("import", str(DATA)).code == 0
    folder = tmp_path / "register"
    assert run_cli("dump", str(folder)).code == 0
    path = folder / "processors.yaml"
    doc = yaml.safe_load(path.read_text())
    doc["processors"].append(NEW_SUB)
    for processor in doc["processors"]:
        if processor["key"] == "ukco":
            processor["processing_locations"] = ["GB", "IE"]
    path.write_text(yaml.safe_dump(doc, allow_unicode=True))
    result = run_cli("import", str(folder))
    assert result.code == 0, result.err


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.cells: list[str] = []

    def handle_data(self, data: str) -> None:
        self.cells.append(data)


def test_an_added_sub_processor_appears_since_the_day_before_in_both_languages(run_cli, tmp_path: Path) -> None:
    _add_sub_processor(run_cli, tmp_path)
    day_before = (datetime.now(UTC).date() - timedelta(days=1)).isoformat()
    since_entry_1 = "#1"
    headings = {"en": ("New sub-processors", "Changed sub-processors"), "nb": ("Nye underleverandører", "Endrede")}
    for lang, (added, changed) in headings.items():
        # Since the day before, the whole register is new (it was imported today) ...
        out = tmp_path / f"notice.{lang}.md"
        result = run_cli("export", "subprocessor-changes", "--since", day_before, "--lang", lang, "--out", str(out))
        assert result.code == 0, result.err
        text = out.read_text()
        assert added in text and "New Sub Ltd" in text
        # ... and since the first import, exactly the added and the changed one.
        html_out = tmp_path / f"notice.{lang}.html"
        args = ["--since", since_entry_1, "--lang", lang, "--out", str(html_out)]
        assert run_cli("export", "subprocessor-changes", *args).code == 0
        parser = _Text()
        parser.feed(html_out.read_text())
        cells = parser.cells
        assert "New Sub Ltd" in cells and any(changed in c for c in cells)
        assert "UK CRM Ltd" in cells  # the changed one, by name
        assert "US Mail Inc." not in cells  # unchanged
    json_out = tmp_path / "n.json"
    assert run_cli("export", "subprocessor-changes", "--since", "#1", "--out", str(json_out)).code == 0
    data = json.loads(json_out.read_text())
    assert [(c["change"], c["key"]) for c in data["changes"]] == [("added", "newco"), ("changed", "ukco")]
    assert data["changes"][1]["fields"] == ["locations"]
    assert data["changes"][1]["after"]["locations"] == ["United Kingdom (GB)", "Ireland (IE)"]


def test_bad_since_and_format_exit_2(run_cli, tmp_path: Path) -> None:
    assert run_cli("import", str(DATA)).code == 0
    bad = run_cli("export", "subprocessor-changes", "--since", "yesterday", "--out", str(tmp_path / "n.md"))
    assert bad.code == 2 and "--since" not in bad.err and "'yesterday' is not a point in the history" in bad.err
    xlsx = run_cli("export", "subprocessor-changes", "--since", "#1", "--out", str(tmp_path / "n.xlsx"))
    assert xlsx.code == 2 and "md, html or json" in xlsx.err
    assert not (tmp_path / "n.xlsx").exists()
