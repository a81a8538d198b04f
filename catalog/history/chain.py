"""The change history: an append-only, hash-chained log of every write, and the register on any date.

Each write (seed, import, edit, delete, copy) appends one entry in the same transaction as the
change. An entry holds the before and after state of every entity it changed, so the register as
it was at any moment is the replay of the entries up to then. Each entry's hash covers its content
and the previous entry's hash; ``verify_chain`` names the first entry that does not fit.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from pydantic import Field, TypeAdapter, ValidationError

from catalog.domain.base import CatalogModel, trusted
from catalog.domain.register import EntityKind, Register
from catalog.errors import StoreError

GENESIS_HASH = "0" * 64
ORGANISATION_KIND = "organisation"
ORGANISATION_KEY = "organisation"


class ChangeContext(CatalogModel):
    """Who is writing, why, and through which operation."""

    actor: str = Field(description="Signed-in user, --actor, or the OS user.")
    operation: str = Field(description="seed, import, edit, delete, copy, ...")
    reason: str | None = Field(default=None, description="Optional reason given by the actor.")


def default_actor() -> str:
    """``CATALOG_ACTOR`` if set, else the operating-system user."""
    configured = os.environ.get("CATALOG_ACTOR")
    if configured:
        return configured
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "unknown"


def context(operation: str, actor: str | None = None, reason: str | None = None) -> ChangeContext:
    return ChangeContext(actor=actor or default_actor(), operation=operation, reason=reason)


class EntityChange(CatalogModel):
    """One entity's state before and after a write (None: did not exist / deleted)."""

    kind: str = Field(description="Entity kind (collection name) or 'organisation'.")
    key: str = Field(description="Entity key.")
    before: dict[str, Any] | None = Field(description="JSON state before the write.")
    after: dict[str, Any] | None = Field(description="JSON state after the write.")


class ChangeEntry(CatalogModel):
    """One write in the append-only log."""

    seq: int = Field(description="1, 2, 3, ... in write order.")
    at: datetime = Field(description="When the write committed (UTC).")
    actor: str = Field(description="Who wrote.")
    operation: str = Field(description="What kind of write.")
    reason: str | None = Field(default=None, description="Why, if given.")
    changes: list[EntityChange] = Field(description="Entities changed, in key order.")
    prev_hash: str = Field(description="Hash of the previous entry (zeros for the first).")
    hash: str = Field(description="SHA-256 over this entry's content and prev_hash.")

    def content_hash(self) -> str:
        """``entry_hash`` of the entry without its hash, fed to the hash one change at a time.

        The same bytes as the canonical JSON of the whole entry: a whole-register import's entry is tens of
        megabytes, and dumping it in one call holds the interpreter (the UI's worker thread verifies the log
        while pages run).
        """
        head = self.model_dump(mode="json", exclude={"hash", "changes"})
        digest = hashlib.sha256()
        digest.update(b"{")
        for index, name in enumerate(sorted([*head, "changes"])):
            digest.update(b"," if index else b"")
            digest.update(_canonical(name).encode("utf-8") + b":")
            if name != "changes":
                digest.update(_canonical(head[name]).encode("utf-8"))
                continue
            digest.update(b"[")
            for position, change in enumerate(self.changes):
                digest.update(b"," if position else b"")
                digest.update(_canonical(change.model_dump(mode="json")).encode("utf-8"))
            digest.update(b"]")
        digest.update(b"}")
        return digest.hexdigest()

    def entity_keys(self) -> list[str]:
        return [change.key for change in self.changes]


