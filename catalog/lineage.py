"""Lineage: where one data category goes, as the set of nodes and edges reachable from it.

A category matches itself, its broader categories (an activity processing "contact details"
processes e-mail addresses) and its narrower ones. The result is a set, not a list of paths, so
it is cheap to compute (linear in the graph) and identical on every store.
"""

from __future__ import annotations

from collections import deque

import networkx as nx
from pydantic import Field

from catalog.domain.base import CatalogModel
from catalog.graph import FLOW_RELS, NodeType, Rel, node_id


class LineageEdge(CatalogModel):
    """One edge on a data category's route."""

    source: str = Field(description="Source node id, e.g. 'activity:crm'.")
    rel: str = Field(description="Relationship type.")
    target: str = Field(description="Target node id.")


class Lineage(CatalogModel):
    """Everything a data category reaches: nodes, edges and countries, each sorted."""

    category: str = Field(description="The data category's key.")
    nodes: list[str] = Field(description="Node ids reached, sorted.")
    edges: list[LineageEdge] = Field(description="Edges on the routes, sorted.")
    countries: list[str] = Field(description="Country codes (or 'unknown', 'EU', 'EEA') reached, sorted.")


def related_categories(graph: nx.MultiDiGraph, category_key: str) -> set[str]:
    """The category, its ancestors and its descendants (node ids)."""
    start = node_id(NodeType.CATEGORY, category_key)
    if start not in graph:
        return set()
    part_of = nx.subgraph_view(graph, filter_edge=lambda u, v, k: k == Rel.PART_OF.value)
    related: set[str] = {start, *nx.descendants(part_of, start), *nx.ancestors(part_of, start)}
    return related


def lineage_from_graph(graph: nx.MultiDiGraph, category_key: str) -> Lineage:
    """Every node and edge reachable from a data category, following the flow of data."""
    matching = related_categories(graph, category_key)
    matching_keys = {graph.nodes[n]["key"] for n in matching}
    nodes: set[str] = set()
    edges: set[tuple[str, str, str]] = set()
    frontier: deque[str] = deque()
    for category in matching:
        for _, activity, rel in graph.out_edges(category, keys=True):
            if rel != Rel.PROCESSED_IN.value:
                continue
            for _, target, out_rel, data in graph.out_edges(activity, keys=True, data=True):
                if out_rel in (Rel.USES.value, Rel.DISCLOSED_TO.value) and matching_keys & set(data["data_categories"]):
                    edges.add((activity, out_rel, target))
                    if target not in nodes:
                        nodes.add(target)
                        frontier.append(target)
            edges.add((category, rel, activity))
            nodes.update((category, activity))
    while frontier:
        current = frontier.popleft()
        for _, target, rel in graph.out_edges(current, keys=True):
            if rel not in FLOW_RELS:
                continue
            edges.add((current, rel, target))
            if target not in nodes:
                nodes.add(target)
                frontier.append(target)
    countries = sorted(graph.nodes[n]["key"] for n in nodes if graph.nodes[n]["type"] == NodeType.COUNTRY.value)
    return Lineage(
        category=category_key,
        nodes=sorted(nodes),
        edges=[LineageEdge(source=s, rel=r, target=t) for s, r, t in sorted(edges)],
        countries=countries,
    )
