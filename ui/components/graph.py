"""The lineage explorer's view: which nodes and edges to show for a focus, and how each is annotated.

Pure functions over the register graph and the engine's report, so they are tested without a browser.
The same view feeds the interactive component and the downloadable SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

import networkx as nx

from catalog.app.language import N_, Lang, local, translator
from catalog.app.lineage import FLOW_RELS, Lineage, NodeType, Rel
from catalog.app.review import (
    STATUS_ORDER,
    CheckReport,
    Finding,
    TransferHop,
    TransferStatus,
    status_hex,
    status_icon,
    status_label,
    worst,
)
from catalog.domain.location import UNKNOWN, Place
from catalog.reference import ReferenceData

GROUP = "group"
"""The type of a node standing for many nodes of one column, in a view too large to draw node by node."""

FOCUS_TYPES = (NodeType.CATEGORY, NodeType.SUBJECT, NodeType.ACTIVITY, NodeType.PROCESSOR, NodeType.COUNTRY)


def transfer_group(status: TransferStatus) -> str:
    """The edge style of a crossing with this (worst) status: 'transfer_valid', 'transfer_not_valid', ..."""
    return f"transfer_{status.value}"


# Relationships shown in the explorer: how data flows, not the category tree.
VIEW_RELS = frozenset({Rel.PROCESSED_IN, Rel.SUBJECT_OF, Rel.USES, Rel.DISCLOSED_TO, *FLOW_RELS})


@dataclass(frozen=True)
class ViewNode:
    id: str
    type: str
    key: str
    name: str
    third_country: bool = False
    column: int | None = None  # set on a group node, which stands for (part of) one column
    members: int = 0  # how many nodes a group node stands for


@dataclass(frozen=True)
class ViewEdge:
    source: str
    target: str
    rel: str
    group: str  # "flow" or transfer_group(worst status of its hops): what the edge style keys on
    caption: str
    hops: tuple[str, ...] = ()
    status: TransferStatus | None = None  # the worst status of its transfer hops; None for a plain flow


@dataclass(frozen=True)
class GraphView:
    focus: str
    nodes: list[ViewNode]
    edges: list[ViewEdge] = field(default_factory=list)

    def node(self, node_id: str) -> ViewNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    @property
    def grouped(self) -> bool:
        return any(n.type == GROUP for n in self.nodes)


def display_name(graph: nx.MultiDiGraph, node: str) -> str:
    """A node's name as text that words itself in the reader's language (``render``): the register's own
    name in every language it holds, a country as a ``Place``."""
    attributes = graph.nodes[node]
    if attributes["type"] == NodeType.COUNTRY.value:
        code = str(attributes["key"])
        return Place(code) if code not in ("unknown",) else "Unknown location"
    label = attributes.get("label")
    return label if isinstance(label, str) and label else str(attributes["key"])


def focus_nodes(graph: nx.MultiDiGraph, focus: str) -> tuple[set[str], set[tuple[str, str, str]]]:
    """Everything upstream and downstream of a node along the flow of data (not the category tree)."""
    if focus not in graph:
        return set(), set()
    flow = nx.subgraph_view(graph, filter_edge=lambda u, v, k: k in VIEW_RELS)
    nodes = {focus, *nx.ancestors(flow, focus), *nx.descendants(flow, focus)}
    # a country's ancestors reach it; a processor's other countries are not on the route through it
    upstream = {focus, *nx.ancestors(flow, focus)}
    downstream = {focus, *nx.descendants(flow, focus)}
    edges = {
        (u, k, v)
        for u, v, k in flow.edges(keys=True)
        if u in nodes and v in nodes and ((u in upstream and v in upstream) or (u in downstream and v in downstream))
    }
    return nodes, edges


def hop_label(hop: TransferHop) -> str:
    """A crossing's caption: its status (the one label every page uses), and what it relies on."""
    return status_label(hop.status).upper() + (f" ({hop.mechanism})" if hop.mechanism else "")


def hops_by_edge(report: CheckReport | None) -> dict[tuple[str, str], list[TransferHop]]:
    """Transfer hops keyed by the graph edge that crosses the border: (importer, country node)."""
    found: dict[tuple[str, str], list[TransferHop]] = {}
    for hop in report.transfers if report else []:
        country = f"{NodeType.COUNTRY.value}:{hop.country}"
        # the importer's edge, and the last step of the evidence path (a system hosted there, say)
        last_steps = {hop.importer, *(hop.path[-2:-1] if hop.path and hop.path[-1] == country else [])}
        for node in sorted(last_steps):
            found.setdefault((node, country), []).append(hop)
    return found


