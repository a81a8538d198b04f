"""Properties of the compliance engine over random registers, safeguards and dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport, Severity
from catalog.domain.register import Register
from catalog.reference import load_reference
from tests.property.strategies import DATES, registers, safeguards

VALID_SAFEGUARD = {"kind": "bcr"}  # an Art. 47 tool with no dates counts on every date and for every role
SETTINGS = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def critical_ids(report: CheckReport) -> set[str]:
    return {f.id for f in report.findings if f.severity == Severity.CRITICAL}


def critical_hops(report: CheckReport) -> set[tuple[str, str | None, tuple[str, ...]]]:
    """Which hops have some critical finding, whatever the rule (the path identifies the hop)."""
    return {(f.subject, f.country, tuple(f.path)) for f in report.findings if f.severity == Severity.CRITICAL}


def with_safeguard(register: Register, target: int, safeguard: dict[str, Any], onward: bool) -> Register | None:
    """Add ``safeguard`` to the target processor (or to its first sub-processor engagement)."""
    data = register.model_dump(mode="json")
    processors = data["processors"]
    if not processors:
        return None
    processor = processors[target % len(processors)]
    if onward:
        if not processor["sub_processors"]:
            return None
        processor["sub_processors"][0]["safeguards"].append(safeguard)
    else:
        processor["safeguards"].append(safeguard)
    return Register.model_validate(data)


@SETTINGS
@given(registers(), st.integers(0, 10), st.booleans(), DATES)
def test_adding_a_valid_safeguard_never_adds_a_critical_finding(
    register: Register, target: int, onward: bool, day: date
) -> None:
    changed = with_safeguard(register, target, VALID_SAFEGUARD, onward)
    assume(changed is not None)
    assert changed is not None
    reference = load_reference()
    assert critical_ids(evaluate(changed, reference, day)) <= critical_ids(evaluate(register, reference, day))


@SETTINGS
@given(registers(), st.integers(0, 10), st.booleans(), DATES)
def test_removing_a_valid_safeguard_never_removes_a_critical_finding(
    register: Register, target: int, onward: bool, day: date
) -> None:
    protected = with_safeguard(register, target, VALID_SAFEGUARD, onward)
    assume(protected is not None)
    assert protected is not None
    data = protected.model_dump(mode="json")
    processor = data["processors"][target % len(data["processors"])]
    holder = processor["sub_processors"][0] if onward else processor
    holder["safeguards"].pop()  # the one just added
    removed = Register.model_validate(data)
    reference = load_reference()
    assert critical_ids(evaluate(removed, reference, day)) >= critical_ids(evaluate(protected, reference, day))


@SETTINGS
@given(registers(), st.integers(0, 10), st.booleans(), safeguards(), DATES)
def test_no_recorded_tool_can_make_a_safe_hop_critical(
    register: Register, target: int, onward: bool, safeguard: dict[str, Any], day: date
) -> None:
    """Whatever is added (valid, invalid or a derogation), no hop gains a critical finding."""
    changed = with_safeguard(register, target, safeguard, onward)
    assume(changed is not None)
    assert changed is not None
    reference = load_reference()
    assert critical_hops(evaluate(changed, reference, day)) <= critical_hops(evaluate(register, reference, day))


@SETTINGS
@given(registers(), DATES)
def test_the_report_does_not_depend_on_entity_order(register: Register, day: date) -> None:
    data = register.model_dump(mode="json")
    for kind in ("data_categories", "activities", "systems", "processors", "recipients"):
        data[kind].reverse()
    reference = load_reference()
    assert evaluate(Register.model_validate(data), reference, day) == evaluate(register, reference, day)


@SETTINGS
@given(registers(), DATES)
def test_every_finding_is_unique_and_every_hop_crosses(register: Register, day: date) -> None:
    reference = load_reference()
    report = evaluate(register, reference, day)
    ids = [f.id for f in report.findings]
    assert len(ids) == len(set(ids))
    for hop in report.transfers:
        assert reference.in_eea(hop.country, day) is not True
        assert hop.path[-1] == f"country:{hop.country}"
