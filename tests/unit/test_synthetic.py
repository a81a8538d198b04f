"""The synthetic register generator: deterministic, about the size asked, and shaped like a real register."""

from __future__ import annotations

from collections import Counter
from datetime import date

import networkx as nx
import pytest

from catalog.compliance.engine import evaluate
from catalog.compliance.model import TransferBasis
from catalog.graph.edges import NodeType, Rel, build_graph, node_id
from catalog.reference import load_reference
from tools.synthetic import ADEQUATE, EEA, OTHER, synthetic_register

DAY = date(2026, 11, 27)


def test_same_arguments_give_the_same_register() -> None:
    assert synthetic_register(400, seed=3) == synthetic_register(400, seed=3)
    assert synthetic_register(400, seed=3) != synthetic_register(400, seed=4)


@pytest.mark.parametrize("nodes", [200, 2000])
def test_about_the_requested_size_with_about_five_edges_per_node(nodes: int) -> None:
    register = synthetic_register(nodes, seed=nodes)
    entities = sum(1 for _ in register.all_entities())
    graph = build_graph(register)
    assert abs(entities - nodes) <= nodes * 0.05
    assert 4.0 <= graph.number_of_edges() / graph.number_of_nodes() <= 6.0


def test_every_kind_of_entity_and_relationship_is_present() -> None:
    register = synthetic_register(1000, seed=1)
    graph = build_graph(register)
    relationships = Counter(rel for _, _, rel in graph.edges(keys=True))
    assert set(relationships) == {rel.value for rel in Rel}
    assert any(category.parent for category in register.data_categories)
    assert any(category.special_category for category in register.data_categories)
    assert any(activity.flows for activity in register.activities)


def test_sub_processor_chains_run_up_to_five_deep() -> None:
    register = synthetic_register(1000, seed=2)
    graph = build_graph(register)
    chains = nx.DiGraph(
        (source, target) for source, target, rel in graph.edges(keys=True) if rel == Rel.SUBCONTRACTS_TO.value
    )
    operators = {node_id(NodeType.PROCESSOR, s.operator) for s in register.systems if s.operator}
    depths = nx.multi_source_dijkstra_path_length(chains, operators & set(chains))
    assert max(depths.values()) == 5
    assert not nx.is_directed_acyclic_graph(chains), "vendors that subcontract to each other make cycles"


def test_processors_have_a_mix_of_service_categories_and_countries() -> None:
    register = synthetic_register(2000, seed=5)
    services = Counter(p.service_category.value for p in register.processors)
    assert len(services) >= 6 and services.most_common(1)[0][0] == "hosting"
    places = {loc for p in register.processors for loc in p.processing_locations}
    assert places & set(EEA) and places & set(ADEQUATE) and places & set(OTHER) and "unknown" in places


def test_the_share_of_gaps_is_configurable() -> None:
    reference = load_reference()

    def unsafeguarded(gap_share: float) -> int:
        report = evaluate(synthetic_register(600, seed=9, gap_share=gap_share), reference, DAY)
        gaps = {TransferBasis.INVALID_SAFEGUARD, TransferBasis.UNSAFEGUARDED}
        return sum(hop.basis in gaps for hop in report.transfers)

    assert unsafeguarded(0.0) < unsafeguarded(0.5) < unsafeguarded(1.0)
    with pytest.raises(ValueError, match="gap_share"):
        synthetic_register(100, gap_share=1.5)
