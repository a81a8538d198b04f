"""The embedded store: one SQLite file on disk, no server. The default for a newcomer.

Entities are stored as validated JSON documents keyed by their register-wide key, with a
version number for optimistic concurrency. The graph is built in memory when asked for.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from catalog.domain.base import trusted
from catalog.domain.models import Organisation
from catalog.domain.register import Entity, EntityKind, Register, kind_of
from catalog.domain.stored import read_stored
from catalog.errors import ConcurrentEditError, InputError, NotFoundError, RegisterChangedError, StoreError
from catalog.graph.lineage import Lineage, LineageIndex, lineage_from_index
from catalog.history.chain import (
    GENESIS_HASH,
    ORGANISATION_KEY,
    ORGANISATION_KIND,
    ChainHead,
    ChangeContext,
    ChangeEntry,
    EntityChange,
    StoredChange,
    StoredLog,
    context,
    entity_change,
    new_entry,
    parse_entry_in_parts,
    parse_stored_entry,
    register_changes,
    revision_token,
)
from catalog.kernel.gcpause import collector_paused
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.store.base import (
    ChangeSet,
    FaultHook,
    Versioned,
    change_set_entries,
    conflict_message,
    register_changed_message,
    revision_parts,
    stored_body,
)

SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 60.0
"""How long a write waits for other writers before giving up (it never fails with "database is locked" sooner)."""
HEAD_META = "change_log_head"
INSERT_BATCH = 1000
LARGE_ENTRY_CHARS = 1_000_000
"""A change-log entry longer than this (a whole-register import of a few thousand entities or more) is read in
parts, so reading it never holds the interpreter in one long call."""
"""Entity rows per INSERT statement in a whole-register write (the fault hook is called after each batch)."""

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (
    name  TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS organisation (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL,
    body    TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS entity (
    key     TEXT PRIMARY KEY,
    kind    TEXT NOT NULL,
    version INTEGER NOT NULL,
    body    TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS entity_by_kind ON entity (kind, key);
-- Append-only change log; each row's hash chains to the previous one (see catalog/history.py).
CREATE TABLE IF NOT EXISTS change_log (
    seq   INTEGER PRIMARY KEY,
    at    TEXT NOT NULL,
    entry TEXT NOT NULL,
    hash  TEXT NOT NULL
);
"""


