"""Neo4j store benchmark: seed import, re-import, reads, edits and lineage, beside the embedded store.

Run: .venv/bin/python -m bench.bench_neo4j_store [--scale 20] [--store bolt://host:7687]
Without --store it starts a throw-away local Neo4j (tools.neo4j_server); a server
given with --store is WIPED. Prints figures and ratios; writes bench/results/neo4j-store.json.
Never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import neo4j

from bench import timing
from catalog.app.register import seed_dir
from catalog.domain.register import EntityKind, Register
from catalog.registerfile.register_yaml import load_register
from catalog.store import neo4j_cypher
from catalog.store.base import RegisterStore
from catalog.store.embedded import EmbeddedStore
from catalog.store.neo4j_store import Neo4jStore
from tools.neo4j_server import Neo4jServer

RESULTS = Path(__file__).parent / "results"


def best_of(fn: Callable[[], object], repeat: int, before: Callable[[], object] | None = None) -> float:
    return timing.best_of(fn, repeat, before).best


def scaled(register: Register, copies: int) -> Register:
    """``copies`` renamed copies of every entity (references renamed alike), one organisation."""
    reference_fields = {"key", "parent", "operator", "processor", "data_categories", "data_subjects", "systems"}
    reference_fields |= {"recipients", "to"}

    def rename(value: Any, suffix: str, is_reference: bool = False) -> Any:
        if isinstance(value, str):
            return value + suffix if is_reference else value
        if isinstance(value, list):
            return [rename(item, suffix, is_reference) for item in value]
        if isinstance(value, dict):
            return {name: rename(item, suffix, name in reference_fields) for name, item in value.items()}
        return value

    data: dict[str, Any] = {"organisation": register.organisation.model_dump(mode="json")}
    for kind in EntityKind:
        dumped = [entity.model_dump(mode="json") for entity in register.entities(kind)]
        data[kind.value] = [rename(item, f"-c{copy}") for copy in range(copies) for item in dumped]
    return Register.model_validate(data)


def measure(
    store: RegisterStore, wipe: Callable[[], object], register: Register, repeat: int, edits_only: bool = False
) -> dict[str, float]:
    figures = {"import into an empty store": best_of(lambda: store.replace_register(register), repeat, before=wipe)}
    if not edits_only:
        figures["re-import, nothing changed"] = best_of(lambda: store.replace_register(register), repeat)
        figures["load_register"] = best_of(store.load_register, repeat)
        figures["list processors"] = best_of(lambda: store.list_entities(EntityKind.PROCESSOR), repeat)
        categories = [c.key for c in register.data_categories]
        figures["lineage, every category (total)"] = best_of(lambda: [store.lineage(c) for c in categories], repeat)
    processor = register.processors[0]
    system = register.systems[0]

    def delete_and_create() -> None:
        # A create must pick up the relationships other entities already declare towards the new key.
        store.delete_entity(EntityKind.SYSTEM, system.key, expected_version=None)
        store.put_entity(system, expected_version=None)

    figures["delete + create one system"] = best_of(delete_and_create, repeat)

    def edit() -> None:
        current = store.get_entity(EntityKind.PROCESSOR, processor.key)
        assert current is not None
        store.put_entity(current.value.model_copy(update={"description": f"{time.time()}"}), current.version)

    figures["get + put one processor"] = best_of(edit, repeat)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, default=20, help="Copies of the seed in the large register.")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--store", default=None, help="bolt:// URL of a server to WIPE and use.")
    parser.add_argument("--edits-only", action="store_true", help="Time only the import and single-entity writes.")
    parser.add_argument("--more-scales", type=int, nargs="*", default=[], help="Further scales, e.g. 200 (~11k).")
    args = parser.parse_args()
    seed = load_register(seed_dir())
    registers = {"seed": seed}
    for scale in [args.scale, *args.more_scales]:
        registers[f"seed x{scale}"] = scaled(seed, scale)
    results: dict[str, Any] = {"machine": platform.platform(), "python": platform.python_version()}
    with ExitStack() as stack, tempfile.TemporaryDirectory() as folder:
        uri = args.store or stack.enter_context(Neo4jServer()).uri
        driver = stack.enter_context(neo4j.GraphDatabase.driver(uri, notifications_min_severity="OFF"))
        on_neo4j = Neo4jStore(driver, display_url=uri)
        embedded = EmbeddedStore(Path(folder) / "bench.db")
        results["neo4j_version"] = on_neo4j.server_version()

        def wipe_neo4j() -> None:
            driver.execute_query(neo4j_cypher.WIPE_DATABASE, database_="neo4j")

        def wipe_embedded() -> None:
            embedded.close()
            (Path(folder) / "bench.db").unlink(missing_ok=True)
            embedded.__init__(Path(folder) / "bench.db")  # type: ignore[misc]

        for name, register in registers.items():
            entities = sum(1 for _ in register.all_entities())
            print(f"\n{name}: {entities} entities (Neo4j {results['neo4j_version']} at {uri})")
            neo = measure(on_neo4j, wipe_neo4j, register, args.repeat, args.edits_only)
            emb = measure(embedded, wipe_embedded, register, args.repeat, args.edits_only)
            print(f"  {'':<36} {'neo4j':>10} {'embedded':>10} {'ratio':>7}")
            for label in neo:
                ratio = neo[label] / emb[label] if emb[label] else float("inf")
                print(f"  {label:<36} {neo[label] * 1000:8.1f}ms {emb[label] * 1000:8.1f}ms {ratio:6.1f}x")
            results[name] = {"entities": entities, "neo4j_seconds": neo, "embedded_seconds": emb}
        embedded.close()
    RESULTS.mkdir(exist_ok=True)
    name = "neo4j-store-edits.json" if args.edits_only else "neo4j-store.json"
    (RESULTS / name).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
