"""Differences between two points of the history: where a point is, what state it names, and the
entities added, removed or changed between two states (the findings that changed are the application
layer's, ``catalog.app.history.diff_points``, since they need the engine)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from pydantic import Field

from catalog.domain.base import CatalogModel
from catalog.errors import InputError
from catalog.history.chain import ChangeEntry, end_of, state_at
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase


class EntityDiff(CatalogModel):
    """One entity that differs between two dates."""

    kind: str = Field(description="Entity kind or 'organisation'.")
    key: str = Field(description="Entity key.")
    change: str = Field(description="'added', 'removed' or 'changed'.")
    fields: list[str] = Field(default_factory=list, description="Top-level fields that changed.")


class RegisterDiff(CatalogModel):
    """What changed between two points of the history, with the findings that appeared or disappeared."""

    from_point: str = Field(description="Start: a day (its end, UTC), an instant, or '#N' (after entry N).")
    to_point: str = Field(description="End, in the same forms.")
    entities: list[EntityDiff] = Field(description="Entities added, removed or changed, by kind and key.")
    findings_appeared: list[dict[str, Any]] = Field(default_factory=list, description="Findings new at the end.")
    findings_disappeared: list[dict[str, Any]] = Field(default_factory=list, description="Findings gone at the end.")


def parse_point(text: str) -> date | datetime | int:
    """A point in the history: ``YYYY-MM-DD`` (end of that UTC day), an ISO 8601 instant, or ``#N``."""
    value = text.strip()
    try:
        if value.startswith("#"):
            number = int(value[1:])
            if number < 0:
                raise ValueError
            return number
        if len(value) == 10:
            return date.fromisoformat(value)
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            Phrase(
                N_("{text!r} is not a point in the history: use YYYY-MM-DD, an ISO 8601 time, or #N (after entry N)"),
                text=text,
            )
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def state_at_point(entries: list[ChangeEntry], point: date | datetime | int) -> dict[tuple[str, str], dict[str, Any]]:
    if isinstance(point, int):
        return state_at([e for e in entries if e.seq <= point], datetime.max.replace(tzinfo=UTC))
    moment = point if isinstance(point, datetime) else end_of(point)
    return state_at(entries, moment)


def law_date(entries: list[ChangeEntry], point: date | datetime | int) -> date:
    """The date to evaluate the law at for a point: its day, or the day of entry N."""
    if isinstance(point, datetime):
        return point.date()
    if isinstance(point, date):
        return point
    found = [e.at.date() for e in entries if e.seq == point]
    return found[0] if found else datetime.now(UTC).date()


def label_of(point: date | datetime | int) -> str:
    """A point as the user wrote it: ``#N`` or its ISO date or time."""
    return f"#{point}" if isinstance(point, int) else point.isoformat()


def entity_diffs(
    before: dict[tuple[str, str], dict[str, Any]], after: dict[tuple[str, str], dict[str, Any]]
) -> list[EntityDiff]:
    """Entities added, removed or changed between two states (``state_at``), by kind and key."""
    diffs = []
    for kind, key in sorted(set(before) | set(after)):
        old, new = before.get((kind, key)), after.get((kind, key))
        if old == new:
            continue
        if old is None:
            diffs.append(EntityDiff(kind=kind, key=key, change="added"))
        elif new is None:
            diffs.append(EntityDiff(kind=kind, key=key, change="removed"))
        else:
            fields = sorted(name for name in set(old) | set(new) if old.get(name) != new.get(name))
            diffs.append(EntityDiff(kind=kind, key=key, change="changed", fields=fields))
    return diffs
