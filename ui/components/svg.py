"""Render a lineage view as a standalone SVG image, for download. Every text is XML-escaped."""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from catalog.app.review import STATUS_ORDER, status_hex, status_icon, status_label
from ui.components.graph import (
    EDGE_COLOURS,
    KIND_NAMES,
    NODE_COLOURS,
    THIRD_COUNTRY_BORDER,
    GraphView,
    column_title,
    columns,
    ordered_columns,
    sign_spots,
)

COLUMN_WIDTH = 260
ROW_HEIGHT = 56
NODE_WIDTH = 200
NODE_HEIGHT = 34
MARGIN = 40


def layers(view: GraphView) -> dict[str, int]:
    """Column of each node, as the interactive view draws it (``ui.components.graph.columns``)."""
    return columns(view)


def _clip(text: str, limit: int = 30) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render_svg(view: GraphView, title: str) -> str:
    """A left-to-right layered drawing: border crossings in their status's colour and sign, with a legend."""
    column = layers(view)
    ordered = ordered_columns(view, column)
    last = max(ordered, default=0)
    position: dict[str, tuple[int, int]] = {}
    for col, members in ordered.items():
        for row, node in enumerate(members):
            position[node] = (MARGIN + col * COLUMN_WIDTH, MARGIN + 56 + row * ROW_HEIGHT)
    width = MARGIN * 2 + (last + 1) * COLUMN_WIDTH
    height = MARGIN * 3 + 56 + max((len(m) for m in ordered.values()), default=1) * ROW_HEIGHT  # and the legend
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="12">',
        '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" '
        'orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="context-stroke"/></marker></defs>',
        f'<rect width="{width}" height="{height}" fill="white"/>',
        f'<text x="{MARGIN}" y="{MARGIN}" font-size="16" font-weight="bold">{escape(title)}</text>',
    ]
    for col in ordered:
        parts.append(
            f'<text x="{MARGIN + col * COLUMN_WIDTH}" y="{MARGIN + 36}" fill="#333" font-weight="bold">'
            f"{escape(column_title(view, col, last))}</text>"
        )
    drawn = [e for e in view.edges if e.source in position and e.target in position]
    ends = {
        id(e): (
            (position[e.source][0] + NODE_WIDTH, position[e.source][1] + NODE_HEIGHT // 2),
            (position[e.target][0], position[e.target][1] + NODE_HEIGHT // 2),
        )
        for e in drawn
    }
    crossings = [e for e in drawn if e.status is not None]
    signs = {id(e): spot for e, spot in zip(crossings, sign_spots([ends[id(e)] for e in crossings]), strict=True)}
    for edge in drawn:
        x1, y1 = position[edge.source]
        x2, y2 = position[edge.target]
        colour = EDGE_COLOURS[edge.group]
        stroke = 2.5 if edge.group != "flow" else 1.2
        parts.append(
            f'<line x1="{x1 + NODE_WIDTH}" y1="{y1 + NODE_HEIGHT // 2}" x2="{x2}" y2="{y2 + NODE_HEIGHT // 2}" '
            f'stroke="{colour}" stroke-width="{stroke}" marker-end="url(#arrow)"/>'
        )
        if edge.status is not None:
            # the status's sign on its colour, as in the interactive view; the words are in the legend
            mx, my = (round(v) for v in signs[id(edge)])
            parts.append(
                f"<g><title>{escape(edge.caption)}</title>"
                f'<rect x="{mx - 9}" y="{my - 10}" width="18" height="20" rx="4" fill="{colour}"/>'
                f'<text x="{mx}" y="{my + 5}" fill="white" text-anchor="middle" font-weight="bold"'
                f' font-size="14">{escape(status_icon(edge.status))}</text></g>'
            )
    for n in view.nodes:
        x, y = position[n.id]
        colour = NODE_COLOURS.get(n.type, "#777777")
        outline = f' stroke="{THIRD_COUNTRY_BORDER}" stroke-width="3"' if n.third_country else ""
        parts.append(
            f"<g><title>{escape(n.id)}</title>"
            f'<rect x="{x}" y="{y}" width="{NODE_WIDTH}" height="{NODE_HEIGHT}" rx="6" fill={quoteattr(colour)}'
            f' fill-opacity="0.18"{outline}/>'
            f'<text x="{x + 8}" y="{y + 14}" fill="#555" font-size="11">{escape(KIND_NAMES.get(n.type, n.type))}</text>'
            f'<text x="{x + 8}" y="{y + 28}">{escape(_clip(n.name))}</text></g>'
        )
    legend_y = height - MARGIN // 2
    x = MARGIN
    for status in STATUS_ORDER:
        label = status_label(status)
        parts.append(
            f'<rect x="{x}" y="{legend_y - 13}" width="18" height="18" rx="4" fill="{status_hex(status)}"/>'
            f'<text x="{x + 9}" y="{legend_y + 1}" fill="white" text-anchor="middle" font-weight="bold">'
            f"{escape(status_icon(status))}</text>"
            f'<text x="{x + 24}" y="{legend_y + 1}">{escape(label)}</text>'
        )
        x += 40 + 8 * len(label)
    parts.append("</svg>")
    return "\n".join(parts)
