"""A synthetic register round-trips through every store and gives the same check and lineage as in memory."""

from __future__ import annotations

from datetime import date

from catalog.compliance.engine import evaluate
from catalog.graph.edges import build_graph
from catalog.graph.lineage import lineage_from_graph
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from tools.synthetic import synthetic_register

DAY = date(2026, 11, 27)


def test_a_synthetic_register_reads_back_equal_with_the_same_check_and_lineage(store: RegisterStore) -> None:
    register = synthetic_register(300, seed=11, gap_share=0.3)
    store.replace_register(register)
    loaded = store.load_register()
    assert loaded.sorted() == register.sorted()
    reference = load_reference()
    assert evaluate(loaded, reference, DAY) == evaluate(register, reference, DAY)
    graph = build_graph(register)
    categories = [category.key for category in register.data_categories]
    expected = {key: lineage_from_graph(graph, key) for key in categories}
    assert {key: store.lineage(key) for key in categories} == expected
