"""The import plan: what an import would change, and the findings it would add or remove, before it writes.

Every import (a YAML register, a spreadsheet, a vendor's sub-processor list, a Fides export) builds
the register it would leave in the store and hands it to ``plan_import``. The plan lists the entities
added, removed and changed (by name, key as detail, with the fields that changed), runs the compliance
engine on the stored and the incoming register on the as-of date and keeps the findings that appear or
disappear, and applies the deletion guard. ``apply_plan`` then writes it in one transaction, or writes
nothing on a dry run.

A plan records the store revision it was made from, and the write is refused if another write landed
since (checked under the store's write lock). ``run_import`` then reads the register again and plans
once more on it; the new plan is written unless it would change again an entity that the other write
changed (``ImportConflictError``, naming them), so concurrent imports are serialised, never lost.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import Any

from catalog.compliance.engine import evaluate
from catalog.compliance.incremental import IncrementalCheck
from catalog.compliance.model import CheckReport, Finding
from catalog.domain.base import trusted
from catalog.domain.fieldtext import field_label
from catalog.domain.models import Organisation
from catalog.domain.register import EntityKind, Register, display_name, find_reference_issues
from catalog.errors import ConcurrentEditError, InputError, NotFoundError, ReadOnlyError, RegisterChangedError
from catalog.history.chain import ChangeContext, context
from catalog.importers.reconcile import Comparer, Conflict, Prefer, keep_unstated, reconcile
from catalog.kernel.i18n import N_, translator
from catalog.kernel.localtext import LANGUAGES
from catalog.kernel.phrase import Joined, Phrase, and_joined, render
from catalog.kernel.progress import SILENT, Progress
from catalog.reference import ReferenceData, load_reference
from catalog.store.base import ChangeSet, RegisterStore
from catalog.store.readonly import is_read_only

ORGANISATION = "organisation"

DELETION_SHARE = 0.25
"""A replace removing more than this share of the stored entities is refused without --allow-deletions."""

MAX_ATTEMPTS = 16
"""How many times an import plans and tries to write before giving up while other writers keep landing first."""
RETRY_PAUSE_SECONDS = 0.05
"""The base of the jittered, growing pause between attempts, so racing writers spread out."""
MOST_WRITTEN_APART = 1000
"""Up to this many changes (and at most half the stored entities) an import writes only what it changes
(``apply_changes``); beyond, rewriting the whole register costs no more (on Neo4j, less)."""


class ImportMode(StrEnum):
    """How an import combines with the stored register."""

    REPLACE = "replace"  # the incoming register becomes the register; what it lacks is removed
    MERGE = "merge"  # incoming entities are added or update stored ones; nothing is removed


class Action(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    """One top-level field of an entity whose value differs (JSON values)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class EntityDiff:
    """One entity the import adds, removes or changes."""

    kind: str  # an EntityKind value, or "organisation"
    key: str
    name: str
    action: Action
    fields: tuple[FieldChange, ...] = ()

    @property
    def kind_label(self) -> str:
        return ORGANISATION if self.kind == ORGANISATION else EntityKind(self.kind).singular.replace("_", " ")


@dataclass(frozen=True)
class FindingDelta:
    """A finding that the import would add or remove, with the names a person reads."""

    id: str
    rule: str
    severity: str
    article: str
    message: str
    subject: str
    subject_name: str
    country: str | None

    @classmethod
    def of(cls, finding: Finding, names: Mapping[str, str]) -> FindingDelta:
        return cls(
            id=finding.id,
            rule=finding.rule,
            severity=finding.severity.value,
            article=finding.article,
            message=finding.message,
            subject=finding.subject,
            subject_name=names.get(finding.subject, finding.subject),
            country=finding.country,
        )


@dataclass(frozen=True)
class ImportWarning:
    """A cell (or line) the importer did not understand: kept as unknown, never guessed."""

    message: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None

    def __str__(self) -> str:
        return self.render("en")

    def render(self, lang: str) -> str:
        """The warning in ``lang``: where (sheet, row, column) and what, with the value as the source wrote it."""
        _ = translator(lang)
        where = ", ".join(
            part
            for part in (
                _("sheet {sheet!r}").format(sheet=self.sheet) if self.sheet else None,
                _("row {row}").format(row=self.row) if self.row is not None else None,
                _("column {column!r}").format(column=self.column) if self.column else None,
            )
            if part
        )
        message = render(self.message, lang)
        value = " " + _("(value {value!r})").format(value=self.value) if self.value is not None else ""
        return f"{where}: {message}{value}" if where else f"{message}{value}"


