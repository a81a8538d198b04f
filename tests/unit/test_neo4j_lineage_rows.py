"""The Neo4j store names lineage nodes from relationship types and refuses a route cut by the depth bound."""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import neo4j
import pytest

from catalog.errors import StoreError
from catalog.lineage import Lineage
from catalog.store.neo4j_store import Neo4jStore


@pytest.fixture
def store() -> Iterator[Neo4jStore]:
    driver = neo4j.GraphDatabase.driver("bolt://127.0.0.1:9")  # never connects: rows are given
    yield Neo4jStore(driver, display_url="bolt://test")
    driver.close()


def record(processors: list[str], flows: list[list[object]]) -> neo4j.Record:
    # The store reads a record by field name only, as it reads this dict.
    return cast(
        neo4j.Record,
        {
            "processed_in": [["contact", "crm"]],
            "handoffs": [["crm", "USES", "hubspot"], ["crm", "DISCLOSED_TO", "tax"]],
            "flows": flows,
            "processors": processors,
        },
    )


def test_rows_of_keys_become_the_typed_node_ids(store: Neo4jStore) -> None:
    flows: list[list[object]] = [
        ["hubspot", [["OPERATED_BY", "hubspot-inc"], ["HOSTED_IN", "US"]]],
        ["tax", [["RECEIVES_IN", "NO"]]],
        ["hubspot-inc", [["SUBCONTRACTS_TO", "aws"], ["ESTABLISHED_IN", "US"]]],
        ["aws", [["PROCESSES_IN", "IE"]]],
    ]
    lineage = store._lineage_from_record("contact", record(["hubspot-inc", "aws"], flows))
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
    flows: list[list[object]] = [["hubspot-inc", [["SUBCONTRACTS_TO", "beyond"]]]]
    with pytest.raises(StoreError, match="longer than 64 hops"):
        store._lineage_from_record("contact", record(["hubspot-inc"], flows))