class EmbeddedStore:
    """A register in a single SQLite file."""

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        """Open ``path``, creating the file and its schema if needed; ``read_only`` creates and migrates nothing."""
        self.path = path
        self._commits = 0  # our own commits; PRAGMA data_version counts other connections'
        self._index_cache: tuple[tuple[int, int], LineageIndex] | None = None
        self._handed_out: tuple[tuple[int, int], weakref.ref[Register]] | None = None
        if read_only:
            self._db = _open_read_only(path)
            return
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # isolation_level=None: we issue BEGIN/COMMIT ourselves so each write is one transaction.
            self._db = sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_SECONDS
            )
            # Wait for other writers before anything else: switching to WAL and creating the schema
            # write too, and twenty processes may open a new file at once.
            self._db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
            self._prepare_file()
        except sqlite3.DatabaseError as error:
            raise StoreError(
                Phrase(N_("{path}: cannot open the embedded store ({reason})"), path=path, reason=error)
            ) from None

    def _prepare_file(self) -> None:
        """Switch to WAL, create the schema and check its version, waiting for other processes doing the same.

        On a new file SQLite may report busy at once instead of waiting (two connections upgrading their
        locks would deadlock), so, as for writes, the steps (all idempotent) are retried with a growing,
        jittered pause until the deadline.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        pause = 0.01
        while True:
            try:
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.executescript(SCHEMA)
                self._check_schema_version()
                return
            except sqlite3.OperationalError as error:
                if not _busy(error):
                    raise
                if self._db.in_transaction:
                    self._db.rollback()
                if time.monotonic() >= deadline:
                    raise StoreError(self._busy_message(Phrase(N_("open the store")))) from None
            time.sleep(pause * (1 + random.random()))
            pause = min(pause * 2, 0.5)

    @property
    def display_url(self) -> str:
        return f"sqlite://{self.path.resolve()}"

    def close(self) -> None:
        self._db.close()
        # A closed store answers no more lineage queries: its index need not outlive the connection.
        self._index_cache = None

    def _check_schema_version(self) -> None:
        row = self._db.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
        if row is None:
            # Another process may create the file at the same moment: the first to record the version wins.
            self._db.execute(
                "INSERT INTO meta (name, value) VALUES ('schema_version', ?) ON CONFLICT (name) DO NOTHING",
                (str(SCHEMA_VERSION),),
            )
            row = self._db.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
        if int(row[0]) != SCHEMA_VERSION:
            raise StoreError(
                Phrase(
                    N_("{path}: schema version {found}, this program reads {version}"),
                    path=self.path,
                    found=row[0],
                    version=SCHEMA_VERSION,
                )
            )

    def _busy_message(self, action: str) -> str:
        return Phrase(
            N_(
                "{path}: other writers kept the store busy for {seconds} s while trying to {action}; nothing was "
                "changed; try again"
            ),
            path=self.path,
            seconds=f"{BUSY_TIMEOUT_SECONDS:.0f}",
            action=action,
        )

    def _begin(self) -> None:
        """BEGIN IMMEDIATE: take the write lock now, so the reads inside the write see the last commit.

        SQLite's busy handler waits for the lock, but in some states (e.g. another connection
        recovering the WAL) it reports busy at once; starting again is then retried with a growing,
        jittered pause until the deadline.
        """
        deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
        pause = 0.01
        while True:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.Error as error:
                if not (isinstance(error, sqlite3.OperationalError) and _busy(error)):
                    raise StoreError(
                        Phrase(N_("{path}: cannot start a write ({reason})"), path=self.path, reason=error)
                    ) from None
                if time.monotonic() >= deadline:
                    raise StoreError(self._busy_message(Phrase(N_("start a write")))) from None
            time.sleep(pause * (1 + random.random()))
            pause = min(pause * 2, 0.5)

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE ... COMMIT; any exception rolls everything back."""
        self._begin()
        try:
            yield self._db
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        try:
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            self._db.execute("ROLLBACK")
            raise StoreError(Phrase(N_("{path}: commit failed ({reason})"), path=self.path, reason=error)) from None
        self._commits += 1

    # --- reads ---------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        org = self._db.execute("SELECT 1 FROM organisation").fetchone()
        entity = self._db.execute("SELECT 1 FROM entity LIMIT 1").fetchone()
        return org is None and entity is None

    def get_organisation(self) -> Versioned[Organisation] | None:
        row = self._db.execute("SELECT body, version FROM organisation WHERE id = 1").fetchone()
        if row is None:
            return None
        return Versioned(read_stored(Organisation, row[0]), row[1])

    def list_entities(self, kind: EntityKind) -> list[Entity]:
        rows = self._db.execute("SELECT body FROM entity WHERE kind = ? ORDER BY key", (kind.value,))
        return [read_stored(kind.model, body) for (body,) in rows]

    def get_entity(self, kind: EntityKind, key: str) -> Versioned[Entity] | None:
        row = self._db.execute(
            "SELECT body, version FROM entity WHERE kind = ? AND key = ?", (kind.value, key)
        ).fetchone()
        if row is None:
            return None
        return Versioned(read_stored(kind.model, row[0]), row[1])

    def entities_mentioning(self, key: str) -> list[Entity]:
        quoted = json.dumps(key, ensure_ascii=False)  # as stored_body writes it
        rows = self._db.execute("SELECT kind, body FROM entity WHERE instr(body, ?) > 0 ORDER BY key", (quoted,))
        return [read_stored(EntityKind(kind).model, body) for kind, body in rows]

    def load_register(self) -> Register:
        stamp = self._stamp()  # read first: a write during the load makes the stamp stale, never too new
        with collector_paused():
            register = self._load_register()
        self._handed_out = (stamp, weakref.ref(register))
        return register

    def _stamp(self) -> tuple[int, int]:
        """Changes with every committed write, ours or another connection's."""
        (data_version,) = self._db.execute("PRAGMA data_version").fetchone()
        return (self._commits, int(data_version))

    def _load_register(self) -> Register:
        organisation = self.get_organisation()
        if organisation is None:
            raise NotFoundError(
                Phrase(
                    N_("{store}: the store is empty; run 'catalog seed' or 'catalog import'"), store=self.display_url
                )
            )
        collections = {kind.value: self.list_entities(kind) for kind in EntityKind}
        return trusted(Register, organisation=organisation.value, **collections)

    def lineage(self, category_key: str) -> Lineage:
        with collector_paused():  # the walk allocates tens of thousands of acyclic objects at 100k entities
            return lineage_from_index(self._lineage_index(), category_key)

    def _lineage_index(self) -> LineageIndex:
        """The register's flow edges, rebuilt only after a write (ours or another connection's).

        Loading the register dominates a lineage query (the walk itself is milliseconds), so
        repeated queries on an unchanged register reuse the index. The register itself is not kept:
        the index is built from the one this store last handed out if its caller still holds it and
        nothing was written since (registers are never modified in place), else from a fresh load.
        """
        stamp = self._stamp()
        if self._index_cache is None or self._index_cache[0] != stamp:
            self._index_cache = None  # the old index is garbage before the new register loads
            handed_out = self._handed_out[1]() if self._handed_out and self._handed_out[0] == stamp else None
            self._index_cache = (stamp, LineageIndex.of(handed_out or self.load_register()))
        return self._index_cache[1]

    # --- writes --------------------------------------------------------------------------------

    # Every entity is serialised, parsed and logged: millions of acyclic objects for the collector to walk.
    @collector_paused()
    def replace_register(
        self,
        register: Register,
        fault_hook: FaultHook | None = None,
        change: ChangeContext | None = None,
        expected_revision: str | None = None,
    ) -> None:
        new = {entity.key: (kind.value, stored_body(entity)) for kind, entity in register.all_entities()}
        org_body = stored_body(register.organisation)
        with self._transaction() as db:
            if expected_revision is not None:
                current = self._revision_in(db)  # under the write lock: no writer can land after this read
                if current != expected_revision:
                    message = register_changed_message(self.display_url, expected_revision, current)
                    raise RegisterChangedError(message, current)
            rows = db.execute("SELECT key, kind, version, body FROM entity")
            old = {key: (kind, version, body) for key, kind, version, body in rows}
            old_org = db.execute("SELECT body FROM organisation WHERE id = 1").fetchone()
            db.execute("DELETE FROM entity")
            written: list[tuple[str, str, int, str]] = []
            for key, (kind_value, body) in new.items():
                previous = old.get(key)
                written.append((key, kind_value, 1 if previous is None else previous[1] + (previous[2] != body), body))
            # In batches, as on Neo4j: one statement per row costs a second per 100k entities.
            for start in range(0, len(written), INSERT_BATCH):
                batch = written[start : start + INSERT_BATCH]
                db.executemany("INSERT INTO entity (key, kind, version, body) VALUES (?, ?, ?, ?)", batch)
                if fault_hook is not None:
                    fault_hook(start + len(batch))
            self._write_organisation(db, org_body)
            before = {key: (kind, body) for key, (kind, _, body) in old.items()}
            changes = register_changes(before, new, old_org[0] if old_org else None, org_body)
            self._log(db, change or context("import"), changes)

    def apply_changes(
        self,
        changes: ChangeSet,
        fault_hook: FaultHook | None = None,
        change: ChangeContext | None = None,
        expected_revision: str | None = None,
    ) -> None:
        new = {entity.key: (kind_of(entity).value, stored_body(entity)) for entity in changes.put}
        org_body = None if changes.organisation is None else stored_body(changes.organisation)
        with self._transaction() as db:
            if expected_revision is not None:
                current = self._revision_in(db)  # under the write lock, as replace_register checks it
                if current != expected_revision:
                    raise RegisterChangedError(
                        register_changed_message(self.display_url, expected_revision, current), current
                    )
            old = self._rows_in_scan_order(db, [*new, *(key for _, key in changes.deleted)])
            # A removal of a key stored as another kind removes nothing, as replace_register would keep it.
            removed = [
                key for kind, key in changes.deleted if key not in new and key in old and old[key][0] == kind.value
            ]
            written: list[tuple[str, str, int, str]] = []
            for key, (kind_value, body) in new.items():
                previous = old.get(key)
                if previous is None or previous[0] != kind_value or previous[2] != body:
                    version = 1 if previous is None else previous[1] + (previous[2] != body)
                    written.append((key, kind_value, version, body))
            done = 0
            for start in range(0, len(removed), INSERT_BATCH):
                gone = removed[start : start + INSERT_BATCH]
                db.executemany("DELETE FROM entity WHERE key = ?", [(key,) for key in gone])
                done += len(gone)
                if fault_hook is not None:
                    fault_hook(done)
            for start in range(0, len(written), INSERT_BATCH):
                batch = written[start : start + INSERT_BATCH]
                db.executemany(
                    "INSERT INTO entity (key, kind, version, body) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE "
                    "SET kind = excluded.kind, version = excluded.version, body = excluded.body",
                    batch,
                )
                done += len(batch)
                if fault_hook is not None:
                    fault_hook(done)
            old_org = db.execute("SELECT body FROM organisation WHERE id = 1").fetchone()
            if org_body is not None:
                self._write_organisation(db, org_body)
            before = {key: (kind, body) for key, (kind, _, body) in old.items() if key in new or key in removed}
            stored_org = None if old_org is None else str(old_org[0])
            self._log(db, change or context("import"), change_set_entries(before, new, stored_org, org_body))

    @staticmethod
    def _rows_in_scan_order(db: sqlite3.Connection, keys: list[str]) -> dict[str, tuple[str, int, str]]:
        """The stored kind, version and body of ``keys``, in the order a whole-table read returns them (rowid):
        the order replace_register lists removals in."""
        rows = db.execute(
            "SELECT rowid, key, kind, version, body FROM entity WHERE key IN (SELECT value FROM json_each(?))",
            (json.dumps(keys, ensure_ascii=False),),
        ).fetchall()
        return {key: (kind, version, body) for _, key, kind, version, body in sorted(rows)}

    def _write_organisation(self, db: sqlite3.Connection, body: str) -> int:
        row = db.execute("SELECT version, body FROM organisation WHERE id = 1").fetchone()
        version = 1 if row is None else row[0] + (row[1] != body)
        db.execute(
            "INSERT INTO organisation (id, version, body) VALUES (1, ?, ?) "
            "ON CONFLICT (id) DO UPDATE SET version = excluded.version, body = excluded.body",
            (version, body),
        )
        return int(version)

    def put_organisation(
        self, organisation: Organisation, expected_version: int | None, change: ChangeContext | None = None
    ) -> int:
        with self._transaction() as db:
            row = db.execute("SELECT version, body FROM organisation WHERE id = 1").fetchone()
            current = None if row is None else int(row[0])
            if current != expected_version:
                raise ConcurrentEditError(conflict_message(Phrase(N_("the organisation")), expected_version, current))
            body = stored_body(organisation)
            version = 1 if current is None else current + 1
            db.execute(
                "INSERT INTO organisation (id, version, body) VALUES (1, ?, ?) "
                "ON CONFLICT (id) DO UPDATE SET version = excluded.version, body = excluded.body",
                (version, body),
            )
            changed = entity_change(ORGANISATION_KIND, ORGANISATION_KEY, row[1] if row else None, body)
            self._log(db, change or context("edit"), [changed])
            return version

    def put_entity(self, entity: Entity, expected_version: int | None, change: ChangeContext | None = None) -> int:
        kind = kind_of(entity)
        with self._transaction() as db:
            row = db.execute("SELECT kind, version, body FROM entity WHERE key = ?", (entity.key,)).fetchone()
            if row is not None and row[0] != kind.value:
                raise ConcurrentEditError(
                    Phrase(N_("key {key!r} is already used by a {kind}"), key=entity.key, kind=EntityKind(row[0]).word)
                )
            current = None if row is None else int(row[1])
            if current != expected_version:
                raise ConcurrentEditError(
                    conflict_message(
                        Phrase(N_("{kind} {key!r}"), kind=kind.word, key=entity.key), expected_version, current
                    )
                )
            version = 1 if current is None else current + 1
            body = stored_body(entity)
            db.execute(
                "INSERT INTO entity (key, kind, version, body) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET version = excluded.version, body = excluded.body",
                (entity.key, kind.value, version, body),
            )
            changed = entity_change(kind.value, entity.key, row[2] if row else None, body)
            self._log(db, change or context("edit"), [changed])
            return version

    def delete_entity(
        self, kind: EntityKind, key: str, expected_version: int | None, change: ChangeContext | None = None
    ) -> None:
        with self._transaction() as db:
            row = db.execute(
                "SELECT version, body FROM entity WHERE kind = ? AND key = ?", (kind.value, key)
            ).fetchone()
            if row is None:
                raise NotFoundError(Phrase(N_("no {kind} {key!r}"), kind=kind.word, key=key))
            if expected_version is not None and row[0] != expected_version:
                raise ConcurrentEditError(
                    conflict_message(
                        Phrase(N_("{kind} {key!r}"), kind=kind.word, key=key), expected_version, int(row[0])
                    )
                )
            db.execute("DELETE FROM entity WHERE kind = ? AND key = ?", (kind.value, key))
            changed = entity_change(kind.value, key, row[1], None)
            self._log(db, change or context("delete"), [changed])

    # --- history -------------------------------------------------------------------------------

    def revision(self) -> str:
        return self._revision_in(self._db)

    @staticmethod
    def _revision_in(db: sqlite3.Connection) -> str:
        row = db.execute("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()
        return revision_token(*row) if row else revision_token(0, GENESIS_HASH)

    def _log(self, db: sqlite3.Connection, change: ChangeContext, changes: list[EntityChange]) -> None:
        """Append one chained entry in the caller's transaction; a write that changed nothing logs nothing."""
        if not changes:
            return
        last = db.execute("SELECT seq, at, hash FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()
        seq, prev_hash = (1, GENESIS_HASH) if last is None else (last[0] + 1, last[2])
        # Keep timestamps non-decreasing so that replaying by time replays in write order.
        at = datetime.now(UTC)
        if last is not None:
            at = max(at, datetime.fromisoformat(last[1]))
        entry = new_entry(seq, prev_hash, change, changes, at=at)
        db.execute(
            "INSERT INTO change_log (seq, at, entry, hash) VALUES (?, ?, ?, ?)",
            (entry.seq, entry.at.isoformat(), entry.model_dump_json(), entry.hash),
        )
        # The head, kept apart as on Neo4j, so removing the last rows is noticed without an anchor.
        head = json.dumps({"seq": entry.seq, "hash": entry.hash, "at": entry.at.isoformat()})
        db.execute(
            "INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value",
            (HEAD_META, head),
        )

    def changes_since(self, revision: str) -> list[tuple[str, str]] | None:
        parts = revision_parts(revision)
        if parts is None:
            return None
        seq, hash_prefix = parts
        if seq > 0:
            row = self._db.execute("SELECT hash FROM change_log WHERE seq = ?", (seq,)).fetchone()
            if row is None or not str(row[0]).startswith(hash_prefix):
                return None
        elif not GENESIS_HASH.startswith(hash_prefix):
            return None
        # SQLite reads the keys out of the entries' JSON, and only out of the entries after ``seq``. The log
        # is append-only: a write landing meanwhile only adds entries (the caller sees it by the revision).
        rows = self._db.execute(
            "SELECT json_extract(change.value, '$.kind'), json_extract(change.value, '$.key') "
            "FROM change_log, json_each(change_log.entry, '$.changes') AS change "
            "WHERE change_log.seq > ? ORDER BY change_log.seq, change.id",
            (seq,),
        ).fetchall()
        return [(str(kind), str(key)) for kind, key in rows]

    def history(self) -> list[ChangeEntry]:
        # a large entry (a whole-register import) comes back as None: read in parts, see _large_entry
        rows = self._db.execute(
            "SELECT seq, CASE WHEN length(entry) > ? THEN NULL ELSE entry END FROM change_log ORDER BY seq",
            (LARGE_ENTRY_CHARS,),
        ).fetchall()
        return [self._large_entry(seq) if entry is None else parse_stored_entry(seq, entry) for seq, entry in rows]

    def _large_entry(self, seq: int) -> ChangeEntry:
        """A large entry split by SQLite into its head and one JSON text per change (SQLite parses with the
        interpreter released), each change then validated on its own (``parse_entry_in_parts``)."""
        try:
            head = self._db.execute(
                "SELECT json_type(entry, '$.changes'), json_replace(entry, '$.changes', json('[]')) "
                "FROM change_log WHERE seq = ?",
                (seq,),
            ).fetchone()
            if head is None or head[0] != "array":  # not an entry's shape: the whole text says why
                row = self._db.execute("SELECT entry FROM change_log WHERE seq = ?", (seq,)).fetchone()
                return parse_stored_entry(seq, "" if row is None else str(row[0]))
            changes = self._db.execute(
                "SELECT value FROM change_log, json_each(change_log.entry, '$.changes') "
                "WHERE change_log.seq = ? ORDER BY json_each.id",
                (seq,),
            ).fetchall()
        except sqlite3.OperationalError:  # malformed JSON
            return parse_stored_entry(seq, "")
        return parse_entry_in_parts(seq, str(head[1]), [str(change[0]) for change in changes])

    def history_head(self) -> ChainHead:
        row = self._db.execute("SELECT seq, hash FROM change_log ORDER BY seq DESC LIMIT 1").fetchone()
        return ChainHead(int(row[0]), str(row[1])) if row else ChainHead(0, GENESIS_HASH)

    def stored_log(self) -> StoredLog:
        rows = self._db.execute("SELECT seq, at, hash, entry FROM change_log ORDER BY seq").fetchall()
        meta = self._db.execute("SELECT value FROM meta WHERE name = ?", (HEAD_META,)).fetchone()
        head = None
        if meta is not None:  # stores written before the head was recorded have none
            try:
                recorded = json.loads(meta[0])
                head = (int(recorded["seq"]), str(recorded["hash"]), recorded.get("at"))
            except (ValueError, KeyError, TypeError):
                head = (-1, "unreadable", None)
        return StoredLog([StoredChange(int(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows], head)

    def stored_bodies(self) -> dict[tuple[str, str], str]:
        bodies = {
            (str(kind), str(key)): str(body)
            for kind, key, body in self._db.execute("SELECT kind, key, body FROM entity")
        }
        organisation = self._db.execute("SELECT body FROM organisation WHERE id = 1").fetchone()
        if organisation is not None:
            bodies[(ORGANISATION_KIND, ORGANISATION_KEY)] = str(organisation[0])
        return bodies


def _open_read_only(path: Path) -> sqlite3.Connection:
    """A connection that cannot write: no directory, file, schema or migration is ever created.

    (SQLite may still add its -wal and -shm companions beside an existing file in WAL mode, as any
    reader does.)
    """
    if not path.is_file():
        raise InputError(
            Phrase(
                N_("{path}: no such store; a read-only opening creates nothing (seed or import it first)"), path=path
            )
        )
    try:
        db = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro",
            uri=True,
            isolation_level=None,
            check_same_thread=False,
            timeout=BUSY_TIMEOUT_SECONDS,
        )
    except sqlite3.DatabaseError as error:
        raise InputError(
            Phrase(
                N_("{path}: cannot open the store read-only ({reason}); nothing was changed"), path=path, reason=error
            )
        ) from None
    try:
        db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
        row = db.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone()
        if row is None or row[0] != str(SCHEMA_VERSION):
            found = (
                Phrase(N_("no schema version")) if row is None else Phrase(N_("schema version {found}"), found=row[0])
            )
            raise InputError(
                Phrase(
                    N_("{path}: {found}, this program reads {version}; a read-only opening migrates nothing"),
                    path=path,
                    found=found,
                    version=SCHEMA_VERSION,
                )
            )
    except sqlite3.DatabaseError as error:
        db.close()
        raise InputError(
            Phrase(N_("{path}: not a catalogue store ({reason}); nothing was changed"), path=path, reason=error)
        ) from None
    except InputError:
        db.close()
        raise
    return db


def _busy(error: sqlite3.OperationalError) -> bool:
    text = str(error).lower()
    return "locked" in text or "busy" in text