@dataclass(frozen=True)
class RowEntity:
    """An entity a source row produced; ``action`` is filled in against the stored register."""

    kind: str
    key: str
    name: str
    action: str = ""  # created, matched (already stored, unchanged) or changed

    @property
    def kind_label(self) -> str:
        return ORGANISATION if self.kind == ORGANISATION else EntityKind(self.kind).singular.replace("_", " ")


@dataclass(frozen=True)
class RowReport:
    """What one row of a spreadsheet (or list) produced."""

    sheet: str | None
    row: int
    label: str
    entities: tuple[RowEntity, ...]


@dataclass(frozen=True)
class Incoming:
    """What a reader produced: the register the import would leave, and its per-row report."""

    register: Register
    source: str
    mode: ImportMode
    source_kind: str = "yaml"  # yaml, ico, datatilsynet, catalog-ropa, subprocessors, fides, ...
    rows: tuple[RowReport, ...] = ()
    warnings: tuple[ImportWarning, ...] = ()
    summary: tuple[str, ...] = ()  # source-specific lines, e.g. a vendor's sub-processors added and removed
    conflicts: tuple[Conflict, ...] = ()
    """Fields the source states coarsely and differently from the stored register (kept as stored)."""
    mentioned: frozenset[tuple[str, str]] | None = None
    """(kind, key) of the stored entities the source names; None: the source is a whole register."""


@dataclass(frozen=True)
class ImportPlan:
    """The change an import makes, its findings delta, and whether the deletion guard refuses it."""

    source: str
    source_kind: str
    mode: ImportMode
    as_of: date
    stored_entities: int
    incoming_entities: int
    changes: tuple[EntityDiff, ...]
    findings_added: tuple[FindingDelta, ...]
    findings_removed: tuple[FindingDelta, ...]
    rows: tuple[RowReport, ...] = ()
    warnings: tuple[ImportWarning, ...] = ()
    summary: tuple[str, ...] = ()
    register: Register | None = field(default=None, compare=False, repr=False)
    applied: bool = False
    dry_run: bool = False
    based_on: str | None = field(default=None, compare=False)
    """The store revision read before the stored register this plan compares with; the write checks it."""
    attempts: int = 1
    """How many times the import planned: more than one when other writes landed in between."""
    conflicts: tuple[Conflict, ...] = ()
    prefer: Prefer = Prefer.STORED
    """Which value the conflicts keep: the stored one (default) or the source's (``--prefer source``)."""
    taken: frozenset[tuple[str, str, str]] = frozenset()
    """(kind, key, field) of the conflicts whose source value the plan writes (all with --prefer source;
    those the person chose on the UI's Import page)."""
    untouched: int | None = None
    """How many stored entities the source does not mention (left unchanged); None for a replace."""

    @property
    def removed(self) -> list[EntityDiff]:
        return [c for c in self.changes if c.action == Action.REMOVED and c.kind != ORGANISATION]

    @property
    def is_empty(self) -> bool:
        return not self.changes

    def counts(self) -> dict[str, dict[str, int]]:
        """Per kind (collection name or organisation): how many added, removed, changed; only kinds touched."""
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            per = counts.setdefault(change.kind, {action.value: 0 for action in Action})
            per[change.action.value] += 1
        return counts

    def totals(self) -> dict[str, int]:
        return {action.value: sum(1 for c in self.changes if c.action == action) for action in Action}

    def deletion_refusal(self, stored: Register | None) -> str | None:
        """Why the deletion guard refuses this plan (None: it does not).

        Refused: removing more than a quarter of the stored entities, or every stored entity of a kind.
        """
        if stored is None or self.stored_entities == 0:
            return None
        removed = self.removed
        if not removed:
            return None
        removed_per_kind = {kind: sum(1 for r in removed if r.kind == kind.value) for kind in EntityKind}
        emptied = [kind for kind, n in removed_per_kind.items() if n and n == len(stored.entities(kind))]
        share = len(removed) / self.stored_entities
        if not emptied and share <= DELETION_SHARE:
            return None
        reasons: list[str] = []
        if emptied:
            reasons.append(and_joined([Phrase(N_("every {kind}"), kind=kind.noun) for kind in emptied]))
        if share > DELETION_SHARE:
            reasons.append(
                Phrase(
                    N_("{removed} of the {stored} stored entities ({share})"),
                    removed=len(removed),
                    stored=self.stored_entities,
                    share=f"{share:.0%}",
                )
            )
        return Phrase(
            N_(
                "{source}: this import would remove {what}: {listed}. An emptied or truncated file must not wipe the "
                "register; nothing was changed. If the removal is intended, run it again with --allow-deletions "
                "(try --dry-run first)."
            ),
            source=self.source,
            what=and_joined(reasons),
            listed=_name_list(removed),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "source_kind": self.source_kind,
            "mode": self.mode.value,
            "as_of": self.as_of.isoformat(),
            "dry_run": self.dry_run,
            "applied": self.applied,
            "stored_entities": self.stored_entities,
            "incoming_entities": self.incoming_entities,
            "totals": self.totals(),
            "summary": list(self.summary),
            "untouched": self.untouched,
            "prefer": self.prefer.value,
            "conflicts": [
                {
                    "kind": c.kind,
                    "key": c.key,
                    "name": c.name,
                    "field": c.field,
                    "label": label_of(c.kind, c.field),
                    "stored": c.stored,
                    "source": c.source,
                    "applied": (c.kind, c.key, c.field) in self.taken,
                }
                for c in self.conflicts
            ],
            "counts": self.counts(),
            "changes": [
                {
                    "kind": c.kind,
                    "key": c.key,
                    "name": c.name,
                    "action": c.action.value,
                    "fields": [
                        {"field": f.field, "label": label_of(c.kind, f.field), "before": f.before, "after": f.after}
                        for f in c.fields
                    ],
                }
                for c in self.changes
            ],
            "findings_added": [_finding_json(f) for f in self.findings_added],
            "findings_removed": [_finding_json(f) for f in self.findings_removed],
            "rows": [
                {
                    "sheet": r.sheet,
                    "row": r.row,
                    "label": r.label,
                    "entities": [
                        {"kind": e.kind, "key": e.key, "name": e.name, "action": e.action} for e in r.entities
                    ],
                }
                for r in self.rows
            ],
            "warnings": [
                {"sheet": w.sheet, "row": w.row, "column": w.column, "value": w.value, "message": w.message}
                for w in self.warnings
            ],
        }


