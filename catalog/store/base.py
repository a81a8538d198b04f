"""The store protocol, in domain verbs. Both backends implement it; one contract suite tests both."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar, runtime_checkable

from catalog.domain.models import Organisation
from catalog.domain.register import Entity, EntityKind, Register
from catalog.graph.lineage import Lineage
from catalog.history.chain import ChainHead, ChangeContext, ChangeEntry, EntityChange, StoredLog, register_changes
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase

T = TypeVar("T")


def stored_body(model: Organisation | Entity) -> str:
    """An entity's stored form on both backends: canonical JSON (sorted keys), compared as text on import."""
    return json.dumps(model.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class Versioned(Generic[T]):
    """A stored value with the version it was read at, for optimistic concurrency checks."""

    value: T
    version: int


FaultHook = Callable[[int], None]
"""Called with the number of rows written so far during a bulk write; tests raise from it."""


@dataclass(frozen=True)
class ChangeSet:
    """A planned change to a stored register: what ``apply_changes`` writes instead of the whole register.

    ``put`` lists the entities written whole, in the order of the register they come from (the change
    log lists them so, as a whole-register write does); ``deleted`` the (kind, key) of the entities
    removed; ``organisation`` the controller when it changed.
    """

    put: tuple[Entity, ...] = ()
    deleted: tuple[tuple[EntityKind, str], ...] = ()
    organisation: Organisation | None = None

    def __len__(self) -> int:
        return len(self.put) + len(self.deleted) + (self.organisation is not None)


@runtime_checkable
class RegisterStore(Protocol):
    """Where a register lives. Every write is atomic: it happens whole or not at all."""

    @property
    def display_url(self) -> str:
        """The store's address without credentials, safe to print."""
        ...

    def close(self) -> None:
        """Release connections."""
        ...

    def is_empty(self) -> bool:
        """True when no organisation and no entity is stored."""
        ...

    def load_register(self) -> Register:
        """The whole register; raises ``NotFoundError`` when the store is empty."""
        ...

    def replace_register(
        self,
        register: Register,
        fault_hook: FaultHook | None = None,
        change: ChangeContext | None = None,
        expected_revision: str | None = None,
    ) -> None:
        """Atomically replace everything stored with ``register``; on failure nothing changes.

        The change log gets one entry (in the same transaction) listing every entity that changed.
        With ``expected_revision`` (the ``revision()`` read before the register this one was planned
        from), the write is refused with ``RegisterChangedError`` if another write landed since: checked
        under the write lock, so of two writers planned from one revision exactly one succeeds.
        """
        ...

    def apply_changes(
        self,
        changes: ChangeSet,
        fault_hook: FaultHook | None = None,
        change: ChangeContext | None = None,
        expected_revision: str | None = None,
    ) -> None:
        """Write only what ``changes`` lists, in one transaction; on failure nothing changes.

        The stored register ends as ``replace_register`` would leave it given the register the change set
        was planned from: the same versions (bumped only where a body changed), the same change-log entry,
        and ``expected_revision`` checked the same way under the write lock (``RegisterChangedError``).
        """
        ...

    def get_organisation(self) -> Versioned[Organisation] | None:
        """The controller, with its version."""
        ...

    def put_organisation(
        self, organisation: Organisation, expected_version: int | None, change: ChangeContext | None = None
    ) -> int:
        """Create (expected_version None) or update the controller; returns the new version."""
        ...

    def list_entities(self, kind: EntityKind) -> list[Entity]:
        """Every entity of a kind, in key order."""
        ...

    def get_entity(self, kind: EntityKind, key: str) -> Versioned[Entity] | None:
        """One entity with its version, or None."""
        ...

    def put_entity(self, entity: Entity, expected_version: int | None, change: ChangeContext | None = None) -> int:
        """Create (expected_version None: must not exist) or update at ``expected_version``.

        Raises ``ConcurrentEditError`` when the stored version differs. Returns the new version.
        """
        ...

    def delete_entity(
        self, kind: EntityKind, key: str, expected_version: int | None, change: ChangeContext | None = None
    ) -> None:
        """Delete an entity; with ``expected_version``, only if it is still at that version."""
        ...

    def history(self) -> list[ChangeEntry]:
        """The whole change log, oldest first."""
        ...

    def history_head(self) -> ChainHead:
        """The last entry's number and hash (0 and the genesis hash for an empty log)."""
        ...

    def stored_log(self) -> StoredLog:
        """The change log exactly as stored (columns and entry text), for verification."""
        ...

    def stored_bodies(self) -> dict[tuple[str, str], str]:
        """Every stored body by (kind, key), the organisation as ('organisation', 'organisation'): what
        verification compares with the replayed log."""
        ...

    def revision(self) -> str:
        """A short token that changes with every write: the last change entry's number and hash.

        Cheap (one small read), so a long-lived reader such as the UI can keep what it derived from
        the register until the token moves, instead of reloading the register on every request.
        """
        ...

    def entities_mentioning(self, key: str) -> list[Entity]:
        """Every entity whose stored body holds ``key`` as a JSON string, in key order: a superset of the
        entities referring to it (a delete names each referrer without loading the register)."""
        ...

    def changes_since(self, revision: str) -> list[tuple[str, str]] | None:
        """(kind, key) of every entity written after ``revision`` (a token ``revision()`` returned), in write
        order, the organisation as ('organisation', 'organisation'), an entity written twice listed twice.

        None when the log has no such revision (the store was replaced or wiped since). Reads only the log
        entries after it, so a long-lived reader can patch what it holds instead of loading the register.
        """
        ...

    def lineage(self, category_key: str) -> Lineage:
        """Where one data category goes: every node and edge reachable from it, and the countries."""
        ...


def change_set_entries(
    before: Mapping[str, tuple[str, str]],
    after: Mapping[str, tuple[str, str]],
    old_org: str | None,
    org_body: str | None,
) -> list[EntityChange]:
    """The change-log lines of a change set, as ``register_changes`` lists a whole-register write's.

    ``before``: ``key -> (kind, body)`` of the stored entities the set writes or removes, in the order the
    store reads its entities; ``after``: the written ones in the set's order; ``org_body``: None when the
    organisation is not part of the set.
    """
    if org_body is None:  # compared with itself, the organisation adds no line
        return register_changes(before, after, "", "")
    return register_changes(before, after, old_org, org_body)


def conflict_message(what: str, expected: int | None, current: int | None) -> str:
    """The message of a ConcurrentEditError, the same on every backend."""
    if expected is None:
        return Phrase(
            N_("{what} already exists (version {current}); reload and edit it instead"), what=what, current=current
        )
    if current is None:
        return Phrase(N_("{what} was deleted by someone else after you opened it; nothing was saved"), what=what)
    return Phrase(
        N_(
            "{what} was changed by someone else (you edited version {expected}, it is now at version "
            "{current}); reload to see their change; nothing was saved"
        ),
        what=what,
        expected=expected,
        current=current,
    )


def register_changed_message(where: str, expected: str, current: str) -> str:
    """The message of a RegisterChangedError, the same on every backend."""
    return Phrase(
        N_(
            "{where}: another write changed the register after it was read (revision {expected}, now {current}); "
            "nothing was written"
        ),
        where=where,
        expected=expected,
        current=current,
    )


def revision_parts(revision: str) -> tuple[int, str] | None:
    """The entry number and hash prefix of a ``revision()`` token, or None for text that is not one."""
    seq, _, hash_prefix = revision.partition("-")
    if not seq.isdigit() or not hash_prefix:
        return None
    return int(seq), hash_prefix
