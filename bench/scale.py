"""One size on one store, measured in a process of its own (so peak memory is this size's alone).

``bench/__main__.py`` runs this module as a subprocess, twice per size and store:

- ``measure``: builds the synthetic register, then times the import (and its floor), the full check
  (and its floor), lineage queries, the ROPA XLSX export (and its floor) and ``catalog due``; writes the
  figures as JSON.
- ``probe``: only what a user's session does with the register ``measure`` left in the store (load,
  check, one lineage, the ROPA XLSX); its peak resident set is the memory figure of the catalog
  itself, without the generator, the floors and the bench's own copies.

Run by hand: .venv/bin/python -m bench.scale measure --size 1000 --store embedded --workdir /tmp/b --result r.json
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from bench import floors
from bench.timing import Timing, best_of, load_average, peak_rss_mib, percentile
from catalog.app import review
from catalog.app.export import ExportFormat, ExportKind, render_export
from catalog.compliance.engine import evaluate
from catalog.compliance.model import CheckReport
from catalog.domain.register import Register
from catalog.graph.edges import build_graph
from catalog.graph.lineage import lineage_from_graph
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from catalog.store.embedded import EmbeddedStore
from tools.synthetic import synthetic_register

DAY = date(2026, 11, 27)
"""The as-of date of every check, fixed so that runs on different days compare."""


def log(message: str) -> None:
    print(f"    {message}", file=sys.stderr, flush=True)


# --- stores ----------------------------------------------------------------------------------------


def embedded_path(workdir: Path, size: int) -> Path:
    return workdir / f"embedded-{size}.db"


def remove_sqlite(path: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


@contextmanager
def opened(store_kind: str, size: int, workdir: Path, neo4j_uri: str | None) -> Iterator[RegisterStore]:
    """The store ``measure`` fills and ``probe`` reads."""
    if store_kind == "embedded":
        store: RegisterStore = EmbeddedStore(embedded_path(workdir, size))
        try:
            yield store
        finally:
            store.close()
        return
    if neo4j_uri is None:
        raise SystemExit("the neo4j store needs --neo4j-uri")
    # Imported here, not at the top: embedded workers never load the driver (see bench.neo4j_side).
    from bench.neo4j_side import neo4j_database, neo4j_driver
    from catalog.store.neo4j_store import Neo4jStore

    with neo4j_driver(neo4j_uri) as driver:
        yield Neo4jStore(driver, neo4j_database(), display_url=neo4j_uri)


# --- measurements ----------------------------------------------------------------------------------


def timing(result: Timing) -> dict[str, Any]:
    return {"seconds": result.best, "runs": result.runs}


def measure_import(
    store_kind: str, size: int, register: Register, workdir: Path, neo4j_uri: str | None, repeat: int, budget: float
) -> dict[str, Any]:
    """The store's whole-register import into an empty store, beside the raw load of the same rows."""
    if store_kind == "embedded":
        rows = floors.entity_table_rows(register)
        scratch = workdir / f"floor-{size}.db"
        floor = best_of(lambda: floors.raw_sqlite_load(scratch, rows), repeat, lambda: remove_sqlite(scratch), budget)
        remove_sqlite(scratch)
        path = embedded_path(workdir, size)

        def import_embedded() -> None:
            store = EmbeddedStore(path)
            store.replace_register(register)
            store.close()

        imported = best_of(import_embedded, repeat, lambda: remove_sqlite(path), budget)
        written = len(rows)
    else:
        assert neo4j_uri is not None
        # Imported here, not at the top: embedded workers never load the driver (see bench.neo4j_side).
        from bench.neo4j_side import graph_rows as rows_of
        from bench.neo4j_side import neo4j_database, neo4j_driver, raw_unwind_load, wipe_neo4j
        from catalog.store import neo4j_cypher
        from catalog.store.neo4j_store import Neo4jStore

        database = neo4j_database()
        graph_rows = rows_of(register)
        with neo4j_driver(neo4j_uri) as driver:
            for statement in neo4j_cypher.schema_statements():
                driver.execute_query(statement, database_=database)
            floor = best_of(
                lambda: raw_unwind_load(driver, database, graph_rows),
                repeat,
                lambda: wipe_neo4j(driver, database),
                budget,
            )
            store = Neo4jStore(driver, database, display_url=neo4j_uri)
            imported = best_of(
                lambda: store.replace_register(register), repeat, lambda: wipe_neo4j(driver, database), budget
            )
        written = graph_rows.count
    log(f"import {imported.best:.2f} s, floor {floor.best:.2f} s ({written} rows)")
    return {
        "rows": written,
        "store": timing(imported),
        "floor": timing(floor),
        "store_rows_per_second": written / imported.best,
        "floor_rows_per_second": written / floor.best,
        "share_of_floor_rate": floor.best / imported.best,
    }