def label_of(kind: str, name: str) -> str:
    """The label a person reads for field ``name`` of an entity of ``kind`` (or of the organisation)."""
    return field_label(Organisation if kind == ORGANISATION else EntityKind(kind).model, name)


def _finding_json(finding: FindingDelta) -> dict[str, Any]:
    return {
        "id": finding.id,
        "rule": finding.rule,
        "severity": finding.severity,
        "article": finding.article,
        "subject": finding.subject,
        "subject_name": finding.subject_name,
        "country": finding.country,
        "message": finding.message,
    }


def _name_list(diffs: list[EntityDiff], limit: int = 12) -> str:
    shown = Joined(", ", [Phrase(N_("{kind} {name!r}"), kind=_kind_noun(d.kind), name=d.name) for d in diffs[:limit]])
    more = len(diffs) - limit
    return Phrase(N_("{names} and {count} more"), names=shown, count=more) if more > 0 else shown


def _kind_noun(kind: str) -> str:
    """'data category', 'organisation': a kind in prose, in any language."""
    return Phrase(N_("organisation")) if kind == ORGANISATION else EntityKind(kind).noun


def node_names(register: Register | None, only: set[str] | None = None) -> dict[str, str]:
    """Graph node ids (``processor:hubspot``, ``controller``) -> display names (of the nodes in ``only``, if given:
    a name is worded only for a finding shown)."""
    if register is None:
        return {}
    prefixes = {
        EntityKind.ACTIVITY: "activity",
        EntityKind.SYSTEM: "system",
        EntityKind.PROCESSOR: "processor",
        EntityKind.RECIPIENT: "recipient",
        EntityKind.DATA_CATEGORY: "category",
        EntityKind.DATA_SUBJECT: "subject",
        EntityKind.COUNTRY_ASSESSMENT: "country-assessment",
        EntityKind.TIA: "tia",
    }
    names = {"controller": register.organisation.name}
    for kind, entity in register.all_entities():
        node = f"{prefixes[kind]}:{entity.key}"
        if only is None or node in only:
            names[node] = display_name(entity)
    return names


