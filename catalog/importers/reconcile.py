"""A merge changes only what its source states: stored values against what a source says about them.

A source often states a field less precisely than the register holds it: a spreadsheet's safeguard
cell says "SCCs" where the register records the decision, module, signing date and transfer impact
assessment; a location list at activity level says "EU, NO, US" where a processor is recorded in the
US only; a Fides export has no place for a safeguard's note. Such a value never replaces the stored
one. It either **agrees** with it (says nothing the stored value contradicts: the stored value is
kept, no change) or is a **conflict** (listed with both values, kept as stored unless the person
importing prefers the source's value: ``--prefer source``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from catalog.domain.location import REGIONS, UNKNOWN
from catalog.reference import load_reference

_UNSTATED = {None, "", UNKNOWN, "undetermined"}
"""Values that state nothing: a source holding one of these says nothing against the stored value."""


class Prefer(StrEnum):
    """Which value a conflict keeps."""

    STORED = "stored"  # the default: a coarse source never overwrites what the register records
    SOURCE = "source"


@dataclass(frozen=True)
class Conflict:
    """A field a source states differently from the stored register, in a way it cannot state exactly."""

    kind: str  # an EntityKind value
    key: str
    name: str
    field: str
    stored: Any
    source: Any


def states_nothing(value: Any) -> bool:
    """True for a value that says nothing: none, empty, unknown, or a collection of such values."""
    if isinstance(value, list | tuple | set):
        return all(states_nothing(item) for item in value)
    if isinstance(value, dict):
        return all(states_nothing(item) for item in value.values())
    if isinstance(value, str):
        # "unknown (not stated in the Fides manifests)": the register's way of saying a source was silent
        return value in _UNSTATED or value.startswith(f"{UNKNOWN} (")
    return value is None


def agrees(stored: Any, source: Any) -> bool:
    """Whether ``source`` says nothing that ``stored`` contradicts (it may say less).

    Mappings agree when every field the source states agrees; lists of mappings when each source
    item agrees with its own stored item (same count); other lists when they hold the same stated
    values in any order; scalars when equal or the source states nothing.
    """
    if states_nothing(source):
        return True
    if isinstance(source, dict):
        return isinstance(stored, dict) and all(agrees(stored.get(name), value) for name, value in source.items())
    if isinstance(source, list):
        if not isinstance(stored, list):
            return False
        if any(isinstance(item, dict) for item in source):
            return len(stored) == len(source) and _pairs_agree(list(stored), list(source))
        return {_hashable(v) for v in stored if not states_nothing(v)} == {
            _hashable(v) for v in source if not states_nothing(v)
        }
    return bool(stored == source)


def _hashable(value: Any) -> Any:
    # a text in several languages is a mapping of language to text in a body
    return tuple(sorted(value.items())) if isinstance(value, dict) else value


def _pairs_agree(stored: list[Any], source: list[Any]) -> bool:
    remaining = list(stored)
    for item in source:
        match = next((i for i, candidate in enumerate(remaining) if agrees(candidate, item)), None)
        if match is None:
            return False
        remaining.pop(match)
    return True


def part_agrees(stored: Any, source: Any) -> bool:
    """A list a format holds only in part (Fides: one legal basis per declaration, a category beside its
    parent folded into the parent) agrees when each of its items agrees with a stored item of its own."""
    if not isinstance(stored, list) or not isinstance(source, list) or len(source) > len(stored):
        return agrees(stored, source)
    if not any(isinstance(item, dict) for item in source):
        return {_hashable(v) for v in source} <= {_hashable(v) for v in stored}
    return _pairs_agree(list(stored), list(source))


def third_countries(locations: Iterable[str]) -> set[str]:
    """The definite countries outside the EEA today among ``locations`` (regions and unknown are not)."""
    reference = load_reference()
    today = date.today()
    return {c for c in locations if c not in REGIONS and c != UNKNOWN and reference.in_eea(c, today) is False}


def locations_agree(stored: Any, source: Any) -> bool:
    """A location list built from activity-level cells agrees when it leads to the same third countries."""
    return isinstance(stored, list) and isinstance(source, list) and third_countries(stored) == third_countries(source)


Comparer = Callable[[Any, Any], bool]


def reconcile(
    kind: str,
    key: str,
    name: str,
    stored: Mapping[str, Any],
    source: dict[str, Any],
    coarse: Mapping[str, Comparer],
) -> list[Conflict]:
    """Put back into ``source`` (an entity body a source produced) the stored value of every coarse field.

    A coarse field whose source value agrees with the stored one (``coarse[field]``) is the stored
    value; one that does not is the stored value too, and a ``Conflict`` is returned for it.
    """
    conflicts = []
    for field, compare in coarse.items():
        if field not in stored or source.get(field) == stored[field]:
            continue
        if not compare(stored[field], source.get(field)):
            conflicts.append(Conflict(kind, key, name, field, stored[field], source.get(field)))
        source[field] = stored[field]
    return conflicts


def keep_unstated(stored: Mapping[str, Any], source: dict[str, Any], fields: Iterable[str] | None = None) -> None:
    """Fields the source leaves empty (or states only coarsely in agreement) keep their stored values."""
    for field in fields if fields is not None else list(stored):
        if field in stored and field != "key" and agrees(stored[field], source.get(field)):
            source[field] = stored[field]