def build_view(
    graph: nx.MultiDiGraph,
    focus: str,
    report: CheckReport | None,
    reference: ReferenceData,
    as_of: date,
    lineage: Lineage | None = None,
    crossing: dict[tuple[str, str], list[TransferHop]] | None = None,
) -> GraphView:
    """The explorer's view of one focus node; a data category's view comes from its lineage. ``crossing`` is
    ``hops_by_edge(report)`` when the caller keeps it (one per report, shared by every focus)."""
    if lineage is not None:
        nodes = set(lineage.nodes)
        edges = {(e.source, e.rel, e.target) for e in lineage.edges if e.rel in VIEW_RELS}
        if focus in graph and focus not in nodes:
            # a broad category no activity names itself: its narrower categories carry its routes, and
            # the view shows them hanging from it (a lineage lists only nodes on a route)
            nodes.add(focus)
            for narrower in nodes & set(graph.predecessors(focus)):
                if graph.has_edge(narrower, focus, key=Rel.PART_OF.value):
                    edges.add((narrower, Rel.PART_OF.value, focus))
    else:
        nodes, edges = focus_nodes(graph, focus)
    if crossing is None:
        crossing = hops_by_edge(report)
    country = NodeType.COUNTRY.value  # read once: an enum's value is a property, and this loop runs per node
    view_nodes = []
    for node in sorted(nodes):
        attributes = graph.nodes[node]
        third = attributes["type"] == country and reference.in_eea(attributes["key"], as_of) is not True
        view_nodes.append(ViewNode(node, attributes["type"], str(attributes["key"]), display_name(graph, node), third))
    view_edges = []
    # one drawn edge per pair of nodes (a processor established and processing in one country is one arrow)
    pairs: dict[tuple[str, str], str] = {}
    for source, rel, target in sorted(edges):
        pairs.setdefault((source, target), rel)
    for (source, target), rel in sorted(pairs.items()):
        hops = crossing.get((source, target))
        if not hops:  # most edges of a large view are plain flows: nothing to sort or word
            view_edges.append(ViewEdge(source, target, rel, "flow", ""))
            continue
        status = worst({h.status for h in hops})
        caption = "; ".join(sorted({hop_label(h) for h in hops if h.status == status}))
        hop_ids = tuple(sorted(h.id for h in hops))
        view_edges.append(ViewEdge(source, target, rel, transfer_group(status), caption, hop_ids, status))
    return GraphView(focus, view_nodes, view_edges)


def findings_for(report: CheckReport | None, node: str) -> list[Finding]:
    """Findings about a node, or whose evidence path runs through it."""
    if report is None:
        return []
    return [f for f in report.findings if f.subject == node or node in f.path]


NODE_COLOURS = {
    NodeType.CATEGORY.value: "#4C78A8",
    NodeType.SUBJECT.value: "#72B7B2",
    NodeType.ACTIVITY.value: "#54A24B",
    NodeType.SYSTEM.value: "#B279A2",
    NodeType.PROCESSOR.value: "#F58518",
    NodeType.RECIPIENT.value: "#9D755D",
    NodeType.COUNTRY.value: "#7F7F7F",
    GROUP: "#455A64",
}
THIRD_COUNTRY_BORDER = "#37474F"
EDGE_COLOURS = {"flow": "#9E9E9E"} | {transfer_group(status): status_hex(status) for status in STATUS_ORDER}

KIND_NAMES = {
    NodeType.CATEGORY.value: N_("Data category"),
    NodeType.SUBJECT.value: N_("Data-subject category"),
    NodeType.ACTIVITY.value: N_("Processing activity"),
    NodeType.SYSTEM.value: N_("System"),
    NodeType.PROCESSOR.value: N_("Processor"),
    NodeType.RECIPIENT.value: N_("Recipient"),
    NodeType.COUNTRY.value: N_("Country"),
    GROUP: N_("Group"),
}

# --- the layered layout -----------------------------------------------------------------------------

_BASE_COLUMN = {
    NodeType.CATEGORY.value: 0,
    NodeType.SUBJECT.value: 0,
    NodeType.ACTIVITY.value: 1,
    NodeType.SYSTEM.value: 2,
    NodeType.RECIPIENT.value: 3,  # like a processor, it receives the data; its crossings start beside theirs
    NodeType.PROCESSOR.value: 3,
}
PROCESSOR_COLUMN = 3
MAX_SUBCONTRACT_COLUMNS = 12


