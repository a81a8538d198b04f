"""The ``catalog`` entry point: registers the sub-commands and turns errors into exit codes.

Exit codes: 0 success, 2 bad input or usage, 1 unexpected failure (3 is reserved for
``catalog check`` finding a transfer at or above ``--fail-on``).
"""

from __future__ import annotations

import sys

import typer

from catalog.cli import (
    check_cmd,
    copy_cmd,
    due_cmd,
    export_cmd,
    history_cmd,
    import_cmd,
    lineage_cmd,
    register_cmds,
    tia_cmd,
    ui_cmd,
)
from catalog.cli.common import EXIT_FAILURE, error_language, forget_organisation_language, report_error
from catalog.errors import CatalogError

app = typer.Typer(
    name="catalog",
    help="A GDPR processor and international-transfer register kept as a graph.\n\n"
    "Example: catalog seed && catalog show processor",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

app.command("seed")(register_cmds.seed)
app.add_typer(import_cmd.import_app, name="import")
app.command("dump")(register_cmds.dump)
app.command("show")(register_cmds.show)
app.add_typer(history_cmd.history_app, name="history")
app.command("diff")(history_cmd.diff)
app.command("copy")(copy_cmd.copy)
app.command("ui")(ui_cmd.ui)
app.command("check")(check_cmd.check)
app.command("due")(due_cmd.due)
app.command("lineage")(lineage_cmd.lineage)
app.add_typer(export_cmd.app, name="export")
app.add_typer(tia_cmd.tia_app, name="tia")
export_cmd.app.command("tia")(tia_cmd.export_tia)


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; library errors become one-line messages, never tracebacks."""
    forget_organisation_language()
    try:
        # With standalone_mode=False click returns the code of a typer.Exit instead of raising it.
        result = app(args=argv, standalone_mode=False)
    except CatalogError as error:
        return report_error(error, error_language(sys.argv[1:] if argv is None else argv))
    except typer.Exit as done:
        return int(done.exit_code)
    except typer.Abort:
        print("Aborted.", file=sys.stderr)
        return EXIT_FAILURE
    except Exception as error:  # click usage errors carry their own exit code
        code = getattr(error, "exit_code", None)
        show = getattr(error, "show", None)
        if code is not None and callable(show):
            show()
            return int(code)
        raise
    return result if isinstance(result, int) else 0


def run() -> None:
    sys.exit(main())


if __name__ == "__main__":
    run()