def count_entities(register: Register | None) -> int:
    return 0 if register is None else sum(len(getattr(register, kind.value)) for kind in EntityKind)


def diff_registers(before: Register | None, after: Register) -> tuple[EntityDiff, ...]:
    """Entities added, removed and changed from ``before`` to ``after``, by kind then name."""
    diffs: list[EntityDiff] = []
    old_org = before.organisation if before is not None else None
    if old_org is None:
        diffs.append(EntityDiff(ORGANISATION, ORGANISATION, after.organisation.name, Action.ADDED))
    elif old_org != after.organisation:
        fields = _field_changes(old_org.model_dump(mode="json"), after.organisation.model_dump(mode="json"))
        diffs.append(EntityDiff(ORGANISATION, ORGANISATION, after.organisation.name, Action.CHANGED, fields))
    for kind in EntityKind:
        if before is not None and getattr(before, kind.value) is getattr(after, kind.value):
            continue  # the very list the stored register holds: nothing of this kind changed
        old = {e.key: e for e in before.entities(kind)} if before is not None else {}
        new = {e.key: e for e in after.entities(kind)}
        per_kind: list[EntityDiff] = []
        for key, entity in new.items():
            previous = old.get(key)
            if previous is entity:  # kept as it was (an import leaves what it does not touch the same object)
                continue
            if previous is None:
                per_kind.append(EntityDiff(kind.value, key, display_name(entity), Action.ADDED))
            elif previous != entity:
                fields = _field_changes(previous.model_dump(mode="json"), entity.model_dump(mode="json"))
                if fields:
                    per_kind.append(EntityDiff(kind.value, key, display_name(entity), Action.CHANGED, fields))
        per_kind.extend(
            EntityDiff(kind.value, key, display_name(entity), Action.REMOVED)
            for key, entity in old.items()
            if key not in new
        )
        diffs.extend(sorted(per_kind, key=lambda d: (list(Action).index(d.action), d.name.casefold(), d.key)))
    return tuple(diffs)


def _field_changes(before: dict[str, Any], after: dict[str, Any]) -> tuple[FieldChange, ...]:
    names = list(dict.fromkeys([*before, *after]))
    return tuple(
        FieldChange(name, before.get(name), after.get(name)) for name in names if before.get(name) != after.get(name)
    )


def findings_delta(
    before: CheckReport | None, after: CheckReport, names: Mapping[str, str]
) -> tuple[tuple[FindingDelta, ...], tuple[FindingDelta, ...]]:
    """Findings present after but not before (added), and before but not after (removed), by stable id."""
    old = {f.id: f for f in before.findings} if before is not None else {}
    new = {f.id: f for f in after.findings}
    added = tuple(FindingDelta.of(f, names) for f in after.findings if f.id not in old)
    removed = tuple(FindingDelta.of(f, names) for f in (before.findings if before else []) if f.id not in new)
    return added, removed


def _delta_subjects(before: CheckReport | None, after: CheckReport) -> set[str]:
    """The subjects of the findings ``findings_delta`` lists: the only nodes whose names a plan shows."""
    old = {f.id for f in before.findings} if before is not None else set()
    new = {f.id for f in after.findings}
    subjects = {f.subject for f in after.findings if f.id not in old}
    return subjects | {f.subject for f in (before.findings if before else []) if f.id not in new}


def stored_register(store: RegisterStore) -> Register | None:
    """The stored register, or None for an empty store."""
    if store.is_empty():
        return None
    try:
        return store.load_register()
    except NotFoundError:
        return None


@dataclass(frozen=True)
class Snapshot:
    """The stored register (None: an empty store) and the revision read just before it."""

    register: Register | None
    revision: str


