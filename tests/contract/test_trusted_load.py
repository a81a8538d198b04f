"""A register read back without re-validation is the register validation would give, on both stores."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from catalog.compliance.engine import evaluate
from catalog.domain.register import EntityKind, Register
from catalog.reference import load_reference
from catalog.store.base import RegisterStore, stored_body
from catalog.store.embedded import EmbeddedStore
from tools.synthetic import synthetic_register

DAYS = (date(2020, 8, 1), date(2022, 12, 28), date(2026, 11, 27))


def validated_copy(register: Register) -> Register:
    """The same register rebuilt through full validation of every stored body."""
    collections: dict[str, Any] = {
        kind.value: [kind.model.model_validate_json(stored_body(entity)) for entity in register.entities(kind)]
        for kind in EntityKind
    }
    organisation = type(register.organisation).model_validate_json(stored_body(register.organisation))
    return Register.model_validate({"organisation": organisation, **collections})


@pytest.mark.parametrize("which", ["verji", "synthetic"])
def test_the_trusted_load_gives_the_validating_loads_register_and_reports(
    store: RegisterStore, seed_register: Register, which: str
) -> None:
    register = seed_register if which == "verji" else synthetic_register(400, seed=5, gap_share=0.3)
    store.replace_register(register)
    trusted = store.load_register()
    validated = validated_copy(trusted)
    assert trusted.sorted() == validated.sorted() == register.sorted()
    for kind in EntityKind:
        for fast, slow in zip(trusted.entities(kind), validated.entities(kind), strict=True):
            assert stored_body(fast) == stored_body(slow)
    reference = load_reference()
    for day in DAYS:
        assert evaluate(trusted, reference, day) == evaluate(validated, reference, day)


def test_a_corrupted_row_is_still_reported_by_validation(tmp_path: Path, seed_register: Register) -> None:
    path = tmp_path / "catalog.db"
    store = EmbeddedStore(path)
    store.replace_register(seed_register)
    store.close()
    with sqlite3.connect(path) as db:
        # a date no calendar has, where the trusted reader expects an ISO date
        db.execute(
            "UPDATE entity SET body = json_set(body, '$.dpa', json_object('reference', 'x', 'signed_on', '2023-02-30'))"
            " WHERE kind = 'processors' AND key = 'hubspot'"
        )
    reopened = EmbeddedStore(path)
    try:
        with pytest.raises(ValidationError) as raised:
            reopened.load_register()
        assert "signed_on" in str(raised.value)
    finally:
        reopened.close()
