"""A finding worded in the reader's language: the engine judges once, each surface words it here.

The message a rule produced is a ``Phrase`` (English, with its template and parameters), so the same
finding reads in bokmål without checking the register again.
"""

from __future__ import annotations

from typing import Any, Protocol

from catalog.compliance.model import Finding, Severity
from catalog.compliance.rule_titles import rule_hint, rule_title
from catalog.kernel.i18n import N_, translate
from catalog.kernel.phrase import Phrase, render

SEVERITY_WORDS: dict[Severity, str] = {
    Severity.CRITICAL: N_("critical"),
    Severity.HIGH: N_("high"),
    Severity.MEDIUM: N_("medium"),
    Severity.LOW: N_("low"),
    Severity.INFO: N_("info"),
}


def severity_label(severity: Severity, lang: str = "en") -> str:
    """'critical', 'kritisk': the severity as people read it (its value stays the key in JSON)."""
    return translate(SEVERITY_WORDS[severity], lang)


def finding_message(finding: Finding, lang: str = "en") -> str:
    """The finding's message with its remediation ('Fix: ...'), in ``lang``."""
    return render(finding.message, lang)


class _Worded(Protocol):
    @property
    def message(self) -> str: ...


def finding_problem(finding: _Worded, lang: str = "en") -> str:
    """A finding's message without its remediation: what is wrong, in ``lang`` (pages show the fix apart).
    Takes a finding or anything carrying its message (an import plan's finding delta)."""
    message = finding.message
    if isinstance(message, Phrase) and "message" in message.params and "remediation" in message.params:
        return render(message.params["message"], lang)
    return render(message, lang).split(" Fix: ", 1)[0]


def finding_hint(finding: Finding, lang: str = "en") -> str:
    """The remediation the finding carries (the rule's, or a more specific one), in ``lang``."""
    message = finding.message
    if isinstance(message, Phrase) and "remediation" in message.params:
        return render(message.params["remediation"], lang)
    return rule_hint(finding.rule, lang)


def finding_json(finding: Finding, lang: str = "en") -> dict[str, Any]:
    """The finding's documented JSON, worded in ``lang``, with its rule's title and the hint beside it."""
    data = finding.model_dump(mode="json")
    data["message"] = finding_message(finding, lang)
    data["title"] = rule_title(finding.rule, lang)
    data["hint"] = finding_hint(finding, lang)
    data["severity_label"] = severity_label(finding.severity, lang)
    return data
