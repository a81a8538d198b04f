"""Every export of the Verji seed on a fixed date, each reduced to a SHA-256 digest.

The engine judges the seed (unlike tests/golden, whose report is hand-built), so a change anywhere
between the register reader and the writers shows here. XLSX files carry their own write time, so a
workbook is digested by its cells as openpyxl reads them back. JSON-LD is digested by its triples (rdflib
orders its keys differently from run to run). The change history is left out: its entries carry
the time they were written.
"""

from __future__ import annotations

import hashlib
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import rdflib

from catalog.app.export import FORMATS, ExportFormat, ExportKind, Lang, pack_contents, render_export, report_for
from catalog.app.interop import RdfFormat, dpv_bytes, export_fides
from catalog.app.register import seed_dir
from catalog.registerfile.register_yaml import load_register

AS_OF = date(2026, 6, 30)


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _workbook_digest(data: bytes) -> str:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    cells = {sheet.title: [[str(v) for v in row] for row in sheet.iter_rows(values_only=True)] for sheet in book}
    return _digest(json.dumps(cells, ensure_ascii=False).encode("utf-8"))


def _graph_digest(data: bytes, rdf_format: str) -> str:
    """JSON-LD's key and list order is rdflib's choice from run to run; its triples are what it says."""
    graph = rdflib.Graph().parse(data=data, format=rdf_format)
    return _digest("\n".join(sorted(graph.serialize(format="nt").splitlines())).encode("utf-8"))


def _file_digest(name: str, data: bytes) -> str:
    return _workbook_digest(data) if name.endswith(".xlsx") else _digest(data)


def seed_export_digests(scratch: Path) -> dict[str, str]:
    """``kind.lang.format`` (and ``pack/…``, ``dpv.…``, ``fides/…``) → digest, for the Verji seed on AS_OF."""
    register = load_register(seed_dir())
    report = report_for(register, AS_OF)
    digests: dict[str, str] = {}
    for lang in Lang:
        for kind in ExportKind:
            for fmt in ExportFormat:
                if kind == ExportKind.REPORT and not FORMATS[fmt].several_tables:
                    continue
                data = render_export(kind, fmt, register, report, lang)
                digests[f"{kind.value}.{lang.value}.{fmt.value}"] = _file_digest(fmt.value, data)
        for name, data in pack_contents(register, report, lang).items():
            digests[f"pack.{lang.value}/{name}"] = _file_digest(name, data)
    for rdf in RdfFormat:
        data = dpv_bytes(register, report, rdf)
        digests[f"dpv.{rdf.value}"] = _digest(data) if rdf == RdfFormat.TURTLE else _graph_digest(data, "json-ld")
    for path in sorted(export_fides(register, scratch / "fides", AS_OF)):
        digests[f"fides/{path.name}"] = _digest(path.read_bytes())
    return dict(sorted(digests.items()))
