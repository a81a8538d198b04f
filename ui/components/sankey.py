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


def _categories_reaching_processors(graph: nx.MultiDiGraph) -> dict[str, set[str]]:
    """Processor node -> keys of the data categories that reach it, through systems and sub-processors.

    Categories enter at the operator of every system an activity uses and are carried down the
    sub-processor engagements until nothing grows (sets only grow, so cycles end): each processor is
    revisited only when it gains a category, instead of walking every chain again for every system.
    """
    reaching: dict[str, set[str]] = {}
    pending: list[str] = []

    def carry(processor: str, categories: set[str]) -> None:
        known = reaching.get(processor)
        if known is None:
            reaching[processor] = set(categories)
        elif categories <= known:
            return
        else:
            known |= categories
        pending.append(processor)

    for activity, attributes in graph.nodes(data=True):
        if attributes["type"] != NodeType.ACTIVITY.value:
            continue
        for _, system, rel, data in graph.out_edges(activity, keys=True, data=True):
            if rel == Rel.USES.value:
                for _, operator, operated in graph.out_edges(system, keys=True):
                    if operated == Rel.OPERATED_BY.value:
                        carry(operator, set(data["data_categories"]))
    while pending:
        current = pending.pop()
        for _, sub, engaged in graph.out_edges(current, keys=True):
            if engaged == Rel.SUBCONTRACTS_TO.value:
                carry(sub, reaching[current])
    return reaching


def sankey_flows(graph: nx.MultiDiGraph) -> SankeyData:
    """Link weights count distinct (category, processor) and (processor, country) pairs."""
    category_to_service: dict[tuple[str, str], set[str]] = {}
    service_to_country: dict[tuple[str, str], set[str]] = {}
    for processor, categories in _categories_reaching_processors(graph).items():
        service = "Processor: " + str(graph.nodes[processor].get("service_category", "other")).replace("_", " ")
        for category in categories:
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
