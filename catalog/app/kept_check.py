"""A register's check kept by a long-lived reader and brought up to date from the store's change log.

The UI's worker and the edit benchmark hold one register and its report per store and date. After a save
they ask the store what was written since the revision they hold (``changes_since``), read just those
entities, patch the register they hold (unchanged entities stay the same objects) and let the incremental
check re-judge what the change touches, instead of loading 100k entities and checking every hop again.
When the log cannot say (another store, a wiped one) or an import changed more than a load costs, the
caller loads the register whole and starts a new kept check.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from catalog.compliance.engine import CheckOptions
from catalog.compliance.incremental import IncrementalCheck
from catalog.compliance.model import CheckReport
from catalog.domain.register import EntityKind, Register
from catalog.history.chain import ORGANISATION_KIND
from catalog.reference import ReferenceData
from catalog.store.base import RegisterStore

MOST_CHANGED = 2000
"""More entities changed than this (an import) and reading them one by one costs about what a whole load does."""
READ_ATTEMPTS = 3
"""Reads of what changed retried when another write lands meanwhile (the revision moved under the read)."""


class KeptCheck:
    """One store's register at a revision and its check on one date, kept to follow later writes."""

    def __init__(
        self,
        revision: str,
        register: Register,
        reference: ReferenceData,
        as_of: date,
        options: CheckOptions | None = None,
    ) -> None:
        self.revision = revision
        self._check = IncrementalCheck(register, reference, as_of, options)
        self._settled = True  # False only if a preview failed between its update and the update back

    @property
    def register(self) -> Register:
        return self._check.register

    @property
    def report(self) -> CheckReport:
        return self._check.report

    @property
    def as_of(self) -> date:
        return self._check.as_of

    def follow(self, store: RegisterStore) -> bool:
        """Bring the register and report up to the store's current revision from what changed since.

        False when the store cannot say what changed since the revision held, when more than
        ``MOST_CHANGED`` entities changed, or when writes kept landing during the read: the caller then
        loads the register whole. Nothing kept changes unless the update succeeds.
        """
        if not self._settled:
            return False
        for _ in range(READ_ATTEMPTS):
            now = store.revision()
            if now == self.revision:
                return True
            changes = store.changes_since(self.revision)
            if changes is None or len(set(changes)) > MOST_CHANGED:
                return False
            patched, changed, organisation_changed = patched_register(self.register, store, changes)
            if store.revision() != now:
                continue  # a write landed while reading: read what changed again, from the same revision
            self._check.update(patched, changed, organisation_changed=organisation_changed)
            self.revision = now
            return True
        return False

    def preview(
        self, after: Register, changed: list[str], *, organisation_changed: bool = False
    ) -> tuple[CheckReport, CheckReport]:
        """The report kept and the report of ``after`` (the kept register with the entities keyed in ``changed``
        added, edited or removed), leaving the kept check as it was: an import's findings delta from its
        preview, applied or not.

        The check is brought to ``after`` and back (two incremental updates, cheaper than a second check of the
        whole register); should either fail, the kept check no longer follows and the caller loads it anew.
        """
        before, report_before = self.register, self.report
        self._settled = False
        report_after = self._check.update(after, changed, organisation_changed=organisation_changed)
        self._check.update(before, changed, organisation_changed=organisation_changed)
        self._settled = True
        return report_before, report_after


def patched_register(
    register: Register, store: RegisterStore, changes: Iterable[tuple[str, str]]
) -> tuple[Register, list[str], bool]:
    """``register`` with the stored state of each changed entity (replaced, added, or removed when gone).

    Returns the new register (each kind in key order, as stores load it; unchanged entities the same
    objects), the changed entity keys, and whether the organisation changed.
    """
    by_kind: dict[EntityKind, set[str]] = {}
    organisation_changed = False
    for kind, key in changes:
        if kind == ORGANISATION_KIND:
            organisation_changed = True
        else:
            by_kind.setdefault(EntityKind(kind), set()).add(key)
    organisation = register.organisation
    if organisation_changed:
        stored = store.get_organisation()
        organisation = stored.value if stored is not None else organisation
    collections: dict[str, Any] = {}
    for kind in EntityKind:
        keys = by_kind.get(kind)
        if not keys:
            collections[kind.value] = register.entities(kind)
            continue
        entities = [entity for entity in register.entities(kind) if entity.key not in keys]
        for key in keys:
            found = store.get_entity(kind, key)
            if found is not None:
                entities.append(found.value)
        entities.sort(key=lambda entity: entity.key)
        collections[kind.value] = entities
    changed = sorted({key for keys in by_kind.values() for key in keys})
    return Register.model_construct(organisation=organisation, **collections), changed, organisation_changed
