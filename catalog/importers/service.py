"""Read an import source into an ``Incoming`` register, and run it through the import plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from catalog.domain.register import Register
from catalog.history import ChangeContext
from catalog.importers.plan import ImportMode, ImportPlan, Incoming, merge_registers, run_import, stored_register
from catalog.register_yaml import load_register
from catalog.store.base import RegisterStore


def read_yaml_register(path: Path, stored: Register | None, mode: ImportMode | None = None) -> Incoming:
    """A YAML register directory (or file): it replaces the stored register unless ``mode`` is merge."""
    chosen = mode or ImportMode.REPLACE
    register = load_register(path)
    if chosen == ImportMode.MERGE:
        register = merge_registers(stored, register)
    return Incoming(register=register, source=str(path), mode=chosen, source_kind="yaml")


def read_source(path: Path, stored: Register | None, mode: ImportMode | None = None) -> Incoming:
    """Whatever ``catalog import PATH`` was given, as the register the import would leave."""
    return read_yaml_register(path, stored, mode)


def import_path(
    store: RegisterStore,
    path: Path,
    *,
    mode: ImportMode | None = None,
    as_of: date | None = None,
    allow_deletions: bool = False,
    dry_run: bool = False,
    change: ChangeContext | None = None,
) -> ImportPlan:
    """Import a file or directory: read it fully, plan the change, and apply it unless ``dry_run``."""
    stored = stored_register(store)
    incoming = read_source(path, stored, mode)
    return run_import(
        store, incoming, as_of=as_of, allow_deletions=allow_deletions, dry_run=dry_run, change=change, stored=stored
    )
