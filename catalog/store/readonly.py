"""A read-only view of any store: reads pass through, every write raises ``ReadOnlyError``.

The auditor's UI opens its store through this wrapper, so no write path exists there even if a
page offered one by mistake; hiding buttons is only the visible half of the rule.
"""

from __future__ import annotations

from typing import NoReturn

from catalog.domain.models import Organisation
from catalog.domain.register import Entity, EntityKind, Register
from catalog.errors import ReadOnlyError
from catalog.graph.lineage import Lineage
from catalog.history.chain import ChainHead, ChangeContext, ChangeEntry, StoredLog
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.store.base import ChangeSet, FaultHook, RegisterStore, Versioned


class ReadOnlyStore:
    """Wraps a store; refuses every write with a clear message."""

    read_only = True

    def __init__(self, inner: RegisterStore) -> None:
        self._inner = inner

    def _refuse(self, what: str) -> NoReturn:
        raise ReadOnlyError(
            Phrase(
                N_("{store} is open read-only (auditor); {what} was refused and nothing changed"),
                store=self.display_url,
                what=what,
            )
        )

    @property
    def display_url(self) -> str:
        return self._inner.display_url

    def close(self) -> None:
        self._inner.close()

    def is_empty(self) -> bool:
        return self._inner.is_empty()

    def load_register(self) -> Register:
        return self._inner.load_register()

    def get_organisation(self) -> Versioned[Organisation] | None:
        return self._inner.get_organisation()

    def list_entities(self, kind: EntityKind) -> list[Entity]:
        return self._inner.list_entities(kind)

    def get_entity(self, kind: EntityKind, key: str) -> Versioned[Entity] | None:
        return self._inner.get_entity(kind, key)

    def lineage(self, category_key: str) -> Lineage:
        return self._inner.lineage(category_key)

    def revision(self) -> str:
        return self._inner.revision()

    def entities_mentioning(self, key: str) -> list[Entity]:
        return self._inner.entities_mentioning(key)

    def changes_since(self, revision: str) -> list[tuple[str, str]] | None:
        return self._inner.changes_since(revision)

    def history(self) -> list[ChangeEntry]:
        return self._inner.history()

    def history_head(self) -> ChainHead:
        return self._inner.history_head()

    def stored_log(self) -> StoredLog:
        return self._inner.stored_log()

    def stored_bodies(self) -> dict[tuple[str, str], str]:
        return self._inner.stored_bodies()

    def replace_register(
        self,
        register: Register,
        fault_hook: FaultHook | None = None,
        change: ChangeContext | None = None,
        expected_revision: str | None = None,
    ) -> None:
        self._refuse(Phrase(N_("replacing the register")))

    def apply_changes(
        self,
        changes: ChangeSet,
        fault_hook: FaultHook | None = None,
        change: ChangeContext | None = None,
        expected_revision: str | None = None,
    ) -> None:
        self._refuse(Phrase(N_("writing the register's changes")))

    def put_organisation(
        self, organisation: Organisation, expected_version: int | None, change: ChangeContext | None = None
    ) -> int:
        self._refuse(Phrase(N_("saving the organisation")))

    def put_entity(self, entity: Entity, expected_version: int | None, change: ChangeContext | None = None) -> int:
        self._refuse(Phrase(N_("saving {key!r}"), key=entity.key))

    def delete_entity(
        self, kind: EntityKind, key: str, expected_version: int | None, change: ChangeContext | None = None
    ) -> None:
        self._refuse(Phrase(N_("deleting {key!r}"), key=key))


def is_read_only(store: RegisterStore) -> bool:
    return bool(getattr(store, "read_only", False))
