"""``catalog import``: bring a register in (YAML, spreadsheets, vendor sub-processor lists), previewed first.

``import`` is a group whose default is the PATH form: ``catalog import ./register`` runs
``catalog import path ./register``. Sub-commands (``subprocessors``, and others as they come) are
chosen by their name as the first argument.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from catalog.app.history import context
from catalog.app.imports import (
    ImportMode,
    ImportPlan,
    Layout,
    Prefer,
    import_path,
    import_subprocessors,
    plan_lines,
    preload_yaml,
)
from catalog.app.interop import import_fides
from catalog.app.language import Lang, reading_language
from catalog.cli.common import (
    ActorOption,
    FormatOption,
    LangOption,
    OutputFormat,
    ReasonOption,
    StoreOption,
    echo_json,
    opened_store,
    parse_as_of,
)
from catalog.cli.progress import QuietOption, terminal_progress

DEFAULT_COMMAND = "path"


class PathDefaultGroup(TyperGroup):
    """A group that runs its ``path`` command when the first argument names no sub-command."""

    # ctx is click's Context, which newer typer vendors under a private module: typed loosely on purpose.
    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [DEFAULT_COMMAND, *args]
        return super().parse_args(ctx, args)


import_app = typer.Typer(
    name="import",
    cls=PathDefaultGroup,
    no_args_is_help=True,
    help="Bring a register in, showing what changes and which findings appear or disappear.\n\n"
    "catalog import PATH [OPTIONS] is short for catalog import path PATH [OPTIONS]: PATH is a YAML register "
    "directory (or file), or a spreadsheet (.xlsx, .ods, .csv) in the ICO controller layout, Datatilsynet's "
    "layout or this tool's ROPA export. A path that happens to be named like a sub-command can be written "
    "./NAME.\n\n"
    "Every import can be previewed with --dry-run (nothing is written). A replace that would remove more than "
    "a quarter of the stored entities, or every entity of one kind, is refused unless --allow-deletions.\n\n"
    "Example: catalog import ./my-register --dry-run",
)

ModeOption = Annotated[
    ImportMode | None,
    typer.Option(
        "--mode",
        help="replace: the source becomes the register (default for YAML); merge: add and update, never remove "
        "(default for spreadsheets).",
        show_default=False,
    ),
]
DryRunOption = Annotated[
    bool, typer.Option("--dry-run", help="Show the change and the findings it would add or remove; write nothing.")
]
AllowDeletionsOption = Annotated[
    bool,
    typer.Option(
        "--allow-deletions",
        help="Allow an import that removes more than a quarter of the stored entities or every entity of a kind.",
    ),
]
LayoutOption = Annotated[
    Layout | None,
    typer.Option(
        "--layout",
        help="Spreadsheets: read the sheet as this layout instead of detecting it from the header row.",
        show_default=False,
    ),
]
EncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding",
        help="CSV only: the file's text encoding (e.g. cp1252) when it is not UTF-8. Without it a CSV is read as "
        "UTF-8 (or as the UTF-8/16/32 its byte-order mark names) and a byte that is not valid is refused, naming "
        "the line.",
        show_default=False,
    ),
]
PreferOption = Annotated[
    Prefer,
    typer.Option(
        "--prefer",
        help="Merges: which value a conflict keeps, where the source states a field only coarsely (a safeguard "
        "cell, locations at activity level) and differently from the register. stored (default): the register's "
        "value is kept and the conflict listed; source: the source's value is written.",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", help="Date the findings delta is evaluated at (YYYY-MM-DD). Default: today.", show_default=False
    ),
]


@import_app.command(DEFAULT_COMMAND)
def path_(
    path: Annotated[
        Path, typer.Argument(help="A register directory of YAML files, one YAML file, or a .xlsx/.ods/.csv record.")
    ],
    store: StoreOption = None,
    mode: ModeOption = None,
    layout: LayoutOption = None,
    encoding: EncodingOption = None,
    dry_run: DryRunOption = False,
    allow_deletions: AllowDeletionsOption = False,
    prefer: PreferOption = Prefer.STORED,
    as_of: AsOfOption = None,
    output: FormatOption = OutputFormat.TEXT,
    actor: ActorOption = None,
    reason: ReasonOption = None,
    quiet: QuietOption = False,
    lang: LangOption = None,
) -> None:
    """Import a YAML register or a ROPA spreadsheet (the default form: catalog import PATH).

    Nothing is written unless every file is valid; errors name file, line and field. A YAML register
    replaces the stored one (--mode merge adds and updates only). A spreadsheet's header row is found
    wherever it is; each row is an activity, merged into the stored register by name (--mode replace
    makes the sheet the whole register). Cells not understood are kept as unknown and listed.

    Example: catalog import ropa.xlsx --dry-run --store sqlite:///tmp/mine.db
    """
    day = parse_as_of(as_of)
    loaded = preload_yaml(path, layout, encoding)  # bad YAML is refused before any store is opened
    with opened_store(store) as opened:
        with terminal_progress("Importing", quiet) as progress:
            plan = import_path(
                opened,
                path,
                mode=mode,
                layout=layout,
                as_of=day,
                allow_deletions=allow_deletions,
                dry_run=dry_run,
                change=context("import", actor, reason),
                progress=progress,
                loaded=loaded,
                encoding=encoding,
                prefer=prefer,
            )
        echo_plan(plan, opened.display_url, output, reading_language(opened, lang))


@import_app.command("subprocessors")
def subprocessors(
    file: Annotated[Path, typer.Argument(help="The vendor's list: .csv, .xlsx or .ods.")],
    processor: Annotated[
        str, typer.Option("--processor", help="Key of the processor whose sub-processors the list replaces.")
    ],
    store: StoreOption = None,
    encoding: EncodingOption = None,
    dry_run: DryRunOption = False,
    allow_deletions: AllowDeletionsOption = False,
    as_of: AsOfOption = None,
    output: FormatOption = OutputFormat.TEXT,
    actor: ActorOption = None,
    reason: ReasonOption = None,
    quiet: QuietOption = False,
    lang: LangOption = None,
) -> None:
    """Replace a processor's sub-processors with the vendor's published list.

    The list needs a name and a locations column (service, entity and website are read when present);
    the header row may be anywhere near the top. Shows the sub-processors and countries added, removed
    and changed, and the findings (e.g. a new onward transfer) before anything is written with --dry-run.

    Example: catalog import subprocessors --processor hubspot hubspot-subprocessors.csv --dry-run
    """
    day = parse_as_of(as_of)
    with opened_store(store) as opened:
        with terminal_progress("Importing", quiet) as progress:
            plan = import_subprocessors(
                opened,
                processor,
                file,
                as_of=day,
                allow_deletions=allow_deletions,
                dry_run=dry_run,
                change=context("import", actor, reason),
                progress=progress,
                encoding=encoding,
            )
        echo_plan(plan, opened.display_url, output, reading_language(opened, lang))


@import_app.command("fides")
def fides(
    path: Annotated[Path, typer.Argument(help="A directory of Fides manifests (*.yml, *.yaml), or one manifest file.")],
    store: StoreOption = None,
    mode: ModeOption = None,
    dry_run: DryRunOption = False,
    allow_deletions: AllowDeletionsOption = False,
    prefer: PreferOption = Prefer.STORED,
    as_of: AsOfOption = None,
    output: FormatOption = OutputFormat.TEXT,
    actor: ActorOption = None,
    reason: ReasonOption = None,
    quiet: QuietOption = False,
    lang: LangOption = None,
) -> None:
    """Read Fides manifests (systems, vendors, privacy declarations, categories, subjects) into the register.

    Vendors become processors, declarations become activities. What Fides cannot say (the transfer
    tool's decision, SCC module, TIA, sub-processor safeguards, most locations) comes in as unknown,
    and 'catalog check' reports it. The manifests replace the stored register (--mode merge adds and
    updates only); --dry-run shows the change and the findings it would add or remove first.

    Example: catalog import fides ./fides --dry-run
    """
    day = parse_as_of(as_of)
    with opened_store(store) as opened:
        language = reading_language(opened, lang)  # the manifests' text is read as written in it
        with terminal_progress("Importing", quiet) as progress:
            plan = import_fides(
                opened,
                path,
                mode=mode,
                as_of=day,
                allow_deletions=allow_deletions,
                dry_run=dry_run,
                change=context("import-fides", actor, reason),
                progress=progress,
                prefer=prefer,
                lang=language,
            )
        echo_plan(plan, opened.display_url, output, language)


def echo_plan(plan: ImportPlan, store_name: str, output: OutputFormat, lang: Lang = Lang.EN) -> None:
    """Print a plan: JSON for machines, or the text summary (its fixed words in ``lang``)."""
    if output == OutputFormat.JSON:
        data: dict[str, Any] = {"store": store_name, **plan.to_json()}
        echo_json(data)
        return
    for line in plan_lines(plan, store_name, lang=lang):
        typer.echo(line)