def columns(view: GraphView) -> dict[str, int]:
    """Column of each node: categories, activities, systems, processors, sub-processors by depth, countries last."""
    column = {
        n.id: n.column if n.column is not None else _BASE_COLUMN.get(n.type, 0)
        for n in view.nodes
        if n.type != NodeType.COUNTRY.value and not (n.type == GROUP and n.column is None)
    }
    subcontracts = [e for e in view.edges if e.rel == Rel.SUBCONTRACTS_TO.value]
    # Bounded relaxation: ends on a subcontracting cycle. A fixed number of rounds, not one per engagement
    # (quadratic: 41 s for a 12k-node view at 100k entities); a round already carries a chain listed in
    # order, and a chain the rounds do not finish is still drawn, only less neatly.
    for _ in range(min(len(subcontracts), MAX_SUBCONTRACT_COLUMNS)):
        changed = False
        for edge in subcontracts:
            wanted = column.get(edge.source, PROCESSOR_COLUMN) + 1
            if column.get(edge.target, PROCESSOR_COLUMN) < wanted:
                column[edge.target] = wanted
                changed = True
        if not changed:
            break
    last = max(column.values(), default=0) + 1
    for n in view.nodes:
        if n.id not in column:  # countries, and the group standing for countries
            column[n.id] = last
    return column


def column_title(view: GraphView, column: int, last: int, lang: Lang = Lang.EN) -> str:
    """What a column holds, for its heading."""
    _ = translator(lang)
    if column == last and any(n.type == NodeType.COUNTRY.value for n in view.nodes):
        return _("Countries")
    if column > PROCESSOR_COLUMN:
        return _("Sub-processors (level {level})").format(level=column - PROCESSOR_COLUMN)
    return (_("Data categories"), _("Activities"), _("Systems"), _("Processors and recipients"))[column]


def ordered_columns(view: GraphView, column: dict[str, int]) -> dict[int, list[str]]:
    """Each column's nodes top to bottom: the first by name, the others near the nodes that feed them.

    One sweep each way of the barycentre heuristic (linear in the edges): enough to keep a route on a
    line and crossings few, without the cost of an optimal ordering.
    """
    name = {n.id: n.name.lower() for n in view.nodes}
    by_column: dict[int, list[str]] = {}
    for node_id, col in column.items():
        by_column.setdefault(col, []).append(node_id)
    for members in by_column.values():
        members.sort(key=lambda n: (name[n], n))
    neighbours_left: dict[str, list[str]] = {}
    neighbours_right: dict[str, list[str]] = {}
    for edge in view.edges:
        if edge.source in column and edge.target in column and column[edge.source] != column[edge.target]:
            left, right = sorted((edge.source, edge.target), key=lambda n: column[n])
            neighbours_left.setdefault(right, []).append(left)
            neighbours_right.setdefault(left, []).append(right)

    def sweep(order: list[int], neighbours: dict[str, list[str]]) -> None:
        row = {n: float(i) for members in by_column.values() for i, n in enumerate(members)}
        for col in order:
            members = by_column[col]

            def centre(n: str) -> float:
                placed = [row[m] for m in neighbours.get(n, ())]
                return sum(placed) / len(placed) if placed else row[n]

            members.sort(key=lambda n: (centre(n), name[n], n))
            row.update((n, float(i)) for i, n in enumerate(members))

    cols = sorted(by_column)
    sweep(cols[1:], neighbours_left)
    sweep(list(reversed(cols[:-1])), neighbours_right)
    sweep(cols[1:], neighbours_left)
    return by_column


COLUMN_SPACING = 210
"""Model units between neighbouring columns; a node is NODE_WIDTH wide."""
CROSSING_SPACING = 300
"""Before the countries: room for the status signs on the crossing edges, apart (the words are in the legend)."""
ROW_SPACING = 58
NODE_WIDTH = 160
NODE_HEIGHT = 46


def layout_positions(view: GraphView) -> dict[str, tuple[float, float]]:
    """Node id -> centre (x, y): columns left to right, each column centred on the same horizontal line."""
    column = columns(view)
    ordered = ordered_columns(view, column)
    last = max(ordered, default=0)
    x_of: dict[int, float] = {}
    x = 0.0
    for col in range(last + 1):
        x_of[col] = x
        x += CROSSING_SPACING if col + 1 == last else COLUMN_SPACING
    positions: dict[str, tuple[float, float]] = {}
    for col, members in ordered.items():
        middle = (len(members) - 1) / 2
        for row, node in enumerate(members):
            positions[node] = (x_of[col], (row - middle) * ROW_SPACING)
    return positions


