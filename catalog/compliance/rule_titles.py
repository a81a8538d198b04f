"""Each rule's one title as a person reads it, in any language: the rule table's English title, translated.

Every page, export and message reads a rule's title from here, so a rule has the same title everywhere;
the bokmål wording is in the ``core`` translation catalog.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from catalog.compliance import rules as r
from catalog.kernel.i18n import translate

Lang = Literal["en", "nb"]


@dataclass(frozen=True)
class RuleTitle:
    """A rule's English title (the source), and the title in any language."""

    en: str

    @property
    def nb(self) -> str:
        return translate(self.en, "nb")

    def get(self, lang: str) -> str:
        return translate(self.en, lang)


TITLES: dict[str, RuleTitle] = {rule_id: RuleTitle(rule.title) for rule_id, rule in r.RULES.items()}


def rule_title(rule_id: str, lang: str = "en") -> str:
    """The rule's title in the language; an unknown rule falls back to its id."""
    title = TITLES.get(rule_id)
    return title.get(lang) if title else rule_id


def rule_hint(rule_id: str, lang: str = "en") -> str:
    """The rule's usual remediation in the language (a finding may carry a more specific one)."""
    rule = r.RULES.get(rule_id)
    return translate(rule.remediation, lang) if rule else ""
