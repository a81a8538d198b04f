"""Commands that move a whole register in and out of a store: seed, dump, show (import: import_cmd)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from catalog.app import register as register_app
from catalog.app.history import context
from catalog.app.language import Lang, reading_language, stored_text, translator
from catalog.app.register import dump_yaml
from catalog.cli.common import (
    ActorOption,
    FormatOption,
    LangOption,
    OutputFormat,
    ReasonOption,
    RegisterAsOfOption,
    StoreOption,
    echo_json,
    opened_store,
)


def seed(
    store: StoreOption = None,
    replace: Annotated[bool, typer.Option(help="Overwrite a store that holds a different register.")] = False,
    actor: ActorOption = None,
    reason: ReasonOption = None,
    if_empty: Annotated[
        bool, typer.Option(help="Only seed an empty store; leave any stored register alone (container start-up).")
    ] = False,
) -> None:
    """Load the Verji Tech AS seed register into the store. Safe to run again.

    Example: catalog seed --store sqlite:///tmp/verji.db
    """
    with opened_store(store) as opened:
        report = register_app.seed(
            opened, replace=replace, only_if_empty=if_empty, change=context("seed", actor, reason)
        )
        _ = translator(reading_language(opened))
        if report.changed:
            state = _("loaded")
        else:
            state = _("already up to date") if not if_empty else _("not needed (store in use)")
        typer.echo(
            _("Seed register {state}: {count} entities in {store}").format(
                state=state, count=report.entities, store=opened.display_url
            )
        )


def dump(
    path: Annotated[Path, typer.Argument(help="Directory to write the YAML files into.")],
    store: StoreOption = None,
) -> None:
    """Write the stored register as a directory of YAML files that 'catalog import' reads back.

    Example: catalog dump ./register-backup
    """
    with opened_store(store) as opened:
        written = register_app.dump(opened, path)
        _ = translator(reading_language(opened))
        typer.echo(_("Wrote {count} files to {path}").format(count=len(written), path=path))


def show(
    kind: Annotated[
        str,
        typer.Argument(help="organisation, data_category, data_subject, activity, system, processor or recipient."),
    ],
    key: Annotated[str | None, typer.Argument(help="Key of one entity; omit to list all.")] = None,
    store: StoreOption = None,
    output: FormatOption = OutputFormat.TEXT,
    register_as_of: RegisterAsOfOption = None,
    lang: LangOption = None,
) -> None:
    """List the entities of a kind, or show one.

    Example: catalog show processor --format json --register-as-of 2026-01-31
    """
    with opened_store(store) as opened:
        language = reading_language(opened, lang)
        rows = register_app.show(opened, kind, key, register_as_of=register_as_of, lang=language)
    if output == OutputFormat.JSON:
        echo_json(rows if key is None else rows[0])
        return
    for row in rows:
        typer.echo(
            _text_line(row, language) if key is None else dump_yaml(row).rstrip() + _readings_block(row, language)
        )


def _readings_block(row: dict[str, Any], language: Lang) -> str:
    """The entry's readings and assumptions spelled out below it, so none passes for a stated fact."""
    _ = translator(language)
    basis_words = {"reading": _("READING"), "assumption": _("ASSUMPTION")}
    lines = []
    for entry in row.get("provenance") or []:
        if entry["basis"] == "stated":
            continue
        fact = entry["field"] + (f" = {entry['value']}" if entry.get("value") is not None else "")
        source = entry.get("source") or {}
        where = ", ".join(part for part in (source.get("document"), source.get("section")) if part)
        note = stored_text(entry.get("note") or "", language)
        lines.append(
            f"  {fact}: {basis_words.get(entry['basis'], entry['basis'])}. {note}"
            + (_(" (source: {where})").format(where=where) if where else "")
        )
    if not lines:
        return ""
    heading = _("Readings and assumptions, not stated in the source (confirm or correct):")
    return "\n\n" + heading + "\n" + "\n".join(lines)


def _text_line(row: dict[str, Any], lang: Lang = Lang.EN) -> str:
    _ = translator(lang)
    title = stored_text(row.get("name") or row.get("legal_name") or "", lang)
    extras = []
    for field in ("service_category", "kind", "role"):
        if field in row:
            extras.append(str(row[field]))
    for field in ("processing_locations", "hosting", "locations"):
        if row.get(field):
            extras.append(_("in {places}").format(places=", ".join(row[field])))
    if row.get("safeguards"):
        extras.append(_("safeguards: {kinds}").format(kinds=", ".join(s["kind"] for s in row["safeguards"])))
    key = row.get("key", "")
    return f"{key:32} {title}" + (f"  [{'; '.join(extras)}]" if extras else "")
