"""Single-entity writes on Neo4j re-derive only nearby relationships; the result must equal a full rebuild."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from catalog.domain.register import EntityKind, Register
from catalog.store import neo4j_cypher
from catalog.store.neo4j_store import Neo4jStore, relationship_rows
from tests.conftest import Neo4jTarget
from tools.synthetic import synthetic_register

pytestmark = pytest.mark.neo4j

Edge = tuple[str, str, str, str]


def stored_relationships(target: Neo4jTarget) -> set[Edge]:
    records, _, _ = target.driver.execute_query(neo4j_cypher.ALL_RELATIONSHIPS, database_=target.database)
    return {(r["rel"], r["source"], r["target"], json.dumps(r["properties"], sort_keys=True)) for r in records}


def rebuilt_relationships(store: Neo4jStore) -> set[Edge]:
    """What a full rebuild derives from the stored bodies (which need not form a valid register)."""
    collections: dict[str, Any] = {kind.value: store.list_entities(kind) for kind in EntityKind}
    rows = relationship_rows(Register.model_construct(**collections))
    return {
        (rel.value, row["source"], row["target"], json.dumps(row["properties"], sort_keys=True))
        for rel, group in rows.items()
        for row in group
    }


def with_engagement_locations(nodes: int, seed: int) -> Register:
    """A synthetic register whose engagements name where the sub-processor works (an edge the engager declares)."""
    rng = random.Random(seed)
    data = synthetic_register(nodes, seed=seed).model_dump(mode="json")
    for processor in data["processors"]:
        for engagement in processor["sub_processors"]:
            engagement["locations"] = rng.sample(["US", "IN", "DE", "JP"], k=rng.randint(0, 2))
    return Register.model_validate(data)


def test_edits_in_any_order_leave_exactly_the_relationships_of_a_full_rebuild(
    neo4j_store: Neo4jStore, neo4j_target: Neo4jTarget
) -> None:
    # Same keys, different references: writing b's entities over a's rewires every kind of relationship,
    # including the sub-processor locations that an engaging processor declares.
    first, second = with_engagement_locations(150, seed=3), with_engagement_locations(150, seed=4)
    in_second = {entity.key: entity for _, entity in second.all_entities()}
    assert in_second.keys() == {entity.key for _, entity in first.all_entities()}
    rng = random.Random(7)
    neo4j_store.put_organisation(first.organisation, expected_version=None)
    for kind in reversed(list(EntityKind)):  # referencing entities before the ones they name
        for entity in first.entities(kind):
            neo4j_store.put_entity(entity, expected_version=None)
    assert stored_relationships(neo4j_target) == rebuilt_relationships(neo4j_store)

    replacements = list(second.all_entities())
    rng.shuffle(replacements)
    for kind, entity in replacements[: len(replacements) // 2]:
        current = neo4j_store.get_entity(kind, entity.key)
        assert current is not None
        neo4j_store.put_entity(entity, expected_version=current.version)
    assert stored_relationships(neo4j_target) == rebuilt_relationships(neo4j_store)

    removed = rng.sample(list(first.all_entities()), 25)
    for kind, entity in removed:
        neo4j_store.delete_entity(kind, entity.key, expected_version=None)
    assert stored_relationships(neo4j_target) == rebuilt_relationships(neo4j_store)

    for _, entity in reversed(removed):
        neo4j_store.put_entity(in_second[entity.key], expected_version=None)
    assert stored_relationships(neo4j_target) == rebuilt_relationships(neo4j_store)
    for kind, entity in second.all_entities():
        current = neo4j_store.get_entity(kind, entity.key)
        assert current is not None
        if current.value != entity:
            neo4j_store.put_entity(entity, expected_version=current.version)
    assert stored_relationships(neo4j_target) == rebuilt_relationships(neo4j_store)
    assert neo4j_store.load_register().sorted() == second.sorted()
