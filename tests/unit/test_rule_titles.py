"""Every rule has a title a person reads, in English and bokmål."""

from __future__ import annotations

from catalog.compliance.rule_titles import TITLES, rule_title
from catalog.compliance.rules import RULES, SCC_DETAILS_MISSING


def test_every_rule_has_an_english_and_a_bokmal_title() -> None:
    assert set(TITLES) == set(RULES)
    for rule_id, title in TITLES.items():
        assert title.en.strip() and title.nb.strip(), rule_id
        assert title.en != title.nb, rule_id
        assert rule_id not in title.en


def test_rule_title_by_language() -> None:
    assert rule_title(SCC_DETAILS_MISSING).startswith("SCC details missing")
    assert rule_title(SCC_DETAILS_MISSING, "nb").startswith("Opplysninger om standard personvernbestemmelser mangler")


def test_one_title_per_rule_everywhere() -> None:
    """The rule table's title is the one every surface shows (it was once worded differently in two places)."""
    for rule_id, rule in RULES.items():
        assert rule_title(rule_id) == rule.title == TITLES[rule_id].en
    assert rule_title("processor.no-dpa") == "No data processing agreement recorded"
