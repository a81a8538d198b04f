"""Commands that move a whole register in and out of a store: seed, dump, show (import: import_cmd)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from catalog.app import register as register_app
from catalog.app.history import context
from catalog.app.register import dump_yaml
from catalog.cli.common import (
    ActorOption,
    FormatOption,
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
        state = "loaded" if report.changed else "already up to date" if not if_empty else "not needed (store in use)"
        typer.echo(f"Seed register {state}: {report.entities} entities in {opened.display_url}")


def dump(
    path: Annotated[Path, typer.Argument(help="Directory to write the YAML files into.")],
    store: StoreOption = None,
) -> None:
    """Write the stored register as a directory of YAML files that 'catalog import' reads back.

    Example: catalog dump ./register-backup
    """
    with opened_store(store) as opened:
        written = register_app.dump(opened, path)
        typer.echo(f"Wrote {len(written)} files to {path}")


def show(
    kind: Annotated[
        str,
        typer.Argument(help="organisation, data_category, data_subject, activity, system, processor or recipient."),
    ],
    key: Annotated[str | None, typer.Argument(help="Key of one entity; omit to list all.")] = None,
    store: StoreOption = None,
    output: FormatOption = OutputFormat.TEXT,
    register_as_of: RegisterAsOfOption = None,
) -> None:
    """List the entities of a kind, or show one.

    Example: catalog show processor --format json --register-as-of 2026-01-31
    """
    with opened_store(store) as opened:
        rows = register_app.show(opened, kind, key, register_as_of=register_as_of)
    if output == OutputFormat.JSON:
        echo_json(rows if key is None else rows[0])
        return
    for row in rows:
        typer.echo(_text_line(row) if key is None else dump_yaml(row).rstrip() + _readings_block(row))


def _readings_block(row: dict[str, Any]) -> str:
    """The entry's readings and assumptions spelled out below it, so none passes for a stated fact."""
    lines = []
    for entry in row.get("provenance") or []:
        if entry["basis"] == "stated":
            continue
        fact = entry["field"] + (f" = {entry['value']}" if entry.get("value") is not None else "")
        source = entry.get("source") or {}
        where = ", ".join(part for part in (source.get("document"), source.get("section")) if part)
        lines.append(
            f"  {fact}: {entry['basis'].upper()}. {entry.get('note') or ''}" + (f" (source: {where})" if where else "")
        )
    if not lines:
        return ""
    return "\n\nReadings and assumptions, not stated in the source (confirm or correct):\n" + "\n".join(lines)


def _text_line(row: dict[str, Any]) -> str:
    title = row.get("name") or row.get("legal_name") or ""
    extras = []
    for field in ("service_category", "kind", "role"):
        if field in row:
            extras.append(str(row[field]))
    for field in ("processing_locations", "hosting", "locations"):
        if row.get(field):
            extras.append("in " + ", ".join(row[field]))
    if row.get("safeguards"):
        extras.append("safeguards: " + ", ".join(s["kind"] for s in row["safeguards"]))
    key = row.get("key", "")
    return f"{key:32} {title}" + (f"  [{'; '.join(extras)}]" if extras else "")