def bfs_floor(store: RegisterStore, repeat: int, budget: float) -> Timing:
    """The bare reachability pass over the stored register's graph (freed before the check is timed)."""
    graph = build_graph(store.load_register())
    return best_of(lambda: floors.reachability(graph), repeat, budget=budget)


def load_floor(store: RegisterStore, repeat: int, budget: float) -> Timing:
    """The same stored bodies read into plain dicts, without models: what loading cannot go below."""
    if isinstance(store, EmbeddedStore):
        path = store.path
        return best_of(lambda: floors.read_sqlite_bodies(path), repeat, budget=budget)
    # Imported here, not at the top: embedded workers never load the driver (see bench.neo4j_side).
    from bench.neo4j_side import read_neo4j_bodies
    from catalog.store.neo4j_store import Neo4jStore

    assert isinstance(store, Neo4jStore)
    return best_of(lambda: read_neo4j_bodies(store.driver, store.database), repeat, budget=budget)


def measure_check(store: RegisterStore, repeat: int, budget: float) -> tuple[dict[str, Any], Register, CheckReport]:
    """``catalog check`` as the service runs it (load from the store, then the engine), beside a bare BFS."""
    reference = load_reference()
    floor = bfs_floor(store, repeat, budget)
    read_floor = load_floor(store, repeat, budget)
    gc.collect()
    runs: list[tuple[float, float]] = []
    loaded: list[tuple[Register, CheckReport]] = []

    def check() -> None:
        loaded.clear()  # the previous run's register is garbage before this one loads, as in a new process
        start = time.perf_counter()
        from_store = store.load_register()
        middle = time.perf_counter()
        report = evaluate(from_store, reference, DAY)
        runs.append((middle - start, time.perf_counter() - middle))
        loaded.append((from_store, report))

    checked = best_of(check, repeat, budget=budget)
    load_seconds, engine_seconds = min(runs, key=sum)
    from_store, report = loaded[0]
    log(
        f"check {checked.best:.2f} s (load {load_seconds:.2f} + engine {engine_seconds:.2f}), "
        f"floor {floor.best:.3f} s; load floor {read_floor.best:.3f} s"
    )
    figures = {
        "store": timing(checked),
        "load_seconds": load_seconds,
        "engine_seconds": engine_seconds,
        "floor": timing(floor),
        "ratio": checked.best / floor.best,
        "engine_ratio": engine_seconds / floor.best,
        "load_floor": timing(read_floor),
        "load_ratio": load_seconds / read_floor.best,
        "hops": len(report.transfers),
        "findings": len(report.findings),
    }
    return figures, from_store, report


def measure_lineage(
    store: RegisterStore, register: Register, store_kind: str, samples: int, budget: float
) -> dict[str, Any]:
    """Single-category lineage queries on the store, each timed; p50 and p95 over the samples taken."""
    keys = [category.key for category in register.data_categories]
    chosen = random.Random(len(keys)).sample(keys, k=min(samples, len(keys)))
    if store_kind == "neo4j":
        store.lineage(chosen[0])  # the first call plans the query; later ones reuse the plan
    times: list[float] = []
    for key in chosen:
        if len(times) >= 3 and sum(times) > budget:
            break
        start = time.perf_counter()
        store.lineage(key)
        times.append(time.perf_counter() - start)
    graph = build_graph(register)
    in_memory: list[float] = []
    for key in chosen[: len(times)]:
        start = time.perf_counter()
        lineage_from_graph(graph, key)
        in_memory.append(time.perf_counter() - start)
    log(f"lineage p50 {percentile(times, 0.5) * 1000:.1f} ms, p95 {percentile(times, 0.95) * 1000:.1f} ms")
    return {
        "samples": len(times),
        "p50_seconds": percentile(times, 0.5),
        "p95_seconds": percentile(times, 0.95),
        "in_memory_p50_seconds": percentile(in_memory, 0.5),
    }


