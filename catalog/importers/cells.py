"""Parsers for what people write in register spreadsheets: lists, dates, legal bases, countries, transfers.

Each parser returns ``None`` (or leaves an item out) when it cannot read a value with certainty; the
caller keeps the value as unknown and reports the cell. Nothing here guesses.
"""

from __future__ import annotations

import gettext
import re
from datetime import date, datetime, timedelta
from functools import cache
from importlib import resources

import pycountry
import yaml

from catalog.domain.location import UNKNOWN, UNSPECIFIED_EEA, UNSPECIFIED_EU
from catalog.domain.vocab import Art9Condition, LegalBasis, SafeguardKind
from catalog.importers.sheets import Raw

# --- text and lists ---------------------------------------------------------------------------------

_BULLET = re.compile(r"^\s*(?:[-–•*·]|\d+[.)])\s+")


def text_of(raw: Raw) -> str | None:
    """A cell as text (numbers without a trailing .0), or None when empty."""
    if raw is None:
        return None
    if isinstance(raw, bool):
        return "Yes" if raw else "No"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    if isinstance(raw, datetime):
        return raw.date().isoformat()
    if isinstance(raw, date):
        return raw.isoformat()
    text = str(raw).strip()
    return text or None


def split_lines(raw: Raw) -> list[str]:
    """Several values written one per line (bullets removed)."""
    text = text_of(raw)
    if text is None:
        return []
    return [_BULLET.sub("", line).strip() for line in text.split("\n") if line.strip()]


def split_values(raw: Raw, commas: bool = True) -> list[str]:
    """Several values in one cell: one per line, else separated by semicolons, else by commas.

    The first separator present wins, so "Browser type and version, operating system" on its own line
    stays one value when the cell uses lines.
    """
    text = text_of(raw)
    if text is None:
        return []
    if "\n" in text:
        return split_lines(text)
    if ";" in text:
        parts = text.split(";")
    elif commas and "," in text:
        parts = text.split(",")
    else:
        parts = [text]
    return [_BULLET.sub("", part).strip() for part in parts if part.strip()]


def slug(text: str, fallback: str = "item") -> str:
    """A register key from a name: lowercase letters, digits and '-' (Norwegian letters spelled out)."""
    lowered = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    value = re.sub(r"[^a-z0-9]+", "-", lowered).strip("-")[:60].strip("-")
    return value or fallback


# --- dates --------------------------------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)  # the 1900 date system, counting Excel's phantom 29 February 1900
_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


def parse_date(raw: Raw) -> date | None:
    """A date from a date cell, a spreadsheet serial (e.g. 45292), ISO text, or day-first text (31.12.2024)."""
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int | float):
        return _serial(float(raw))
    text = text_of(raw)
    if text is None:
        return None
    if re.fullmatch(r"\d{5}(\.\d+)?", text):
        return _serial(float(text))
    try:
        return date.fromisoformat(text[:10]) if re.match(r"^\d{4}-\d{2}-\d{2}", text) else _day_first(text)
    except ValueError:
        return None


def _serial(number: float) -> date | None:
    # 1 Jan 1990 .. 31 Dec 2099: anything else in a date column is not a date.
    if not 32874 <= number <= 73050:
        return None
    return _EXCEL_EPOCH + timedelta(days=int(number))


def _day_first(text: str) -> date | None:
    found = _DMY.match(text)
    if found is None:
        return None
    day, month, year = (int(part) for part in found.groups())
    return date(year, month, day)


# --- legal bases ----------------------------------------------------------------------------------

_ARTICLE_6 = re.compile(r"6\s*\(\s*1\s*\)\s*\(?\s*([a-f])\s*\)?", re.IGNORECASE)
_ARTICLE_6_NB = re.compile(r"6\s*nr\.?\s*1\s*(?:bokstav\s*)?([a-f])\b", re.IGNORECASE)
_BASIS_WORDS: tuple[tuple[str, LegalBasis], ...] = (
    ("consent", LegalBasis.CONSENT),
    ("samtykke", LegalBasis.CONSENT),
    ("contract", LegalBasis.CONTRACT),
    ("avtale", LegalBasis.CONTRACT),
    ("kontrakt", LegalBasis.CONTRACT),
    ("legal obligation", LegalBasis.LEGAL_OBLIGATION),
    ("rettslig forpliktelse", LegalBasis.LEGAL_OBLIGATION),
    ("lovpålagt", LegalBasis.LEGAL_OBLIGATION),
    ("vital interest", LegalBasis.VITAL_INTERESTS),
    ("vitale interesser", LegalBasis.VITAL_INTERESTS),
    ("public task", LegalBasis.PUBLIC_TASK),
    ("allmennhetens interesse", LegalBasis.PUBLIC_TASK),
    ("offentlig myndighet", LegalBasis.PUBLIC_TASK),
    ("legitimate interest", LegalBasis.LEGITIMATE_INTERESTS),
    ("berettiget interesse", LegalBasis.LEGITIMATE_INTERESTS),
)


