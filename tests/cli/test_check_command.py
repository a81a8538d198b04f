"""``catalog check`` as a user or a scheduled job runs it: JSON schema, text groups and exit codes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalog.domain.register import Register
from catalog.registerfile.register_yaml import dump_register, load_register
from tests.conftest import SEED_DIR

FINDING_KEYS = {
    "id",
    "rule",
    "severity",
    "article",
    "message",
    "subject",
    "country",
    "data_categories",
    "path",
    "transfer",
    "transfer_status",
}
US_VENDORS = {"processor:website-hosting-provider", "processor:crm-provider", "processor:webstat", "processor:hubspot"}


def test_seed_then_check_as_json(run_cli) -> None:
    assert run_cli("seed").code == 0
    result = run_cli("check", "--format", "json", "--as-of", "2026-11-27")
    assert result.code == 0, result.err  # no critical finding on the seed
    report = json.loads(result.out)
    assert set(report) == {"as_of", "findings", "summary", "transfers"} and report["as_of"] == "2026-11-27"
    assert report["transfers"] == {"not_valid": 0, "destination_unknown": 14, "valid_details_missing": 4, "valid": 0}
    assert set(report["summary"]) == {"critical", "high", "medium", "low", "info"}
    assert sum(report["summary"].values()) == len(report["findings"])
    for finding in report["findings"]:
        assert set(finding) == FINDING_KEYS | {"title", "hint", "severity_label"}  # worded per --lang
    by_rule: dict[str, set[tuple[str, str | None]]] = {}
    for finding in report["findings"]:
        by_rule.setdefault(finding["rule"], set()).add((finding["subject"], finding["country"]))
    # The US hosting under SCCs of an unstated decision is not "no safeguard".
    assert "transfer.no-safeguard" not in by_rule
    assert {(s, "US") for s in US_VENDORS} <= by_rule["transfer.scc-details-missing"]
    assert {(s, "US") for s in US_VENDORS} <= by_rule["transfer.tia-missing"]
    # Vendors with unstated locations are unknown destinations.
    unknown = {s for s, c in by_rule["transfer.unknown-destination"] if c == "unknown"}
    assert {"processor:customer-support-tool-provider", "processor:email-marketing-provider"} <= unknown
    assert "processor:internal-communication-provider" in unknown


def test_text_output_is_grouped_by_severity_with_paths(run_cli) -> None:
    run_cli("seed")
    # Before 2022-12-28 the unnamed SCCs are a low finding (the old clauses could still count).
    result = run_cli("check", "--as-of", "2022-06-01")
    assert result.code == 0
    assert "HIGH (" in result.out and "MEDIUM (" in result.out and "LOW (" in result.out
    assert result.out.index("HIGH (") < result.out.index("MEDIUM (") < result.out.index("LOW (")
    assert "path: activity:customer-support -> system:support-mailbox" in result.out
    assert "Summary: 0 critical" in result.out


def test_fail_on_gates_the_exit_code(run_cli) -> None:
    run_cli("seed")
    assert run_cli("check", "--fail-on", "high").code == 3
    assert run_cli("check", "--fail-on", "critical").code == 0


def _register_with_us_vendor(safeguards: list[dict[str, Any]]) -> Register:
    data = load_register(SEED_DIR).model_dump(mode="json")
    for processor in data["processors"]:
        if processor["key"] == "hubspot":
            processor["safeguards"] = safeguards
    return Register.model_validate(data)


def test_an_unsafeguarded_transfer_exits_3_until_a_valid_safeguard_is_added(run_cli, tmp_path: Path) -> None:
    bare = tmp_path / "bare"
    dump_register(_register_with_us_vendor([]), bare)
    assert run_cli("import", str(bare)).code == 0
    failing = run_cli("check", "--fail-on", "critical", "--format", "json")
    assert failing.code == 3
    critical = [f for f in json.loads(failing.out)["findings"] if f["severity"] == "critical"]
    assert [(f["rule"], f["subject"], f["country"]) for f in critical] == [
        ("transfer.no-safeguard", "processor:hubspot", "US")
    ]
    fixed = tmp_path / "fixed"
    valid = {"kind": "scc", "instrument": "scc-2021-914", "module": "2", "signed_on": "2022-01-10"}
    dump_register(_register_with_us_vendor([valid]), fixed)
    assert run_cli("import", str(fixed)).code == 0
    assert run_cli("check", "--fail-on", "critical").code == 0


def test_as_of_changes_the_verdict_on_privacy_shield(run_cli, tmp_path: Path) -> None:
    data = _register_with_us_vendor([{"kind": "adequacy", "instrument": "us-privacy-shield"}]).model_dump(mode="json")
    for processor in data["processors"]:
        if processor["key"] == "hubspot":
            processor["certifications"] = [{"programme": "privacy-shield", "certified_from": "2017-01-01"}]
    folder = tmp_path / "shield"
    dump_register(Register.model_validate(data), folder)
    run_cli("import", str(folder))
    july = run_cli("check", "--as-of", "2020-07-01", "--format", "json")
    august = run_cli("check", "--as-of", "2020-08-01", "--format", "json")
    assert july.code == 0 and august.code == 3
    rules = {f["rule"] for f in json.loads(august.out)["findings"] if f["subject"] == "processor:hubspot"}
    assert "transfer.safeguard-invalidated" in rules


def test_a_bad_date_is_a_usage_error(run_cli) -> None:
    run_cli("seed")
    result = run_cli("check", "--as-of", "2020-13-01")
    assert result.code == 2 and "YYYY-MM-DD" in result.err