def read_snapshot(store: RegisterStore) -> Snapshot:
    """The stored register and its revision, read again while other writes land during the load.

    A load is not one snapshot on either store (Neo4j reads committed data as it goes; the embedded
    store reads each kind in its own statement), so a write committing meanwhile could leave, say, a
    processor engaging a sub-processor the load did not see. Every write moves the revision, so a
    load with the same revision before and after saw no write. Should writes never pause, the last
    load is kept with the revision from before it: the write then refuses, and nothing is lost.
    """
    for attempt in range(1, MAX_ATTEMPTS + 1):
        revision = store.revision()
        register = stored_register(store)
        if store.revision() == revision or attempt == MAX_ATTEMPTS:
            return Snapshot(register, revision)
        time.sleep(RETRY_PAUSE_SECONDS * random.random())
    raise AssertionError("unreachable: the last attempt returns")  # pragma: no cover


class ImportConflictError(ConcurrentEditError):
    """Another write changed entities that this import changes too; nothing was written (exit 2)."""


def whole_register(
    register: Register,
    source: str,
    source_kind: str,
    stored: Register | None,
    mode: ImportMode | None,
    not_carried: Mapping[EntityKind, frozenset[str]] | None = None,
    coarse: Mapping[EntityKind, Mapping[str, Comparer]] | None = None,
) -> Incoming:
    """A source that holds a whole register (YAML, Fides): it replaces the stored one unless ``mode`` is merge.

    ``not_carried``: per kind, the fields the source's format cannot hold (Fides: an activity's role and
    structured retention). On a merge they keep their stored values; ``coarse`` fields are compared
    (``reconcile.reconcile``): agreeing, they keep the stored value; else a conflict is listed.
    """
    chosen = mode or ImportMode.REPLACE
    mentioned = None
    conflicts: list[Conflict] = []
    if chosen == ImportMode.MERGE:
        mentioned = frozenset((kind.value, e.key) for kind, e in register.all_entities())
        register = merge_registers(stored, register, not_carried, coarse, conflicts)
    return Incoming(
        register=register,
        source=source,
        mode=chosen,
        source_kind=source_kind,
        mentioned=mentioned,
        conflicts=tuple(conflicts),
    )


def merge_registers(
    stored: Register | None,
    incoming: Register,
    not_carried: Mapping[EntityKind, frozenset[str]] | None = None,
    coarse: Mapping[EntityKind, Mapping[str, Comparer]] | None = None,
    conflicts: list[Conflict] | None = None,
) -> Register:
    """``incoming``'s entities added to or updating ``stored``'s by key; nothing stored is removed.

    A stored entity keeps every field the source's format does not carry (``not_carried``) and every
    field the source leaves empty or states only in part (``reconcile.keep_unstated``: a safeguard without its
    note agrees with the stored one). The stored organisation is kept (the source's controller details
    only fill an empty store). The result is validated: references must resolve.
    """
    if stored is None:
        return incoming
    collections: dict[str, list[dict[str, Any]]] = {}
    for kind in EntityKind:
        merged = {e.key: e.model_dump(mode="json") for e in stored.entities(kind)}
        for entity in incoming.entities(kind):
            body = entity.model_dump(mode="json")
            before = merged.get(entity.key)
            if before is not None:
                for name in (not_carried or {}).get(kind, frozenset()):
                    if name in before:
                        body[name] = before[name]
                compared = (coarse or {}).get(kind, {})
                found = reconcile(kind.value, entity.key, display_name(entity), before, body, compared)
                if conflicts is not None:
                    conflicts.extend(found)
                keep_unstated(before, body)
                drop_outdated_provenance(before, body)
            merged[entity.key] = body
        collections[kind.value] = list(merged.values())
    return Register.model_validate({"organisation": stored.organisation.model_dump(), **collections})


def with_source_values(register: Register, conflicts: Iterable[Conflict]) -> Register:
    """``register`` with the source's value of every conflict (``--prefer source``)."""
    conflicts = list(conflicts)
    if not conflicts:
        return register
    # Only the entities a conflict names change: they are validated, the rest kept as they are.
    named = {(conflict.kind, conflict.key) for conflict in conflicts}
    found = {(kind.value, e.key): e for kind, e in register.all_entities() if (kind.value, e.key) in named}
    bodies: dict[tuple[str, str], dict[str, Any]] = {}
    for conflict in conflicts:
        entity = found.get((conflict.kind, conflict.key))
        if entity is not None:
            body = bodies.setdefault((conflict.kind, conflict.key), entity.model_dump(mode="json"))
            before = dict(body)
            body[conflict.field] = conflict.source
            drop_outdated_provenance(before, body)
    collections: dict[str, Any] = {}
    for kind in EntityKind:
        collections[kind.value] = (
            [
                kind.model.model_validate(bodies[(kind.value, entity.key)])
                if (kind.value, entity.key) in bodies
                else entity
                for entity in register.entities(kind)
            ]
            if any(body_kind == kind.value for body_kind, _ in bodies)
            else getattr(register, kind.value)  # the same list: the plan's diff skips it
        )
    changed = trusted(Register, organisation=register.organisation, **collections)
    if find_reference_issues(changed):  # refused as validating the whole register refuses it, same message
        data = register.model_dump(mode="json")
        for kind in EntityKind:
            data[kind.value] = [bodies.get((kind.value, body["key"]), body) for body in data[kind.value]]
        return Register.model_validate(data)
    return changed


