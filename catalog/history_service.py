"""History services: listing, verifying, the register as it was, and diffs between dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from catalog.domain.base import CatalogModel
from catalog.domain.register import Register
from catalog.errors import NotFoundError
from catalog.history import (
    ChainBreak,
    ChangeEntry,
    end_of,
    register_from_state,
    state_at,
    verify_chain,
)
from catalog.store.base import RegisterStore


def list_history(store: RegisterStore, since: date | None = None, entity: str | None = None) -> list[ChangeEntry]:
    """Change entries, oldest first; ``since`` is inclusive (UTC day), ``entity`` filters by key."""
    entries = store.history()
    if since is not None:
        start = datetime.combine(since, datetime.min.time()).replace(tzinfo=end_of(since).tzinfo)
        entries = [e for e in entries if e.at >= start]
    if entity is not None:
        entries = [e for e in entries if entity in e.entity_keys()]
    return entries


def verify_history(store: RegisterStore) -> ChainBreak | None:
    return verify_chain(store.history())


def register_as_of(store: RegisterStore, day: date) -> Register:
    """The register as it was at the end of ``day`` (UTC), rebuilt from the change log."""
    register = register_from_state(state_at(store.history(), end_of(day)))
    if register is None:
        raise NotFoundError(f"the register held nothing at the end of {day.isoformat()} (no change logged by then)")
    return register


def load_register(store: RegisterStore, as_of: date | None = None) -> Register:
    """The current register, or the one as it was on ``as_of`` (the --register-as-of option)."""
    return store.load_register() if as_of is None else register_as_of(store, as_of)


class EntityDiff(CatalogModel):
    """One entity that differs between two dates."""

    kind: str = Field(description="Entity kind or 'organisation'.")
    key: str = Field(description="Entity key.")
    change: str = Field(description="'added', 'removed' or 'changed'.")
    fields: list[str] = Field(default_factory=list, description="Top-level fields that changed.")


class RegisterDiff(CatalogModel):
    """What changed between two dates; the findings part is filled by the caller that has the engine."""

    from_date: date = Field(description="Start (end of that UTC day).")
    to_date: date = Field(description="End (end of that UTC day).")
    entities: list[EntityDiff] = Field(description="Entities added, removed or changed, by kind and key.")
    findings_appeared: list[dict[str, Any]] = Field(default_factory=list, description="Findings new at the end.")
    findings_disappeared: list[dict[str, Any]] = Field(default_factory=list, description="Findings gone at the end.")


def diff_dates(store: RegisterStore, from_date: date, to_date: date) -> RegisterDiff:
    """Entity-level differences between the register at the end of two days."""
    entries = store.history()
    before = state_at(entries, end_of(from_date))
    after = state_at(entries, end_of(to_date))
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
    return RegisterDiff(from_date=from_date, to_date=to_date, entities=diffs)
