"""``catalog tia``: each transfer's TIA standing and a draft pre-filled from the register;
``catalog export tia``: the TIA documents (docs/tia.md)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from catalog.app import tia as tias
from catalog.app.imports import plan_lines
from catalog.app.language import local, reading_language, translator
from catalog.cli.common import (
    FormatOption,
    LangOption,
    OutputFormat,
    StoreOption,
    echo_json,
    opened_store,
    parse_as_of,
)

tia_app = typer.Typer(
    name="tia",
    help="Transfer impact assessments (EDPB Recommendations 01/2020): each transfer's TIA standing, and a "
    "draft pre-filled from the register.\n\nExample: catalog tia list && catalog tia new --transfer hubspot@US",
    no_args_is_help=True,
)

AsOfOpt = Annotated[
    str | None,
    typer.Option("--as-of", help="Judge on this date (YYYY-MM-DD). Default: today.", show_default=False),
]


@tia_app.command("list")
def list_(
    as_of: AsOfOpt = None,
    output_format: FormatOption = OutputFormat.TEXT,
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """Every transfer that rests on an Art. 46/47 tool (or has a TIA), with its TIA and standing.

    Example: catalog tia list --format json
    """
    day = parse_as_of(as_of)
    with opened_store(store, read_only=True) as opened:
        language = reading_language(opened, lang)
        rows = tias.tia_overview(opened.load_register(), day)
    _ = translator(language)
    if output_format == OutputFormat.JSON:
        echo_json(
            [
                {
                    "transfer": row.transfer,
                    "importer": row.importer_name,
                    "country": row.country,
                    "tia": row.tia.key if row.tia else None,
                    "standing": row.standing.value,
                    "outcome": row.tia.outcome.value if row.tia and row.tia.outcome else None,
                    "decided_on": row.tia.decided_on.isoformat() if row.tia and row.tia.decided_on else None,
                    "needs_review_because": [str(reason) for reason in row.reasons],
                    "hops": [hop.id for hop in row.hops],
                }
                for row in rows
            ]
        )
        return
    if not rows:
        typer.echo(_("No transfer rests on a tool that needs a transfer impact assessment."))
        return
    for row in rows:
        standing = _(tias.STANDING_WORDS[row.standing])
        which = f" ({row.tia.key})" if row.tia else ""
        typer.echo(f"- {row.transfer}  {local(row.importer_name, language)}: {standing}{which}")
        for reason in row.reasons:
            typer.echo(f"    {tias.render(reason, language)}")


@tia_app.command("new")
def new(
    transfer: Annotated[
        str, typer.Option("--transfer", help="The transfer: importer@COUNTRY (e.g. hubspot@US) or a hop id.")
    ],
    as_of: AsOfOpt = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show the plan; write nothing.")] = False,
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """Write a draft TIA for one transfer into the store, pre-filled from the register (steps 1-2, the
    measures of step 4, the country assessment), through the import plan; steps 3-6 stay "not assessed".

    Example: catalog tia new --transfer hubspot@US
    """
    day = parse_as_of(as_of)
    with opened_store(store) as opened:
        language = reading_language(opened, lang)
        draft, plan = tias.new_tia(opened, transfer, as_of=day, dry_run=dry_run)
        where = opened.display_url
    for line in plan_lines(plan, where, verbose_rows=False, lang=language):
        typer.echo(line)
    _ = translator(language)
    if not dry_run:
        typer.echo(_("Draft TIA {key} written; see it with: catalog show tia {key}").format(key=draft.key))


class TiaFormat(StrEnum):
    MD = "md"
    HTML = "html"
    DOCX = "docx"


def export_tia(
    out: Annotated[Path, typer.Option("--out", help="Directory for the documents (created if missing).")],
    output_format: Annotated[TiaFormat, typer.Option("--format", help="Document format.")] = TiaFormat.MD,
    as_of: AsOfOpt = None,
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """One document per TIA, and a draft for each transfer that needs one and has none: the six steps as
    headings (Step 1 ... Step 6; Trinn 1 ... with --lang nb), steps 1-2 from the register, unanswered
    questions marked "not assessed".

    Example: catalog export tia --format docx --out tia/
    """
    day = parse_as_of(as_of)
    with opened_store(store, read_only=True) as opened:
        language = reading_language(opened, lang)
        written = tias.export_tias(opened, output_format.value, out, language, day)
    _ = translator(language)
    typer.echo(
        _("Wrote {count} TIA documents to {out} ({format}, {lang}, as of {day})").format(
            count=len(written), out=out, format=output_format.value, lang=language.value, day=day.isoformat()
        )
    )
