"""The embedded store's lineage index must give exactly the networkx walk's lineage."""

from __future__ import annotations

from catalog.domain.register import Register
from catalog.graph.edges import build_graph
from catalog.graph.lineage import Lineage, LineageEdge, LineageIndex, lineage_from_graph, lineage_from_index
from tools.synthetic import synthetic_register


def assert_same_lineage(register: Register) -> None:
    graph, index = build_graph(register), LineageIndex.of(register)
    for category in register.data_categories:
        assert lineage_from_index(index, category.key) == lineage_from_graph(graph, category.key), category.key


def test_index_and_graph_agree_on_every_seed_category(seed_register: Register) -> None:
    assert_same_lineage(seed_register)
    assert any(
        lineage_from_index(LineageIndex.of(seed_register), c.key).countries for c in seed_register.data_categories
    )


def test_index_and_graph_agree_on_a_synthetic_register_with_chains_and_cycles() -> None:
    assert_same_lineage(synthetic_register(600, seed=11))


def test_an_unknown_category_reaches_nothing(seed_register: Register) -> None:
    lineage = lineage_from_index(LineageIndex.of(seed_register), "no-such-category")
    assert lineage == lineage_from_graph(build_graph(seed_register), "no-such-category")
    assert lineage.nodes == [] and lineage.countries == []


def test_a_lineage_built_unvalidated_equals_its_validated_copy() -> None:
    # Lineage.of builds its models without validation; they must be indistinguishable from validated ones.
    register = synthetic_register(300, seed=5, gap_share=0.3)
    graph = build_graph(register)
    for category in register.data_categories:
        lineage = lineage_from_graph(graph, category.key)
        validated = Lineage.model_validate(lineage.model_dump())
        assert lineage == validated
        assert lineage.model_dump_json() == validated.model_dump_json()
        assert all(edge == LineageEdge(**edge.model_dump()) for edge in lineage.edges)


def test_a_lineage_built_from_edges_in_any_order_is_the_same_lineage() -> None:
    # The Neo4j store hands Lineage.of a list of edges in the query's order, not a set.
    register = synthetic_register(300, seed=5, gap_share=0.3)
    graph = build_graph(register)
    for category in register.data_categories:
        lineage = lineage_from_graph(graph, category.key)
        edges = [(edge.source, edge.rel, edge.target) for edge in reversed(lineage.edges)]
        built = Lineage.of(category.key, reversed(lineage.nodes), edges)
        assert built == lineage, category.key
        assert built.model_dump_json() == Lineage.model_validate(lineage.model_dump()).model_dump_json()


def test_equal_values_in_the_index_are_held_once() -> None:
    # The index lives for a whole session: an equal node id or onward pair is one object, and so is the
    # category set an activity hands to each of its systems.
    index = LineageIndex.of(synthetic_register(600, seed=11))
    for handoffs in index.handoffs.values():
        handed = [h for _, _, h in handoffs]
        assert len({id(h) for h in handed}) == len(set(handed))
    pairs = [pair for onward in index.onward.values() for pair in onward]
    assert len({id(pair) for pair in pairs}) == len(set(pairs)) < len(pairs)
    targets = [target for onward in index.onward.values() for _, target in onward]
    assert len({id(target) for target in targets}) == len(set(targets))
