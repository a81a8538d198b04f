"""The embedded store reuses its graph between lineage queries, but never a stale one."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from catalog.domain.register import EntityKind, Register
from catalog.store.embedded import EmbeddedStore


def test_a_write_through_another_connection_is_seen(tmp_path: Path, seed_register: Register) -> None:
    reader, writer = EmbeddedStore(tmp_path / "c.db"), EmbeddedStore(tmp_path / "c.db")
    try:
        writer.replace_register(seed_register)
        assert "US" in reader.lineage("contact.email").countries
        assert reader.lineage("contact.email") == reader.lineage("contact.email")
        crm = writer.get_entity(EntityKind.SYSTEM, "crm")
        assert crm is not None
        writer.put_entity(crm.value.model_copy(update={"hosting": ["NO"]}), crm.version)
        after = reader.lineage("contact.email")
        assert ("system:crm", "HOSTED_IN", "country:NO") in {(e.source, e.rel, e.target) for e in after.edges}
    finally:
        reader.close()
        writer.close()


def test_its_own_writes_are_seen(tmp_path: Path, seed_register: Register) -> None:
    store = EmbeddedStore(tmp_path / "c.db")
    try:
        store.replace_register(seed_register)
        before = store.lineage("contact.email")
        store.delete_entity(EntityKind.SYSTEM, "internal-communication", None)
        store.lineage("contact.email")
        crm = store.get_entity(EntityKind.SYSTEM, "crm")
        assert crm is not None
        store.put_entity(crm.value.model_copy(update={"hosting": ["SE"]}), crm.version)
        assert store.lineage("contact.email") != before
    finally:
        store.close()


def test_closing_the_store_lets_its_index_go(tmp_path: Path, seed_register: Register) -> None:
    # A session that queried a lineage and then closed the store must not carry the index into an export.
    store = EmbeddedStore(tmp_path / "c.db")
    store.replace_register(seed_register)
    store.lineage("contact.email")
    kept = weakref.ref(store._lineage_index())
    store.close()
    gc.collect()
    assert kept() is None
