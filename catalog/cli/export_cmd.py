"""``catalog export``: the Art. 30 records, transfer register, sub-processor list, audit pack, DPV and Fides."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from catalog.app import history as history_service
from catalog.app import review
from catalog.app.export import (
    FORMATS,
    SUFFIXES,
    ExportFormat,
    ExportKind,
    Lang,
    export_all,
    notice_html,
    notice_json,
    notice_markdown,
    render_export,
    report_for,
    write_atomic,
)
from catalog.app.history import ChangeEntry
from catalog.app.interop import DPV_VERSION, RdfFormat, dpv_bytes, export_fides
from catalog.app.language import N_, Phrase, reading_language, translator
from catalog.cli.common import LangOption, RegisterAsOfOption, StoreOption, opened_store, parse_as_of
from catalog.cli.progress import QuietOption, terminal_progress
from catalog.domain.register import Register
from catalog.errors import InputError

app = typer.Typer(
    name="export",
    help="Export the Art. 30 records (ICO or Datatilsynet layout), the transfer register, the sub-processor "
    "list, the whole audit pack, or the register in W3C DPV or as Fides manifests."
    "\n\nExample: catalog export ropa --format xlsx --out ropa.xlsx",
    no_args_is_help=True,
)

FormatOpt = Annotated[
    ExportFormat | None,
    typer.Option("--format", help="File format; by default taken from the --out file's extension.", show_default=False),
]
OutOpt = Annotated[Path, typer.Option("--out", help="File to write (replaced atomically).")]
AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="Evaluate transfers on this date (YYYY-MM-DD). Default: today.", show_default=False),
]
LangOpt = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="en: ICO controller template headings; nb: Datatilsynet's, in bokmål. Default: the organisation's "
        "language setting, else en.",
        show_default=False,
    ),
]


def export_language(register: Register, chosen: Lang | None) -> Lang:
    """``--lang`` when given, else the organisation's language setting, else English."""
    return chosen or register.organisation.language or Lang.EN


BomOpt = Annotated[bool, typer.Option("--bom", help="CSV only: start with a UTF-8 byte-order mark for Excel.")]
UkColumnsOpt = Annotated[
    bool,
    typer.Option(
        "--uk-columns",
        help="ICO layout (--lang en): include the UK Data Protection Act 2018 columns for a controller outside "
        "the UK too. A UK controller always gets them.",
    ),
]


def format_for(out: Path, chosen: ExportFormat | None) -> ExportFormat:
    if chosen is not None:
        return chosen
    found = SUFFIXES.get(out.suffix.lower())
    if found is None:
        raise InputError(
            Phrase(
                N_("cannot tell the format from {name!r}; pass --format {formats}"),
                name=out.name,
                formats="|".join(FORMATS),
            )
        )
    return found


def load_stored(store: str | None, register_as_of: date | None = None) -> tuple[Register, list[ChangeEntry]]:
    """The register (as it is, or as it was at the end of ``register_as_of``) and the change history."""
    with opened_store(store) as opened:
        return history_service.register_and_history(opened, register_as_of)


def run_export(
    kind: ExportKind,
    out: Path,
    fmt: ExportFormat | None,
    as_of: str | None,
    lang: Lang | None,
    bom: bool,
    store: str | None,
    register_as_of: date | None = None,
    uk_columns: bool = False,
) -> None:
    chosen = format_for(out, fmt)
    day = parse_as_of(as_of)
    if bom and chosen != ExportFormat.CSV:
        raise InputError(Phrase(N_("--bom applies to CSV only")))
    if not out.parent.is_dir():
        raise InputError(Phrase(N_("{folder}: no such directory for --out"), folder=out.parent))
    register, _history = load_stored(store, register_as_of)
    language = export_language(register, lang)
    data = render_export(kind, chosen, register, report_for(register, day), language, bom=bom, uk_columns=uk_columns)
    write_atomic(out, data)
    _ = translator(language)
    typer.echo(
        _("Wrote {path} ({kind}, {format}, {lang}, as of {day})").format(
            path=out, kind=kind.value, format=chosen.value, lang=language.value, day=day.isoformat()
        )
    )


