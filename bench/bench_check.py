"""Benchmark: the compliance scan beside a bare networkx reachability pass over the same register graph.

Run: .venv/bin/python -m bench.bench_check [--sizes 1000 10000 100000] [--repeat 3]

For each size it builds a synthetic register (tools.synthetic), then times
  floor      one multi-source BFS (networkx ``bfs_layers``) from every activity over build_graph(register);
  graph      build_graph itself (the floor including the graph build, for reference);
  check      catalog.compliance.engine.evaluate on the register (derivation, safeguards, rules, output);
  read+floor successor lists read from the register models plus the same BFS (for reference: the
             floor above starts from a built graph, while the check has to read the register).
It prints each figure (best of --repeat), the ratio check / floor, and the growth of the check time
from one size to the next. Goals: check <= 3x floor; 10k -> 100k growth <= 11x.
"""

from __future__ import annotations

import argparse
from datetime import date
from functools import partial

from bench.floors import reachability
from bench.timing import best_of
from catalog.compliance.engine import evaluate
from catalog.domain.register import Register
from catalog.graph.edges import build_graph
from catalog.reference import load_reference
from tools.synthetic import synthetic_register

DAY = date(2026, 11, 27)


def register_reachability(register: Register) -> int:
    """The floor including reading the register: successor lists from the models, then one multi-source BFS.

    For reference only (the goal stays check / floor): the scan must read the register, the floor above
    starts from a graph that is already built.
    """
    successors: dict[str, list[str]] = {}
    for processor in register.processors:
        places = [f"country:{code}" for code in processor.processing_locations]
        successors[f"processor:{processor.key}"] = [
            *places,
            *(f"processor:{e.processor}" for e in processor.sub_processors),
        ]
    for system in register.systems:
        hosting = [f"country:{code}" for code in system.hosting]
        successors[f"system:{system.key}"] = [*hosting, *([f"processor:{system.operator}"] if system.operator else [])]
    for recipient in register.recipients:
        successors[f"recipient:{recipient.key}"] = [f"country:{code}" for code in recipient.locations]
    frontier = []
    for activity in register.activities:
        node = f"activity:{activity.key}"
        handoffs = [*(f"system:{k}" for k in activity.systems), *(f"recipient:{k}" for k in activity.recipients)]
        successors[node] = handoffs
        frontier.append(node)
    seen = set(frontier)
    while frontier:
        following = []
        for node in frontier:
            for target in successors.get(node, ()):
                if target not in seen:
                    seen.add(target)
                    following.append(target)
        frontier = following
    return len(seen)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--gap-share", type=float, default=0.1)
    args = parser.parse_args()
    reference = load_reference()
    previous: float | None = None
    print(
        f"{'nodes':>8} {'edges':>8} {'hops':>7} {'findings':>9} {'floor s':>8} {'graph s':>8} {'check s':>8} "
        f"{'check/floor':>11} {'check/(graph+floor)':>19} {'growth':>7} {'read+floor s':>12} {'check/(read+floor)':>18}"
    )
    for size in args.sizes:
        register = synthetic_register(size, seed=size, gap_share=args.gap_share)
        graph = build_graph(register)
        graph_time = best_of(partial(build_graph, register), args.repeat).best
        floor = best_of(partial(reachability, graph), args.repeat).best
        read_floor = best_of(partial(register_reachability, register), args.repeat).best
        report = evaluate(register, reference, DAY)
        check = best_of(partial(evaluate, register, reference, DAY), args.repeat).best
        growth = f"{check / previous:6.1f}x" if previous else "      -"
        print(
            f"{graph.number_of_nodes():>8} {graph.number_of_edges():>8} {len(report.transfers):>7} "
            f"{len(report.findings):>9} {floor:8.3f} {graph_time:8.3f} {check:8.3f} {check / floor:10.2f}x "
            f"{check / (graph_time + floor):18.2f}x {growth} {read_floor:12.3f} {check / read_floor:17.2f}x",
            flush=True,
        )
        previous = check


if __name__ == "__main__":
    main()