def tallest_column(view: GraphView) -> int:
    counts: dict[int, int] = {}
    for col in columns(view).values():
        counts[col] = counts.get(col, 0) + 1
    return max(counts.values(), default=0)


# --- grouping a large view ----------------------------------------------------------------------------

GROUP_ABOVE = 150
"""A view with more nodes than this is drawn by column groups."""
LARGE_COLUMN = 20
"""In a grouped view, a column with more nodes than this is drawn as one group until expanded."""
EXPANDED_SHOWN = 60
"""An expanded column shows this many nodes, and the rest as one group."""
LARGE_COUNTRY_COLUMN = 60
"""Countries are what an auditor looks for: their column is folded only beyond this many."""


def _group_id(col: int) -> str:
    return f"{GROUP}:{col}"


def group_view(view: GraphView, expanded: frozenset[int] = frozenset(), lang: Lang = Lang.EN) -> GraphView:
    """The view with each large column folded into one group node (a view of at most GROUP_ABOVE nodes is kept).

    The focus is never folded away. An expanded column shows its first EXPANDED_SHOWN nodes by name and
    folds the rest. Edges into or out of a group merge: one edge per pair of drawn ends, red
    when any edge it stands for is red, its caption counting the transfers it stands for.
    """
    if len(view.nodes) <= GROUP_ABOVE:
        return view
    _ = translator(lang)
    column = columns(view)
    # by name within each column: cheap at 10k nodes (the barycentre order is for the drawn view only)
    ordered: dict[int, list[str]] = {}
    for drawn in sorted(view.nodes, key=lambda d: (d.name.lower(), d.id)):
        ordered.setdefault(column[drawn.id], []).append(drawn.id)
    last = max(ordered, default=0)
    kept_in: dict[int, int] = {col: EXPANDED_SHOWN if col in expanded else 0 for col in ordered}
    representative: dict[str, str] = {}
    groups: list[ViewNode] = []
    countries = any(n.type == NodeType.COUNTRY.value for n in view.nodes)
    for col, members in ordered.items():
        if len(members) <= (LARGE_COUNTRY_COLUMN if col == last and countries else LARGE_COLUMN):
            continue
        keep = set(members[: kept_in[col]]) | {view.focus}
        folded = [n for n in members if n not in keep]
        if not folded:
            continue
        title = column_title(view, col, last, lang).lower()
        more = len(keep) > 1 or col in expanded
        what = (_("{count} more {what}") if more else _("{count} {what}")).format(count=len(folded), what=title)
        hint = "" if col in expanded else _(" (click to expand)")
        groups.append(ViewNode(_group_id(col), GROUP, str(col), what + hint, column=col, members=len(folded)))
        for n in folded:
            representative[n] = _group_id(col)
    nodes = [n for n in view.nodes if n.id not in representative] + groups
    merged: dict[tuple[str, str], list[ViewEdge]] = {}
    for edge in view.edges:
        ends = (representative.get(edge.source, edge.source), representative.get(edge.target, edge.target))
        if ends[0] != ends[1]:
            merged.setdefault(ends, []).append(edge)
    edges = []
    for (source, target), parts in sorted(merged.items()):
        if len(parts) == 1 and source == parts[0].source and target == parts[0].target:
            edges.append(parts[0])
            continue
        statuses = {e.status for e in parts if e.status is not None}
        status = worst(statuses) if statuses else None
        if status is None:
            group, caption = "flow", ""
        else:
            group = transfer_group(status)
            alike = [e for e in parts if e.status == status]
            captions = sorted({e.caption for e in alike})
            label = status_label(status, "nb" if lang == Lang.NB else "en").lower()
            caption = captions[0] if len(captions) == 1 else f"{len(alike)} {label}"
        hops = tuple(sorted({h for e in parts for h in e.hops}))
        edges.append(ViewEdge(source, target, parts[0].rel, group, caption, hops, status))
    return GraphView(view.focus, nodes, edges)


