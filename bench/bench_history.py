"""History benchmark: `history verify` over N changes, and whether the log slows ordinary reads.

Run: .venv/bin/python -m bench.bench_history [--changes 10000] [--store sqlite:///tmp/x.db | bolt://...]
Prints figures; writes bench/results/history-<store>.json. Never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.timing import best_of, machine_info
from catalog.app.register import seed_dir
from catalog.domain.register import EntityKind
from catalog.history.chain import context, verify_chain
from catalog.registerfile.register_yaml import load_register
from catalog.store import open_store

RESULTS = Path(__file__).parent / "results"


def timed(label: str, fn: Callable[[], object], repeat: int = 5) -> float:
    best = best_of(fn, repeat).best
    print(f"  {label:<40} {best * 1000:9.1f} ms")
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--changes", type=int, default=10_000)
    parser.add_argument("--store", default=None, help="Store URL (default: a temporary embedded file).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.store or f"sqlite:///{folder}/bench.db"
        store = open_store(url)
        register = load_register(seed_dir())
        store.replace_register(register, change=context("seed", "bench"))
        print(f"History benchmark on {store.display_url} with {args.changes} changes")
        read_before = timed("load_register, 1 history entry", store.load_register)
        start = time.perf_counter()
        for i in range(args.changes - 1):
            current = store.get_entity(EntityKind.PROCESSOR, "hubspot")
            assert current is not None
            edited = current.value.model_copy(update={"description": f"revision {i}"})
            store.put_entity(edited, current.version, change=context("edit", "bench"))
        write_seconds = time.perf_counter() - start
        print(f"  {'writing the changes':<40} {write_seconds:9.1f} s ({args.changes / write_seconds:.0f}/s)")
        read_after = timed(f"load_register, {args.changes} history entries", store.load_register)
        entries_holder: list[int] = []

        def verify() -> None:
            entries = store.history()
            assert verify_chain(entries) is None
            entries_holder.append(len(entries))

        verify_seconds = timed(f"history verify over {args.changes} entries", verify, repeat=3)
        store.close()
    ratio = read_after / read_before
    print(f"  read slowdown with history: {ratio:.2f}x (goal: about 1x)")
    print(f"  verify: {verify_seconds:.2f} s (goal: seconds)")
    RESULTS.mkdir(exist_ok=True)
    kind = "neo4j" if url.startswith(("bolt", "neo4j")) else "embedded"
    result = {
        "benchmark": "history",
        "store": kind,
        "changes": args.changes,
        "write_seconds": write_seconds,
        "read_before_seconds": read_before,
        "read_after_seconds": read_after,
        "read_ratio": ratio,
        "verify_seconds": verify_seconds,
        "machine": machine_info(),
    }
    (RESULTS / f"history-{kind}.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
