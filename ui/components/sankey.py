"""The overview's Sankey: data categories -> processor service categories -> countries."""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from catalog.domain.location import country_name
from catalog.graph import NodeType, Rel

PROCESSOR_COUNTRY_RELS = (Rel.PROCESSES_IN.value, Rel.ESTABLISHED_IN.value)


@dataclass(frozen=True)
class SankeyData:
    labels: list[str]
    sources: list[int]
    targets: list[int]
    values: list[int]


def _processors_behind(graph: nx.MultiDiGraph, system: str) -> set[str]:
    """The processor operating a system and, transitively, its sub-processors."""
    found: set[str] = set()
    stack = [t for _, t, k in graph.out_edges(system, keys=True) if k == Rel.OPERATED_BY.value]
    while stack:
        current = stack.pop()
        if current in found:
            continue
        found.add(current)
        stack.extend(t for _, t, k in graph.out_edges(current, keys=True) if k == Rel.SUBCONTRACTS_TO.value)
    return found


def sankey_flows(graph: nx.MultiDiGraph) -> SankeyData:
    """Link weights count distinct (category, processor) and (processor, country) pairs."""
    category_to_service: dict[tuple[str, str], set[str]] = {}
    service_to_country: dict[tuple[str, str], set[str]] = {}
    for activity, attributes in graph.nodes(data=True):
        if attributes["type"] != NodeType.ACTIVITY.value:
            continue
        for _, system, rel, data in graph.out_edges(activity, keys=True, data=True):
            if rel != Rel.USES.value:
                continue
            for processor in _processors_behind(graph, system):
                service = "Processor: " + str(graph.nodes[processor].get("service_category", "other")).replace("_", " ")
                for category in data["data_categories"]:
                    name = str(graph.nodes[f"{NodeType.CATEGORY.value}:{category}"]["label"])
                    category_to_service.setdefault((name, service), set()).add(processor)
                for _, country, country_rel in graph.out_edges(processor, keys=True):
                    if country_rel in PROCESSOR_COUNTRY_RELS:
                        code = str(graph.nodes[country]["key"])
                        where = f"{country_name(code)}" if code != "unknown" else "Unknown location"
                        service_to_country.setdefault((service, where), set()).add(processor)
    labels: list[str] = []
    index: dict[str, int] = {}

    def at(label: str) -> int:
        if label not in index:
            index[label] = len(labels)
            labels.append(label)
        return index[label]

    sources: list[int] = []
    targets: list[int] = []
    values: list[int] = []
    for links in (category_to_service, service_to_country):
        for (source, target), via in sorted(links.items()):
            sources.append(at(source))
            targets.append(at(target))
            values.append(len(via))
    return SankeyData(labels, sources, targets, values)
