"""Commands over the change history: list, verify, export, and diff between two dates."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated

import typer

from catalog.app import history as history_service
from catalog.app.history import history_csv, history_json
from catalog.app.language import N_, plural_translator, reading_language, translator
from catalog.app.review import Severity, severity_label
from catalog.cli.common import (
    EXIT_FAILURE,
    FormatOption,
    LangOption,
    OutputFormat,
    StoreOption,
    echo_json,
    opened_store,
)

history_app = typer.Typer(
    help="The change history: who changed what and when, tamper-evident.\n\n"
    "Example: catalog history --since 2026-01-01",
    invoke_without_command=True,
    no_args_is_help=False,
)


class HistoryFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    CSV = "csv"


CHANGE_WORDS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed")}
"""How the diff names a change to an entity (its JSON keeps the English value)."""

DateOption = Annotated[date | None, typer.Option(formats=["%Y-%m-%d"], help="YYYY-MM-DD.")]


@history_app.callback()
def history(
    ctx: typer.Context,
    since: Annotated[
        date | None, typer.Option("--since", formats=["%Y-%m-%d"], help="Only changes on or after this UTC day.")
    ] = None,
    entity: Annotated[str | None, typer.Option("--entity", help="Only changes to this entity key.")] = None,
    output: Annotated[HistoryFormat, typer.Option("--format", help="Output format.")] = HistoryFormat.TEXT,
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """List the change history, oldest first.

    Example: catalog history --entity hubspot --format json > hubspot-history.json
    """
    if ctx.invoked_subcommand is not None:
        return
    with opened_store(store) as opened:
        entries = history_service.list_history(opened, since=since, entity=entity)
        language = reading_language(opened, lang)
    ngettext = plural_translator(language)
    if output == HistoryFormat.JSON:
        typer.echo(history_json(entries).decode("utf-8"), nl=False)
    elif output == HistoryFormat.CSV:
        typer.echo(history_csv(entries).decode("utf-8"), nl=False)
    else:
        for entry in entries:
            keys = ", ".join(entry.entity_keys()[:6]) + (" ..." if len(entry.changes) > 6 else "")
            reason = f" - {entry.reason}" if entry.reason else ""
            stamp = entry.at.strftime("%Y-%m-%d %H:%M:%S")
            changes = ngettext("{count} change", "{count} changes", len(entry.changes)).format(count=len(entry.changes))
            typer.echo(f"#{entry.seq:<4} {stamp}Z  {entry.actor:<16} {entry.operation:<7} {changes}: {keys}{reason}")


@history_app.command("verify")
def verify(
    store: StoreOption = None,
    expect_head: Annotated[
        str | None,
        typer.Option(
            "--expect-head",
            help="A head hash recorded earlier ('catalog history head', or an audit pack's manifest): "
            "fail if the entries up to it were removed or rewritten.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Recompute the hash chain, check every stored column and replay the log against the stored register.

    Exits 1 naming each entry altered or removed, and each entity edited outside the catalog.

    Example: catalog history verify --expect-head 3f5c...e1 (the hash from the audit pack's manifest.json)
    """
    expected = history_service.parse_head_hash(expect_head) if expect_head is not None else None
    with opened_store(store) as opened:
        report = history_service.verify_store(opened, expected)
        language = reading_language(opened)
    _, ngettext = translator(language), plural_translator(language)
    if report.problems:
        for problem in report.problems:
            typer.echo(_("history verify: FAILED: {problem}").format(problem=problem), err=True)
        raise typer.Exit(EXIT_FAILURE)
    counted = ngettext("{count} entry", "{count} entries", report.entries).format(count=report.entries)
    template = (
        _(
            "history verify: OK, {entries}, chain intact and holds the expected head, the stored register "
            "matches the history (head #{seq} {hash})"
        )
        if expected
        else _(
            "history verify: OK, {entries}, chain intact, the stored register matches the history (head #{seq} {hash})"
        )
    )
    typer.echo(template.format(entries=counted, seq=report.head.seq, hash=report.head.hash))


@history_app.command("head")
def head(store: StoreOption = None, output: FormatOption = OutputFormat.TEXT) -> None:
    """Print the last entry's number and hash: record it to detect later removals ('verify --expect-head').

    Example: catalog history head --format json
    """
    with opened_store(store) as opened:
        found = opened.history_head()
    if output == OutputFormat.JSON:
        echo_json({"seq": found.seq, "hash": found.hash})
    else:
        typer.echo(f"#{found.seq} {found.hash}")


def diff(
    from_point: Annotated[
        str, typer.Option("--from", help="YYYY-MM-DD (end of that UTC day), an ISO 8601 time, or #N (after entry N).")
    ],
    to_point: Annotated[str, typer.Option("--to", help="Same forms as --from.")],
    output: Annotated[HistoryFormat, typer.Option("--format", help="text or json.")] = HistoryFormat.TEXT,
    store: StoreOption = None,
    lang: LangOption = None,
) -> None:
    """Show entities added, removed and changed between two points, and the findings that appeared or went.

    Example: catalog diff --from 2026-01-01 --to 2026-06-30   (or: --from '#1' --to '#3')
    """
    start, end = history_service.parse_point(from_point), history_service.parse_point(to_point)
    with opened_store(store) as opened:
        language = reading_language(opened, lang)
        result = history_service.diff_points(opened, start, end, lang=language)
    if output == HistoryFormat.JSON:
        echo_json(result.model_dump(mode="json"))
        return
    _ = translator(language)
    typer.echo(
        _("Register changes from {start} to {end}: {count} entities").format(
            start=result.from_point, end=result.to_point, count=len(result.entities)
        )
    )
    for item in result.entities:
        fields = f" ({', '.join(item.fields)})" if item.fields else ""
        typer.echo(f"  {_(CHANGE_WORDS.get(item.change, item.change)):<8} {item.kind}:{item.key}{fields}")
    headings = (_("Findings appeared: {count}"), _("Findings disappeared: {count}"))
    for heading, findings in zip(headings, (result.findings_appeared, result.findings_disappeared), strict=True):
        typer.echo(heading.format(count=len(findings)))
        for finding in findings:
            severity = severity_label(Severity(finding["severity"]), language)
            typer.echo(f"  [{severity}] {finding['rule']} {finding['subject']}: {finding['message']}")