def parse_legal_basis(line: str) -> tuple[LegalBasis, str | None] | None:
    """One Art. 6(1) basis and the justification written after it ("6(1)(b): why"), or None.

    Accepts "6(1)(b)", "Art. 6(1)(b) GDPR", "art. 6 nr. 1 bokstav b", and a line starting with the basis's
    name in English or bokmål ("contract", "Avtale – ..."). A name elsewhere in a sentence is not taken.
    """
    text = line.strip()
    found = _ARTICLE_6.search(text) or _ARTICLE_6_NB.search(text)
    basis: LegalBasis | None = None
    if found is not None:
        basis = LegalBasis(f"6(1)({found.group(1).lower()})")
    else:
        lowered = text.casefold()
        for word, candidate in _BASIS_WORDS:
            if lowered.startswith(word):
                basis = candidate
                break
    if basis is None:
        return None
    justification = text.split(":", 1)[1].strip() if ":" in text else None
    return basis, justification or None


_ARTICLE_9 = re.compile(r"9\s*\(\s*2\s*\)\s*\(?\s*([a-j])\s*\)?", re.IGNORECASE)
_ARTICLE_9_NB = re.compile(r"9\s*nr\.?\s*2\s*(?:bokstav\s*)?([a-j])\b", re.IGNORECASE)


def parse_art9(text: str) -> Art9Condition | None:
    """'9(2)(a)', 'Art. 9(2)(a)' or, as Norwegian law cites it, 'art. 9 nr. 2 bokstav a'."""
    found = _ARTICLE_9.search(text) or _ARTICLE_9_NB.search(text)
    return Art9Condition(f"9(2)({found.group(1).lower()})") if found else None


# --- countries --------------------------------------------------------------------------------------

_CODE_IN_PARENS = re.compile(r"\(([A-Z]{2})\)\s*$")


@cache
def _country_names() -> dict[str, str]:
    """Every name a country goes by, case-folded -> code: ISO English, common and official, bokmål, aliases."""
    names: dict[str, str] = {}
    norwegian = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["nb_NO"], fallback=True)
    for country in pycountry.countries:
        code = country.alpha_2
        for name in (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)):
            if name:
                names.setdefault(name.casefold(), code)
        names.setdefault(norwegian.gettext(country.name).casefold(), code)
        names.setdefault(country.alpha_3.casefold(), code)
    data = yaml.safe_load(resources.files("catalog.importers").joinpath("data/country_names.yaml").read_text("utf-8"))
    for name, code in data["names"].items():
        names[str(name).casefold()] = str(code)
    for word in ("unknown", "ukjent", "not known", "ikke kjent"):
        names[word] = UNKNOWN
    names["eu (member state not stated)"] = UNSPECIFIED_EU
    names["eu (medlemsstat ikke oppgitt)"] = UNSPECIFIED_EU
    names["eea (state not stated)"] = UNSPECIFIED_EEA
    names["eøs (stat ikke oppgitt)"] = UNSPECIFIED_EEA
    return names


def parse_country(text: str) -> str | None:
    """A location code from a name (English or bokmål), an ISO code, or this tool's 'Name (CC)' labels."""
    value = text.strip().strip(".")
    if not value:
        return None
    tagged = _CODE_IN_PARENS.search(value)
    if tagged and pycountry.countries.get(alpha_2=tagged.group(1)) is not None:
        return tagged.group(1)
    names = _country_names()
    folded = value.casefold()
    if folded in names:
        return names[folded]
    if len(value) == 2 and value.isalpha():
        code = {"EL": "GR", "UK": "GB"}.get(value.upper(), value.upper())
        if pycountry.countries.get(alpha_2=code) is not None:
            return code
    return None


# --- transfer mechanisms ------------------------------------------------------------------------

_MECHANISMS: tuple[tuple[re.Pattern[str], SafeguardKind], ...] = (
    (
        re.compile(
            r"\bsccs?\b|standard contractual clauses|standard data protection clauses|standardkontrakt|"
            r"standardavtale|standard personvernbestemmelser|eu model clauses",
            re.I,
        ),
        SafeguardKind.SCC,
    ),
    (re.compile(r"\bbcrs?\b|binding corporate rules|bindende virksomhetsregler", re.I), SafeguardKind.BCR),
    (re.compile(r"\bdpf\b|data privacy framework", re.I), SafeguardKind.DPF),
)
_TRANSFER_SPLIT = re.compile(r"\s+[–—-]\s+|\s*:\s*|\s*\(\s*|\s*/\s*")


def parse_mechanism(text: str) -> SafeguardKind | None:
    """The transfer tool a text names, when it names exactly one this parser knows (SCC, BCR, DPF)."""
    kinds = {kind for pattern, kind in _MECHANISMS if pattern.search(text)}
    return kinds.pop() if len(kinds) == 1 else None


def parse_transfer(text: str) -> tuple[str, SafeguardKind | None] | None:
    """ "USA – SCCs" -> ("US", SCC); "India" -> ("IN", None); None when the country cannot be read."""
    parts = [part.strip(" )") for part in _TRANSFER_SPLIT.split(text.strip(), maxsplit=1)]
    country = parse_country(parts[0])
    if country is None:
        return None
    rest = parts[1] if len(parts) > 1 else ""
    return country, parse_mechanism(rest) if rest else None
