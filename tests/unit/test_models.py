import pytest
from pydantic import ValidationError

from catalog.domain.models import (
    LegalBasisClaim,
    ProcessingActivity,
    Processor,
    RetentionRule,
    Safeguard,
)


def test_unknown_fields_are_rejected() -> None:
    with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
        Processor.model_validate(
            {
                "key": "p",
                "legal_name": "P",
                "service_category": "hosting",
                "established_in": "NO",
                "processing_locations": ["NO"],
                "hostng": ["NO"],
            }
        )


def test_a_processor_needs_at_least_one_location_even_if_unknown() -> None:
    with pytest.raises(ValidationError, match="at least 1 item"):
        Processor(
            key="p",
            legal_name="P",
            service_category="hosting",
            established_in="NO",
            processing_locations=[],
        )


def test_legitimate_interests_must_be_stated() -> None:
    with pytest.raises(ValidationError, match="legitimate interest"):
        LegalBasisClaim(basis="6(1)(f)")
    assert LegalBasisClaim(basis="6(1)(f)", legitimate_interest="security").legitimate_interest == "security"


def test_retention_rules_are_coherent() -> None:
    assert RetentionRule(kind="period", minimum="P5Y", maximum="P10Y", trigger="after_transaction").maximum == "P10Y"
    with pytest.raises(ValidationError, match="trigger"):
        RetentionRule(kind="period", maximum="P10Y")
    with pytest.raises(ValidationError, match="criteria"):
        RetentionRule(kind="undetermined")
    with pytest.raises(ValidationError, match="ISO 8601"):
        RetentionRule(kind="period", maximum="10 years", trigger="after_transaction")


def test_safeguards_are_coherent() -> None:
    assert Safeguard(kind="scc", instrument="scc-2021-914", module="2").module == "2"
    with pytest.raises(ValidationError, match="module"):
        Safeguard(kind="scc", instrument="scc-2021-914")
    with pytest.raises(ValidationError, match="derogation"):
        Safeguard(kind="derogation")
    with pytest.raises(ValidationError, match="only applies to SCC"):
        Safeguard(kind="bcr", module="1")


def test_processor_role_activities_name_their_controllers() -> None:
    with pytest.raises(ValidationError, match="controllers"):
        ProcessingActivity(key="a", name="A", role="processor", purposes=["x"], data_categories=["c"])