def drop_outdated_provenance(before: dict[str, Any], body: dict[str, Any]) -> None:
    """Keep the stored readings and assumptions that still describe ``body``'s facts (issue #29).

    A value the source no longer lists takes its reading with it, and a field whose value the source
    changed is stated by the source now, so a reading of the old value no longer applies.
    """
    kept = []
    for entry in body.get("provenance") or []:
        current = body.get(entry["field"])
        if entry.get("value") is not None:
            still = isinstance(current, list) and entry["value"] in [_listed(value) for value in current]
        else:
            still = before.get(entry["field"]) == current
        if still:
            kept.append(entry)
    body["provenance"] = kept


def _listed(value: Any) -> str:
    # a text held by language ({en: …, nb: …}) is named by its English (else first) text, as in the register
    if isinstance(value, dict) and value and set(value) <= set(LANGUAGES):
        return str(value.get("en") or next(iter(value.values())))
    return str(value)


def plan_import(
    store: RegisterStore,
    incoming: Incoming,
    as_of: date | None = None,
    stored: Register | None = None,
    based_on: str | None = None,
    prefer: Prefer = Prefer.STORED,
    chosen: frozenset[tuple[str, str, str]] = frozenset(),
    kept: KeptReports | None = None,
) -> ImportPlan:
    """Compare the stored register with the one ``incoming`` would leave; nothing is written.

    ``incoming.register`` is the whole register after the import (readers merge it already when they
    match rows to stored entities). ``stored`` may be passed when the caller loaded it already, with
    ``based_on``, the revision read before it (see ``read_snapshot``). Without ``based_on`` the
    current revision is read now: a caller passing an older ``stored`` must check its own revision
    before applying (the UI's Import page does), or the write could not notice a change in between.
    ``kept``: the reports before and after from a check kept for ``stored`` on ``as_of`` (the UI's worker
    keeps one), instead of checking ``stored`` again.
    """
    revision = based_on if based_on is not None else store.revision()
    before = stored if stored is not None else stored_register(store)
    after = incoming.register
    taken = tuple(c for c in incoming.conflicts if prefer == Prefer.SOURCE or (c.kind, c.key, c.field) in chosen)
    after = with_source_values(after, taken)
    day = as_of or date.today()
    reference = load_reference()
    changes = diff_registers(before, after)
    report_before: CheckReport | None
    if kept is not None and before is not None:
        changed = [c.key for c in changes if c.kind != ORGANISATION]
        report_before, report_after = kept(after, changed, any(c.kind == ORGANISATION for c in changes))
    else:
        report_before, report_after = _reports_before_and_after(before, after, changes, reference, day)
    shown = _delta_subjects(report_before, report_after)
    names = {**node_names(before, shown), **node_names(after, shown)}
    added, removed = findings_delta(report_before, report_after, names)
    return ImportPlan(
        source=incoming.source,
        source_kind=incoming.source_kind,
        mode=incoming.mode,
        as_of=day,
        stored_entities=count_entities(before),
        incoming_entities=count_entities(after),
        changes=changes,
        findings_added=added,
        findings_removed=removed,
        rows=_rows_with_actions(incoming.rows, changes),
        warnings=incoming.warnings,
        summary=incoming.summary,
        register=after,
        based_on=revision,
        conflicts=incoming.conflicts,
        prefer=prefer,
        taken=frozenset((c.kind, c.key, c.field) for c in taken),
        untouched=_untouched(before, incoming.mentioned, changes),
    )


