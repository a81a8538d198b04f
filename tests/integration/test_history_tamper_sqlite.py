"""Tampering with the embedded store's change log directly in SQLite is detected and named."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from catalog.domain.register import EntityKind, Register
from catalog.errors import StoreError
from catalog.history.chain import context, entry_hash, parse_stored_entry, verify_chain
from catalog.store.embedded import LARGE_ENTRY_CHARS, EmbeddedStore
from tools.synthetic import synthetic_register


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


def _large_import(path: Path) -> None:
    store = EmbeddedStore(path)
    store.replace_register(synthetic_register(2000, seed=3), change=context("import", "alice"))
    store.close()


def test_a_large_entry_read_in_parts_is_the_entry_read_whole_and_its_hash_holds(tmp_path: Path) -> None:
    # a whole-register import's entry is read one change at a time (the UI's worker reads the log while pages run)
    db = tmp_path / "large.db"
    _large_import(db)
    with sqlite3.connect(db) as raw:
        (text,) = raw.execute("SELECT entry FROM change_log WHERE seq = 1").fetchone()
    assert len(text) > LARGE_ENTRY_CHARS
    (entry,) = EmbeddedStore(db).history()
    assert entry == parse_stored_entry(1, text)
    assert entry.content_hash() == entry.hash == entry_hash(entry.model_dump(mode="json", exclude={"hash"}))
    assert verify_chain([entry]) is None


def test_altering_a_large_entry_is_named(tmp_path: Path) -> None:
    db = tmp_path / "large.db"
    _large_import(db)
    with sqlite3.connect(db) as raw:
        (text,) = raw.execute("SELECT entry FROM change_log WHERE seq = 1").fetchone()
        data = json.loads(text)
        data["changes"][-1]["after"]["name"] = "Mallory's"
        raw.execute("UPDATE change_log SET entry = ? WHERE seq = 1", (json.dumps(data),))
    broken = verify_chain(EmbeddedStore(db).history())
    assert broken is not None and broken.seq == 1 and "altered" in broken.reason
    with sqlite3.connect(db) as raw:  # changes that are not a list, or text that is not JSON: a store error
        raw.execute("UPDATE change_log SET entry = ? WHERE seq = 1", (json.dumps({**data, "changes": {"a": 1}}),))
    with pytest.raises(StoreError, match="entry #1 cannot be read"):
        EmbeddedStore(db).history()
    with sqlite3.connect(db) as raw:
        raw.execute("UPDATE change_log SET entry = ? WHERE seq = 1", ("{" + text[: LARGE_ENTRY_CHARS + 10],))
    with pytest.raises(StoreError, match="entry #1 cannot be read"):
        EmbeddedStore(db).history()