def _command(kind: ExportKind, summary: str, example: str, *, uk_columns_option: bool = False) -> Callable[..., None]:
    def command(
        out: OutOpt,
        output_format: FormatOpt = None,
        as_of: AsOfOpt = None,
        lang: LangOpt = None,
        bom: BomOpt = False,
        store: StoreOption = None,
        register_as_of: RegisterAsOfOption = None,
    ) -> None:
        run_export(kind, out, output_format, as_of, lang, bom, store, register_as_of)

    def command_with_uk_columns(
        out: OutOpt,
        output_format: FormatOpt = None,
        as_of: AsOfOpt = None,
        lang: LangOpt = None,
        uk_columns: UkColumnsOpt = False,
        bom: BomOpt = False,
        store: StoreOption = None,
        register_as_of: RegisterAsOfOption = None,
    ) -> None:
        run_export(kind, out, output_format, as_of, lang, bom, store, register_as_of, uk_columns)

    # the records laid out like the ICO's controller template have the option
    chosen: Callable[..., None] = command_with_uk_columns if uk_columns_option else command
    chosen.__doc__ = f"{summary}\n\nExample: {example}"
    chosen.__name__ = kind.value.replace("-", "_")
    return chosen


app.command("ropa")(
    _command(
        ExportKind.ROPA,
        "The controller's record of processing activities, GDPR Art. 30(1): ICO layout (en) or Datatilsynet's (nb).",
        "catalog export ropa --format xlsx --out ropa.xlsx --as-of 2026-01-15",
        uk_columns_option=True,
    )
)
app.command("processor-record")(
    _command(
        ExportKind.PROCESSOR_RECORD,
        "The record of activities performed as a processor, GDPR Art. 30(2): one row per controller served.",
        "catalog export processor-record --format xlsx --out processor-record.xlsx --lang nb",
    )
)
app.command("transfers")(
    _command(
        ExportKind.TRANSFERS,
        "The transfer register: one row per third-country transfer hop, with mechanism, TIA and status.",
        "catalog export transfers --format csv --bom --out transfers.csv",
    )
)
app.command("subprocessors")(
    _command(
        ExportKind.SUBPROCESSORS,
        "The sub-processor list as published for customers: name, service, location, transfer mechanism.",
        "catalog export subprocessors --format md --out subprocessors.md",
    )
)
app.command("findings")(
    _command(
        ExportKind.FINDINGS,
        "Every compliance finding on the as-of date, most severe first.",
        "catalog export findings --format json --out findings.json",
    )
)
app.command("report")(
    _command(
        ExportKind.REPORT,
        "One document for auditors: controller block, every activity, the transfer register, findings summary.",
        "catalog export report --format html --out audit-report.html",
        uk_columns_option=True,
    )
)


@app.command("dpv")
def dpv(
    output_format: Annotated[
        RdfFormat, typer.Option("--format", help="jsonld (JSON-LD) or turtle.")
    ] = RdfFormat.TURTLE,
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (replaced atomically); default: standard output.")
    ] = None,
    as_of: AsOfOpt = None,
    store: StoreOption = None,
    register_as_of: RegisterAsOfOption = None,
) -> None:
    """The register in the W3C Data Privacy Vocabulary (DPV 2.2, with its EU GDPR extension and location
    concepts): controller, activities, processors and sub-processors, recipients, locations, and every
    third-country transfer with its mechanism, TIA and supplementary measures (docs/interop.md).

    Example: catalog export dpv --format jsonld --out register.jsonld
    """
    day = parse_as_of(as_of)
    if out is not None and not out.parent.is_dir():
        raise InputError(Phrase(N_("{folder}: no such directory for --out"), folder=out.parent))
    register, _ = load_stored(store, register_as_of)
    data = dpv_bytes(register, report_for(register, day), output_format)
    if out is None:
        typer.echo(data.decode("utf-8"), nl=False)
        return
    write_atomic(out, data)
    typer.echo(f"Wrote {out} (DPV {DPV_VERSION}, {output_format.value}, as of {day.isoformat()})")


