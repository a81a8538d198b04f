"""The Neo4j side of the benchmark: driver, wipe, and the raw ``UNWIND`` load floor.

Kept apart so that embedded-store workers never import the Neo4j driver (which pulls in pandas,
numpy and pyarrow when they are installed: about 100 MiB that a catalog session on the embedded
store does not pay).
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import Any

import neo4j

from catalog.domain.register import Register
from catalog.graph.edges import Rel
from catalog.kernel.gcpause import collector_paused
from catalog.store import neo4j_cypher
from catalog.store.base import stored_body
from catalog.store.neo4j_cypher import REL_ENDPOINTS, Label
from catalog.store.neo4j_store import DEFAULT_BATCH_SIZE, _entity_properties, relationship_rows

WIPE_IN_BATCHES = "MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS"


def neo4j_driver(uri: str) -> neo4j.Driver:
    """A driver for ``uri`` with the credentials of NEO4J_USER / NEO4J_PASSWORD, if set."""
    user = os.environ.get("NEO4J_USER")
    auth = (user, os.environ.get("NEO4J_PASSWORD", "")) if user else None
    return neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")


def neo4j_database() -> str:
    return os.environ.get("NEO4J_DATABASE") or "neo4j"


def wipe_neo4j(driver: neo4j.Driver, database: str) -> None:
    """Empty the database in batches: one transaction over half a million relationships needs a large heap."""
    with driver.session(database=database) as session:
        session.run(WIPE_IN_BATCHES).consume()


@dataclass(frozen=True)
class GraphRows:
    """What the Neo4j store writes for a register, as plain rows."""

    nodes: dict[Label, list[dict[str, Any]]]
    countries: list[dict[str, Any]]
    relationships: dict[Rel, list[dict[str, Any]]]

    @property
    def count(self) -> int:
        entities = sum(len(rows) for rows in self.nodes.values())
        return entities + len(self.countries) + sum(len(rows) for rows in self.relationships.values())


def graph_rows(register: Register) -> GraphRows:
    """The store's own node properties and relationship rows (version 1, as in an empty store)."""
    nodes: dict[Label, list[dict[str, Any]]] = {}
    for kind, entity in register.all_entities():
        properties = _entity_properties(kind, entity, 1, stored_body(entity))
        nodes.setdefault(neo4j_cypher.KIND_LABELS[kind], []).append(properties)
    relationships = relationship_rows(register)
    countries = sorted(
        {row["target"] for rel, rows in relationships.items() if REL_ENDPOINTS[rel][1] is Label.COUNTRY for row in rows}
    )
    return GraphRows(nodes, [{"key": code} for code in countries], relationships)


def _create_nodes(label: Label) -> str:
    return f"UNWIND $rows AS row CREATE (n:{Label.ENTITY.value}:{label.value}) SET n = row"


def _create_relationships(rel: Rel) -> str:
    source, target = REL_ENDPOINTS[rel]
    return (
        f"UNWIND $rows AS row MATCH (s:{source.value} {{key: row.source}}) "
        f"MATCH (t:{target.value} {{key: row.target}}) CREATE (s)-[r:{rel.value}]->(t) SET r = row.properties"
    )


def raw_unwind_load(driver: neo4j.Driver, database: str, rows: GraphRows, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
    """Write ``rows`` into an empty database (with the store's key constraints) in one transaction."""

    def run_batches(tx: neo4j.ManagedTransaction, statement: str, batch: list[dict[str, Any]]) -> None:
        for start in range(0, len(batch), batch_size):
            tx.run(statement, rows=batch[start : start + batch_size]).consume()

    def work(tx: neo4j.ManagedTransaction) -> None:
        for label, node_rows in rows.nodes.items():
            run_batches(tx, _create_nodes(label), node_rows)
        run_batches(tx, "UNWIND $rows AS row CREATE (c:Country) SET c = row", rows.countries)
        for rel, rel_rows in rows.relationships.items():
            run_batches(tx, _create_relationships(rel), rel_rows)

    with driver.session(database=database) as session:
        session.execute_write(work)


def read_neo4j_bodies(driver: neo4j.Driver, database: str) -> int:
    """Every stored body read through the store's own query into plain dicts: the floor of loading."""
    records, _, _ = driver.execute_query(
        neo4j_cypher.BODIES_BY_KIND, database_=database, routing_=neo4j.RoutingControl.READ
    )
    organisation, _, _ = driver.execute_query(
        neo4j_cypher.GET_ORGANISATION, database_=database, routing_=neo4j.RoutingControl.READ
    )
    with collector_paused():  # as the store's load (see floors.read_sqlite_bodies)
        bodies = [json.loads(body) for record in records for body in record["bodies"]]
        bodies.extend(json.loads(record["body"]) for record in organisation)
    return len(bodies)
