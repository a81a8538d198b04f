import pytest
from pydantic import TypeAdapter, ValidationError

from catalog.domain.location import Location, country_name

LOCATION: TypeAdapter[str] = TypeAdapter(Location)


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("US", "US"),
        ("us", "US"),
        ("EL", "GR"),
        ("UK", "GB"),
        ("unknown", "unknown"),
        ("Unknown", "unknown"),
        ("EU", "EU"),
        ("NO", "NO"),
        ("EP", "EP"),
    ],
)
def test_accepted_locations_are_normalised(given: str, stored: str) -> None:
    assert LOCATION.validate_python(given) == stored


@pytest.mark.parametrize("given", ["XX", "USA", "", "Norway", "E"])
def test_unknown_codes_are_rejected_with_a_message(given: str) -> None:
    with pytest.raises(ValidationError, match="ISO 3166-1 alpha-2"):
        LOCATION.validate_python(given)


def test_country_names_for_display() -> None:
    assert country_name("NO") == "Norway"
    assert country_name("unknown") == "Unknown"
    assert "EU" in country_name("EU")
