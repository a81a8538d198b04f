"""Read an import source into an ``Incoming`` register, and run it through the import plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from catalog.domain.register import Register
from catalog.errors import InputError
from catalog.history import ChangeContext
from catalog.importers.layouts import Layout, find_header
from catalog.importers.plan import ImportMode, ImportPlan, Incoming, merge_registers, run_import, stored_register
from catalog.importers.ropa import RopaReader, keys_from
from catalog.importers.sheets import is_spreadsheet, read_sheets
from catalog.register_yaml import load_register
from catalog.store.base import RegisterStore


def read_yaml_register(path: Path, stored: Register | None, mode: ImportMode | None = None) -> Incoming:
    """A YAML register directory (or file): it replaces the stored register unless ``mode`` is merge."""
    chosen = mode or ImportMode.REPLACE
    register = load_register(path)
    if chosen == ImportMode.MERGE:
        register = merge_registers(stored, register)
    return Incoming(register=register, source=str(path), mode=chosen, source_kind="yaml")


def read_spreadsheet(
    data: bytes, name: str, stored: Register | None, mode: ImportMode | None = None, layout: Layout | None = None
) -> Incoming:
    """A record of processing in a spreadsheet: merged into the stored register unless ``mode`` is replace."""
    sheets = read_sheets(data, name)
    match = find_header(sheets, layout, name)
    return RopaReader(match, stored, mode or ImportMode.MERGE, name, keys_from(sheets)).read()


def read_source(
    path: Path, stored: Register | None, mode: ImportMode | None = None, layout: Layout | None = None
) -> Incoming:
    """Whatever ``catalog import PATH`` was given, as the register the import would leave."""
    if path.is_file() and is_spreadsheet(path):
        return read_spreadsheet(path.read_bytes(), str(path), stored, mode, layout)
    if layout is not None:
        raise InputError(f"{path}: --layout applies to spreadsheets (.xlsx, .ods, .csv), not to a YAML register")
    return read_yaml_register(path, stored, mode)


def import_path(
    store: RegisterStore,
    path: Path,
    *,
    mode: ImportMode | None = None,
    layout: Layout | None = None,
    as_of: date | None = None,
    allow_deletions: bool = False,
    dry_run: bool = False,
    change: ChangeContext | None = None,
) -> ImportPlan:
    """Import a file or directory: read it fully, plan the change, and apply it unless ``dry_run``."""
    stored = stored_register(store)
    incoming = read_source(path, stored, mode, layout)
    return run_import(
        store, incoming, as_of=as_of, allow_deletions=allow_deletions, dry_run=dry_run, change=change, stored=stored
    )
