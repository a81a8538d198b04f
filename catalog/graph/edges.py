"""The register as a networkx MultiDiGraph: the shape the lineage and the compliance engine walk.

Nodes are ``"<type>:<key>"`` strings (``processor:hubspot``, ``country:US``). Edges point the way
personal data moves: category -> activity -> system -> processor -> sub-processor -> country.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import networkx as nx

from catalog.domain.register import Register
from catalog.kernel.gcpause import collector_paused
from catalog.kernel.localtext import local


class NodeType(StrEnum):
    """Node types of the register graph."""

    CATEGORY = "category"
    SUBJECT = "subject"
    ACTIVITY = "activity"
    SYSTEM = "system"
    PROCESSOR = "processor"
    RECIPIENT = "recipient"
    COUNTRY = "country"


class Rel(StrEnum):
    """Relationship types of the register graph (also the Neo4j relationship types)."""

    PART_OF = "PART_OF"  # category -> broader category
    PROCESSED_IN = "PROCESSED_IN"  # category -> activity
    SUBJECT_OF = "SUBJECT_OF"  # data-subject category -> activity
    USES = "USES"  # activity -> system   {data_categories}
    DISCLOSED_TO = "DISCLOSED_TO"  # activity -> recipient   {data_categories}
    OPERATED_BY = "OPERATED_BY"  # system -> processor
    HOSTED_IN = "HOSTED_IN"  # system -> country
    SUBCONTRACTS_TO = "SUBCONTRACTS_TO"  # processor -> sub-processor
    PROCESSES_IN = "PROCESSES_IN"  # processor -> country
    ESTABLISHED_IN = "ESTABLISHED_IN"  # processor -> country (only when it can access the data)
    RECEIVES_IN = "RECEIVES_IN"  # recipient -> country


FLOW_RELS = frozenset(
    {
        Rel.OPERATED_BY,
        Rel.HOSTED_IN,
        Rel.SUBCONTRACTS_TO,
        Rel.PROCESSES_IN,
        Rel.ESTABLISHED_IN,
        Rel.RECEIVES_IN,
    }
)
"""Relationships along which data, once in a system or recipient, travels on."""


def node_id(node_type: NodeType, key: str) -> str:
    # a StrEnum is a str: concatenating is C-level, where ``.value`` is a Python property call (0.1M per 10k)
    return node_type + ":" + key


Edge = tuple[str, Rel, str]
"""One relationship: source node id, type, target node id."""


def register_edges(register: Register) -> dict[Edge, dict[str, Any]]:
    """Every relationship of the register, once, with its properties: the one definition of the graph's edges.

    The networkx view, the embedded store's lineage index and the Neo4j store's relationships are all
    derived from it. A relationship declared twice (a system listed twice by an activity, a country named
    by a processor and by an engagement) appears once, its properties merged as networkx merges them.
    References are not resolved here: an edge may name an entity the register lacks.
    """
    edges: dict[Edge, dict[str, Any]] = {}

    def edge(source: str, rel: Rel, target: str, **properties: Any) -> None:
        edges.setdefault((source, rel, target), {}).update(properties)

    def country(code: str) -> str:
        return node_id(NodeType.COUNTRY, code)

    for category in register.data_categories:
        if category.parent:
            edge(node_id(NodeType.CATEGORY, category.key), Rel.PART_OF, node_id(NodeType.CATEGORY, category.parent))
    for processor in register.processors:
        source = node_id(NodeType.PROCESSOR, processor.key)
        for code in processor.processing_locations:
            edge(source, Rel.PROCESSES_IN, country(code))
        if processor.can_access_data:
            edge(source, Rel.ESTABLISHED_IN, country(processor.established_in))
        for engagement in processor.sub_processors:
            target = node_id(NodeType.PROCESSOR, engagement.processor)
            edge(source, Rel.SUBCONTRACTS_TO, target, purpose=engagement.purpose)
            for code in engagement.locations:
                edge(target, Rel.PROCESSES_IN, country(code))
    for system in register.systems:
        source = node_id(NodeType.SYSTEM, system.key)
        for code in system.hosting:
            edge(source, Rel.HOSTED_IN, country(code))
        if system.operator:
            edge(source, Rel.OPERATED_BY, node_id(NodeType.PROCESSOR, system.operator))
    for recipient in register.recipients:
        source = node_id(NodeType.RECIPIENT, recipient.key)
        for code in recipient.locations:
            edge(source, Rel.RECEIVES_IN, country(code))
    for activity in register.activities:
        source = node_id(NodeType.ACTIVITY, activity.key)
        for key in activity.data_categories:
            edge(node_id(NodeType.CATEGORY, key), Rel.PROCESSED_IN, source)
        for key in activity.data_subjects:
            edge(node_id(NodeType.SUBJECT, key), Rel.SUBJECT_OF, source)
        narrowed = {flow.to: sorted(flow.data_categories) for flow in activity.flows}
        everything = sorted(activity.data_categories)
        for key in activity.systems:
            edge(source, Rel.USES, node_id(NodeType.SYSTEM, key), data_categories=narrowed.get(key, everything))
        for key in activity.recipients:
            target = node_id(NodeType.RECIPIENT, key)
            edge(source, Rel.DISCLOSED_TO, target, data_categories=narrowed.get(key, everything))
    return edges


def entity_nodes(register: Register, lang: str | None = "en") -> dict[str, tuple[NodeType, str, str]]:
    """Node id -> (type, key, display name in ``lang``) for every entity of the register, in a fixed order;
    ``lang`` None keeps each name as the register holds it (every language, worded where shown)."""
    nodes: dict[str, tuple[NodeType, str, str]] = {}
    named: list[tuple[NodeType, list[Any], str]] = [
        (NodeType.CATEGORY, register.data_categories, "name"),
        (NodeType.SUBJECT, register.data_subjects, "name"),
        (NodeType.PROCESSOR, register.processors, "legal_name"),
        (NodeType.SYSTEM, register.systems, "name"),
        (NodeType.RECIPIENT, register.recipients, "name"),
        (NodeType.ACTIVITY, register.activities, "name"),
    ]
    for node_type, entities, name_field in named:
        for entity in entities:
            name = getattr(entity, name_field)
            nodes[node_id(node_type, entity.key)] = (node_type, entity.key, name if lang is None else local(name, lang))
    return nodes


def build_graph(register: Register, lang: str | None = "en") -> nx.MultiDiGraph:
    """Build the graph view of a register, its labels in ``lang`` (None: as the register holds them, for a
    reader who picks the language later). Deterministic: same register, same graph."""
    graph = nx.MultiDiGraph()
    with collector_paused():  # hundreds of thousands of nested dicts at scale, and no cycles to find
        for ident, (node_type, key, name) in entity_nodes(register, lang).items():
            graph.add_node(ident, type=node_type.value, key=key, label=name)
        for processor in register.processors:
            graph.nodes[node_id(NodeType.PROCESSOR, processor.key)]["service_category"] = (
                processor.service_category.value
            )
        country_prefix = f"{NodeType.COUNTRY.value}:"
        for (source, rel, target), properties in register_edges(register).items():
            if target.startswith(country_prefix) and target not in graph:
                code = target.removeprefix(country_prefix)
                graph.add_node(target, type=NodeType.COUNTRY.value, key=code, label=code)
            graph.add_edge(source, target, key=rel.value, **properties)
    return graph
