"""The overview's Sankey: data categories -> processor service categories (or vendors) -> countries."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal

import networkx as nx

from catalog.app.language import N_, Phrase
from catalog.app.lineage import NodeType, Rel, collector_paused
from catalog.domain.location import CountryName
from catalog.domain.register import Register

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

    # an enum's .value is a property call: read once, not per node and edge of a 100k register
    activity_type, uses, operated_by, subcontracts = (
        NodeType.ACTIVITY.value,
        Rel.USES.value,
        Rel.OPERATED_BY.value,
        Rel.SUBCONTRACTS_TO.value,
    )
    # what enters each system, over every activity using it, then carried once to its operator
    into: dict[str, set[str]] = {}
    for activity, attributes in nodes.items():
        if attributes["type"] != activity_type:
            continue
        for rel, system, data in outgoing.get(activity, ()):
            if rel == uses:
                into.setdefault(system, set()).update(data["data_categories"])
    for system, categories in into.items():
        for operated, operator, _ in outgoing.get(system, ()):
            if operated == operated_by:
                carry(operator, categories)
    while pending:
        current = pending.pop()
        for engaged, sub, _ in outgoing.get(current, ()):
            if engaged == subcontracts:
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
    with collector_paused():  # as build_graph: the collector would walk every new dict again and again
        return _flows(*_adjacency(register), by)


def _adjacency(register: Register) -> tuple[Nodes, Outgoing]:
    """The nodes and the five relationships the Sankey follows, as ``register_edges`` defines them.

    Read from the register directly rather than through ``register_edges``, which builds every other
    relationship too (seconds at 100k). A relationship declared twice is listed twice here: the walk
    only unions sets, so that changes nothing (a test compares with the graph's Sankey).
    """
    activity_type, category_type, processor_type, country_type = (
        NodeType.ACTIVITY.value,
        NodeType.CATEGORY.value,
        NodeType.PROCESSOR.value,
        NodeType.COUNTRY.value,
    )
    uses, operated_by, subcontracts, processes_in, established_in = (
        Rel.USES.value,
        Rel.OPERATED_BY.value,
        Rel.SUBCONTRACTS_TO.value,
        Rel.PROCESSES_IN.value,
        Rel.ESTABLISHED_IN.value,
    )
    nodes: Nodes = {}
    outgoing: Outgoing = {}

    def country(code: str) -> str:
        ident = f"{country_type}:{code}"
        if ident not in nodes:
            nodes[ident] = {"type": country_type, "key": code, "label": code}
        return ident

    for category in register.data_categories:
        nodes[f"{category_type}:{category.key}"] = {"type": category_type, "key": category.key, "label": category.name}
    for processor in register.processors:
        source = f"{processor_type}:{processor.key}"
        nodes[source] = {
            "type": processor_type,
            "key": processor.key,
            "label": processor.legal_name,
            "service_category": processor.service_category.value,
        }
        edges = outgoing.setdefault(source, [])
        edges.extend((processes_in, country(code), {}) for code in processor.processing_locations)
        if processor.can_access_data:
            edges.append((established_in, country(processor.established_in), {}))
        for engagement in processor.sub_processors:
            target = f"{processor_type}:{engagement.processor}"
            edges.append((subcontracts, target, {}))
            onward = outgoing.setdefault(target, [])
            onward.extend((processes_in, country(code), {}) for code in engagement.locations)
    for system in register.systems:
        if system.operator:
            outgoing[f"{NodeType.SYSTEM.value}:{system.key}"] = [
                (operated_by, f"{processor_type}:{system.operator}", {})
            ]
    for activity in register.activities:
        source = f"{activity_type}:{activity.key}"
        nodes[source] = {"type": activity_type, "key": activity.key, "label": activity.name}
        narrowed = {flow.to: flow.data_categories for flow in activity.flows}
        outgoing[source] = [
            (uses, f"{NodeType.SYSTEM.value}:{key}", {"data_categories": narrowed.get(key, activity.data_categories)})
            for key in activity.systems
        ]
    return nodes, outgoing


def _flows(nodes: Nodes, outgoing: Outgoing, by: Grouping) -> SankeyData:
    with collector_paused():  # hundreds of thousands of small sets and tuples, no cycles
        return _counted_flows(nodes, outgoing, by)


def _counted_flows(nodes: Nodes, outgoing: Outgoing, by: Grouping) -> SankeyData:
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

    # (name, service) -> distinct processors; counted per service over each processor's category names
    # (a set, so two categories of the same name count a processor once): C-level counting, since a 100k
    # register has millions of (category, processor) pairs
    category_prefix = f"{NodeType.CATEGORY.value}:"
    name_of: dict[str, str] = {}
    first_named: dict[str, str] = {}  # a band opens the first category (in the register's order) of its name
    for node, attributes in nodes.items():
        if attributes["type"] == NodeType.CATEGORY.value:
            name = str(attributes["label"])
            name_of[node.removeprefix(category_prefix)] = name
            first_named.setdefault(name, node)
    per_service: dict[str, Counter[str]] = {}
    service_to_country: dict[tuple[str, str], set[str]] = {}
    opens: dict[tuple[str, str], str] = {}
    for processor, categories in reaching.items():
        service, opened = middle(processor)
        per_service.setdefault(service, Counter()).update({name_of[category] for category in categories})
        for country_rel, country, _ in outgoing.get(processor, ()):
            if country_rel in PROCESSOR_COUNTRY_RELS:
                code = str(nodes[country]["key"])
                # worded where shown (ui/views/overview.band_label): "USA" in bokmål
                where = CountryName(code) if code != "unknown" else Phrase(N_("Unknown location"))
                service_to_country.setdefault((service, where), set()).add(processor)
                opens[(service, where)] = opened or country
    category_to_service = {
        (name, service): count for service, counted in per_service.items() for name, count in counted.items()
    }
    for name, service in category_to_service:
        opens[(name, service)] = first_named[name]
    labels: list[str] = []
    used: set[str] = set()
    index: dict[tuple[int, str], int] = {}

    def at(label: str, column: int) -> int:
        """One node per column and label; a label already used in another column gets an invisible mark,
        so a vendor named like a country never merges with it (a Sankey must not loop)."""
        if (column, label) not in index:
            index[(column, label)] = len(labels)
            labels.append(label + "\u200b" * column if label in used else label)
            used.add(label)
        return index[(column, label)]

    sources: list[int] = []
    targets: list[int] = []
    values: list[int] = []
    focus: list[str] = []
    weights = (
        category_to_service,
        {k: len(v) for k, v in service_to_country.items()},
    )
    for column, links in enumerate(weights):
        for (source, target), weight in sorted(links.items()):
            sources.append(at(source, column))
            targets.append(at(target, column + 1))
            values.append(weight)
            focus.append(opens[(source, target)])
    return SankeyData(labels, sources, targets, values, focus)
