"""The export formats, in one table: each format's writer, file suffixes, MIME type, audit-pack membership
and languages. The application layer renders through it, the CLI picks a format from an output file's
suffix with it and the UI offers formats and MIME types from it, so a new format is one writer module and
one row here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

from catalog.errors import InputError
from catalog.exporters.csv_writer import render_csv
from catalog.exporters.html import render_html
from catalog.exporters.json_writer import render_json
from catalog.exporters.markdown import render_markdown
from catalog.exporters.rows import Table
from catalog.exporters.xlsx import render_xlsx
from catalog.kernel.i18n import N_
from catalog.kernel.lang import Lang
from catalog.kernel.phrase import Phrase


class ExportKind(StrEnum):
    """What to export. ``report`` is every table in one document, for auditors."""

    ROPA = "ropa"
    PROCESSOR_RECORD = "processor-record"
    TRANSFERS = "transfers"
    SUBPROCESSORS = "subprocessors"
    FINDINGS = "findings"
    REPORT = "report"


class ExportFormat(StrEnum):
    XLSX = "xlsx"
    CSV = "csv"
    JSON = "json"
    MD = "md"
    HTML = "html"


Summary = dict[str, int] | None
Writer = Callable[[Sequence[Table], Summary, bool], bytes]
"""Tables, the findings summary (the report only) and whether to start with a UTF-8 BOM → the file's bytes."""


@dataclass(frozen=True)
class FormatSpec:
    """One export format: how it is written and how files of it are named and served."""

    writer: Writer
    suffixes: tuple[str, ...]
    """File suffixes that choose this format (``catalog export --out``); the first is the one written."""
    mime: str
    in_pack: bool
    """Written into the audit pack (``catalog export all``)."""
    several_tables: bool
    """Holds several tables in one file (the report); CSV holds one."""
    languages: tuple[Lang, ...] = tuple(Lang)


def _one_table_csv(tables: Sequence[Table], _summary: Summary, bom: bool) -> bytes:
    if len(tables) > 1:
        raise InputError(Phrase(N_("the report holds several tables and CSV holds one; export each kind on its own")))
    return render_csv(tables[0], bom=bom)


FORMATS: dict[ExportFormat, FormatSpec] = {
    ExportFormat.XLSX: FormatSpec(
        writer=lambda tables, _summary, _bom: render_xlsx(tables),
        suffixes=(".xlsx",),
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        in_pack=True,
        several_tables=True,
    ),
    ExportFormat.CSV: FormatSpec(
        writer=_one_table_csv, suffixes=(".csv",), mime="text/csv", in_pack=True, several_tables=False
    ),
    ExportFormat.JSON: FormatSpec(
        writer=lambda tables, summary, _bom: render_json(tables, summary),
        suffixes=(".json",),
        mime="application/json",
        in_pack=True,
        several_tables=True,
    ),
    ExportFormat.MD: FormatSpec(
        writer=lambda tables, summary, _bom: render_markdown(tables, summary),
        suffixes=(".md", ".markdown"),
        mime="text/markdown",
        in_pack=True,
        several_tables=True,
    ),
    ExportFormat.HTML: FormatSpec(
        writer=lambda tables, summary, _bom: render_html(tables, summary),
        suffixes=(".html", ".htm"),
        mime="text/html",
        in_pack=True,
        several_tables=True,
    ),
}

PACK_FORMATS = tuple(fmt for fmt, spec in FORMATS.items() if spec.in_pack)
SUFFIXES = {suffix: fmt for fmt, spec in FORMATS.items() for suffix in spec.suffixes}
MIME_TYPES = {fmt: spec.mime for fmt, spec in FORMATS.items()}


def formats_for(kind: ExportKind) -> list[ExportFormat]:
    """The formats ``kind`` can be written in: the report needs a format that holds several tables."""
    return [fmt for fmt, spec in FORMATS.items() if kind != ExportKind.REPORT or spec.several_tables]
