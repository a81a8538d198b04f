"""Tampering with the embedded store's change log directly in SQLite is detected and named."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from catalog.domain.register import EntityKind, Register
from catalog.history.chain import context, verify_chain
from catalog.store.embedded import EmbeddedStore


def three_entries(path: Path, seed_register: Register) -> None:
    store = EmbeddedStore(path)
    store.replace_register(seed_register, change=context("seed", "alice"))
    for actor in ("bob", "carol"):
        current = store.get_entity(EntityKind.PROCESSOR, "hubspot")
        assert current is not None
        store.put_entity(
            current.value.model_copy(update={"description": f"edited by {actor}"}),
            current.version,
            change=context("edit", actor),
        )
    store.close()


def test_altering_an_entry_is_named(tmp_path: Path, seed_register: Register) -> None:
    db = tmp_path / "c.db"
    three_entries(db, seed_register)
    with sqlite3.connect(db) as raw:
        (entry,) = raw.execute("SELECT entry FROM change_log WHERE seq = 2").fetchone()
        data = json.loads(entry)
        data["actor"] = "mallory"
        raw.execute("UPDATE change_log SET entry = ? WHERE seq = 2", (json.dumps(data),))
    broken = verify_chain(EmbeddedStore(db).history())
    assert broken is not None and broken.seq == 2 and "altered" in broken.reason


def test_deleting_an_entry_is_named(tmp_path: Path, seed_register: Register) -> None:
    db = tmp_path / "c.db"
    three_entries(db, seed_register)
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM change_log WHERE seq = 2")
    broken = verify_chain(EmbeddedStore(db).history())
    assert broken is not None and broken.seq == 2 and "missing" in broken.reason


def test_deleting_the_last_entry_and_rehashing_is_still_caught_by_links(
    tmp_path: Path, seed_register: Register
) -> None:
    db = tmp_path / "c.db"
    three_entries(db, seed_register)
    with sqlite3.connect(db) as raw:
        raw.execute("DELETE FROM change_log WHERE seq = 1")
    broken = verify_chain(EmbeddedStore(db).history())
    assert broken is not None and broken.seq == 1