def _reports_before_and_after(
    before: Register | None, after: Register, changes: tuple[EntityDiff, ...], reference: ReferenceData, day: date
) -> tuple[CheckReport | None, CheckReport]:
    """The check of the stored register and of the one the import leaves: the second is the first brought up
    to date for what the import changes (a one-row import re-judges what that row touches, not every hop)."""
    if before is None:
        return None, evaluate(after, reference, day)
    check = IncrementalCheck(before, reference, day)
    report_before = check.report
    changed = [c.key for c in changes if c.kind != ORGANISATION]
    organisation_changed = any(c.kind == ORGANISATION for c in changes)
    return report_before, check.update(after, changed, organisation_changed=organisation_changed)


def _untouched(
    before: Register | None, mentioned: frozenset[tuple[str, str]] | None, changes: tuple[EntityDiff, ...]
) -> int | None:
    """How many stored entities the source does not mention and the import leaves as they are."""
    if before is None or mentioned is None:
        return None
    # The stored entities less those named or changed: only the kinds these fall in are walked.
    named = mentioned | {(c.kind, c.key) for c in changes if c.kind != ORGANISATION}
    stored_named = 0
    for kind in {kind for kind, _ in named} & {kind.value for kind in EntityKind}:
        keys = {entity.key for entity in getattr(before, kind)}
        stored_named += sum(1 for named_kind, key in named if named_kind == kind and key in keys)
    return count_entities(before) - stored_named


def _rows_with_actions(rows: Iterable[RowReport], changes: tuple[EntityDiff, ...]) -> tuple[RowReport, ...]:
    actions = {(c.kind, c.key): c.action for c in changes}
    out = []
    for row in rows:
        entities = []
        for entity in row.entities:
            action = actions.get((entity.kind, entity.key))
            label = "created" if action == Action.ADDED else "changed" if action == Action.CHANGED else "matched"
            entities.append(replace(entity, action=label))
        out.append(replace(row, entities=tuple(entities)))
    return tuple(out)


