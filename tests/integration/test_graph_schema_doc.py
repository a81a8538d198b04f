"""The example queries in docs/graph-schema.md run and agree with the program's own lineage."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest

from catalog.domain.register import Register
from catalog.reference import load_reference
from catalog.store.neo4j_store import Neo4jStore
from tests.conftest import Neo4jTarget

pytestmark = pytest.mark.neo4j

DOC = Path(__file__).resolve().parents[2] / "docs" / "graph-schema.md"


def doc_queries() -> list[str]:
    return re.findall(r"```cypher\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_auditor_queries_give_the_lineage_answers(
    neo4j_target: Neo4jTarget, neo4j_store: Neo4jStore, seed_register: Register
) -> None:
    processors_query, routes_query = doc_queries()
    neo4j_store.replace_register(seed_register)
    lineage = neo4j_store.lineage("contact.email")
    run = neo4j_target.driver.execute_query

    records, _, _ = run(processors_query, database_=neo4j_target.database)
    expected = sorted(node.removeprefix("processor:") for node in lineage.nodes if node.startswith("processor:"))
    assert [r["processor"] for r in records] == expected and expected

    records, _, _ = run(routes_query, database_=neo4j_target.database)
    reached = {r["route"].end_node["key"] for r in records}
    reference, today = load_reference(), datetime.date.today()
    outside = {c for c in lineage.countries if c not in ("EU", "EEA") and not reference.in_eea(c, today)}
    assert reached == outside and "US" in reached
