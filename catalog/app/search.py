"""Finding an entity as a person types: every name (in each of its languages), legal name, key, country
(code and name) and category, matched with tolerance for typos, spaces and case (rapidfuzz).

The index is built once per register revision (``search_index``) and asked many times (``search``); the
words that depend on the reader's language (country names, category labels) are given by the caller.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

from catalog.domain.location import country_name, local_country_name
from catalog.domain.register import EntityKind, Register, display_name
from catalog.kernel.localtext import LocalText

PLACE_FIELDS = ("established_in", "processing_locations", "hosting", "locations")
"""The fields that name where an entity is or processes (ISO codes)."""
CATEGORY_FIELDS = ("service_category", "kind")
"""The fields that say what kind of thing an entity is (vocabulary values)."""
MIN_SCORE = 80.0
"""Below this a fuzzy match is noise: 'Web stat' and 'webstatt' pass, 'hub' does not match 'Webstat'."""
_NOT_WORD = re.compile(r"[\W_]+")


class Matched:
    """What a hit matched, as the reader is told ("name", "key", "country", "category", "legal name")."""

    NAME = "name"
    LEGAL_NAME = "legal name"
    KEY = "key"
    COUNTRY = "country"
    CATEGORY = "category"


@dataclass(frozen=True)
class SearchText:
    """One text an entity can be found by, with what it is and its compact form (no case, spaces, accents)."""

    matched: str
    text: str
    compact: str


@dataclass(frozen=True)
class SearchEntry:
    kind: EntityKind
    key: str
    name: str
    texts: tuple[SearchText, ...]


@dataclass(frozen=True)
class Hit:
    """One entity found: how well (100 is exact), and the text it was found by."""

    kind: EntityKind
    key: str
    name: str
    matched: str
    text: str
    score: float


def compact(text: str) -> str:
    """``text`` as compared: case folded, accents dropped (ø and æ stay), spaces and punctuation removed."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub("", plain)


def variants(text: str) -> list[str]:
    """Every language of a register text (a plain text is one)."""
    return list(dict.fromkeys(text.variants.values())) if isinstance(text, LocalText) else [text]


def _places(entity: object) -> list[str]:
    found: list[str] = []
    for name in PLACE_FIELDS:
        value = getattr(entity, name, None)
        found.extend(value if isinstance(value, list) else [value] if isinstance(value, str) else [])
    return list(dict.fromkeys(found))


def _texts(pairs: Iterable[tuple[str, str]]) -> tuple[SearchText, ...]:
    seen: set[tuple[str, str]] = set()
    texts: list[SearchText] = []
    for matched, text in pairs:
        squeezed = compact(text)
        if squeezed and (matched, squeezed) not in seen:
            seen.add((matched, squeezed))
            texts.append(SearchText(matched, text, squeezed))
    return tuple(texts)


CategoryWords = Callable[[str], Iterable[str]]
"""A vocabulary value ('analytics') -> the words a reader may type for it ('Analytics', 'Analyse')."""


def _plain_words(value: str) -> Iterable[str]:
    return [value.replace("_", " ")]


def search_index(
    register: Register, languages: Iterable[str] = ("en",), category_words: CategoryWords = _plain_words
) -> tuple[SearchEntry, ...]:
    """Every entity with the texts it can be found by; country names in each of ``languages``."""
    langs = list(languages)
    entries: list[SearchEntry] = []
    for kind, entity in register.all_entities():
        pairs: list[tuple[str, str]] = []
        name = display_name(entity)
        pairs.extend((Matched.NAME, each) for each in variants(name))
        for field in ("name", "legal_name"):
            value = getattr(entity, field, None)
            if isinstance(value, str):
                matched = Matched.LEGAL_NAME if field == "legal_name" else Matched.NAME
                pairs.extend((matched, each) for each in variants(value))
        pairs.append((Matched.KEY, entity.key))
        for code in _places(entity):
            pairs.append((Matched.COUNTRY, code))
            pairs.append((Matched.COUNTRY, country_name(code)))
            pairs.extend((Matched.COUNTRY, local_country_name(code, lang)) for lang in langs)
        for field in CATEGORY_FIELDS:
            value = getattr(entity, field, None)
            if value is not None:
                pairs.extend((Matched.CATEGORY, word) for word in category_words(str(getattr(value, "value", value))))
        entries.append(SearchEntry(kind, entity.key, name, _texts(pairs)))
    return tuple(entries)


def _score(wanted: str, text: SearchText) -> float:
    """How well ``wanted`` (compact) matches one text: 100 when it is the text, a prefix or a part of it."""
    if text.matched == Matched.COUNTRY and len(text.compact) <= 3:
        # a country code matches only whole: "us" must not find every text containing "us"
        return 100.0 if wanted == text.compact else 0.0
    if wanted == text.compact:
        return 100.0
    if text.compact.startswith(wanted):
        return 99.0
    if wanted in text.compact:
        return 97.0 if len(wanted) >= 3 else 0.0
    if len(wanted) < 4:
        return 0.0  # too short to tell a typo from another word
    # a typo in a word or a part of a longer name ("hubsopt", "webstatt", "cmr provider")
    whole = fuzz.ratio(wanted, text.compact)
    part = fuzz.partial_ratio(wanted, text.compact) if len(wanted) < len(text.compact) else 0.0
    return float(max(whole, part - 5))


def search(index: Iterable[SearchEntry], query: str, limit: int | None = 20) -> list[Hit]:
    """The entities ``query`` finds, best first (then by name); each with the text it matched best (``limit``
    None: all of them)."""
    wanted = compact(query)
    if not wanted:
        return []
    hits: list[Hit] = []
    for entry in index:
        best: tuple[float, SearchText] | None = None
        for text in entry.texts:
            score = _score(wanted, text)
            if score >= MIN_SCORE and (best is None or score > best[0]):
                best = (score, text)
        if best is not None:
            hits.append(Hit(entry.kind, entry.key, entry.name, best[1].matched, best[1].text, best[0]))
    hits.sort(key=lambda hit: (-hit.score, hit.matched != Matched.NAME, hit.name.casefold(), hit.key))
    return hits if limit is None else hits[:limit]
