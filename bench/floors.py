"""The floors the catalog is measured against: the same work done bare, without the domain logic.

- ``reachability``: one multi-source breadth-first pass from every activity over the register graph;
- ``raw_xlsx``: XlsxWriter writing the same cells as the ROPA export, with no formatting;
- ``raw_unwind_load``: the Neo4j store's node and relationship rows written with plain
  ``UNWIND $rows CREATE`` statements in one transaction;
- ``raw_sqlite_load``: the embedded store's entity rows inserted with one ``executemany``.
"""

from __future__ import annotations

import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
import xlsxwriter

from catalog.compliance.model import CheckReport
from catalog.domain.register import Register
from catalog.exporters.headings import Lang
from catalog.exporters.rows import build_table, cell_text
from catalog.graph import Rel
from catalog.store import embedded, neo4j_cypher
from catalog.store.neo4j_cypher import REL_ENDPOINTS, Label
from catalog.store.neo4j_store import DEFAULT_BATCH_SIZE, _body, _entity_properties, relationship_rows


def reachability(graph: nx.MultiDiGraph) -> int:
    """How many nodes are reachable from the activities: the bare traversal a check cannot beat."""
    sources = [n for n, data in graph.nodes(data=True) if data["type"] == "activity"]
    return sum(len(layer) for layer in nx.bfs_layers(graph, sources))


def ropa_cells(register: Register, report: CheckReport) -> list[list[str]]:
    """The ROPA table's heading row and rows, as the strings the export writes."""
    table = build_table("ropa", register, report, Lang.EN)
    return [[column.heading for column in table.columns]] + [[cell_text(c) for c in row] for row in table.rows]


def raw_xlsx(cells: list[list[str]]) -> bytes:
    """A workbook holding ``cells`` as plain strings: the cheapest XlsxWriter can do."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = workbook.add_worksheet()
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            if text:
                sheet.write_string(r, c, text)
    workbook.close()
    return buffer.getvalue()


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
        properties = _entity_properties(kind, entity, 1, _body(entity))
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


def entity_table_rows(register: Register) -> list[tuple[str, str, int, str]]:
    """The embedded store's ``entity`` rows for a register (version 1, as in an empty store)."""
    return [(entity.key, kind.value, 1, embedded._body(entity)) for kind, entity in register.all_entities()]


def raw_sqlite_load(path: Path, rows: list[tuple[str, str, int, str]]) -> None:
    """Insert ``rows`` into a new SQLite file with the embedded store's schema, in one transaction."""
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(embedded.SCHEMA)
        db.execute("BEGIN IMMEDIATE")
        db.executemany("INSERT INTO entity (key, kind, version, body) VALUES (?, ?, ?, ?)", rows)
        db.execute("COMMIT")
    finally:
        db.close()
