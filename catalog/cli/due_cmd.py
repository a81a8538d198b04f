"""``catalog due``: overdue reviews, what falls due inside a window, and what breaks next."""

from __future__ import annotations

import json
import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from catalog.app import review
from catalog.app.export import write_atomic
from catalog.app.review import KIND_LABELS, DueItem, DueReport, render_ics, status_label
from catalog.cli.common import RegisterAsOfOption, StoreOption, opened_store, parse_as_of
from catalog.errors import InputError


class DueFormat(StrEnum):
    TEXT = "text"
    JSON = "json"
    ICS = "ics"


_WINDOW = re.compile(r"^(\d{1,5})\s*([dwmy]?)$")
_UNIT_DAYS = {"": 1, "d": 1, "w": 7, "m": 30, "y": 365}


def parse_window(text: str) -> int:
    """``90d``, ``12w``, ``6m`` (30 days each), ``1y`` or a plain number of days."""
    found = _WINDOW.match(text.strip().lower())
    if found is None:
        raise InputError(f"--within {text!r} is not a window such as 90d, 12w, 6m or 1y")
    return int(found.group(1)) * _UNIT_DAYS[found.group(2)]


def due(
    within: Annotated[
        str, typer.Option("--within", help="Show what falls due from the as-of date to this far ahead: 90d, 12w, 6m.")
    ] = "90d",
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="The date to look from (YYYY-MM-DD). Default: today.")
    ] = None,
    output: Annotated[DueFormat, typer.Option("--format", help="text, json or ics (iCalendar).")] = DueFormat.TEXT,
    out: Annotated[
        Path | None, typer.Option("--out", help="Write to this file (replaced atomically) instead of the screen.")
    ] = None,
    store: StoreOption = None,
    register_as_of: RegisterAsOfOption = None,
) -> None:
    """List overdue reviews first, then what falls due inside the window, and when each valid transfer breaks.

    Example: catalog due --within 90d --format ics --out reviews.ics
    """
    days = parse_window(within)
    day = parse_as_of(as_of)
    if out is not None and not out.parent.is_dir():
        raise InputError(f"{out.parent}: no such directory for --out")
    with opened_store(store) as opened:
        report, organisation = review.due(opened, day, days, register_as_of=register_as_of)
    if output == DueFormat.ICS:
        data = render_ics(report, organisation)
    elif output == DueFormat.JSON:
        data = (json.dumps(report_json(report), indent=2, ensure_ascii=False) + "\n").encode()
    else:
        data = (report_text(report) + "\n").encode()
    if out is None:
        typer.echo(data.decode(), nl=False)
        return
    write_atomic(out, data)
    typer.echo(f"Wrote {out} ({len(report.overdue)} overdue, {len(report.upcoming)} upcoming)")


def report_json(report: DueReport) -> dict[str, Any]:
    return report.model_dump(mode="json")


def _item_lines(item: DueItem) -> list[str]:
    return [
        f"- {item.due_on}  {KIND_LABELS[item.kind]}: {item.entity}  ({item.subject})",
        f"  {item.why}",
        f"  Affects: {item.affects.rstrip('.')}.",
    ]


def report_text(report: DueReport) -> str:
    lines = [f"Due as of {report.as_of} (window: {report.within_days} days)", ""]
    lines.append(f"OVERDUE ({len(report.overdue)})")
    for item in report.overdue:
        lines.extend(_item_lines(item))
    lines.append("")
    lines.append(f"DUE WITHIN {report.within_days} DAYS ({len(report.upcoming)})")
    for item in report.upcoming:
        lines.extend(_item_lines(item))
    lines.append("")
    lines.append(f"WHAT BREAKS NEXT ({len(report.breaks)} transfers valid on {report.as_of})")
    for broken in report.breaks:
        when = str(broken.breaks_on) if broken.breaks_on else "no end date"
        lines.append(
            f"- {when}  {broken.exporter} -> {broken.importer} ({broken.country}): {broken.mechanism} "
            f"[{status_label(broken.status)}]"
        )
        lines.append(f"  {broken.why}")
    lines.append("")
    lines.append(
        f"ALREADY BROKEN ({len(report.broken)} transfers not valid, or with an unknown destination, on {report.as_of})"
    )
    for broken in report.broken:
        relied = f": {broken.mechanism}" if broken.mechanism else ""
        lines.append(
            f"- {status_label(broken.status)}  {broken.exporter} -> {broken.importer} ({broken.country}){relied}"
        )
        lines.append(f"  {broken.why}")
    return "\n".join(lines)
