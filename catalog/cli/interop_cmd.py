"""``catalog import-fides``: Fides manifests into the store.

Meant to move under ``catalog import fides`` once the shared import plan lands.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from catalog import interop_service
from catalog.cli.common import ActorOption, ReasonOption, StoreOption, opened_store, parse_as_of
from catalog.history import context
from catalog.interop_service import ImportPlan

KIND_LABELS = {
    "data_category": "data categories",
    "data_subject": "data-subject categories",
    "activity": "activities",
    "system": "systems",
    "processor": "processors",
    "recipient": "recipients",
}


def import_fides(
    path: Annotated[Path, typer.Argument(help="A directory of Fides manifests (*.yml, *.yaml), or one manifest file.")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would change; write nothing.")] = False,
    allow_deletions: Annotated[
        bool, typer.Option("--allow-deletions", help="Let the import remove stored entities the manifests lack.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", help="Date the findings are compared at (YYYY-MM-DD). Default: today.", show_default=False
        ),
    ] = None,
    store: StoreOption = None,
    actor: ActorOption = None,
    reason: ReasonOption = None,
) -> None:
    """Read Fides manifests (systems, vendors, privacy declarations, categories, subjects) into the register.

    Vendors become processors, declarations become activities. What Fides cannot say (the transfer
    tool's decision, SCC module, TIA, sub-processor safeguards, most locations) comes in as unknown,
    and 'catalog check' reports it. Replaces the stored register in one step; --dry-run shows the change first.

    Example: catalog import-fides ./fides --dry-run
    """
    day = parse_as_of(as_of)
    with opened_store(store) as opened:
        plan = interop_service.import_fides(
            opened,
            path,
            dry_run=dry_run,
            allow_deletions=allow_deletions,
            as_of=day,
            change=context("import-fides", actor, reason),
        )
        target = opened.display_url
    for line in summary_lines(plan):
        typer.echo(line)
    if plan.unchanged:
        typer.echo(f"Register unchanged (identical to the one in {target}).")
    elif dry_run:
        typer.echo("Dry run: nothing was written.")
    else:
        typer.echo(f"Register imported from Fides: {plan.entities} entities in {target}")


def summary_lines(plan: ImportPlan) -> list[str]:
    """The change and the findings delta in plain words, one line each."""
    lines = []
    for verb, bucket in (("add", plan.added), ("change", plan.changed), ("remove", plan.removed)):
        for kind, keys in bucket.items():
            shown = ", ".join(keys[:8]) + (f" and {len(keys) - 8} more" if len(keys) > 8 else "")
            lines.append(f"Would {verb} {len(keys)} {KIND_LABELS.get(kind, kind)}: {shown}")
    after = ", ".join(f"{count} {severity}" for severity, count in plan.findings_after.items() if count)
    if plan.findings_before is None:
        lines.append(f"Findings after the import: {after or 'none'}")
    else:
        before = ", ".join(f"{count} {severity}" for severity, count in plan.findings_before.items() if count)
        lines.append(f"Findings: {before or 'none'} now; {after or 'none'} after the import")
    return lines
