"""The register as a networkx MultiDiGraph: the shape the lineage and the compliance engine walk.

Nodes are ``"<type>:<key>"`` strings (``processor:hubspot``, ``country:US``). Edges point the way
personal data moves: category -> activity -> system -> processor -> sub-processor -> country.
"""

from __future__ import annotations

from enum import StrEnum

import networkx as nx

from catalog.domain.register import Register


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
    return f"{node_type.value}:{key}"


def build_graph(register: Register) -> nx.MultiDiGraph:
    """Build the graph view of a register. Deterministic: same register, same graph."""
    graph = nx.MultiDiGraph()

    def node(node_type: NodeType, key: str, label: str) -> str:
        ident = node_id(node_type, key)
        graph.add_node(ident, type=node_type.value, key=key, label=label)
        return ident

    def country(code: str) -> str:
        return node(NodeType.COUNTRY, code, code)

    for category in register.data_categories:
        node(NodeType.CATEGORY, category.key, category.name)
    for category in register.data_categories:
        if category.parent:
            graph.add_edge(
                node_id(NodeType.CATEGORY, category.key),
                node_id(NodeType.CATEGORY, category.parent),
                key=Rel.PART_OF.value,
            )
    for subject in register.data_subjects:
        node(NodeType.SUBJECT, subject.key, subject.name)
    for processor in register.processors:
        ident = node(NodeType.PROCESSOR, processor.key, processor.legal_name)
        graph.nodes[ident]["service_category"] = processor.service_category.value
    for processor in register.processors:
        source = node_id(NodeType.PROCESSOR, processor.key)
        for code in processor.processing_locations:
            graph.add_edge(source, country(code), key=Rel.PROCESSES_IN.value)
        if processor.can_access_data:
            graph.add_edge(source, country(processor.established_in), key=Rel.ESTABLISHED_IN.value)
        for engagement in processor.sub_processors:
            target = node_id(NodeType.PROCESSOR, engagement.processor)
            graph.add_edge(source, target, key=Rel.SUBCONTRACTS_TO.value, purpose=engagement.purpose)
            for code in engagement.locations:
                graph.add_edge(target, country(code), key=Rel.PROCESSES_IN.value)
    for system in register.systems:
        ident = node(NodeType.SYSTEM, system.key, system.name)
        for code in system.hosting:
            graph.add_edge(ident, country(code), key=Rel.HOSTED_IN.value)
        if system.operator:
            graph.add_edge(ident, node_id(NodeType.PROCESSOR, system.operator), key=Rel.OPERATED_BY.value)
    for recipient in register.recipients:
        ident = node(NodeType.RECIPIENT, recipient.key, recipient.name)
        for code in recipient.locations:
            graph.add_edge(ident, country(code), key=Rel.RECEIVES_IN.value)
    for activity in register.activities:
        ident = node(NodeType.ACTIVITY, activity.key, activity.name)
        for key in activity.data_categories:
            graph.add_edge(node_id(NodeType.CATEGORY, key), ident, key=Rel.PROCESSED_IN.value)
        for key in activity.data_subjects:
            graph.add_edge(node_id(NodeType.SUBJECT, key), ident, key=Rel.SUBJECT_OF.value)
        narrowed = {flow.to: sorted(flow.data_categories) for flow in activity.flows}
        everything = sorted(activity.data_categories)
        for key in activity.systems:
            categories = narrowed.get(key, everything)
            graph.add_edge(ident, node_id(NodeType.SYSTEM, key), key=Rel.USES.value, data_categories=categories)
        for key in activity.recipients:
            categories = narrowed.get(key, everything)
            graph.add_edge(
                ident,
                node_id(NodeType.RECIPIENT, key),
                key=Rel.DISCLOSED_TO.value,
                data_categories=categories,
            )
    return graph
