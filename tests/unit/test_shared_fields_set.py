"""Fully given models share one set of field names (memory); behaviour must not change because of it."""

from __future__ import annotations

from catalog.domain.models import Processor, Safeguard

PARTIAL = {"kind": "scc", "instrument": "scc-2021-914", "module": "2"}
FULL_SAFEGUARD = Safeguard.model_validate(PARTIAL).model_dump()


def test_fully_given_models_share_their_set_and_partly_given_ones_keep_their_own() -> None:
    first = Safeguard.model_validate(FULL_SAFEGUARD)
    second = Safeguard.model_validate_json(first.model_dump_json())
    assert first.model_fields_set is second.model_fields_set
    assert first.model_fields_set == set(Safeguard.model_fields)
    partial = Safeguard.model_validate(PARTIAL)
    assert partial.model_fields_set == set(PARTIAL)
    assert partial.model_fields_set is not first.model_fields_set


def test_assignment_and_copies_do_not_leak_into_the_shared_set() -> None:
    first = Safeguard.model_validate(FULL_SAFEGUARD)
    second = Safeguard.model_validate(FULL_SAFEGUARD)
    first.note = "checked"
    assert first.note == "checked" and second.note is None
    copied = second.model_copy(update={"note": "copy"})
    assert copied.model_fields_set is not second.model_fields_set
    assert second.model_fields_set == set(Safeguard.model_fields)
    assert Safeguard.model_validate(PARTIAL).model_dump(exclude_unset=True) == PARTIAL


def test_nested_models_loaded_from_a_body_share_per_class() -> None:
    body = {
        "key": "p",
        "legal_name": "P",
        "service_category": "hosting",
        "established_in": "NO",
        "processing_locations": ["NO"],
        "safeguards": [FULL_SAFEGUARD, FULL_SAFEGUARD],
    }
    full = Processor.model_validate(body).model_dump(mode="json")
    loaded = Processor.model_validate_json(Processor.model_validate(full).model_dump_json())
    assert loaded.safeguards[0].model_fields_set is loaded.safeguards[1].model_fields_set
    assert loaded.model_fields_set == set(Processor.model_fields)
    assert loaded.model_dump(exclude_unset=True) == loaded.model_dump()
