"""The scale benchmark: synthetic registers of 1k, 10k and 100k entities on both stores, against their floors.

Run: .venv/bin/python -m bench [--sizes 1k,10k,100k] [--stores embedded,neo4j] [--repeat 3] [--out bench/results/]
     [--edits 50] [--edit on|off|only] [--ui on|off|only] [--browser on|off|only]

Each size and store is measured in a fresh subprocess (bench/scale.py) so peak memory is that
size's own. Without NEO4J_URI a throw-away Neo4j is started (tools.neo4j_server); a
server named by NEO4J_URI is WIPED, so a non-empty one is refused unless --wipe is given.
Prints a table of figures and ratios and the goals met or missed; writes <out>/scale.json.
Goals are measured here and never asserted in tests. bench/README.md explains every column.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench import bench_browser, bench_edit, bench_ui
from bench.neo4j_side import neo4j_database, neo4j_driver
from bench.timing import machine_info, peak_rss_mib
from catalog.store import neo4j_cypher
from catalog.store.neo4j_store import Neo4jStore
from tools.neo4j_server import Neo4jServer

RESULTS = Path(__file__).parent / "results"
STORES = ("embedded", "neo4j")
NEO4J_HEAP = "4g"
NEO4J_PAGE_CACHE = "1g"


def parse_size(text: str) -> int:
    """``1k`` -> 1000, ``100k`` -> 100000, ``2500`` -> 2500."""
    cleaned = text.strip().lower().replace("_", "")
    try:
        return int(cleaned[:-1]) * 1000 if cleaned.endswith("k") else int(cleaned)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 1k, 10k, 100k or 2500") from None


def size_label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="1k,10k,100k",
        type=lambda text: [parse_size(part) for part in text.split(",") if part.strip()],
        help="Register sizes in entities, comma-separated (default: 1k,10k,100k).",
    )
    parser.add_argument(
        "--stores",
        default="embedded,neo4j",
        type=lambda text: [part.strip() for part in text.split(",") if part.strip()],
        help="Stores to measure: embedded, neo4j or both (default: both).",
    )
    parser.add_argument("--repeat", type=int, default=3, help="Runs per timing; the fastest counts (default: 3).")
    parser.add_argument(
        "--budget",
        type=float,
        default=30.0,
        help="Seconds after which a timing stops repeating (it always runs once; default: 30).",
    )
    parser.add_argument("--lineage-samples", type=int, default=20, help="Categories whose lineage is timed.")
    parser.add_argument(
        "--lineage-budget", type=float, default=60.0, help="Seconds after which lineage stops (3 samples at least)."
    )
    parser.add_argument("--gap-share", type=float, default=0.1, help="Share of hops without a valid safeguard.")
    parser.add_argument("--out", type=Path, default=RESULTS, help="Folder for scale.json (default: bench/results/).")
    parser.add_argument("--wipe", action="store_true", help="Allow wiping a non-empty database named by NEO4J_URI.")
    parser.add_argument(
        "--browser",
        choices=("on", "off", "only"),
        default="on",
        help="Time a drawn lineage view in headless Chromium at each size (bench/bench_browser.py): "
        "after the scale runs (on), not at all (off), or alone (only). Default: on.",
    )
    parser.add_argument("--browser-samples", type=int, default=3, help="Warm lineage views timed per size.")
    parser.add_argument(
        "--ui",
        choices=("on", "off", "only"),
        default="on",
        help="Time every UI page with Streamlit's AppTest after a write at each size (bench/bench_ui.py): "
        "after the scale runs (on), not at all (off), or alone (only). Default: on.",
    )
    parser.add_argument(
        "--edit",
        choices=("on", "off", "only"),
        default="on",
        help="Time single-entity edits to their findings at each size and store (bench/bench_edit.py): "
        "after the scale runs (on), not at all (off), or alone (only). Default: on.",
    )
    parser.add_argument(
        "--edits", type=int, default=50, help="Random single-entity edits timed per size and store (0 skips them)."
    )
    args = parser.parse_args(argv)
    unknown = [store for store in args.stores if store not in STORES]
    if unknown or not args.stores:
        parser.error(f"--stores takes embedded, neo4j or both, not {','.join(unknown) or 'nothing'}")
    return args


# --- running the workers ---------------------------------------------------------------------------


@dataclass
class Neo4jTarget:
    uri: str | None
    version: str | None
    server: Neo4jServer | None


def neo4j_target(stack: ExitStack, args: argparse.Namespace) -> Neo4jTarget:
    if "neo4j" not in args.stores:
        return Neo4jTarget(None, None, None)
    uri = os.environ.get("NEO4J_URI")
    server = None
    if not uri:
        print(f"Starting a throw-away Neo4j (heap {NEO4J_HEAP}, page cache {NEO4J_PAGE_CACHE}) ...", flush=True)
        server = stack.enter_context(Neo4jServer(heap=NEO4J_HEAP, page_cache=NEO4J_PAGE_CACHE))
        uri = server.uri
    with neo4j_driver(uri) as driver:
        records, _, _ = driver.execute_query(neo4j_cypher.COUNT_NODES, database_=neo4j_database())
        nodes = int(records[0]["nodes"])
        if server is None and nodes and not args.wipe:
            raise SystemExit(
                f"NEO4J_URI={uri} holds {nodes} nodes and the benchmark wipes the database; "
                "pass --wipe if it is disposable, or unset NEO4J_URI to use a throw-away server"
            )
        version = Neo4jStore(driver, neo4j_database()).server_version()
    return Neo4jTarget(uri, version, server)


def run_worker(action: str, size: int, store: str, args: argparse.Namespace, workdir: Path, uri: str | None) -> Any:
    result = workdir / f"{action}-{store}-{size}.json"
    command = [
        sys.executable,
        "-m",
        "bench.scale",
        action,
        f"--size={size}",
        f"--store={store}",
        f"--workdir={workdir}",
        f"--result={result}",
        f"--repeat={args.repeat}",
        f"--budget={args.budget}",
        f"--lineage-samples={args.lineage_samples}",
        f"--lineage-budget={args.lineage_budget}",
        f"--gap-share={args.gap_share}",
    ]
    if uri is not None:
        command.append(f"--neo4j-uri={uri}")
    subprocess.run(command, check=True, cwd=Path(__file__).parent.parent)
    return json.loads(result.read_text(encoding="utf-8"))


# --- the table ------------------------------------------------------------------------------------


def seconds(value: float) -> str:
    if value < 0.01:
        return f"{value * 1000:.2f}ms"
    if value < 1:
        return f"{value * 1000:.0f}ms"
    return f"{value:.2f}s"


COLUMNS = (
    ("size", 5),
    ("store", 8),
    ("nodes", 7),
    ("edges", 7),
    ("import", 8),
    ("raw load", 8),
    ("rate", 5),
    ("check", 7),
    ("load+engine", 15),
    ("rows", 7),
    ("load x", 6),
    ("BFS", 7),
    ("x BFS", 7),
    ("eng x", 6),
    ("growth", 6),
    ("lin p50", 8),
    ("lin p95", 8),
    ("n", 3),
    ("xlsx", 7),
    ("raw xlsx", 8),
    ("x raw", 5),
    ("due", 7),
    ("RSS MiB", 7),
)


def table_rows(runs: list[dict[str, Any]]) -> list[list[str]]:
    rows = []
    previous: dict[str, float] = {}
    for run in runs:
        check, imported, lineage, export = run["check"], run["import"], run["lineage"], run["export"]
        store = run["store"]
        before = previous.get(store)
        growth = f"{check['store']['seconds'] / before:.1f}x" if before else "-"
        previous[store] = check["store"]["seconds"]
        rows.append(
            [
                size_label(run["size"]),
                store,
                f"{run['register']['graph_nodes']:,}",
                f"{run['register']['graph_edges']:,}",
                seconds(imported["store"]["seconds"]),
                seconds(imported["floor"]["seconds"]),
                f"{imported['share_of_floor_rate']:.0%}",
                seconds(check["store"]["seconds"]),
                f"{seconds(check['load_seconds'])}+{seconds(check['engine_seconds'])}",
                seconds(check["load_floor"]["seconds"]) if "load_floor" in check else "-",
                f"{check['load_ratio']:.1f}x" if "load_ratio" in check else "-",
                seconds(check["floor"]["seconds"]),
                f"{check['ratio']:.0f}x",
                f"{check['engine_ratio']:.0f}x",
                growth,
                seconds(lineage["p50_seconds"]),
                seconds(lineage["p95_seconds"]),
                str(lineage["samples"]),
                seconds(export["store"]["seconds"]),
                seconds(export["floor"]["seconds"]),
                f"{export['ratio']:.1f}x",
                seconds(run["due_seconds"]) if "due_seconds" in run else "-",
                f"{run['session_peak_rss_mib']:.0f}",
            ]
        )
    return rows


def render_table(runs: list[dict[str, Any]]) -> str:
    lines = [" ".join(name.rjust(width) for name, width in COLUMNS)]
    for row in table_rows(runs):
        lines.append(" ".join(cell.rjust(width) for cell, (_, width) in zip(row, COLUMNS, strict=True)))
    return "\n".join(lines)


# --- goals ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Goal:
    name: str
    figures: list[str]
    met: bool | None  # None: not measured in this run

    @property
    def verdict(self) -> str:
        return "not measured" if self.met is None else "met" if self.met else "MISSED"


def _judge(name: str, figures: list[tuple[str, str, bool]]) -> Goal:
    """A goal met when every figure is within it; ``figures`` are (what, value, within)."""
    met = all(within for *_, within in figures) if figures else None
    return Goal(name, [f"{what} {value}" for what, value, _ in figures], met)


def goals(runs: list[dict[str, Any]]) -> list[Goal]:
    """Each goal of the issue, judged on every size it applies to."""
    by_store: dict[str, list[dict[str, Any]]] = {}
    for run in runs:
        by_store.setdefault(run["store"], []).append(run)
    found = []
    for store, limit in (("embedded", 10.0), ("neo4j", 15.0)):
        figures = []
        for run in by_store.get(store, []):
            if run["size"] != 100_000:
                continue
            check = run["check"]
            bfs = check["floor"]["seconds"]
            # What the load alone costs on the same scale: the target cannot be lower than that.
            load, floor = check["load_seconds"] / bfs, check["load_floor"]["seconds"] / bfs
            alone = f"load {load:.1f}x, its dict floor {floor:.1f}x"
            figures.append(("100k", f"{check['ratio']:.0f}x ({alone})", check["ratio"] <= limit))
        found.append(_judge(f"check at 100k <= {limit:.0f}x its BFS floor on {store}", figures))
    loads = [
        (store, f"{run['check']['load_ratio']:.1f}x", run["check"]["load_ratio"] <= 3.0)
        for store, store_runs in by_store.items()
        for run in store_runs
        if run["size"] == 100_000 and "load_ratio" in run["check"]
    ]
    found.append(_judge("load at 100k <= 3x reading the same rows into dicts", loads))
    lineage = [
        ("100k", f"{run['lineage']['p95_seconds'] * 1000:.0f} ms", run["lineage"]["p95_seconds"] < 0.150)
        for run in by_store.get("neo4j", [])
        if run["size"] == 100_000 and "lineage" in run
    ]
    found.append(_judge("Neo4j lineage p95 at 100k < 150 ms", lineage))
    growth = []
    for store, store_runs in by_store.items():
        sized = {run["size"]: run["check"]["store"]["seconds"] for run in store_runs}
        if 10_000 in sized and 100_000 in sized:
            factor = sized[100_000] / sized[10_000]
            growth.append((store, f"{factor:.1f}x", factor <= 11.0))
    found.append(_judge("check grows <= 11x from 10k to 100k", growth))
    shares = [(size_label(run["size"]), run["import"]["share_of_floor_rate"]) for run in by_store.get("neo4j", [])]
    found.append(_judge("Neo4j import >= 50% of the raw UNWIND rate", [(lb, f"{v:.0%}", v >= 0.5) for lb, v in shares]))
    exports = [(f"{size_label(run['size'])} {run['store']}", run["export"]["ratio"]) for run in runs]
    found.append(_judge("ROPA XLSX export <= 2x raw XlsxWriter", [(lb, f"{v:.1f}x", v <= 2.0) for lb, v in exports]))
    due = [
        (run["store"], seconds(run["due_seconds"]), run["due_seconds"] <= 3.0)
        for run in runs
        if run["size"] == 100_000 and "due_seconds" in run
    ]
    found.append(_judge("catalog due at 100k <= 3 s (issue #33)", due))
    memory = [run["session_peak_rss_mib"] for run in by_store.get("embedded", []) if run["size"] == 100_000]
    found.append(
        _judge("embedded 100k register <= 1 GB peak RSS", [("100k", f"{v:.0f} MiB", v <= 1024) for v in memory])
    )
    return found


def render_goals(found: list[Goal]) -> str:
    width = max(len(goal.name) for goal in found)
    return "\n".join(f"  {goal.name:<{width}}  {goal.verdict:<12}  {', '.join(goal.figures)}" for goal in found)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.browser == "only":
        bench_browser.run(args.sizes, args.browser_samples, args.out)
        return
    if args.ui == "only":
        bench_ui.run(args.sizes, args.out)
        return
    command = "python -m bench " + " ".join(argv if argv is not None else sys.argv[1:])
    editing = args.edit != "off" and args.edits > 0
    if args.edit == "only":
        with ExitStack() as stack:
            target = neo4j_target(stack, args)
            edit_runs = bench_edit.run_sizes(args.sizes, args.stores, args.edits, target.uri, args.repeat, args.budget)
        bench_edit.report(edit_runs, args.out, command)
        return
    started = time.perf_counter()
    machine = machine_info()
    runs: list[dict[str, Any]] = []
    edit_runs = []
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="catalog-bench-") as folder:
        target = neo4j_target(stack, args)
        workdir = Path(folder)
        for size in args.sizes:
            for store in args.stores:
                print(f"{size_label(size)} on {store}:", flush=True)
                uri = target.uri if store == "neo4j" else None
                run = run_worker("measure", size, store, args, workdir, uri)
                probe = run_worker("probe", size, store, args, workdir, uri)
                run["session_peak_rss_mib"] = probe["peak_rss_mib"]
                run["session"] = probe
                runs.append(run)
                if store == "embedded":
                    for leftover in workdir.glob(f"embedded-{size}.db*"):
                        leftover.unlink()
        if editing:  # while the Neo4j server is up; timed apart from the scale runs, reported after them
            edit_runs = bench_edit.run_sizes(args.sizes, args.stores, args.edits, target.uri, args.repeat, args.budget)
        server_peak = peak_rss_mib(target.server.pid) if target.server and target.server.pid else None
    wall = time.perf_counter() - started
    found = goals(runs)
    print()
    print(render_table(runs))
    print()
    print("Goals:")
    print(render_goals(found))
    load = machine["load_average"]
    print(
        f"\nHarness: {wall:.0f} s in all; machine: {machine['cpus']} CPUs, {machine['memory_gib']} GiB, "
        f"load average at start {load}; Neo4j {target.version or '-'}"
        + (f" (server peak RSS {server_peak:.0f} MiB)" if server_peak else "")
    )
    results = {
        "benchmark": "scale",
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "machine": {**machine, "load_average_at_end": machine_info()["load_average"]},
        "neo4j": {
            "version": target.version,
            "started_here": target.server is not None,
            "heap": NEO4J_HEAP if target.server else None,
            "page_cache": NEO4J_PAGE_CACHE if target.server else None,
            "server_peak_rss_mib": server_peak,
        },
        "harness_wall_seconds": wall,
        "runs": runs,
        "goals": [{"goal": goal.name, "verdict": goal.verdict, "figures": goal.figures} for goal in found],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"Results: {args.out / 'scale.json'}")
    if edit_runs:
        bench_edit.report(edit_runs, args.out, command)
    if args.ui == "on":
        print()
        bench_ui.run(args.sizes, args.out)
    if args.browser == "on":
        print()
        bench_browser.run(args.sizes, args.browser_samples, args.out)


if __name__ == "__main__":
    main()
