"""Find any entity by name, key, legal name or country (code or name)."""

from __future__ import annotations

from dataclasses import dataclass

from catalog.domain.location import country_name
from catalog.domain.register import EntityKind, Register, display_name

_PLACES = ("established_in", "processing_locations", "hosting", "locations")


@dataclass(frozen=True)
class Hit:
    kind: EntityKind
    key: str
    name: str
    matched: str  # what matched, for the reader


def _places(entity: object) -> list[str]:
    found: list[str] = []
    for name in _PLACES:
        value = getattr(entity, name, None)
        found.extend(value if isinstance(value, list) else [value] if isinstance(value, str) else [])
    return found


def search_register(register: Register, text: str, limit: int = 50) -> list[Hit]:
    """Entities whose name, key, legal name or a country they are in matches ``text`` (case-insensitive)."""
    wanted = text.strip().lower()
    if not wanted:
        return []
    hits: list[Hit] = []
    for kind, entity in register.all_entities():
        name = display_name(entity)
        matched = ""
        if wanted in name.lower():
            matched = "name"
        elif wanted in entity.key.lower():
            matched = "key"
        else:
            for code in _places(entity):
                if wanted == code.lower() or wanted in country_name(code).lower():
                    matched = f"country: {country_name(code)} ({code})"
                    break
        if matched:
            hits.append(Hit(kind, entity.key, name, matched))
            if len(hits) >= limit:
                break
    return sorted(hits, key=lambda h: (h.matched != "name", h.name.lower()))
