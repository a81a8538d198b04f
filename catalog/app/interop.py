"""Fides manifests in and out, as the CLI uses them.

The import reads and checks every manifest first, then goes through the same import plan as every
other import (``catalog.importers.plan``): the change by kind and name, the findings delta,
``--dry-run`` and the deletion guard.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport
from catalog.domain.register import Register
from catalog.history.chain import ChangeContext, context
from catalog.importers.localtext import localise_register
from catalog.importers.plan import (
    ImportMode,
    ImportPlan,
    Incoming,
    IncomingReader,
    read_snapshot,
    run_import,
    whole_register,
)
from catalog.importers.reconcile import Prefer
from catalog.interop.dpv import DPV_VERSION as DPV_VERSION
from catalog.interop.dpv import RdfFormat as RdfFormat
from catalog.interop.fides_fields import FIDES_COARSE, FIDES_NOT_CARRIED
from catalog.interop.fides_in import read_fides, register_from_fides
from catalog.interop.fides_out import write_fides
from catalog.interop.formats import DPV_FORMATS as DPV_FORMATS
from catalog.interop.formats import FIDES as FIDES
from catalog.kernel.lang import Lang
from catalog.kernel.progress import SILENT, Progress
from catalog.reference import load_reference
from catalog.store.base import RegisterStore

FIDES_SOURCE = "fides"


def fides_reader(path: Path, mode: ImportMode | None = None, lang: Lang = Lang.EN) -> IncomingReader:
    """Fides manifests, read once, as the register the import would leave: they replace the stored one
    unless ``mode`` is merge. Their text is in ``lang``: it sets only that language's text of stored entities."""
    manifests = register_from_fides(read_fides(path))

    def incoming(stored: Register | None) -> Incoming:
        read = localise_register(manifests, stored, lang)
        return whole_register(read, str(path), FIDES_SOURCE, stored, mode, FIDES_NOT_CARRIED, FIDES_COARSE)

    return incoming


def import_fides(
    store: RegisterStore,
    path: Path,
    *,
    mode: ImportMode | None = None,
    dry_run: bool = False,
    allow_deletions: bool = False,
    as_of: date | None = None,
    change: ChangeContext | None = None,
    progress: Progress = SILENT,
    prefer: Prefer = Prefer.STORED,
    lang: Lang = Lang.EN,
) -> ImportPlan:
    """Read Fides manifests, plan the change, and apply it unless ``dry_run`` (or the deletion guard refuses).

    The manifests' text is in ``lang``: it sets only that language's text of the stored entities.

    When another write lands first, the import plans again on the new register (see ``run_import``).
    """
    progress.stage(f"reading the manifests in {path.name}")
    read = fides_reader(path, mode, lang)
    progress.stage("loading the stored register")
    snapshot = read_snapshot(store)
    return run_import(
        store,
        read,
        as_of=as_of,
        allow_deletions=allow_deletions,
        dry_run=dry_run,
        change=change or context("import-fides"),
        snapshot=snapshot,
        progress=progress,
        prefer=prefer,
    )


def export_fides(register: Register, out_dir: Path, as_of: date, lang: Lang = Lang.EN) -> list[Path]:
    """Write the register's Fides manifests into ``out_dir``, its text in ``lang`` (Fides holds one language)."""
    return write_fides(register, evaluate(register, load_reference(), as_of), out_dir, lang)


def dpv_bytes(register: Register, report: CheckReport, fmt: RdfFormat) -> bytes:
    """The register in DPV, in the RDF syntax ``fmt`` (``catalog export dpv``)."""
    return DPV_FORMATS[fmt].writer(register, report)
