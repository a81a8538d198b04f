"""The lineage explorer's view: which nodes and edges to show for a focus, and how each is annotated.

Pure functions over the register graph and the engine's report, so they are tested without a browser.
The same view feeds the interactive component and the downloadable SVG.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import networkx as nx

from catalog.compliance.model import CheckReport, Finding, TransferHop, TransferStatus
from catalog.domain.location import country_name
from catalog.graph import FLOW_RELS, NodeType, Rel
from catalog.lineage import Lineage
from catalog.reference import ReferenceData

FOCUS_TYPES = (NodeType.CATEGORY, NodeType.SUBJECT, NodeType.ACTIVITY, NodeType.PROCESSOR, NodeType.COUNTRY)

BAD_STATUSES = frozenset(
    {TransferStatus.UNSAFEGUARDED, TransferStatus.INVALID_SAFEGUARD, TransferStatus.UNKNOWN_DESTINATION}
)

# Relationships shown in the explorer: how data flows, not the category tree.
VIEW_RELS = frozenset({Rel.PROCESSED_IN, Rel.SUBJECT_OF, Rel.USES, Rel.DISCLOSED_TO, *FLOW_RELS})


@dataclass(frozen=True)
class ViewNode:
    id: str
    type: str
    key: str
    name: str
    third_country: bool = False


@dataclass(frozen=True)
class ViewEdge:
    source: str
    target: str
    rel: str
    group: str  # "flow", "transfer_ok" or "transfer_bad": what the edge style keys on
    caption: str
    hops: tuple[str, ...] = ()


@dataclass(frozen=True)
class GraphView:
    focus: str
    nodes: list[ViewNode]
    edges: list[ViewEdge] = field(default_factory=list)

    def node(self, node_id: str) -> ViewNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)


def display_name(graph: nx.MultiDiGraph, node: str) -> str:
    attributes = graph.nodes[node]
    if attributes["type"] == NodeType.COUNTRY.value:
        code = str(attributes["key"])
        return f"{country_name(code)} ({code})" if code not in ("unknown",) else "Unknown location"
    return str(attributes.get("label") or attributes["key"])


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
    if hop.status in BAD_STATUSES:
        reason = {
            TransferStatus.UNSAFEGUARDED: "NO SAFEGUARD",
            TransferStatus.INVALID_SAFEGUARD: "INVALID SAFEGUARD",
            TransferStatus.UNKNOWN_DESTINATION: "UNKNOWN DESTINATION",
        }[hop.status]
        return f"{reason}" + (f" ({hop.mechanism})" if hop.mechanism else "")
    return hop.mechanism or hop.status.value.replace("_", " ")


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
) -> GraphView:
    """The explorer's view of one focus node; a data category's view comes from the store's lineage."""
    if lineage is not None:
        nodes = set(lineage.nodes)
        edges = {(e.source, e.rel, e.target) for e in lineage.edges if e.rel in VIEW_RELS}
    else:
        nodes, edges = focus_nodes(graph, focus)
    crossing = hops_by_edge(report)
    view_nodes = []
    for node in sorted(nodes):
        attributes = graph.nodes[node]
        third = attributes["type"] == NodeType.COUNTRY.value and reference.in_eea(attributes["key"], as_of) is not True
        view_nodes.append(ViewNode(node, attributes["type"], str(attributes["key"]), display_name(graph, node), third))
    view_edges = []
    for source, rel, target in sorted(edges):
        hops = crossing.get((source, target), [])
        if hops:
            worst = [h for h in hops if h.status in BAD_STATUSES]
            shown = worst or hops
            group = "transfer_bad" if worst else "transfer_ok"
            caption = "; ".join(sorted({hop_label(h) for h in shown}))
        else:
            group, caption = "flow", ""
        view_edges.append(ViewEdge(source, target, rel, group, caption, tuple(sorted(h.id for h in hops))))
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
}
EDGE_COLOURS = {"flow": "#9E9E9E", "transfer_ok": "#2E7D32", "transfer_bad": "#D32F2F"}


def link_analysis_elements(view: GraphView) -> dict[str, list[dict[str, dict[str, str]]]]:
    """Elements for the st-link-analysis component. Cytoscape draws labels as canvas text: inert."""
    nodes = [{"data": {"id": n.id, "label": n.type, "name": n.name, "key": n.key, "kind": n.type}} for n in view.nodes]
    edges = [
        {
            "data": {
                "id": f"edge{i}",
                "source": e.source,
                "target": e.target,
                "label": e.group,
                "name": e.caption or e.rel,
                "rel": e.rel,
            }
        }
        for i, e in enumerate(view.edges)
    ]
    return {"nodes": nodes, "edges": edges}


@dataclass(frozen=True)
class CytoscapeStyle:
    """A raw Cytoscape style rule, passed alongside st-link-analysis's NodeStyle/EdgeStyle (same dump())."""

    selector: str
    style: dict[str, object]

    def dump(self) -> dict[str, object]:
        return {"selector": self.selector, "style": self.style}


# st-link-analysis draws tiny labels that only appear when zoomed in; a register view needs them readable.
READABLE_LABELS = [
    CytoscapeStyle("*", {"min-zoomed-font-size": 0}),
    CytoscapeStyle("node", {"font-size": 7, "text-wrap": "ellipsis", "text-max-width": "90px"}),
    CytoscapeStyle("edge", {"font-size": 5}),
    CytoscapeStyle("edge[label='transfer_bad']", {"width": 1.6, "color": "#D32F2F"}),
    CytoscapeStyle("edge[label='transfer_ok']", {"width": 1.6, "color": "#2E7D32"}),
    CytoscapeStyle("edge[label='flow']", {"label": ""}),
]