def entry_hash(content: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces) of an entry without its hash."""
    return hashlib.sha256(_canonical(content).encode("utf-8")).hexdigest()


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def new_entry(
    seq: int, prev_hash: str, ctx: ChangeContext, changes: list[EntityChange], at: datetime | None = None
) -> ChangeEntry:
    """Build the next entry of the chain, hashed.

    The hash is computed from the same JSON content ``ChangeEntry.content_hash`` rebuilds from the model
    (verification recomputes it that way), but without copying and validating the states again: a
    whole-register import is one entry holding every entity.
    """
    ordered = sorted(changes, key=lambda c: (c.kind, c.key))
    moment = at or datetime.now(UTC)
    content: dict[str, Any] = {
        "seq": seq,
        "at": _INSTANT.dump_python(moment, mode="json"),
        "actor": ctx.actor,
        "operation": ctx.operation,
        "reason": ctx.reason,
        # States are JSON already (parsed from stored bodies), so they dump as themselves.
        "changes": [{"kind": c.kind, "key": c.key, "before": c.before, "after": c.after} for c in ordered],
        "prev_hash": prev_hash,
    }
    return trusted(
        ChangeEntry,
        seq=seq,
        at=moment,
        actor=ctx.actor,
        operation=ctx.operation,
        reason=ctx.reason,
        changes=ordered,
        prev_hash=prev_hash,
        hash=entry_hash(content),
    )


_INSTANT = TypeAdapter(datetime)


def entity_change(kind: str, key: str, before: str | None, after: str | None) -> EntityChange:
    """The change of one entity from its stored bodies (canonical JSON text, or None when absent)."""
    return trusted(
        EntityChange,
        kind=kind,
        key=key,
        before=None if before is None else json.loads(before),
        after=None if after is None else json.loads(after),
    )


def register_changes(
    old: Mapping[str, tuple[str, str]], new: Mapping[str, tuple[str, str]], old_org: str | None, new_org: str
) -> list[EntityChange]:
    """What a whole-register write changes, from ``key -> (kind, body JSON)`` before and after.

    Bodies are compared as stored text, so only changed entities are parsed. A key that moves to
    another kind is a removal under the old kind and an addition under the new one, so that
    replaying the log rebuilds each collection correctly.
    """
    changes = []
    for key, (kind, body) in new.items():
        previous = old.get(key)
        if previous is None:
            changes.append(entity_change(kind, key, None, body))
        elif previous[0] != kind:
            changes.append(entity_change(previous[0], key, previous[1], None))
            changes.append(entity_change(kind, key, None, body))
        elif previous[1] != body:
            changes.append(entity_change(kind, key, previous[1], body))
    for key, (kind, body) in old.items():
        if key not in new:
            changes.append(entity_change(kind, key, body, None))
    if old_org != new_org:
        changes.append(entity_change(ORGANISATION_KIND, ORGANISATION_KEY, old_org or None, new_org))
    return changes


def revision_token(seq: int, last_hash: str) -> str:
    """The store revision after entry ``seq`` with hash ``last_hash`` (``0`` and the genesis hash: empty)."""
    return f"{seq}-{last_hash[:16]}"


class ChainBreak(CatalogModel):
    """The first entry that does not fit the chain."""

    seq: int = Field(description="Sequence number of the offending entry (or the missing one).")
    reason: str = Field(description="What is wrong.")


def verify_chain(entries: list[ChangeEntry]) -> ChainBreak | None:
    """Recompute every hash and link; return the first break, or None when the chain is intact."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    for entry in entries:
        if entry.seq != expected_seq:
            return ChainBreak(seq=expected_seq, reason=f"entry {expected_seq} is missing (next found is {entry.seq})")
        if entry.prev_hash != prev_hash:
            reason = "its link to the previous entry does not match (an entry was removed or altered)"
            return ChainBreak(seq=entry.seq, reason=reason)
        if entry.content_hash() != entry.hash:
            return ChainBreak(seq=entry.seq, reason="its content does not match its hash (entry altered)")
        prev_hash = entry.hash
        expected_seq += 1
    return None


# --- anchoring and full verification ------------------------------------------------------------
# A store keeps each entry as columns beside the hashed JSON (seq, at, hash; on Neo4j also a head
# node holding the last seq, hash and at). Those copies are not hashed themselves: verification
# checks that each equals the hashed value, so every column shown or used is covered, and logs
# written before this check existed verify unchanged (their copies were always written equal).


@dataclass(frozen=True)
class ChainHead:
    """The last entry of the log: what an auditor records to detect later removals or rewrites."""

    seq: int
    hash: str


@dataclass(frozen=True)
class StoredChange:
    """One change-log record exactly as stored: its columns and the entry's JSON text."""

    seq: int
    at: str
    hash: str
    entry: str


@dataclass(frozen=True)
class StoredLog:
    """The whole stored log, and the separately recorded head (None where the store keeps none)."""

    rows: list[StoredChange]
    head: tuple[int, str, str | None] | None


@dataclass(frozen=True)
class VerifyProblem:
    """One thing verification found wrong; ``seq`` names the entry when there is one."""

    seq: int | None
    reason: str

    def __str__(self) -> str:
        return f"entry #{self.seq}: {self.reason}" if self.seq is not None else self.reason


def parse_stored_entry(seq: int, text: str) -> ChangeEntry:
    """An entry from its stored JSON; an unreadable one is a store error naming it, never a traceback."""
    try:
        return ChangeEntry.model_validate_json(text)
    except ValidationError:
        raise StoreError(
            f"change log entry #{seq} cannot be read (it was altered outside the catalog); run 'catalog history verify'"
        ) from None


def parse_entry_in_parts(seq: int, head: str, changes: list[str]) -> ChangeEntry:
    """An entry from its stored JSON without its changes (``head``, holding an empty list of changes) and
    each change's JSON, every change validated on its own.

    A whole-register import's entry is tens of megabytes: validated in one call it holds the interpreter
    for a second or more, while the UI's pages wait on it; one change at a time, they do not.
    """
    try:
        entry = ChangeEntry.model_validate_json(head)
        parsed = [EntityChange.model_validate_json(text) for text in changes]
    except ValidationError:
        raise StoreError(
            f"change log entry #{seq} cannot be read (it was altered outside the catalog); run 'catalog history verify'"
        ) from None
    return entry.model_copy(update={"changes": parsed})


