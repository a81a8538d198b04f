"""Self-contained HTML for auditors: inline CSS, no scripts, no external resources, all text escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from catalog.exporters.headings import label
from catalog.exporters.rows import Cell, Table, cell_text, marked_rows, reading_text
from catalog.kernel.textsafety import contain_bidi

_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:2rem;color:#1a1a1a}
h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2.5rem;border-bottom:1px solid #ccc}
p.meta{color:#555}
table{border-collapse:collapse;margin:1rem 0;font-size:.85rem}
th,td{border:1px solid #bbb;padding:.3rem .45rem;vertical-align:top;text-align:left}
thead th{background:#e2efda;position:sticky;top:0}
th.group{background:#d9e1f2;text-align:center}
td ul{margin:0;padding-left:1.1rem}
.wide{overflow-x:auto}
.critical{color:#8b0000;font-weight:bold}.high{color:#b34700;font-weight:bold}
@media print{thead th{position:static}}
""".strip()


CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
"""Nothing in an exported page may load or run anything: it is read offline, often from an e-mail."""


def h(text: str) -> str:
    """Text as HTML: markup escaped (quotes too, so it is safe in attributes), direction controls contained."""
    return escape(contain_bidi(text), quote=True)


def html_cell(cell: Cell) -> str:
    if isinstance(cell, tuple):
        return "<ul>" + "".join(f"<li>{h(line)}</li>" for line in cell) + "</ul>"
    return h(cell_text(cell)).replace("\n", "<br>")


def _groups_row(table: Table) -> str:
    cells = []
    columns = table.columns
    start = 0
    for end in range(1, len(columns) + 1):
        if end < len(columns) and columns[end].group == columns[start].group:
            continue
        group = columns[start].group or ""
        cells.append(f'<th class="group" colspan="{end - start}">{h(group)}</th>')
        start = end
    return "<tr>" + "".join(cells) + "</tr>"


def table_html(table: Table, with_title: bool = True) -> list[str]:
    out = [f'<section id="{h(table.kind)}">']
    if with_title:
        out.append(f"<h2>{h(table.title)}</h2>")
    out.append(f'<p class="meta">{h(table.basis)}</p>')
    if table.header is not None:
        out.append("<table><thead><tr>")
        out.append(
            "".join(f"<th>{h(text)}</th>" for text in (table.header.title, *(t for _, t in table.header.fields)))
        )
        out.append("</tr></thead><tbody>")
        for _, role, values in table.header.entries:
            out.append(f"<tr><th>{h(role)}</th>" + "".join(f"<td>{h(v)}</td>" for v in values) + "</tr>")
        out.append("</tbody></table>")
    if not table.rows:
        out.append(f"<p>{h(label(table.lang, 'no_rows'))}</p></section>")
        return out
    out.append('<div class="wide"><table><thead>')
    if table.has_groups:
        out.append(_groups_row(table))
    out.append("<tr>" + "".join(f"<th>{h(c.heading)}</th>" for c in table.columns) + "</tr></thead><tbody>")
    for row in marked_rows(table):
        out.append("<tr>" + "".join(f"<td>{html_cell(cell)}</td>" for cell in row) + "</tr>")
    if not table.readings:
        out.append("</tbody></table></div></section>")
        return out
    out.append("</tbody></table></div>")
    out.append(f'<h3 class="readings">{h(label(table.lang, "readings.title"))}</h3><ul class="readings">')
    out.extend(f"<li>{h(reading_text(table, reading))}</li>" for reading in table.readings)
    out.append("</ul></section>")
    return out


def render_html(tables: Sequence[Table], summary: dict[str, int] | None = None) -> bytes:
    first = tables[0]
    lang = first.lang
    title = first.title if len(tables) == 1 else label(lang, "audit_report")
    body = [f"<h1>{h(title)}</h1>", f'<p class="meta">{h(label(lang, "as_of"))}: {h(first.as_of.isoformat())}</p>']
    if len(tables) > 1:
        body.append(f"<nav><strong>{h(label(lang, 'contents'))}</strong><ul>")
        body.extend(f'<li><a href="#{h(t.kind)}">{h(t.title)}</a></li>' for t in tables)
        body.append("</ul></nav>")
    if summary is not None:
        body.append(f'<section id="summary"><h2>{h(label(lang, "findings_summary"))}</h2><table><thead><tr>')
        body.append(f"<th>{h(label(lang, 'severity'))}</th><th>{h(label(lang, 'count'))}</th></tr></thead><tbody>")
        body.extend(
            f'<tr><td class="{h(sev)}">{h(label(lang, f"severity.{sev}"))}</td><td>{count}</td></tr>'
            for sev, count in summary.items()
        )
        body.append("</tbody></table></section>")
    for table in tables:
        body.extend(table_html(table, with_title=len(tables) > 1))
    document = [
        "<!DOCTYPE html>",
        f'<html lang="{h(lang.value)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CONTENT_SECURITY_POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
    ]
    return ("\n".join(document) + "\n").encode("utf-8")
