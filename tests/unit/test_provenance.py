"""Provenance of facts (issue #29): which facts are readings or assumptions, validated and reported."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from catalog.compliance import rules
from catalog.compliance.engine import evaluate
from catalog.domain.models import ProcessingActivity, System
from catalog.domain.register import Register
from catalog.domain.vocab import FactBasis
from catalog.reference import load_reference

DAY = date(2026, 11, 27)


def _system(**changes: Any) -> System:
    data: dict[str, Any] = {"key": "crm", "name": "CRM", "kind": "saas", "hosting": ["US"], "operator": "vendor"}
    return System.model_validate({**data, **changes})


def _reading(field: str, value: str | None = None, **extra: Any) -> dict[str, Any]:
    return {"field": field, "value": value, "basis": "reading", "note": "Our reading.", **extra}


def test_a_reading_of_one_value_of_a_list_field_is_kept() -> None:
    system = _system(provenance=[_reading("hosting", "US", source={"document": "Statement", "section": "3"})])
    entry = system.provenance[0]
    assert (entry.field, entry.value, entry.basis, entry.confirmable) == ("hosting", "US", FactBasis.READING, True)
    assert entry.source is not None and entry.source.section == "3"


@pytest.mark.parametrize(
    ("provenance", "words"),
    [
        ([_reading("hostng")], "provenance names field 'hostng', which this entry does not have"),
        ([_reading("hosting", "DE")], "provenance names 'DE' in 'hosting', which does not list it"),
        ([_reading("operator", "vendor")], "provenance gives a value for 'operator', which is not a list"),
        ([_reading("operator"), _reading("operator")], "provenance lists 'operator' twice"),
        ([{"field": "operator", "basis": "assumption"}], "an assumption says why in 'note'"),
        ([_reading("key")], "provenance names field 'key'"),
    ],
)
def test_provenance_must_name_a_fact_of_its_entry(provenance: list[dict[str, Any]], words: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(words)):
        _system(provenance=provenance)


def test_a_stated_entry_needs_no_note_and_is_not_to_confirm() -> None:
    system = _system(provenance=[{"field": "operator", "basis": "stated"}])
    assert not system.provenance[0].confirmable


def test_the_seed_marks_the_service_notices_email_link_as_a_reading(seed_register: Register) -> None:
    notices = next(a for a in seed_register.activities if a.key == "service-notices")
    entry = next(p for p in notices.provenance if p.field == "systems")
    assert (entry.value, entry.basis) == ("email-service", FactBasis.READING)
    assert entry.note and entry.source and entry.source.section


def test_withdraw_consent_is_a_reading_on_every_activity_that_lists_it(seed_register: Register) -> None:
    listing = [a for a in seed_register.activities if any("Withdraw consent" in r for r in a.rights)]
    assert len(listing) == 11
    for activity in listing:
        assert any(p.field == "rights" and p.basis == FactBasis.READING for p in activity.provenance), activity.key


def test_each_reading_is_an_info_finding_naming_entry_and_fact_without_keys(seed_register: Register) -> None:
    report = evaluate(seed_register, load_reference(), DAY)
    found = [f for f in report.findings if f.rule == rules.FACT_TO_CONFIRM]
    readings = sum(len([p for p in e.provenance if p.confirmable]) for _, e in seed_register.all_entities())
    assert len(found) == readings == 29
    assert {f.severity.value for f in found} == {"info"}
    notices = next(f for f in found if f.subject == "activity:service-notices" and "Systems" in f.message)
    assert notices.message.startswith(
        "Service and transaction notices — Systems: E-mail and newsletter sending — rests on our reading"
    )
    assert "Tjeneste- og transaksjonsvarsler" in notices.message
    assert "set its basis to 'stated'" in notices.message
    transport = next(f for f in found if f.subject == "system:message-transport")
    assert "Operator: the unnamed hosting / infrastructure / data storage provider" in transport.message
    keys = {entity.key for _, entity in seed_register.all_entities() if "." in entity.key or "-" in entity.key}
    for finding in found:
        assert not any(key in finding.message for key in keys), finding.message


def test_confirming_a_reading_removes_its_finding(seed_register: Register) -> None:
    notices = next(a for a in seed_register.activities if a.key == "service-notices")
    confirmed = [
        p.model_copy(update={"basis": FactBasis.STATED}) if p.field == "systems" else p for p in notices.provenance
    ]
    changed = ProcessingActivity.model_validate({**notices.model_dump(), "provenance": confirmed})
    activities = [changed if a.key == "service-notices" else a for a in seed_register.activities]
    register = Register.model_validate({**seed_register.model_dump(), "activities": activities})
    report = evaluate(register, load_reference(), DAY)
    about = [f for f in report.findings if f.rule == rules.FACT_TO_CONFIRM and f.subject == "activity:service-notices"]
    assert len(about) == 1 and "Rights" in about[0].message
