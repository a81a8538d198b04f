"""``catalog due``: overdue reviews, what falls due inside a window, and what breaks next."""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from catalog.app import review
from catalog.app.export import write_atomic
from catalog.app.language import N_, Lang, Phrase, reading_language, translator
from catalog.app.review import DueItem, DueReport, kind_label, render_ics, status_label, worded
from catalog.cli.common import LangOption, RegisterAsOfOption, StoreOption, opened_store, parse_as_of
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
        raise InputError(Phrase(N_("--within {text!r} is not a window such as 90d, 12w, 6m or 1y"), text=text))
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
    lang: LangOption = None,
) -> None:
    """List overdue reviews first, then what falls due inside the window, and when each valid transfer breaks.

    Example: catalog due --within 90d --format ics --out reviews.ics
    """
    days = parse_window(within)
    day = parse_as_of(as_of)
    if out is not None and not out.parent.is_dir():
        raise InputError(Phrase(N_("{folder}: no such directory for --out"), folder=out.parent))
    with opened_store(store) as opened:
        report, organisation = review.due(opened, day, days, register_as_of=register_as_of)
        language = reading_language(opened, lang)
    report = worded(report, language)
    if output == DueFormat.ICS:
        data = render_ics(report, organisation, language)
    elif output == DueFormat.JSON:
        data = (report_json(report) + "\n").encode()
    else:
        data = (report_text(report, language) + "\n").encode()
    if out is None:
        typer.echo(data.decode(), nl=False)
        return
    write_atomic(out, data)
    _ = translator(language)
    typer.echo(
        _("Wrote {path} ({overdue} overdue, {upcoming} upcoming)").format(
            path=out, overdue=len(report.overdue), upcoming=len(report.upcoming)
        )
    )


def report_json(report: DueReport) -> str:
    # pydantic-core writes the indented JSON natively, the same text as json.dumps(indent=2, ensure_ascii=False)
    # of model_dump(mode="json"): the standard library's indented encoder is pure Python (seconds at 100k).
    return report.model_dump_json(indent=2)


def _item_lines(item: DueItem, lang: Lang) -> list[str]:
    _ = translator(lang)
    return [
        f"- {item.due_on}  {kind_label(item.kind, lang)}: {item.entity}  ({item.subject})",
        f"  {item.why}",
        "  " + _("Affects: {what}.").format(what=item.affects.rstrip(".")),
    ]


def report_text(report: DueReport, lang: Lang = Lang.EN) -> str:
    """The report as text, in ``lang`` (``report`` already worded in it by ``worded``)."""
    _ = translator(lang)
    lines = [_("Due as of {day} (window: {days} days)").format(day=report.as_of, days=report.within_days), ""]
    lines.append(_("OVERDUE ({count})").format(count=len(report.overdue)))
    for item in report.overdue:
        lines.extend(_item_lines(item, lang))
    lines.append("")
    lines.append(_("DUE WITHIN {days} DAYS ({count})").format(days=report.within_days, count=len(report.upcoming)))
    for item in report.upcoming:
        lines.extend(_item_lines(item, lang))
    lines.append("")
    lines.append(
        _("WHAT BREAKS NEXT ({count} transfers valid on {day})").format(count=len(report.breaks), day=report.as_of)
    )
    for broken in report.breaks:
        when = str(broken.breaks_on) if broken.breaks_on else _("no end date")
        lines.append(
            f"- {when}  {broken.exporter} -> {broken.importer} ({broken.country}): {broken.mechanism} "
            f"[{status_label(broken.status, lang)}]"
        )
        lines.append(f"  {broken.why}")
    lines.append("")
    lines.append(
        _("ALREADY BROKEN ({count} transfers not valid, or with an unknown destination, on {day})").format(
            count=len(report.broken), day=report.as_of
        )
    )
    for broken in report.broken:
        relied = f": {broken.mechanism}" if broken.mechanism else ""
        lines.append(
            f"- {status_label(broken.status, lang)}  {broken.exporter} -> {broken.importer} ({broken.country}){relied}"
        )
        lines.append(f"  {broken.why}")
    return "\n".join(lines)