def in_language(view: GraphView, lang: Lang) -> GraphView:
    """The view with its fixed words in ``lang``: the views are built once per revision, in English, and the
    register's names are picked per language (``local``); a status in a caption is the one label in ``lang``."""
    if lang == Lang.EN:
        return view
    _ = translator(lang)
    nodes = [
        replace(n, name=_("Unknown location") if n.id == f"{NodeType.COUNTRY.value}:{UNKNOWN}" else local(n.name, lang))
        if n.type != GROUP
        else n
        for n in view.nodes
    ]
    edges = [replace(e, caption=translated_caption(e, lang)) for e in view.edges]
    return GraphView(view.focus, nodes, edges)


def translated_caption(edge: ViewEdge, lang: Lang) -> str:
    """A crossing's caption (its status, and what it relies on) with the status in ``lang``."""
    if edge.status is None or lang == Lang.EN:
        return edge.caption
    return edge.caption.replace(status_label(edge.status).upper(), status_label(edge.status, "nb").upper())


# --- the interactive component --------------------------------------------------------------------------


def link_analysis_elements(view: GraphView) -> dict[str, list[dict[str, Any]]]:
    """Elements for the st-link-analysis component, placed in columns (Cytoscape's "preset" layout).

    Labels are drawn as canvas text: inert. Positions come from here, not from a layout in the
    browser: dagre (through graphlib's lodash ``has``) read a node id with a dot as a property path
    and crashed on "category:contact.name" beside "category:contact".
    """
    positions = layout_positions(view)
    nodes = [
        {
            "data": {
                "id": n.id,
                "label": n.type,
                "name": n.name,
                "key": n.key,
                "kind": KIND_NAMES.get(n.type, n.type),
                "third": "yes" if n.third_country else "no",
                "focus": "yes" if n.id == view.focus else "no",
            },
            "position": {"x": positions[n.id][0], "y": positions[n.id][1]},
        }
        for n in view.nodes
    ]
    offsets = sign_offsets(view, positions)
    edges = [
        {
            "data": {
                "id": f"edge{i}",
                "source": e.source,
                "target": e.target,
                "label": e.group,
                "name": e.caption or e.rel,
                "rel": e.rel,
                # the drawn label: the status's sign only, so labels never cover each other; the words are in
                # the legend under the graph and the border-crossings table
                "icon": status_icon(e.status) if e.status is not None else "",
                "dx": offsets.get(i, (0.0, 0.0))[0],
                "dy": offsets.get(i, (0.0, 0.0))[1],
            }
        }
        for i, e in enumerate(view.edges)
    ]
    return {"nodes": nodes, "edges": edges}


SIGN_SIZE = 24.0
"""Model units two status signs keep between their centres."""
SIGN_PLACES = (0.5, 0.4, 0.6, 0.33, 0.67, 0.45, 0.55, 0.28, 0.72)
"""Where along a crossing edge its sign may sit (fractions of its length), tried in turn; all in the gap
between the columns, so a sign never covers a node."""


Segment = tuple[tuple[float, float], tuple[float, float]]


def sign_spots(segments: list[Segment]) -> list[tuple[float, float]]:
    """Where each segment's status sign sits: the first of ``SIGN_PLACES`` along it that keeps ``SIGN_SIZE``
    from the signs already placed (crossings that cross each other share a middle: an X between columns)."""
    placed: list[tuple[float, float]] = []
    for (x1, y1), (x2, y2) in segments:
        spots = [(x1 + (x2 - x1) * t, y1 + (y2 - y1) * t) for t in SIGN_PLACES]
        free = (s for s in spots if all(abs(s[0] - p[0]) >= SIGN_SIZE or abs(s[1] - p[1]) >= SIGN_SIZE for p in placed))
        placed.append(next(free, spots[0]))
    return placed


def sign_offsets(view: GraphView, positions: dict[str, tuple[float, float]]) -> dict[int, tuple[float, float]]:
    """Edge index -> how far its status sign moves from the edge's middle, so no two signs overlap."""
    crossing = [
        (i, (positions[e.source], positions[e.target]))
        for i, e in enumerate(view.edges)
        if e.status is not None and e.source in positions and e.target in positions
    ]
    spots = sign_spots([segment for _, segment in crossing])
    return {
        i: (spot[0] - (a[0] + b[0]) / 2, spot[1] - (a[1] + b[1]) / 2)
        for (i, (a, b)), spot in zip(crossing, spots, strict=True)
    }


LAYOUT = {"name": "preset", "fit": True, "padding": 24, "animate": False}

