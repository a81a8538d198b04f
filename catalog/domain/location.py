"""Locations: ISO 3166-1 alpha-2 countries, with "unknown" as an explicit, never-defaulted value."""

from __future__ import annotations

from functools import cache
from typing import Annotated, Any

import babel
import pycountry
from pydantic import AfterValidator

from catalog.domain.base import InvalidValueError
from catalog.kernel.i18n import N_, translate
from catalog.kernel.phrase import Phrase

UNKNOWN = "unknown"
"""The location is not known. Never treated as inside the EEA."""

UNSPECIFIED_EU = "EU"
"""Some EU member state, not named by the source (e.g. "hosted in the EU")."""

UNSPECIFIED_EEA = "EEA"
"""Some EEA state, not named by the source."""

REGIONS = (UNSPECIFIED_EU, UNSPECIFIED_EEA)

# ISO 3166-1 "exceptionally reserved" codes for international organisations that the law treats
# as transfer destinations (Art. 45 decisions cover some of them).
INTERNATIONAL_ORGANISATIONS = {"EP": "European Patent Organisation"}

# Codes people commonly write that ISO does not assign to the country: the EU's own usage
# ("EL" for Greece) and the United Kingdom's common abbreviation.
ALIASES = {"EL": "GR", "UK": "GB"}


@cache
def _iso_codes() -> frozenset[str]:
    return frozenset(country.alpha_2 for country in pycountry.countries)


@cache  # pycountry's lookup is slow, and pages name the same few hundred codes for every transfer
def country_name(code: str) -> str:
    """English short name of a location, for display."""
    if code == UNKNOWN:
        return "Unknown"
    if code == UNSPECIFIED_EU:
        return "EU (member state not stated)"
    if code == UNSPECIFIED_EEA:
        return "EEA (state not stated)"
    if code in INTERNATIONAL_ORGANISATIONS:
        return INTERNATIONAL_ORGANISATIONS[code]
    country = pycountry.countries.get(alpha_2=code)
    return str(getattr(country, "common_name", None) or country.name) if country else code


def normalise_location(value: str) -> str:
    """Accept an alpha-2 code (any case; EL and UK as aliases), a region token, or "unknown"."""
    text = value.strip()
    if text.lower() == UNKNOWN:
        return UNKNOWN
    code = ALIASES.get(text.upper(), text.upper())
    if code in REGIONS or code in INTERNATIONAL_ORGANISATIONS or (len(code) == 2 and code in _iso_codes()):
        return code
    raise InvalidValueError(
        Phrase(
            N_(
                "{value!r} is not an ISO 3166-1 alpha-2 country code "
                "(or 'unknown', or 'EU' / 'EEA' for a member state the source does not name)"
            ),
            value=value,
        )
    )


def normalise_country(value: str) -> str:
    """A definite country: alpha-2 only, no region or unknown."""
    code = normalise_location(value)
    if code == UNKNOWN or code in REGIONS:
        raise InvalidValueError(Phrase(N_("{value!r} must be a definite ISO 3166-1 alpha-2 country code"), value=value))
    return code


Location = Annotated[str, AfterValidator(normalise_location)]
"""Where data is processed: a country code, an unnamed EU/EEA state, or ``unknown``."""

CountryCode = Annotated[str, AfterValidator(normalise_country)]
"""A definite ISO 3166-1 alpha-2 country code."""


_TOKEN_WORDS = {
    UNKNOWN: N_("Unknown"),
    UNSPECIFIED_EU: N_("EU (member state not stated)"),
    UNSPECIFIED_EEA: N_("EEA (state not stated)"),
    "EP": N_("European Patent Organisation"),
}


@cache
def local_country_name(code: str, lang: str) -> str:
    """A location's short name in ``lang``: English as ``country_name``, other languages from Babel's
    locale data ('USA' in bokmål), the region tokens from the translation catalogs."""
    if lang == "en":
        return country_name(code)
    if code in _TOKEN_WORDS:
        return translate(_TOKEN_WORDS[code], lang)
    try:
        names = babel.Locale.parse(lang).territories
    except (ValueError, babel.UnknownLocaleError):
        return country_name(code)
    return str(names.get(code) or country_name(code))


class Place(str):
    """A destination as findings name it: 'United States (US)' in English, 'USA' in bokmål."""

    code: str

    def __new__(cls, code: str) -> Place:
        text = super().__new__(cls, f"{country_name(code)} ({code})")
        text.code = code
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (Place, (self.code,))

    def render(self, lang: str) -> str:
        if lang == "en":
            return str(self)
        return local_country_name(self.code, lang)


class CountryName(str):
    """A location's short name as text reads it ('United States', 'USA' in bokmål), without its code."""

    code: str

    def __new__(cls, code: str) -> CountryName:
        text = super().__new__(cls, country_name(code))
        text.code = code
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (CountryName, (self.code,))

    def render(self, lang: str) -> str:
        return str(self) if lang == "en" else local_country_name(self.code, lang)
