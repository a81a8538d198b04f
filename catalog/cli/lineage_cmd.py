"""``catalog lineage``: where one data category goes, through whom, into which countries."""

from __future__ import annotations

from typing import Annotated

import typer

from catalog.app import lineage as lineage_service
from catalog.cli.common import FormatOption, OutputFormat, StoreOption, echo_json, opened_store
from catalog.domain.location import country_name


def lineage(
    category: Annotated[
        str, typer.Argument(help="Data category key, e.g. contact.email (see: catalog show data_category).")
    ],
    store: StoreOption = None,
    output: FormatOption = OutputFormat.TEXT,
) -> None:
    """Show every route from a data category to the systems, processors, recipients and countries it reaches.

    The category matches its broader and narrower categories too. On Neo4j the routes are computed in Cypher.

    Example: catalog lineage contact.email --format json
    """
    with opened_store(store) as opened:
        result = lineage_service.lineage(opened, category)
    if output == OutputFormat.JSON:
        echo_json(result.model_dump(mode="json"))
        return
    typer.echo(f"Lineage of {category}: {len(result.nodes)} nodes, {len(result.edges)} edges")
    typer.echo("Countries reached: " + ", ".join(f"{country_name(c)} ({c})" for c in result.countries))
    for edge in result.edges:
        typer.echo(f"  {edge.source} -[{edge.rel}]-> {edge.target}")