def measure_export(register: Register, report: CheckReport, repeat: int, budget: float) -> dict[str, Any]:
    """The ROPA XLSX export beside XlsxWriter writing the same cells bare."""
    ours = best_of(lambda: render_export(ExportKind.ROPA, ExportFormat.XLSX, register, report), repeat, budget=budget)
    cells = floors.ropa_cells(register, report)
    raw = best_of(lambda: floors.raw_xlsx(cells), repeat, budget=budget)
    log(f"ROPA xlsx {ours.best:.2f} s, raw {raw.best:.2f} s")
    return {
        "rows": len(cells[0]) - 1,
        "cells": sum(1 for sheet in cells for row in sheet for text in row if text),
        "store": timing(ours),
        "floor": timing(raw),
        "ratio": ours.best / raw.best,
    }


DUE_WITHIN_DAYS = 90
"""``catalog due``'s default window."""


def measure_due(store: RegisterStore, repeat: int, budget: float) -> float:
    """``catalog due`` as the application layer answers it (``review.due``: the register loaded from the
    store, each hop's verdict, the items and what breaks next), without its words or file: best of the runs."""
    due = best_of(lambda: review.due(store, DAY, DUE_WITHIN_DAYS), repeat, budget=budget)
    log(f"due {due.best:.2f} s ({due.runs} runs)")
    return due.best


def measure(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    load_before = load_average()
    start = time.perf_counter()
    register = synthetic_register(args.size, seed=args.size, gap_share=args.gap_share)
    generated = time.perf_counter() - start
    graph = build_graph(register)
    shape = {
        "entities": sum(1 for _ in register.all_entities()),
        "graph_nodes": graph.number_of_nodes(),
        "graph_edges": graph.number_of_edges(),
        "generate_seconds": generated,
    }
    del graph
    log(f"{shape['entities']} entities, {shape['graph_nodes']} nodes, {shape['graph_edges']} edges")
    result: dict[str, Any] = {"size": args.size, "store": args.store, "register": shape}
    result["import"] = measure_import(
        args.store, args.size, register, args.workdir, args.neo4j_uri, args.repeat, args.budget
    )
    # From here on only what a user's session holds is alive, so the collector's work (which grows
    # with the live objects) is the session's own.
    del register
    gc.collect()
    with opened(args.store, args.size, args.workdir, args.neo4j_uri) as store:
        result["check"], from_store, report = measure_check(store, args.repeat, args.budget)
        result["lineage"] = measure_lineage(store, from_store, args.store, args.lineage_samples, args.lineage_budget)
    result["export"] = measure_export(from_store, report, args.repeat, args.budget)
    del from_store, report  # due loads its own register, as the command does in its process
    gc.collect()
    with opened(args.store, args.size, args.workdir, args.neo4j_uri) as store:
        result["due_seconds"] = measure_due(store, args.repeat, args.budget)
    result["worker_peak_rss_mib"] = peak_rss_mib()
    result["load_average"] = {"before": load_before, "after": load_average()}
    result["wall_seconds"] = time.perf_counter() - started
    return result


def probe(args: argparse.Namespace) -> dict[str, Any]:
    """A user's session on the stored register: load, check, one lineage, the ROPA XLSX."""
    started = time.perf_counter()
    baseline = peak_rss_mib()
    with opened(args.store, args.size, args.workdir, args.neo4j_uri) as store:
        register = store.load_register()
        report = evaluate(register, load_reference(), DAY)
        store.lineage(register.data_categories[0].key)
    render_export(ExportKind.ROPA, ExportFormat.XLSX, register, report)
    peak = peak_rss_mib()
    log(f"session peak RSS {peak:.0f} MiB (interpreter and imports: {baseline:.0f} MiB)")
    return {"peak_rss_mib": peak, "baseline_rss_mib": baseline, "wall_seconds": time.perf_counter() - started}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["measure", "probe"])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--store", choices=["embedded", "neo4j"], required=True)
    parser.add_argument("--workdir", type=Path, required=True, help="Where the embedded store's file lives.")
    parser.add_argument("--result", type=Path, required=True, help="The JSON file to write.")
    parser.add_argument("--neo4j-uri", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=30.0)
    parser.add_argument("--lineage-samples", type=int, default=20)
    parser.add_argument("--lineage-budget", type=float, default=60.0)
    parser.add_argument("--gap-share", type=float, default=0.1)
    args = parser.parse_args(argv)
    action: Callable[[argparse.Namespace], dict[str, Any]] = measure if args.action == "measure" else probe
    args.result.write_text(json.dumps(action(args), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