def verify_log(log: StoredLog, expected_head: str | None = None) -> tuple[list[ChangeEntry], list[VerifyProblem]]:
    """Check the chain, every stored column against the hashed entry, the recorded head and an expected head.

    Returns the entries that could be read (for replaying) and the problems found, first break first.
    """
    entries: list[ChangeEntry] = []
    for row in log.rows:
        try:
            entries.append(ChangeEntry.model_validate_json(row.entry))
        except ValidationError:
            return entries, [VerifyProblem(row.seq, "its stored entry is not a readable change entry (altered)")]
    problems: list[VerifyProblem] = []
    broken = verify_chain(entries)
    if broken is not None:
        problems.append(VerifyProblem(broken.seq, broken.reason))
    for row, entry in zip(log.rows, entries, strict=True):
        problems.extend(_column_problems(row, entry))
    last = entries[-1] if entries else None
    if log.head is not None:
        head_seq, head_hash, head_at = log.head
        if (head_seq, head_hash) != ((last.seq, last.hash) if last else (0, GENESIS_HASH)):
            shown = f"#{last.seq}" if last else "no entry"
            problems.append(
                VerifyProblem(
                    None,
                    f"the log's head records entry #{head_seq} ({head_hash[:16]}) but the last entry is {shown}: "
                    "entries were removed or the head was altered",
                )
            )
        elif last is not None and head_at is not None and _instant(head_at) != last.at:
            problems.append(VerifyProblem(last.seq, "the head's stored time differs from the hashed time (edited)"))
    if expected_head is not None:
        problems.extend(_expected_head_problems(entries, expected_head))
    return entries, problems


def _column_problems(row: StoredChange, entry: ChangeEntry) -> list[VerifyProblem]:
    found = []
    if row.seq != entry.seq:
        found.append(VerifyProblem(row.seq, f"its stored number differs from the hashed one (#{entry.seq})"))
    if row.hash != entry.hash:
        found.append(VerifyProblem(entry.seq, "its stored hash column differs from the entry's hash (edited)"))
    if _instant(row.at) != entry.at:
        found.append(
            VerifyProblem(
                entry.seq,
                f"its stored time {row.at!r} differs from the hashed time {entry.at.isoformat()} (edited)",
            )
        )
    return found


def _instant(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def _expected_head_problems(entries: list[ChangeEntry], expected: str) -> list[VerifyProblem]:
    matching = [entry for entry in entries if entry.hash == expected]
    if matching:
        return []
    return [
        VerifyProblem(
            None,
            f"the expected head {expected[:16]}... is not in the history: the entries up to it "
            f"were removed or rewritten (the history now ends at #{entries[-1].seq if entries else 0})",
        )
    ]


def replay_problems(entries: list[ChangeEntry], stored: Mapping[tuple[str, str], str]) -> list[VerifyProblem]:
    """Replay the whole log and compare it with the stored bodies: a write that bypassed the log shows up."""
    replayed = state_at(entries, datetime.max.replace(tzinfo=UTC))
    problems = []
    for kind, key in sorted(set(replayed) | set(stored)):
        logged = replayed.get((kind, key))
        text = stored.get((kind, key))
        try:
            body = None if text is None else json.loads(text)
        except ValueError:
            body = {}
        if body == logged:
            continue
        what = _described(kind, key, body or logged or {})
        if text is None:
            reason = f"{what} is in the history but not in the store (deleted outside the catalog)"
        elif logged is None:
            reason = f"{what} is stored but the history never recorded it (added outside the catalog)"
        else:
            reason = f"the stored {what} differs from the history (edited outside the catalog)"
        problems.append(VerifyProblem(None, reason))
    return problems


def _described(kind: str, key: str, body: Mapping[str, Any]) -> str:
    if kind == ORGANISATION_KIND:
        return "organisation"
    name = body.get("name") or body.get("legal_name")
    try:
        singular = EntityKind(kind).singular
    except ValueError:
        singular = kind
    return f"{singular} {name!r} ({key})" if isinstance(name, str) and name else f"{singular} {key!r}"


def end_of(day: date) -> datetime:
    """The last instant of a UTC day: '--register-as-of 2026-01-31' includes that whole day."""
    return datetime.combine(day, time.max, tzinfo=UTC)


def state_at(entries: list[ChangeEntry], moment: datetime) -> dict[tuple[str, str], dict[str, Any]]:
    """Replay the log up to ``moment`` (inclusive)."""
    state: dict[tuple[str, str], dict[str, Any]] = {}
    for entry in entries:
        if entry.at > moment:
            break
        for change in entry.changes:
            if change.after is None:
                state.pop((change.kind, change.key), None)
            else:
                state[(change.kind, change.key)] = change.after
    return state


def register_from_state(state: dict[tuple[str, str], dict[str, Any]]) -> Register | None:
    """Build a register from a replayed state; None when nothing existed then."""
    organisation = state.get((ORGANISATION_KIND, ORGANISATION_KEY))
    if organisation is None:
        return None
    collections: dict[str, list[dict[str, Any]]] = {kind.value: [] for kind in EntityKind}
    for (kind, _key), body in sorted(state.items()):
        if kind != ORGANISATION_KIND:
            collections[kind].append(body)
    try:
        return Register.model_validate({"organisation": organisation, **collections})
    except ValidationError as error:
        raise StoreError(f"the change history replays to an invalid register ({error.error_count()} errors)") from None
