"""The lineage query walks the graph breadth-first with pruning: it never enumerates paths."""

from __future__ import annotations

import re
from typing import Any

import pytest

from catalog.store import neo4j_cypher
from tests.conftest import Neo4jTarget

pytestmark = pytest.mark.neo4j


@pytest.fixture
def planned(neo4j_target: Neo4jTarget) -> Neo4jTarget:
    # The key constraints every store creates before its first write; without them (a fresh server, this
    # file run alone) the planner has no index to seek on and the plan says nothing about the store's.
    for statement in neo4j_cypher.schema_statements():
        neo4j_target.driver.execute_query(statement, database_=neo4j_target.database)
    return neo4j_target


def operators(plan: Any) -> list[str]:
    found = [str(plan["operatorType"])]
    for child in plan.get("children") or []:
        found.extend(operators(child))
    return found


def test_every_variable_length_step_is_a_pruning_breadth_first_expand(planned: Neo4jTarget) -> None:
    _, summary, _ = planned.driver.execute_query(
        "EXPLAIN " + neo4j_cypher.LINEAGE, category="contact", database_=planned.database
    )
    expands = [op for op in operators(summary.plan) if op.startswith("VarLengthExpand")]
    assert len(expands) == 3, expands
    assert all("Pruning" in op for op in expands), expands


def test_the_lineage_query_starts_from_the_index_and_never_scans_a_label(planned: Neo4jTarget) -> None:
    _, summary, _ = planned.driver.execute_query(
        "EXPLAIN " + neo4j_cypher.LINEAGE, category="contact", database_=planned.database
    )
    found = operators(summary.plan)
    scans = [op for op in found if "Scan" in op]
    assert not scans, scans
    assert any(op.startswith("NodeUniqueIndexSeek") for op in found), found


@pytest.mark.parametrize("query", [neo4j_cypher.LINEAGE])
def test_every_variable_length_step_is_bounded(query: str) -> None:
    # an unbounded '*' (or '*0..') would let a cyclic sub-processor chain run to the planner's limits
    steps = re.findall(r"\*(\d*)\.\.(\d*)\]", query)
    assert len(steps) == 3
    assert all(upper.isdigit() for _, upper in steps), steps
