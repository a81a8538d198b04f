"""The overview's Sankey: data categories -> processor service categories (or vendors) -> countries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import networkx as nx

from catalog.domain.location import country_name
from catalog.graph import NodeType, Rel

PROCESSOR_COUNTRY_RELS = (Rel.PROCESSES_IN.value, Rel.ESTABLISHED_IN.value)


Grouping = Literal["service", "vendor"]

MAX_VENDORS = 30
"""Vendors drawn one by one; the rest share one band ("Other vendors"), so a 10k register stays readable."""


@dataclass(frozen=True)
class SankeyData:
    labels: list[str]
    sources: list[int]
    targets: list[int]
    values: list[int]
    focus: list[str] = field(default_factory=list)
    """Per link: the node id whose lineage the band opens (its category, vendor or country)."""


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


def sankey_flows(graph: nx.MultiDiGraph, by: Grouping = "service") -> SankeyData:
    """Link weights count distinct (category, processor) and (processor, country) pairs.

    ``by="service"`` groups processors by service category, ``by="vendor"`` shows each vendor (the
    MAX_VENDORS reached by most categories; the others as one band).
    """
    reaching = _categories_reaching_processors(graph)
    vendors = sorted(reaching, key=lambda p: (-len(reaching[p]), str(graph.nodes[p]["label"]).lower(), p))
    shown = set(vendors[:MAX_VENDORS])
    others = len(vendors) - len(shown)

    def middle(processor: str) -> tuple[str, str | None]:
        """The band's middle label, and the node a click on its right-hand band opens."""
        if by == "vendor":
            if processor in shown:
                return str(graph.nodes[processor]["label"]), processor
            return f"Other vendors ({others})", None
        return "Processor: " + str(graph.nodes[processor].get("service_category", "other")).replace("_", " "), None

    category_to_service: dict[tuple[str, str], set[str]] = {}
    service_to_country: dict[tuple[str, str], set[str]] = {}
    opens: dict[tuple[str, str], str] = {}
    for processor, categories in reaching.items():
        service, opened = middle(processor)
        for category in categories:
            node = f"{NodeType.CATEGORY.value}:{category}"
            name = str(graph.nodes[node]["label"])
            category_to_service.setdefault((name, service), set()).add(processor)
            opens[(name, service)] = node
        for _, country, country_rel in graph.out_edges(processor, keys=True):
            if country_rel in PROCESSOR_COUNTRY_RELS:
                code = str(graph.nodes[country]["key"])
                where = f"{country_name(code)}" if code != "unknown" else "Unknown location"
                service_to_country.setdefault((service, where), set()).add(processor)
                opens[(service, where)] = opened or country
    labels: list[str] = []
    index: dict[tuple[int, str], int] = {}

    def at(label: str, column: int) -> int:
        """One node per column and label; a label already used in another column gets an invisible mark,
        so a vendor named like a country never merges with it (a Sankey must not loop)."""
        if (column, label) not in index:
            index[(column, label)] = len(labels)
            labels.append(label + "\u200b" * column if label in labels else label)
        return index[(column, label)]

    sources: list[int] = []
    targets: list[int] = []
    values: list[int] = []
    focus: list[str] = []
    for column, links in enumerate((category_to_service, service_to_country)):
        for (source, target), via in sorted(links.items()):
            sources.append(at(source, column))
            targets.append(at(target, column + 1))
            values.append(len(via))
            focus.append(opens[(source, target)])
    return SankeyData(labels, sources, targets, values, focus)
