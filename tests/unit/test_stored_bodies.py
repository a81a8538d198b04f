"""The stored-body reader equals validation for what the catalogue writes, and defers to it otherwise."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from pydantic import ValidationError

from catalog.domain.models import Processor, Safeguard
from catalog.domain.register import EntityKind, Register
from catalog.domain.stored import read_stored
from catalog.domain.vocab import SafeguardKind, SccModule
from catalog.store.base import stored_body


def test_every_seed_body_reads_back_equal_to_validation(seed_register: Register) -> None:
    for kind in EntityKind:
        for entity in seed_register.entities(kind):
            body = stored_body(entity)
            fast = read_stored(kind.model, body)
            assert fast == kind.model.model_validate_json(body)
            assert stored_body(fast) == body
            assert fast.model_fields_set == entity.model_fields_set


def test_enums_dates_and_nested_models_come_back_typed() -> None:
    body = Safeguard.model_validate(
        {"kind": "scc", "instrument": "scc-2021-914", "module": "2", "signed_on": "2023-05-01"}
    ).model_dump_json()
    safeguard = read_stored(Safeguard, body)
    assert safeguard.kind is SafeguardKind.SCC
    assert safeguard.module is SccModule("2")
    assert safeguard.signed_on is not None and safeguard.signed_on.isoformat() == "2023-05-01"
    unknown = read_stored(Safeguard, body.replace('"module":"2"', '"module":"unknown"'))
    assert unknown.module == "unknown"


@pytest.mark.parametrize(
    "damage",
    [
        lambda body: {**body, "extra": 1},  # an unknown field
        lambda body: {key: value for key, value in body.items() if key != "legal_name"},  # a missing one
        lambda body: {**body, "established_in": 47},  # a wrong type
        lambda body: {**body, "service_category": "no-such-category"},  # not a member of the vocabulary
        lambda body: {**body, "service_category": ["hosting"]},  # an unhashable value for a vocabulary field
        lambda body: {**body, "processing_locations": ["NO", 5]},  # a wrong type inside a list
        lambda body: {**body, "processing_locations": "NO"},  # a string where a list belongs
        lambda body: {**body, "last_reviewed_on": "2026-02-30"},  # an impossible date
        lambda body: {**body, "last_reviewed_on": 20260201},  # a date that is not text
        lambda body: {**body, "description": 7},  # a wrong type in an optional field
        lambda body: {**body, "can_access_data": "perhaps"},  # text where a flag belongs
        lambda body: {**body, "sub_processors": [{"processor": 1}]},  # a nested model not as stored
    ],
)
def test_a_body_not_as_stored_is_validated_and_rejected(
    seed_register: Register, damage: Callable[[dict[str, Any]], dict[str, Any]]
) -> None:
    body = json.loads(stored_body(seed_register.processors[0]))
    with pytest.raises(ValidationError):
        read_stored(Processor, json.dumps(damage(body)))


def test_a_body_missing_a_defaulted_field_still_loads_through_validation(seed_register: Register) -> None:
    body = json.loads(stored_body(seed_register.processors[0]))
    del body["can_access_data"]  # written before the field existed
    loaded = read_stored(Processor, json.dumps(body))
    assert loaded.can_access_data is True
