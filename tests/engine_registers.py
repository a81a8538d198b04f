"""Small registers for the compliance engine tests, built from plain dicts (validated like any input)."""

from __future__ import annotations

from datetime import date
from typing import Any

from catalog.compliance.engine import CheckOptions, evaluate
from catalog.compliance.model import CheckReport, Finding, Severity
from catalog.domain.register import Register
from catalog.reference import load_reference

TODAY = date(2026, 11, 27)


def vendor(key: str = "vendor", locations: list[str] | None = None, **extra: Any) -> dict[str, Any]:
    """A processor with a DPA, established where it processes (so establishment adds nothing)."""
    where = locations or ["US"]
    data: dict[str, Any] = {
        "key": key,
        "legal_name": f"{key.title()} Inc.",
        "service_category": "hosting",
        "established_in": where[0],
        "processing_locations": where,
        "dpa": {"reference": f"DPA-{key}", "signed_on": "2021-01-01"},
    }
    data.update(extra)
    return data


def activity(key: str = "act", **extra: Any) -> dict[str, Any]:
    """A controller-role activity with a legal basis and a retention rule, using system 'sys'."""
    data: dict[str, Any] = {
        "key": key,
        "name": f"Activity {key}",
        "role": "controller",
        "purposes": ["Run the service"],
        "legal_bases": [{"basis": "6(1)(b)"}],
        "data_categories": ["email"],
        "systems": ["sys"],
        "retention": {"kind": "event", "trigger": "until_account_deleted"},
    }
    data.update(extra)
    return data


def register(
    processors: list[dict[str, Any]] | None = None,
    *,
    activities: list[dict[str, Any]] | None = None,
    systems: list[dict[str, Any]] | None = None,
    recipients: list[dict[str, Any]] | None = None,
    categories: list[dict[str, Any]] | None = None,
    country: str = "NO",
) -> Register:
    """Controller in ``country``; by default one activity -> system 'sys' -> processor 'vendor' in the US."""
    procs = processors if processors is not None else [vendor()]
    return Register.model_validate(
        {
            "organisation": {"name": "Example AS", "address": {"country": country}},
            "data_categories": categories or [{"key": "email", "name": "E-mail address"}],
            "activities": activities if activities is not None else [activity()],
            "systems": systems
            if systems is not None
            else [{"key": "sys", "name": "The system", "kind": "saas", "operator": procs[0]["key"], "hosting": ["DE"]}],
            "processors": procs,
            "recipients": recipients or [],
        }
    )


def scc(module: str = "2", instrument: str = "scc-2021-914", **extra: Any) -> dict[str, Any]:
    """SCCs with a current favourable TIA (so the TIA rules stay quiet unless a test wants them)."""
    data: dict[str, Any] = {
        "kind": "scc",
        "instrument": instrument,
        "tia": {"assessed_on": "2026-06-01", "outcome": "adequate"},
    }
    if instrument == "scc-2021-914":
        data["module"] = module
    data.update(extra)
    return data


def check(reg: Register, day: date = TODAY, **options: Any) -> CheckReport:
    return evaluate(reg, load_reference(), day, CheckOptions(**options))


def rules_of(report: CheckReport, severity: Severity | None = None) -> set[str]:
    return {f.rule for f in report.findings if severity is None or f.severity == severity}


def findings(report: CheckReport, rule: str) -> list[Finding]:
    return [f for f in report.findings if f.rule == rule]
