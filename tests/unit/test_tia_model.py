"""The TIA guide (seed/reference/tia.yaml) and the TIA entities' own rules (issue #32)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from catalog.domain.models import Tia
from catalog.domain.vocab import TiaOutcome
from catalog.reference.tia import load_tia_guide


def test_the_guide_has_the_six_steps_each_with_a_reference_and_both_languages() -> None:
    guide = load_tia_guide()
    assert [step.step for step in guide.entries] == [1, 2, 3, 4, 5, 6]
    assert [step.prefilled for step in guide.entries] == [True, True, False, False, False, False]
    for step in guide.entries:
        assert step.reference.startswith("EDPB Recommendations 01/2020 v2.0, section 2.")
        for text in (step.title, *(q.text for q in step.questions)):
            assert set(text.variants) == {"en", "nb"}  # type: ignore[attr-defined]
    us = guide.country("US")
    assert us is not None and "2023/1795" in us.reference and "DPO" in us.note


def _tia(**extra: object) -> Tia:
    return Tia.model_validate(
        {"key": "tia-x-us", "name": "TIA X", "transfers": [{"importer": "x", "country": "US"}], **extra}
    )


def test_a_decision_names_who_decided_and_when() -> None:
    with pytest.raises(ValidationError, match="decided_by"):
        _tia(outcome="adequate")
    assert _tia().as_inline() is None  # a draft counts as no assessment
    decided = _tia(outcome="adequate_with_measures", decided_by="DPO", decided_on=date(2026, 1, 2))
    inline = decided.as_inline()
    assert inline is not None and inline.outcome == TiaOutcome.ADEQUATE and inline.assessed_on == date(2026, 1, 2)
    stopped = _tia(outcome="not_adequate", decided_by="DPO", decided_on=date(2026, 1, 2)).as_inline()
    assert stopped is not None and stopped.outcome == TiaOutcome.INADEQUATE


def test_an_answer_names_a_question_once_and_a_transfer_names_a_definite_country() -> None:
    with pytest.raises(ValidationError, match="twice"):
        _tia(answers=[{"question": "s3-access"}, {"question": "s3-access"}])
    with pytest.raises(ValidationError):
        Tia.model_validate({"key": "t", "name": "T", "transfers": [{"importer": "x", "country": "unknown"}]})


def test_the_old_inline_tia_on_a_safeguard_is_still_read() -> None:
    from catalog.domain.models import Safeguard

    safeguard = Safeguard.model_validate(
        {
            "kind": "scc",
            "instrument": "scc-2021-914",
            "module": "2",
            "tia": {"assessed_on": "2026-01-02", "outcome": "adequate"},
        }
    )
    assert safeguard.tia is not None and safeguard.tia.outcome == TiaOutcome.ADEQUATE
