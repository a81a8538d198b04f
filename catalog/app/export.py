"""Exports as the CLI and scheduled jobs use them: render to bytes, write files atomically, build the audit pack."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport
from catalog.compliance.status_words import transfer_count_values
from catalog.domain.register import Register
from catalog.errors import InputError
from catalog.exporters import subprocessor_changes as _notice
from catalog.exporters.formats import FORMATS as FORMATS
from catalog.exporters.formats import MIME_TYPES as MIME_TYPES
from catalog.exporters.formats import PACK_FORMATS as PACK_FORMATS
from catalog.exporters.formats import SUFFIXES as SUFFIXES
from catalog.exporters.formats import ExportFormat as ExportFormat
from catalog.exporters.formats import ExportKind as ExportKind
from catalog.exporters.formats import formats_for as formats_for
from catalog.exporters.history import history_csv, history_json
from catalog.exporters.rows import Table, build_table
from catalog.exporters.rows import safeguard_label as safeguard_label
from catalog.history.chain import GENESIS_HASH, ChangeEntry
from catalog.kernel.atomic import write_atomic as write_atomic
from catalog.kernel.gcpause import collector_paused
from catalog.kernel.i18n import N_
from catalog.kernel.lang import Lang as Lang
from catalog.kernel.phrase import Phrase
from catalog.kernel.progress import SILENT, Progress
from catalog.reference import load_reference

# The sub-processor change notice's writers (the notice itself: catalog.app.review.subprocessor_changes).
notice_markdown = _notice.render_markdown
notice_html = _notice.render_html
notice_json = _notice.render_json

MANIFEST_SCHEMA = "gdpr-transfer-catalog/audit-pack/v1"


TABLE_KINDS = (
    ExportKind.ROPA,
    ExportKind.PROCESSOR_RECORD,
    ExportKind.TRANSFERS,
    ExportKind.SUBPROCESSORS,
    ExportKind.FINDINGS,
)


def report_for(register: Register, as_of: date) -> CheckReport:
    """The engine's transfers and findings for ``as_of``: the single source of the lineage columns."""
    return evaluate(register, load_reference(), as_of)


def tables_for(
    kind: ExportKind, register: Register, report: CheckReport, lang: Lang, *, uk_columns: bool = False
) -> list[Table]:
    kinds = TABLE_KINDS if kind == ExportKind.REPORT else (kind,)
    return [build_table(k.value, register, report, lang, uk_columns=uk_columns) for k in kinds]


def render_export(
    kind: ExportKind,
    fmt: ExportFormat,
    register: Register,
    report: CheckReport,
    lang: Lang = Lang.EN,
    *,
    bom: bool = False,
    uk_columns: bool = False,
) -> bytes:
    """The bytes of one export. Everything but XLSX is byte-identical for the same register and date.

    ``uk_columns``: the ICO layout's UK Data Protection Act 2018 columns for a controller outside the UK
    too (a UK controller always gets them); the Datatilsynet layout (nb) has none, so asking is refused.
    """
    if uk_columns and lang != Lang.EN:  # checked here: the CLI's language may come from the organisation
        raise InputError(
            Phrase(N_("--uk-columns applies to the ICO layout (--lang en); Datatilsynet's has no UK columns"))
        )
    # Rows and cells of a large register are hundreds of thousands of small acyclic objects.
    with collector_paused():
        return _render(kind, fmt, register, report, lang, bom, uk_columns)


def _render(
    kind: ExportKind,
    fmt: ExportFormat,
    register: Register,
    report: CheckReport,
    lang: Lang,
    bom: bool,
    uk_columns: bool = False,
) -> bytes:
    tables = tables_for(kind, register, report, lang, uk_columns=uk_columns)
    summary = report.summary() if kind == ExportKind.REPORT else None
    return FORMATS[fmt].writer(tables, summary, bom)


def canonical_register_json(register: Register) -> bytes:
    """Key-sorted, compact JSON of the register with every collection in key order."""
    data = register.sorted().model_dump(mode="json")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def register_fingerprint(register: Register) -> str:
    return hashlib.sha256(canonical_register_json(register)).hexdigest()


REPORT_FILE = "audit-report.html"
MANIFEST_FILE = "manifest.json"


@dataclass(frozen=True)
class AuditPack:
    """What ``export all`` wrote: the files, and the manifest describing them."""

    directory: Path
    files: list[Path]
    manifest: dict[str, Any]


def pack_contents(register: Register, report: CheckReport, lang: Lang) -> dict[str, bytes]:
    """Every export of the audit pack by file name, rendered in memory before anything is written."""
    contents: dict[str, bytes] = {}
    for kind in TABLE_KINDS:
        for fmt in PACK_FORMATS:
            contents[f"{kind.value}.{fmt.value}"] = render_export(kind, fmt, register, report, lang)
    contents[REPORT_FILE] = render_export(ExportKind.REPORT, ExportFormat.HTML, register, report, lang)
    return dict(sorted(contents.items()))


def build_manifest(register: Register, report: CheckReport, lang: Lang, contents: dict[str, bytes]) -> dict[str, Any]:
    return {
        "schema": MANIFEST_SCHEMA,
        "as_of": report.as_of.isoformat(),
        "language": lang.value,
        "organisation": register.organisation.name,
        "register_fingerprint": {"algorithm": "sha256", "value": register_fingerprint(register)},
        "findings": report.summary(),
        "transfers": len(report.transfers),
        "transfers_by_status": transfer_count_values(report.transfers),
        "files": [
            {"path": name, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest()}
            for name, data in contents.items()
        ],
    }


HISTORY_JSON_FILE = "history.json"
HISTORY_CSV_FILE = "history.csv"


def export_all(
    register: Register,
    report: CheckReport,
    out_dir: Path,
    lang: Lang = Lang.EN,
    history: list[ChangeEntry] | None = None,
    progress: Progress = SILENT,
) -> AuditPack:
    """Write every export (and the change history, when given) and a manifest; the manifest goes last."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(Phrase(N_("{path}: exists and is not a directory"), path=out_dir))
    progress.stage("rendering every export")
    contents = pack_contents(register, report, lang)
    if history is not None:
        contents[HISTORY_JSON_FILE] = history_json(history)
        contents[HISTORY_CSV_FILE] = history_csv(history)
        contents = dict(sorted(contents.items()))
    manifest = build_manifest(register, report, lang, contents)
    if history is not None:
        # The anchor for 'catalog history verify --expect-head': entries up to it cannot vanish unnoticed.
        last = history[-1] if history else None
        manifest["history_head"] = {"seq": last.seq if last else 0, "hash": last.hash if last else GENESIS_HASH}
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    progress.stage(f"writing {len(contents) + 1} files", total=len(contents) + 1)
    for name, data in contents.items():
        write_atomic(out_dir / name, data)
        written.append(out_dir / name)
        progress.advance(len(written))
    manifest_bytes = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    write_atomic(out_dir / MANIFEST_FILE, manifest_bytes)
    written.append(out_dir / MANIFEST_FILE)
    return AuditPack(out_dir, written, manifest)
