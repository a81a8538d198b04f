"""The lineage query walks the graph breadth-first with pruning: it never enumerates paths."""

from __future__ import annotations

from typing import Any

import pytest

from catalog.store import neo4j_cypher
from tests.conftest import Neo4jTarget

pytestmark = pytest.mark.neo4j


def operators(plan: Any) -> list[str]:
    found = [str(plan["operatorType"])]
    for child in plan.get("children") or []:
        found.extend(operators(child))
    return found


def test_every_variable_length_step_is_a_pruning_breadth_first_expand(neo4j_target: Neo4jTarget) -> None:
    _, summary, _ = neo4j_target.driver.execute_query(
        "EXPLAIN " + neo4j_cypher.LINEAGE, category="contact", database_=neo4j_target.database
    )
    expands = [op for op in operators(summary.plan) if op.startswith("VarLengthExpand")]
    assert len(expands) == 3, expands
    assert all("Pruning" in op for op in expands), expands
