"""docs/rules.md documents every rule with its severity and article (a rule added without docs fails)."""

from __future__ import annotations

from pathlib import Path

from catalog.compliance.rules import RULES

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_every_rule_is_documented_with_its_severity_and_article() -> None:
    rows = {
        line.split("|")[1].strip().strip("`"): line for line in DOC.read_text().splitlines() if line.startswith("| `")
    }
    assert set(rows) == set(RULES)
    for rule in RULES.values():
        cells = [cell.strip() for cell in rows[rule.id].split("|")]
        assert cells[2].startswith(rule.severity.value), rule.id
        assert cells[3] == rule.article, rule.id
