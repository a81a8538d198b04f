"""``catalog lineage``: where one data category goes, through whom, into which countries."""

from __future__ import annotations

from typing import Annotated

import typer

from catalog.app import lineage as lineage_service
from catalog.app.language import reading_language, translator
from catalog.app.lineage import country_label
from catalog.cli.common import FormatOption, LangOption, OutputFormat, StoreOption, echo_json, opened_store


def lineage(
    category: Annotated[
        str, typer.Argument(help="Data category key, e.g. contact.email (see: catalog show data_category).")
    ],
    store: StoreOption = None,
    output: FormatOption = OutputFormat.TEXT,
    lang: LangOption = None,
) -> None:
    """Show every route from a data category to the systems, processors, recipients and countries it reaches.

    The category matches its broader and narrower categories too. On Neo4j the routes are computed in Cypher.

    Example: catalog lineage contact.email --format json
    """
    with opened_store(store) as opened:
        result = lineage_service.lineage(opened, category)
        language = reading_language(opened, lang)
    if output == OutputFormat.JSON:
        echo_json(result.model_dump(mode="json"))
        return
    _ = translator(language)
    typer.echo(
        _("Lineage of {category}: {nodes} nodes, {edges} edges").format(
            category=category, nodes=len(result.nodes), edges=len(result.edges)
        )
    )
    countries = ", ".join(country_label(c, language) for c in result.countries)
    typer.echo(_("Countries reached: {countries}").format(countries=countries))
    for edge in result.edges:
        typer.echo(f"  {edge.source} -[{edge.rel}]-> {edge.target}")
