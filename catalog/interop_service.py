"""Fides import and export as the CLI uses them: read and check everything first, then write in one step.

The import plan (what would be added, changed and removed, and how the findings move) is shown by
``--dry-run`` and written otherwise; removing stored entities needs ``allow_deletions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from catalog.compliance.engine import evaluate
from catalog.domain.register import EntityKind, Register
from catalog.errors import InputError
from catalog.history import ChangeContext, context
from catalog.interop.fides_in import read_fides, register_from_fides
from catalog.interop.fides_out import write_fides
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from catalog.store.readonly import is_read_only


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do to the stored register."""

    register: Register
    added: dict[str, list[str]] = field(default_factory=dict)
    changed: dict[str, list[str]] = field(default_factory=dict)
    removed: dict[str, list[str]] = field(default_factory=dict)
    findings_before: dict[str, int] | None = None
    findings_after: dict[str, int] = field(default_factory=dict)
    organisation_changed: bool = False

    @property
    def unchanged(self) -> bool:
        return not (self.added or self.changed or self.removed or self.organisation_changed)

    @property
    def entities(self) -> int:
        return sum(1 for _ in self.register.all_entities())


def plan_import(store: RegisterStore, register: Register, as_of: date) -> ImportPlan:
    """Compare ``register`` with what the store holds, entity by entity, and the findings on ``as_of``."""
    current = None if store.is_empty() else store.load_register()
    added: dict[str, list[str]] = {}
    changed: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    for kind in EntityKind:
        new = {e.key: e for e in register.entities(kind)}
        old = {e.key: e for e in current.entities(kind)} if current else {}
        for bucket, keys in (
            (added, sorted(new.keys() - old.keys())),
            (changed, sorted(k for k in new.keys() & old.keys() if new[k] != old[k])),
            (removed, sorted(old.keys() - new.keys())),
        ):
            if keys:
                bucket[kind.singular] = keys
    reference = load_reference()
    return ImportPlan(
        register=register,
        added=added,
        changed=changed,
        removed=removed,
        findings_before=evaluate(current, reference, as_of).summary() if current else None,
        findings_after=evaluate(register, reference, as_of).summary(),
        organisation_changed=current is None or current.organisation != register.organisation,
    )


def import_fides(
    store: RegisterStore,
    path: Path,
    *,
    dry_run: bool = False,
    allow_deletions: bool = False,
    as_of: date | None = None,
    change: ChangeContext | None = None,
) -> ImportPlan:
    """Read Fides manifests into a register and, unless ``dry_run``, replace the stored one with it."""
    register = register_from_fides(read_fides(path))
    plan = plan_import(store, register, as_of or date.today())
    if dry_run or plan.unchanged:
        return plan
    if is_read_only(store):
        raise InputError(f"{store.display_url} is read-only; nothing was imported")
    if plan.removed and not allow_deletions:
        count = sum(len(keys) for keys in plan.removed.values())
        raise InputError(
            f"the import would remove {count} stored entit{'y' if count == 1 else 'ies'} that the manifests do not "
            "hold; review them with --dry-run and pass --allow-deletions to go ahead"
        )
    store.replace_register(register, change=change or context("import-fides"))
    return plan


def export_fides(register: Register, out_dir: Path, as_of: date) -> list[Path]:
    """Write the register's Fides manifests into ``out_dir``."""
    return write_fides(register, evaluate(register, load_reference(), as_of), out_dir)