def apply_plan(
    store: RegisterStore,
    plan: ImportPlan,
    *,
    stored: Register | None,
    allow_deletions: bool = False,
    dry_run: bool = False,
    change: ChangeContext | None = None,
    progress: Progress = SILENT,
) -> ImportPlan:
    """Write the plan's register in one transaction (or nothing on a dry run); return the plan as done.

    Raises ``InputError`` when the deletion guard refuses the plan, dry run or not, so a dry run shows
    the refusal the real import would meet, and ``RegisterChangedError`` when another write landed
    after the revision the plan was made from (``run_import`` then plans again).
    """
    refusal = None if allow_deletions else plan.deletion_refusal(stored)
    if refusal is not None:
        raise InputError(refusal)
    if dry_run:
        return replace(plan, dry_run=True)
    if plan.is_empty:
        return plan
    if is_read_only(store):
        raise ReadOnlyError(
            Phrase(
                N_("{store} is open read-only (auditor); the import was refused, nothing changed"),
                store=store.display_url,
            )
        )
    assert plan.register is not None  # built by plan_import
    progress.stage(f"writing {plan.incoming_entities:,} entities")
    if (
        stored is not None
        and plan.based_on is not None
        and len(plan.changes) <= min(MOST_WRITTEN_APART, plan.stored_entities // 2)
    ):
        # The plan's diff is against ``stored``, the register at ``based_on``, which the store checks under
        # its write lock: writing the diff leaves what writing the whole register would.
        store.apply_changes(
            change_set(plan),
            fault_hook=progress.advance,
            change=change or context("import"),
            expected_revision=plan.based_on,
        )
    else:
        store.replace_register(
            plan.register,
            fault_hook=progress.advance,
            change=change or context("import"),
            expected_revision=plan.based_on,
        )
    return replace(plan, applied=True)


def change_set(plan: ImportPlan) -> ChangeSet:
    """What the plan changes as the store writes it: entities in the order of the plan's register, removals,
    and the organisation when it changed."""
    assert plan.register is not None  # built by plan_import
    written = {(c.kind, c.key) for c in plan.changes if c.action != Action.REMOVED and c.kind != ORGANISATION}
    kinds = [kind for kind in EntityKind if any(kind.value == written_kind for written_kind, _ in written)]
    put = tuple(
        entity for kind in kinds for entity in getattr(plan.register, kind.value) if (kind.value, entity.key) in written
    )
    deleted = tuple(
        (EntityKind(c.kind), c.key) for c in plan.changes if c.action == Action.REMOVED and c.kind != ORGANISATION
    )
    organisation_changed = any(c.kind == ORGANISATION for c in plan.changes)
    return ChangeSet(put, deleted, plan.register.organisation if organisation_changed else None)


KeptReports = Callable[[Register, list[str], bool], tuple[CheckReport, CheckReport]]
"""The reports of a kept check before and after a change (the register after, the changed keys, whether the
organisation changed), the kept check left as it was."""

IncomingReader = Callable[[Register | None], Incoming]
"""A source already read, turned into the register an import would leave given the stored one: called
again on the new stored register when another write landed before this one could."""


def run_import(
    store: RegisterStore,
    incoming: Incoming | IncomingReader,
    *,
    as_of: date | None = None,
    allow_deletions: bool = False,
    dry_run: bool = False,
    change: ChangeContext | None = None,
    snapshot: Snapshot | None = None,
    progress: Progress = SILENT,
    prefer: Prefer = Prefer.STORED,
) -> ImportPlan:
    """Plan an import and apply it (or not, on a dry run): the service every import goes through.

    ``incoming`` is what the source produced from the stored register in ``snapshot`` (read now when
    not given), or a reader producing it from any stored register. When another write lands between
    the read and the write, the import reads the register again and plans again (the deletion guard
    included); the new plan is written unless it would change again an entity that the other write
    changed, which raises ``ImportConflictError`` naming them. After ``MAX_ATTEMPTS`` plans all beaten
    by other writers, a ``RegisterChangedError`` says so. Either way nothing is written.
    """

    def read(stored: Register | None) -> Incoming:
        return incoming if isinstance(incoming, Incoming) else incoming(stored)

    first = snapshot if snapshot is not None else read_snapshot(store)
    current = first
    for attempt in range(1, MAX_ATTEMPTS + 1):
        progress.stage("comparing with the stored register and the findings before and after")
        incoming_now = read(current.register)
        plan = plan_import(
            store, incoming_now, as_of=as_of, stored=current.register, based_on=current.revision, prefer=prefer
        )
        plan = replace(plan, attempts=attempt)
        if current is not first:
            _refuse_overlap(plan, first.register, current.register)
        try:
            return apply_plan(
                store,
                plan,
                stored=current.register,
                allow_deletions=allow_deletions,
                dry_run=dry_run,
                change=change,
                progress=progress,
            )
        except RegisterChangedError as error:
            if attempt == MAX_ATTEMPTS:
                raise RegisterChangedError(
                    Phrase(
                        N_(
                            "{source}: other writers changed the register before each of {attempts} attempts to "
                            "apply this import; nothing was written; run it again"
                        ),
                        source=plan.source,
                        attempts=MAX_ATTEMPTS,
                    ),
                    error.current_revision,
                ) from None
        time.sleep(RETRY_PAUSE_SECONDS * attempt * (1 + random.random()))
        progress.stage("another write landed first: reading the stored register again")
        current = read_snapshot(store)
    raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


def changed_entities(before: Register | None, after: Register | None) -> set[tuple[str, str]]:
    """(kind, key) of every entity, and ("organisation", "organisation"), that differs between the two."""
    if after is None:
        return changed_entities(None, before) if before is not None else set()
    return {(diff.kind, diff.key) for diff in diff_registers(before, after)}


def _refuse_overlap(plan: ImportPlan, first: Register | None, current: Register | None) -> None:
    """Refuse a re-plan that would change again what the writes since the first read changed.

    Those writes are the other writer's; writing over them (or undoing them, as a replace would an
    entity added in between) would lose them silently. What they left exactly as this import wants
    it is no change in the new plan, so it does not count.
    """
    theirs = changed_entities(first, current)
    again = [diff for diff in plan.changes if (diff.kind, diff.key) in theirs]
    if again:
        raise ImportConflictError(
            Phrase(
                N_(
                    "{source}: while this import was being applied, another write changed {listed}, which this "
                    "import would change again; nothing was written. See 'catalog history', then run the import "
                    "again (try --dry-run first)"
                ),
                source=plan.source,
                listed=_name_list(again),
            )
        )
