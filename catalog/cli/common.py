"""Options shared by every command, and the translation of errors into messages and exit codes."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

import typer

from catalog.app.language import N_, Lang, Phrase, translator
from catalog.app.stores import RegisterStore, open_store
from catalog.errors import CatalogError, ConcurrentEditError, InputError

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        envvar="CATALOG_STORE",
        help="Store URL: sqlite:///path/to/file.db (or a plain path) for the embedded store, "
        "bolt://host:7687 or neo4j://host:7687 for Neo4j. Default: the embedded file in "
        "~/.local/share/gdpr-transfer-catalog/catalog.db.",
        show_default=False,
    ),
]


ActorOption = Annotated[
    str | None,
    typer.Option(
        "--actor", envvar="CATALOG_ACTOR", help="Who is making the change (default: the OS user).", show_default=False
    ),
]
ReasonOption = Annotated[
    str | None, typer.Option("--reason", help="Why the change is made; kept in the history.", show_default=False)
]


RegisterAsOfOption = Annotated[
    date | None,
    typer.Option(
        "--register-as-of",
        formats=["%Y-%m-%d"],
        help="Use the register as it was at the end of this UTC day (from the change history).",
        show_default=False,
    ),
]


LangOption = Annotated[
    Lang | None,
    typer.Option(
        "--lang",
        help="Language of the output: en or nb (bokmål). Default: the organisation's language setting, else en.",
        show_default=False,
    ),
]


def parse_as_of(text: str | None) -> date:
    """The ``--as-of`` option: ``YYYY-MM-DD``, or today when not given."""
    if text is None:
        return date.today()
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(Phrase(N_("--as-of {text!r} is not a date in the form YYYY-MM-DD"), text=text)) from None


class OutputFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


FormatOption = Annotated[OutputFormat, typer.Option("--format", help="Output format.")]


def fail(message: str, code: int) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def opened_store(url: str | None, *, read_only: bool = False) -> Iterator[RegisterStore]:
    """Open the store for one command and always close it; ``read_only`` creates and migrates nothing."""
    store = open_store(url, read_only=read_only)
    try:
        yield store
    except CatalogError:
        _remember_organisation_language(store)
        raise
    finally:
        store.close()


_organisation_language: list[Lang] = []
"""The language setting of the register a failing command had open (its error is worded in it)."""


def _remember_organisation_language(store: RegisterStore) -> None:
    try:
        organisation = store.get_organisation()
    except CatalogError:  # the store itself failed: the error is worded in --lang or English
        return
    if organisation is not None and organisation.value.language is not None:
        _organisation_language.append(organisation.value.language)


def forget_organisation_language() -> None:
    """Start a command with no register language known (several commands may run in one process)."""
    _organisation_language.clear()


def error_language(argv: list[str]) -> Lang:
    """The language an error is worded in: the command's ``--lang``, else the language setting of the register it
    had open, else English (a store that cannot be opened has no setting to read)."""
    for index, arg in enumerate(argv):
        chosen = argv[index + 1] if arg == "--lang" and index + 1 < len(argv) else arg.partition("=")[2]
        if (arg == "--lang" or arg.startswith("--lang=")) and chosen in set(Lang):
            return Lang(chosen)
    return _organisation_language[-1] if _organisation_language else Lang.EN


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, indent=2, ensure_ascii=False))


def exit_code_for(error: CatalogError) -> int:
    # A save that lost a race is refused like bad input: nothing was written, reload and redo it.
    return EXIT_BAD_INPUT if isinstance(error, InputError | ConcurrentEditError) else EXIT_FAILURE


def report_error(error: CatalogError, lang: Lang = Lang.EN) -> int:
    """Print a catalog error in ``lang`` without a traceback; return its exit code."""
    _ = translator(lang)
    print(_("error: {message}").format(message=error.render(lang)), file=sys.stderr)
    return exit_code_for(error)
