"""``catalog copy``: move a whole register from one store to another."""

from __future__ import annotations

from typing import Annotated

import typer

from catalog.app import register as register_app
from catalog.app.language import reading_language, translator
from catalog.cli.common import opened_store
from catalog.cli.progress import QuietOption, terminal_progress

_URL_HELP = "Store URL: sqlite:///path/to/file.db (or a plain path), bolt://host:7687 or neo4j://host:7687."


def copy(
    source: Annotated[str, typer.Option("--from", help="The store to read. " + _URL_HELP, show_default=False)],
    target: Annotated[str, typer.Option("--to", help="The store to write. " + _URL_HELP, show_default=False)],
    replace: Annotated[bool, typer.Option(help="Overwrite a target that holds a different register.")] = False,
    quiet: QuietOption = False,
) -> None:
    """Copy the whole register from one store to another, losslessly and atomically.

    Neo4j credentials come from NEO4J_USER and NEO4J_PASSWORD (and NEO4J_DATABASE).

    Example: catalog copy --from sqlite:///tmp/verji.db --to bolt://localhost:7687
    """
    with opened_store(source) as reading, opened_store(target) as writing:
        with terminal_progress("Copying", quiet) as progress:
            report = register_app.copy_register(reading, writing, replace=replace, progress=progress)
        _ = translator(reading_language(writing))
        state = _("copied") if report.changed else _("already identical")
        typer.echo(
            _("Register {state}: {count} entities from {source} to {target}").format(
                state=state, count=report.entities, source=reading.display_url, target=writing.display_url
            )
        )
