"""Read an import source into an ``Incoming`` register, and run it through the import plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from catalog.app.kept_check import KeptCheck
from catalog.domain.register import Register
from catalog.errors import InputError
from catalog.history.chain import ChangeContext
from catalog.importers.layouts import Layout as Layout
from catalog.importers.layouts import find_header
from catalog.importers.plan import ImportMode as ImportMode
from catalog.importers.plan import ImportPlan as ImportPlan
from catalog.importers.plan import (
    Incoming,
    IncomingReader,
    plan_import,
    read_snapshot,
    run_import,
    whole_register,
)
from catalog.importers.plan import apply_plan as apply_plan
from catalog.importers.plan import label_of as label_of
from catalog.importers.reconcile import Conflict as Conflict
from catalog.importers.reconcile import Prefer as Prefer
from catalog.importers.render import kind_heading as kind_heading
from catalog.importers.render import plain_value as plain_value
from catalog.importers.render import plan_lines as plan_lines
from catalog.importers.render import row_entity_words as row_entity_words
from catalog.importers.ropa import RopaReader, keys_from
from catalog.importers.sheets import Sheet, is_spreadsheet, read_sheet_file, read_sheets
from catalog.importers.subprocessors import read_subprocessor_list
from catalog.kernel.gcpause import collector_paused
from catalog.kernel.i18n import N_
from catalog.kernel.phrase import Phrase
from catalog.kernel.progress import SILENT, Progress
from catalog.registerfile.register_yaml import load_register
from catalog.store.base import RegisterStore


def yaml_register_reader(path: Path, mode: ImportMode | None = None, loaded: Register | None = None) -> IncomingReader:
    """A YAML register directory (or file), read once: it replaces the stored register unless ``mode`` is merge.

    ``loaded`` is the register already read from ``path`` by ``preload_yaml``.
    """
    register = loaded if loaded is not None else load_register(path)

    def incoming(stored: Register | None) -> Incoming:
        return whole_register(register, str(path), "yaml", stored, mode)

    return incoming


def read_yaml_register(
    path: Path, stored: Register | None, mode: ImportMode | None = None, loaded: Register | None = None
) -> Incoming:
    """``yaml_register_reader`` applied to ``stored``."""
    return yaml_register_reader(path, mode, loaded)(stored)


def spreadsheet_reader(
    data: bytes, name: str, mode: ImportMode | None = None, layout: Layout | None = None, encoding: str | None = None
) -> IncomingReader:
    """A record of processing in a spreadsheet, parsed once: merged into the stored register unless ``mode``
    is replace. Its rows are matched to whichever stored register the reader is given."""
    return sheets_reader(read_sheets(data, name, encoding=encoding), name, mode, layout)


def sheets_reader(sheets: list[Sheet], name: str, mode: ImportMode | None, layout: Layout | None) -> IncomingReader:
    """``spreadsheet_reader`` for sheets already read."""
    match = find_header(sheets, layout, name)
    known_keys = keys_from(sheets)

    def incoming(stored: Register | None) -> Incoming:
        return RopaReader(match, stored, mode or ImportMode.MERGE, name, known_keys).read()

    return incoming


def read_spreadsheet(
    data: bytes,
    name: str,
    stored: Register | None,
    mode: ImportMode | None = None,
    layout: Layout | None = None,
    encoding: str | None = None,
) -> Incoming:
    """``spreadsheet_reader`` applied to ``stored``."""
    return spreadsheet_reader(data, name, mode, layout, encoding)(stored)


def _names_a_spreadsheet(path: Path) -> bool:
    """A spreadsheet by its name; a FIFO or device so named goes to the guarded reader, which refuses it."""
    return is_spreadsheet(path) and not path.is_dir()


def preload_yaml(path: Path, layout: Layout | None = None, encoding: str | None = None) -> Register | None:
    """A YAML register read and validated before any store is opened; None for a spreadsheet.

    Bad input is refused before a connection is made (or the Neo4j driver, over 100 MiB, is even
    imported), so a malformed or hostile register costs no more than reading it.
    """
    if _names_a_spreadsheet(path):
        return None
    if layout is not None:
        raise InputError(
            Phrase(
                N_("{path}: --layout applies to spreadsheets (.xlsx, .ods, .csv), not to a YAML register"), path=path
            )
        )
    if encoding is not None:
        raise InputError(Phrase(N_("{path}: --encoding applies to CSV files; a YAML register is UTF-8"), path=path))
    return load_register(path)


def source_reader(
    path: Path,
    mode: ImportMode | None = None,
    layout: Layout | None = None,
    loaded: Register | None = None,
    encoding: str | None = None,
) -> IncomingReader:
    """Whatever ``catalog import PATH`` was given, read once, as a reader of the register the import would leave.

    A spreadsheet is read through ``catalog.kernel.guarded`` (``read_sheet_file``); ``encoding`` is a CSV's.
    """
    if _names_a_spreadsheet(path):
        return sheets_reader(read_sheet_file(path, encoding=encoding), str(path), mode, layout)
    if layout is not None:
        raise InputError(
            Phrase(
                N_("{path}: --layout applies to spreadsheets (.xlsx, .ods, .csv), not to a YAML register"), path=path
            )
        )
    return yaml_register_reader(path, mode, loaded)


def read_source(
    path: Path,
    stored: Register | None,
    mode: ImportMode | None = None,
    layout: Layout | None = None,
    loaded: Register | None = None,
    encoding: str | None = None,
) -> Incoming:
    """Whatever ``catalog import PATH`` was given, as the register the import would leave."""
    return source_reader(path, mode, layout, loaded, encoding)(stored)


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
    progress: Progress = SILENT,
    loaded: Register | None = None,
    encoding: str | None = None,
    prefer: Prefer = Prefer.STORED,
) -> ImportPlan:
    """Import a file or directory: read it fully, plan the change, and apply it unless ``dry_run``.

    ``loaded``: the YAML register ``preload_yaml`` already read from ``path``; ``encoding``: a CSV's;
    ``prefer``: which value a conflict keeps (a field the source states coarsely and differently).
    When another write lands first, the import plans again on the new register (see ``run_import``).
    """
    progress.stage(f"reading {path.name}")
    read = source_reader(path, mode, layout, loaded, encoding)
    progress.stage("loading the stored register")
    snapshot = read_snapshot(store)
    return run_import(
        store,
        read,
        as_of=as_of,
        allow_deletions=allow_deletions,
        dry_run=dry_run,
        change=change,
        snapshot=snapshot,
        progress=progress,
        prefer=prefer,
    )


def import_subprocessors(
    store: RegisterStore,
    processor_key: str,
    path: Path,
    *,
    as_of: date | None = None,
    allow_deletions: bool = False,
    dry_run: bool = False,
    change: ChangeContext | None = None,
    progress: Progress = SILENT,
    encoding: str | None = None,
) -> ImportPlan:
    """Replace one processor's sub-processors with a vendor's list (CSV or XLSX), previewed like every import.

    A list with no sub-processor at all would remove every one the processor has: refused unless
    ``allow_deletions`` (a truncated download must not wipe them).
    """
    snapshot = read_snapshot(store)
    if snapshot.register is None:
        raise InputError(
            Phrase(N_("{store} is empty; import or seed a register before a vendor's list"), store=store.display_url)
        )
    if path.suffix.lower() not in (".csv", ".xlsx", ".xlsm", ".ods"):
        raise InputError(Phrase(N_("{path}: a sub-processor list is a .csv, .xlsx or .ods file"), path=path))
    sheets = read_sheet_file(path, encoding=encoding)  # regular files only, limits counted while streaming

    def incoming(stored: Register | None) -> Incoming:
        # Checked on every (re-)plan: another write may have removed the processor or its sub-processors.
        if stored is None:
            raise InputError(
                Phrase(
                    N_("{store} is empty; import or seed a register before a vendor's list"), store=store.display_url
                )
            )
        read = read_subprocessor_list(sheets, str(path), stored, processor_key)
        vendor = next(p for p in stored.processors if p.key == processor_key)
        if vendor.sub_processors and not read.rows and not allow_deletions:
            raise InputError(
                Phrase(
                    N_(
                        "{path}: the list has no sub-processor, so every one of {vendor}'s {count} would be removed; "
                        "nothing was changed. If that is intended, run it again with --allow-deletions"
                    ),
                    path=path,
                    vendor=vendor.legal_name,
                    count=len(vendor.sub_processors),
                )
            )
        return read

    return run_import(
        store,
        incoming,
        as_of=as_of,
        allow_deletions=allow_deletions,
        dry_run=dry_run,
        change=change,
        snapshot=snapshot,
        progress=progress,
    )


def preview_upload(
    store: RegisterStore,
    data: bytes,
    name: str,
    *,
    stored: Register | None,
    processor_key: str | None = None,
    mode: ImportMode | None = None,
    layout: Layout | None = None,
    as_of: date | None = None,
    prefer: Prefer = Prefer.STORED,
    chosen: frozenset[tuple[str, str, str]] = frozenset(),
    encoding: str | None = None,
    kept: KeptCheck | None = None,
) -> ImportPlan:
    """The plan of an uploaded file (the UI's Import page): a ROPA spreadsheet, or with ``processor_key``
    a vendor's sub-processor list. Nothing is written; ``apply_plan`` writes it. ``chosen``: the
    conflicts (kind, key, field) whose source value the person picked. ``encoding``: a CSV's, as
    ``catalog import --encoding`` (None: UTF-8, or what its byte-order mark names).

    ``kept``: the check the UI's worker keeps for the stored register on ``as_of`` (on the worker's thread):
    the plan is made on its register and revision and takes its findings delta from it (``KeptCheck.preview``,
    which leaves it as it was), instead of checking the whole register again."""
    if kept is not None:
        stored = kept.register
    if processor_key is None:
        incoming = read_spreadsheet(data, name, stored, mode, layout, encoding)
    else:
        if stored is None:
            raise InputError(Phrase(N_("the store is empty; import a register before a vendor's list")))
        incoming = read_subprocessor_list(read_sheets(data, name, encoding=encoding), name, stored, processor_key)
    if kept is None:
        return plan_import(store, incoming, as_of=as_of, stored=stored, prefer=prefer, chosen=chosen)
    with collector_paused():  # the plan walks the kept register (100k entities): no cycles, nothing to collect
        return plan_import(
            store,
            incoming,
            as_of=kept.as_of,
            stored=stored,
            based_on=kept.revision,
            prefer=prefer,
            chosen=chosen,
            kept=lambda after, changed, organisation: kept.preview(after, changed, organisation_changed=organisation),
        )