# st-link-analysis draws an information panel over the graph's left edge (its first column) and lists a
# clicked node's raw data, id first. The page shows the node's card with names instead, so the panel is
# hidden: a style put into each component frame (served from the app's own origin) as it appears.
HIDE_COMPONENT_PANEL = """<script>
(() => {
  if (window.catalogPanelHider) return;
  window.catalogPanelHider = true;
  const css = ".infopanel { display: none !important; }";
  const patch = (frame) => {
    try {
      const doc = frame.contentDocument;
      if (!doc || !doc.head || doc.getElementById("catalog-hide-panel")) return;
      const style = doc.createElement("style");
      style.id = "catalog-hide-panel";
      style.textContent = css;
      doc.head.appendChild(style);
    } catch (error) { /* a frame of another origin: not ours to style */ }
  };
  const scan = () => document.querySelectorAll('iframe[title*="st_link_analysis"]').forEach((frame) => {
    patch(frame);
    if (!frame.dataset.catalogPanel) {
      frame.dataset.catalogPanel = "1";
      frame.addEventListener("load", () => patch(frame));
    }
  });
  scan();
  new MutationObserver(scan).observe(document.body, {childList: true, subtree: true});
})();
</script>"""


def component_height(view: GraphView) -> int:
    """Tall enough for the tallest column at about full size, within the page."""
    return max(360, min(1100, 90 + tallest_column(view) * ROW_SPACING))


@dataclass(frozen=True)
class CytoscapeStyle:
    """A raw Cytoscape style rule, passed alongside st-link-analysis's NodeStyle/EdgeStyle (same dump())."""

    selector: str
    style: dict[str, object]

    def dump(self) -> dict[str, object]:
        return {"selector": self.selector, "style": self.style}


MIN_FONT_PX = 11
"""No text is drawn smaller than this on screen: zoomed further out, labels wait for a zoom in."""
NODE_FONT = 13
"""Model units: at the default zoom of a view that fits (about 0.85 and up) a name reads at 11 px or more."""

# Full labels on boxes wide enough to read them; the default zoom shows ~60 nodes at this size.
GRAPH_STYLES = [
    CytoscapeStyle("*", {"min-zoomed-font-size": MIN_FONT_PX}),
    CytoscapeStyle(
        "node",
        {
            "shape": "round-rectangle",
            "width": NODE_WIDTH,
            "height": NODE_HEIGHT,
            "label": "data(name)",
            "font-size": NODE_FONT,
            "color": "#111111",
            "text-valign": "center",
            "text-halign": "center",
            "text-wrap": "wrap",
            "text-max-width": f"{NODE_WIDTH - 12}px",
            "background-opacity": 0.22,
            "border-width": 1,
            "border-color": "#777777",
            "background-image": "none",
        },
    ),
    *[
        CytoscapeStyle(f"node[label='{t}']", {"background-color": colour, "border-color": colour})
        for t, colour in NODE_COLOURS.items()
    ],
    CytoscapeStyle(f"node[label='{GROUP}']", {"border-style": "dashed", "border-width": 2, "font-weight": "bold"}),
    # outside the EEA: a double border in dark grey (red means "not valid", on every page)
    CytoscapeStyle(
        "node[third='yes']", {"border-color": THIRD_COUNTRY_BORDER, "border-width": 4, "border-style": "double"}
    ),
    CytoscapeStyle("node[focus='yes']", {"border-width": 3, "font-weight": "bold"}),
    CytoscapeStyle(
        "edge",
        {
            "curve-style": "bezier",
            "target-arrow-shape": "triangle",
            "arrow-scale": 0.8,
            "width": 1.2,
            "line-color": EDGE_COLOURS["flow"],
            "target-arrow-color": EDGE_COLOURS["flow"],
            "label": "",
            "source-label": "",
        },
    ),
    *[
        CytoscapeStyle(
            f"edge[label='{group}']",
            {
                "width": 2.2,
                "line-color": EDGE_COLOURS[group],
                "target-arrow-color": EDGE_COLOURS[group],
                "label": "data(icon)",
                "text-margin-x": "data(dx)",
                "text-margin-y": "data(dy)",
                "text-rotation": "none",
                "color": "#FFFFFF",
                "font-size": 14,
                "font-weight": "bold",
                "text-background-color": EDGE_COLOURS[group],
                "text-background-opacity": 1,
                "text-background-shape": "roundrectangle",
                "text-background-padding": "3px",
            },
        )
        for group in (transfer_group(status) for status in STATUS_ORDER)
    ],
]
