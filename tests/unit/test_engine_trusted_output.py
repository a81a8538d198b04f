"""The engine builds its output models without validation; they must equal validated ones exactly."""

from __future__ import annotations

import gc
from datetime import date

import pytest

from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport, Finding, Severity, TransferHop, TransferStatus
from catalog.domain.base import trusted
from catalog.domain.register import Register
from catalog.reference import load_reference

FINDING = {
    "id": "abc",
    "rule": "transfer.no-safeguard",
    "severity": Severity.HIGH,
    "article": "Art. 44",
    "message": "m",
    "subject": "processor:p",
    "country": "US",
    "data_categories": ["a", "b"],
    "path": ["activity:x", "processor:p"],
    "transfer": "controller->processor:p@US",
    "transfer_status": TransferStatus.NOT_VALID,
}


def test_trusted_equals_validated_model_and_dumps_in_declaration_order() -> None:
    reversed_order = dict(reversed(list(FINDING.items())))
    built = trusted(Finding, **reversed_order)
    validated = Finding.model_validate(FINDING)
    assert built == validated
    assert built.model_dump_json() == validated.model_dump_json()
    assert built.model_fields_set == validated.model_fields_set


def test_trusted_refuses_missing_or_unknown_fields() -> None:
    missing = {k: v for k, v in FINDING.items() if k != "path"}
    with pytest.raises(TypeError, match="path"):
        trusted(Finding, **missing)
    with pytest.raises(TypeError, match="colour"):
        trusted(Finding, **FINDING, colour="red")


def test_engine_output_survives_validation_unchanged(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), date(2026, 1, 1))
    assert report.transfers, "the seed register has third-country hops"
    revalidated = CheckReport.model_validate_json(report.model_dump_json())
    assert revalidated == report
    assert revalidated.model_dump_json() == report.model_dump_json()
    assert all(isinstance(h, TransferHop) and isinstance(h.status, TransferStatus) for h in report.transfers)


@pytest.mark.parametrize("enabled", [True, False])
def test_engine_leaves_the_garbage_collector_as_it_found_it(seed_register: Register, enabled: bool) -> None:
    was = gc.isenabled()
    (gc.enable if enabled else gc.disable)()
    try:
        evaluate(seed_register, load_reference(), date(2026, 1, 1))
        assert gc.isenabled() is enabled
    finally:
        (gc.enable if was else gc.disable)()
