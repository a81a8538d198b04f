"""The overview's Sankey: data categories -> processor service categories (or vendors) -> countries."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from catalog.domain.location import country_name
from catalog.domain.register import Register
from catalog.graph import NodeType, Rel, entity_nodes, node_id, register_edges

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


Nodes = dict[str, dict[str, Any]]
"""Node id -> its attributes as ``build_graph`` sets them (type, key, label, service_category)."""
Outgoing = dict[str, list[tuple[str, str, dict[str, Any]]]]
"""Node id -> its outgoing (relationship, target, properties)."""


def _categories_reaching_processors(nodes: Nodes, outgoing: Outgoing) -> dict[str, set[str]]:
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

    for activity, attributes in nodes.items():
        if attributes["type"] != NodeType.ACTIVITY.value:
            continue
        for rel, system, data in outgoing.get(activity, ()):
            if rel == Rel.USES.value:
                for operated, operator, _ in outgoing.get(system, ()):
                    if operated == Rel.OPERATED_BY.value:
                        carry(operator, set(data["data_categories"]))
    while pending:
        current = pending.pop()
        for engaged, sub, _ in outgoing.get(current, ()):
            if engaged == Rel.SUBCONTRACTS_TO.value:
                carry(sub, reaching[current])
    return reaching


def sankey_flows(graph: nx.MultiDiGraph, by: Grouping = "service") -> SankeyData:
    """The Sankey of a register's graph (see ``register_flows``, which gives the same without the graph)."""
    outgoing: Outgoing = {}
    for source, target, rel, data in graph.edges(keys=True, data=True):
        outgoing.setdefault(source, []).append((rel, target, data))
    return _flows(dict(graph.nodes(data=True)), outgoing, by)


def register_flows(register: Register, by: Grouping = "service") -> SankeyData:
    """The same links as ``sankey_flows(build_graph(register))``, read from the register's edges directly.

    The overview needs no graph for them: building the networkx graph of a 100k register takes seconds.
    """
    nodes: Nodes = {
        ident: {"type": node_type.value, "key": key, "label": name}
        for ident, (node_type, key, name) in entity_nodes(register).items()
    }
    for processor in register.processors:
        nodes[node_id(NodeType.PROCESSOR, processor.key)]["service_category"] = processor.service_category.value
    outgoing: Outgoing = {}
    country_prefix = f"{NodeType.COUNTRY.value}:"
    for (source, rel, target), properties in register_edges(register).items():
        if target.startswith(country_prefix) and target not in nodes:
            code = target.removeprefix(country_prefix)
            nodes[target] = {"type": NodeType.COUNTRY.value, "key": code, "label": code}
        outgoing.setdefault(source, []).append((rel.value, target, properties))
    return _flows(nodes, outgoing, by)


def _flows(nodes: Nodes, outgoing: Outgoing, by: Grouping) -> SankeyData:
    """Link weights count distinct (category, processor) and (processor, country) pairs.

    ``by="service"`` groups processors by service category, ``by="vendor"`` shows each vendor (the
    MAX_VENDORS reached by most categories; the others as one band).
    """
    reaching = _categories_reaching_processors(nodes, outgoing)
    vendors = sorted(reaching, key=lambda p: (-len(reaching[p]), str(nodes[p]["label"]).lower(), p))
    shown = set(vendors[:MAX_VENDORS])
    others = len(vendors) - len(shown)

    def middle(processor: str) -> tuple[str, str | None]:
        """The band's middle label, and the node a click on its right-hand band opens."""
        if by == "vendor":
            if processor in shown:
                return str(nodes[processor]["label"]), processor
            return f"Other vendors ({others})", None
        return "Processor: " + str(nodes[processor].get("service_category", "other")).replace("_", " "), None

    category_to_service: dict[tuple[str, str], set[str]] = {}
    service_to_country: dict[tuple[str, str], set[str]] = {}
    opens: dict[tuple[str, str], str] = {}
    for processor, categories in reaching.items():
        service, opened = middle(processor)
        for category in categories:
            node = f"{NodeType.CATEGORY.value}:{category}"
            name = str(nodes[node]["label"])
            category_to_service.setdefault((name, service), set()).add(processor)
            opens[(name, service)] = node
        for country_rel, country, _ in outgoing.get(processor, ()):
            if country_rel in PROCESSOR_COUNTRY_RELS:
                code = str(nodes[country]["key"])
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
