"""The floors the catalog is measured against: the same work done bare, without the domain logic.

- ``reachability``: one multi-source breadth-first pass from every activity over the register graph;
- ``raw_xlsx``: XlsxWriter writing the same cells as the ROPA export, with no formatting;
- ``raw_unwind_load`` (in ``bench.neo4j_side``, so that embedded runs never import the driver): the
  Neo4j store's node and relationship rows written with plain ``UNWIND $rows CREATE`` statements in
  one transaction;
- ``raw_sqlite_load``: the embedded store's entity rows inserted with one ``executemany``.
"""

from __future__ import annotations

import io
import json
import sqlite3
from contextlib import closing
from pathlib import Path

import networkx as nx
import xlsxwriter

from catalog.compliance.model import CheckReport
from catalog.domain.register import Register
from catalog.exporters.rows import build_table, cell_text
from catalog.kernel.gcpause import collector_paused
from catalog.kernel.lang import Lang
from catalog.store import embedded
from catalog.store.base import stored_body


def reachability(graph: nx.MultiDiGraph) -> int:
    """How many nodes are reachable from the activities: the bare traversal a check cannot beat."""
    sources = [n for n, data in graph.nodes(data=True) if data["type"] == "activity"]
    return sum(len(layer) for layer in nx.bfs_layers(graph, sources))


def ropa_cells(register: Register, report: CheckReport) -> list[list[list[str]]]:
    """The ROPA export's sheets as the strings it writes: the table (heading row and rows), then the hidden
    sheet of entity keys that lets the workbook be imported back (issue #17), when the export has one."""
    table = build_table("ropa", register, report, Lang.EN)
    sheets = [[[column.heading for column in table.columns]] + [[cell_text(c) for c in row] for row in table.rows]]
    if table.keys:
        sheets.append([["kind", "key", "name"], *[list(row) for row in table.keys]])
    return sheets


def raw_xlsx(sheets: list[list[list[str]]]) -> bytes:
    """A workbook holding ``sheets`` as plain strings: the cheapest XlsxWriter can do."""
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True})
    for cells in sheets:
        sheet = workbook.add_worksheet()
        for r, row in enumerate(cells):
            for c, text in enumerate(row):
                if text:
                    sheet.write_string(r, c, text)
    workbook.close()
    return buffer.getvalue()


def entity_table_rows(register: Register) -> list[tuple[str, str, int, str]]:
    """The embedded store's ``entity`` rows for a register (version 1, as in an empty store)."""
    return [(entity.key, kind.value, 1, stored_body(entity)) for kind, entity in register.all_entities()]


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


def read_sqlite_bodies(path: Path) -> int:
    """Every stored body of an embedded store read into plain dicts: the floor of loading the register."""
    # The collector is paused, as the store's own load pauses it: otherwise the floor measures the
    # collector walking millions of new dicts (three times the parsing itself at 100k entities).
    with collector_paused(), closing(sqlite3.connect(path)) as db:
        organisation = [json.loads(body) for (body,) in db.execute("SELECT body FROM organisation")]
        entities = [json.loads(body) for (body,) in db.execute("SELECT body FROM entity ORDER BY kind, key")]
    return len(organisation) + len(entities)
