"""Markdown writer: GitHub-style tables; every character Markdown or HTML would act on is escaped."""

from __future__ import annotations

import re
from collections.abc import Sequence

from catalog.exporters.headings import label
from catalog.exporters.rows import Cell, Table, cell_text, marked_rows, reading_text
from catalog.kernel.textsafety import contain_bidi

_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#!])")


def md_text(text: str) -> str:
    """Escape inline Markdown and raw HTML; line breaks inside a table cell become <br>.

    With ``[``, ``]`` and ``<`` escaped no link, image or autolink can form, whatever its scheme; direction
    controls are contained (``contain_bidi``).
    """
    escaped = _SPECIAL.sub(r"\\\1", contain_bidi(text))
    return escaped.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def md_cell(cell: Cell) -> str:
    if isinstance(cell, tuple):
        return "<br>".join(md_text(line) for line in cell)
    return md_text(cell_text(cell))


def _md_table(headings: Sequence[str], rows: Sequence[Sequence[Cell]]) -> list[str]:
    lines = ["| " + " | ".join(md_text(h) for h in headings) + " |", "|" + "---|" * len(headings)]
    lines.extend("| " + " | ".join(md_cell(cell) for cell in row) + " |" for row in rows)
    return lines


def table_markdown(table: Table, level: int = 1) -> list[str]:
    lines = [f"{'#' * level} {md_text(table.title)}", "", f"{md_text(table.basis)}", ""]
    if table.header is not None:
        headings = [table.header.title, *(text for _, text in table.header.fields)]
        rows = [(role, *values) for _, role, values in table.header.entries]
        lines += [*_md_table(headings, rows), ""]
    if table.rows:
        lines += [*_md_table([c.heading for c in table.columns], marked_rows(table)), ""]
        lines += _readings_markdown(table)
    else:
        lines += [md_text(label(table.lang, "no_rows")), ""]
    return lines


def _readings_markdown(table: Table) -> list[str]:
    if not table.readings:
        return []
    lines = [f"**{md_text(label(table.lang, 'readings.title'))}**", ""]
    lines += [f"- {md_text(reading_text(table, reading))}" for reading in table.readings]
    return [*lines, ""]


def render_markdown(tables: Sequence[Table], summary: dict[str, int] | None = None) -> bytes:
    first = tables[0]
    lang = first.lang
    as_of = f"{label(lang, 'as_of')}: {first.as_of.isoformat()}"
    if len(tables) == 1:
        lines = table_markdown(first)
        lines.insert(2, as_of + "  ")
    else:
        lines = [f"# {md_text(label(lang, 'audit_report'))}", "", as_of, ""]
        if summary is not None:
            lines += [f"## {md_text(label(lang, 'findings_summary'))}", ""]
            lines += [
                *_md_table(
                    [label(lang, "severity"), label(lang, "count")],
                    [(label(lang, f"severity.{sev}"), n) for sev, n in summary.items()],
                ),
                "",
            ]
        for table in tables:
            lines += table_markdown(table, level=2)
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
