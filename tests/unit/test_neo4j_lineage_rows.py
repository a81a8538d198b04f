"""The Neo4j store names lineage nodes from relationship types and refuses a route cut by the depth bound."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import neo4j
import pytest

from catalog.errors import StoreError
from catalog.graph.edges import FLOW_RELS
from catalog.graph.lineage import Lineage
from catalog.store import neo4j_cypher
from catalog.store.neo4j_store import Neo4jStore


@pytest.fixture
def store() -> Iterator[Neo4jStore]:
    driver = neo4j.GraphDatabase.driver("bolt://127.0.0.1:9")  # never connects: rows are given
    yield Neo4jStore(driver, display_url="bolt://test")
    driver.close()


def record(systems: list[list[object]], recipients: list[list[object]], processors: list[list[object]]) -> neo4j.Record:
    # The store reads a record by field name only, as it reads this dict. Each reached node is its key,
    # then its targets' keys per flow type leaving its label (neo4j_cypher.LINEAGE_FLOWS, by name).
    return cast(
        neo4j.Record,
        {
            "processed_in": [["contact", "crm"]],
            "handoffs": [["crm", "USES", "hubspot"], ["crm", "DISCLOSED_TO", "tax"]],
            "systems": systems,
            "recipients": recipients,
            "processors": processors,
        },
    )


def test_rows_of_keys_become_the_typed_node_ids(store: Neo4jStore) -> None:
    systems: list[list[object]] = [["hubspot", ["US"], ["hubspot-inc"]]]  # HOSTED_IN, OPERATED_BY
    recipients: list[list[object]] = [["tax", ["NO"]]]  # RECEIVES_IN
    processors: list[list[object]] = [  # ESTABLISHED_IN, PROCESSES_IN, SUBCONTRACTS_TO
        ["hubspot-inc", ["US"], [], ["aws"]],
        ["aws", [], ["IE"], []],
    ]
    lineage = store._lineage_from_record("contact", record(systems, recipients, processors))
    edges = [
        ("category:contact", "PROCESSED_IN", "activity:crm"),
        ("activity:crm", "USES", "system:hubspot"),
        ("activity:crm", "DISCLOSED_TO", "recipient:tax"),
        ("system:hubspot", "OPERATED_BY", "processor:hubspot-inc"),
        ("system:hubspot", "HOSTED_IN", "country:US"),
        ("recipient:tax", "RECEIVES_IN", "country:NO"),
        ("processor:hubspot-inc", "SUBCONTRACTS_TO", "processor:aws"),
        ("processor:hubspot-inc", "ESTABLISHED_IN", "country:US"),
        ("processor:aws", "PROCESSES_IN", "country:IE"),
    ]
    assert lineage == Lineage.of("contact", {node for s, _, t in edges for node in (s, t)}, edges)
    assert lineage.countries == ["IE", "NO", "US"]


def test_a_sub_processor_beyond_the_depth_bound_is_reported_not_dropped(store: Neo4jStore) -> None:
    processors: list[list[object]] = [["hubspot-inc", [], [], ["beyond"]]]  # "beyond" was not walked
    with pytest.raises(StoreError, match="longer than 64 hops"):
        store._lineage_from_record("contact", record([["hubspot", [], ["hubspot-inc"]]], [], processors))


def test_the_rows_name_every_flow_relationship_once() -> None:
    # A flow type missing from LINEAGE_FLOWS would silently drop its edges from every Neo4j lineage.
    listed = [rel for rels in neo4j_cypher.LINEAGE_FLOWS.values() for rel in rels]
    assert sorted(listed) == sorted(FLOW_RELS)
    for label, rels in neo4j_cypher.LINEAGE_FLOWS.items():
        assert all(neo4j_cypher.REL_ENDPOINTS[rel][0] is label for rel in rels)