@app.command("fides")
def fides(
    out_dir: Annotated[Path, typer.Argument(help="Directory for the manifests (created if missing).")],
    as_of: AsOfOpt = None,
    store: StoreOption = None,
    register_as_of: RegisterAsOfOption = None,
    lang: LangOption = None,
) -> None:
    """Fides manifests (fideslang 3): the organisation, systems with privacy declarations, data categories,
    uses and subjects filed under the Fides default taxonomy, processors as vendor systems with their
    sub-processors as egress, and the transfer fields (docs/interop.md). Fides holds one language: the
    register's text is written in --lang.

    Example: catalog export fides ./fides --lang nb
    """
    day = parse_as_of(as_of)
    with opened_store(store) as opened:
        language = reading_language(opened, lang)
    register, _ = load_stored(store, register_as_of)
    written = export_fides(register, out_dir, day, language)
    typer.echo(f"Wrote {len(written)} Fides manifests to {out_dir} (as of {day.isoformat()})")


@app.command("all")
def all_(
    out_dir: Annotated[Path, typer.Option("--out-dir", help="Directory for the audit pack (created if missing).")],
    as_of: AsOfOpt = None,
    lang: LangOpt = None,
    store: StoreOption = None,
    register_as_of: RegisterAsOfOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write the audit pack: every export in every format, the HTML report, the change history
    (history.json, history.csv) and manifest.json.

    The manifest records the as-of date, the register fingerprint (SHA-256 of the canonical
    register JSON) and the SHA-256 of every file.

    Example: catalog export all --out-dir audit/2026-01-15 --as-of 2026-01-15
    """
    day = parse_as_of(as_of)
    with terminal_progress("Audit pack", quiet) as progress:
        progress.stage("loading the register and its history")
        register, history = load_stored(store, register_as_of)
        progress.stage("evaluating the transfers")
        report = report_for(register, day)
        language = export_language(register, lang)
        pack = export_all(register, report, out_dir, language, history=history, progress=progress)
    fingerprint = pack.manifest["register_fingerprint"]["value"]
    _ = translator(language)
    typer.echo(
        _("Wrote {count} files to {path} (as of {day}, register {fingerprint})").format(
            count=len(pack.files), path=out_dir, day=day.isoformat(), fingerprint=fingerprint[:12]
        )
    )


class NoticeFormat(StrEnum):
    MD = "md"
    HTML = "html"
    JSON = "json"


_NOTICE_RENDER = {
    NoticeFormat.MD: notice_markdown,
    NoticeFormat.HTML: notice_html,
    NoticeFormat.JSON: notice_json,
}


@app.command("subprocessor-changes")
def subprocessor_changes_(
    since: Annotated[
        str,
        typer.Option(
            "--since", help="YYYY-MM-DD (from the end of that UTC day), an ISO 8601 time, or #N (after entry N)."
        ),
    ],
    out: OutOpt,
    output_format: Annotated[
        NoticeFormat | None,
        typer.Option(
            "--format", help="md, html or json; by default from the --out file's extension.", show_default=False
        ),
    ] = None,
    lang: LangOption = None,
    store: StoreOption = None,
) -> None:
    """The sub-processor change notice (GDPR Art. 28(2), (4)) for customers: sub-processors added, removed or
    changed (service, locations, transfer mechanism) since a date or history entry, from the change history.

    Example: catalog export subprocessor-changes --since 2026-06-30 --lang nb --out endringer.md
    """
    chosen = output_format
    if chosen is None:
        found = format_for(out, None)
        if found.value not in {f.value for f in NoticeFormat}:
            raise InputError(
                Phrase(N_("the notice is written as md, html or json, not {format}; pass --format"), format=found.value)
            )
        chosen = NoticeFormat(found.value)
    if not out.parent.is_dir():
        raise InputError(Phrase(N_("{folder}: no such directory for --out"), folder=out.parent))
    with opened_store(store) as opened:
        language = reading_language(opened, lang)
        result = review.subprocessor_changes(opened, since, language)
    write_atomic(out, _NOTICE_RENDER[chosen](result))
    _ = translator(language)
    typer.echo(
        _("Wrote {path} ({count} sub-processor changes since {since}, {lang})").format(
            path=out, count=len(result.changes), since=result.since, lang=language.value
        )
    )
