"""The edit benchmark: a DPO's single save shown with its findings, as the UI's worker follows it.

Run: .venv/bin/python -m bench --edit only --sizes 10k,100k --edits 50   (or as a stage of python -m bench)

Each size and store runs in a fresh subprocess (``python -m bench.bench_edit measure ...``): the synthetic
register is imported into the store, a ``KeptCheck`` is built once (untimed) as the UI's worker keeps it,
then ``--edits`` random single-entity edits (seeded: renames, purposes, a processor's locations or
establishment, a sub-processor engagement added or removed, a system's operator or hosting, a safeguard's
dates, a category flag, an activity's systems or categories) are each timed from ``save_entity`` (the
write and its validation) through ``changes_since`` and ``get_entity`` to the updated report. After each
edit, untimed, the report is compared with a full ``evaluate(store.load_register())``. Also measured: the
full check (load + evaluate, best of ``--repeat``), its load floor (``bench.scale.load_floor``), and a
one-entity import (a vendor's one-row sub-processor list: read, plan, findings delta and write) twice: as the
UI's Import page makes it, on the check its worker keeps (``one_entity_import_seconds``), and as the CLI does,
loading and checking the stored register once (``one_entity_import_cli_seconds``). Writes ``edit.json``; the
targets are judged in the printout, never in tests.
"""

from __future__ import annotations

import argparse
import gc
import json
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.scale import DAY, load_floor, log, opened
from bench.timing import best_of, load_average, percentile, write_results
from catalog.app import register as services
from catalog.app.imports import apply_plan, import_subprocessors, preview_upload
from catalog.app.kept_check import KeptCheck
from catalog.compliance.engine import evaluate
from catalog.domain.register import Entity, EntityKind, Register, kind_of
from catalog.history.chain import context
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from tools.synthetic import synthetic_register

EDIT_P95_TARGETS = {"embedded": 0.5, "neo4j": 1.0}
"""Seconds from a save to its findings at 100k (issue #33)."""
IMPORT_TARGET_SECONDS = 2.0
"""A one-entity import at 100k on the embedded store: plan, findings delta and write."""
FLOOR_RATIO_TARGET = 4.0
"""The full check at 100k over its load floor, on each store."""
PLACES = ("NO", "SE", "DE", "IE", "FR", "GB", "CH", "US", "IN", "JP", "BR", "SG")
"""Countries the edits move processors and systems to: inside and outside the EEA, adequate or not."""

Edit = Callable[[random.Random, Register], Entity | None]


# --- the edits -------------------------------------------------------------------------------------


def _changed(entity: Entity, **fields: Any) -> Entity:
    """``entity`` with ``fields`` replaced, validated as a form's save is."""
    return kind_of(entity).model.model_validate({**entity.model_dump(mode="json"), **fields})


def _pick(rng: random.Random, register: Register, kind: EntityKind) -> Any:
    entities = register.entities(kind)
    return rng.choice(entities) if entities else None


def rename(rng: random.Random, register: Register) -> Entity | None:
    kind = rng.choice([EntityKind.PROCESSOR, EntityKind.SYSTEM, EntityKind.ACTIVITY, EntityKind.DATA_CATEGORY])
    entity = _pick(rng, register, kind)
    field = "legal_name" if kind == EntityKind.PROCESSOR else "name"
    return None if entity is None else _changed(entity, **{field: f"Renamed {rng.randrange(10**6)}"})


def purpose(rng: random.Random, register: Register) -> Entity | None:
    activity = _pick(rng, register, EntityKind.ACTIVITY)
    return None if activity is None else _changed(activity, purposes=[f"Purpose {rng.randrange(10**6)}"])


def processor_place(rng: random.Random, register: Register) -> Entity | None:
    processor = _pick(rng, register, EntityKind.PROCESSOR)
    if processor is None:
        return None
    if rng.random() < 0.5:
        return _changed(processor, established_in=rng.choice(PLACES))
    return _changed(processor, processing_locations=rng.sample(PLACES, k=rng.randint(1, 3)))


def engagement(rng: random.Random, register: Register) -> Entity | None:
    processor = _pick(rng, register, EntityKind.PROCESSOR)
    if processor is None:
        return None
    engaged = [e.model_dump(mode="json") for e in processor.sub_processors]
    if engaged and rng.random() < 0.5:
        engaged.pop(rng.randrange(len(engaged)))
    else:
        taken = {e["processor"] for e in engaged} | {processor.key}
        other = _pick(rng, register, EntityKind.PROCESSOR)
        if other is None or other.key in taken:
            return None
        engaged.append({"processor": other.key, "locations": rng.sample(PLACES, k=rng.randint(0, 1))})
    return _changed(processor, sub_processors=engaged)


def system_operator_or_hosting(rng: random.Random, register: Register) -> Entity | None:
    system = _pick(rng, register, EntityKind.SYSTEM)
    if system is None:
        return None
    if rng.random() < 0.5:
        operator = _pick(rng, register, EntityKind.PROCESSOR)
        return None if operator is None else _changed(system, operator=operator.key)
    return _changed(system, hosting=rng.sample(PLACES, k=rng.randint(1, 2)))


def safeguard_dates(rng: random.Random, register: Register) -> Entity | None:
    with_safeguards = [p for p in register.processors if p.safeguards]
    if not with_safeguards:
        return None
    processor = rng.choice(with_safeguards)
    safeguards = [s.model_dump(mode="json") for s in processor.safeguards]
    chosen = safeguards[rng.randrange(len(safeguards))]
    signed = DAY - timedelta(days=rng.randint(30, 2000))
    chosen["signed_on"] = signed.isoformat()
    chosen["valid_until"] = (signed + timedelta(days=rng.randint(100, 2500))).isoformat()
    return _changed(processor, safeguards=safeguards)


def category_flag(rng: random.Random, register: Register) -> Entity | None:
    category = _pick(rng, register, EntityKind.DATA_CATEGORY)
    if category is None:
        return None
    flag = rng.choice(["special_category", "criminal_data", "hr_data"])
    return _changed(category, **{flag: not getattr(category, flag)})


def activity_links(rng: random.Random, register: Register) -> Entity | None:
    activity = _pick(rng, register, EntityKind.ACTIVITY)
    if activity is None:
        return None
    field, kind = rng.choice([("systems", EntityKind.SYSTEM), ("data_categories", EntityKind.DATA_CATEGORY)])
    listed = list(getattr(activity, field))
    in_flows = {flow.to for flow in activity.flows} | {c for flow in activity.flows for c in flow.data_categories}
    removable = [key for key in listed if key not in in_flows]
    if removable and rng.random() < 0.5:
        listed.remove(rng.choice(removable))
    else:
        added = _pick(rng, register, kind)
        if added is None or added.key in listed:
            return None
        listed.append(added.key)
    return _changed(activity, **{field: listed})


EDITS: tuple[Edit, ...] = (
    rename,
    purpose,
    processor_place,
    engagement,
    system_operator_or_hosting,
    safeguard_dates,
    category_flag,
    activity_links,
)


def next_edit(rng: random.Random, register: Register) -> tuple[str, Entity]:
    """One random edit of the register as it is now (an edit that does not apply draws again)."""
    while True:
        edit = rng.choice(EDITS)
        entity = edit(rng, register)
        if entity is not None:
            return edit.__name__, entity


# --- one size on one store, in its own process -----------------------------------------------------


def import_register(store: RegisterStore, store_kind: str, register: Register) -> None:
    if store_kind == "neo4j":
        from bench.neo4j_side import wipe_neo4j
        from catalog.store.neo4j_store import Neo4jStore

        assert isinstance(store, Neo4jStore)
        wipe_neo4j(store.driver, store.database)
    store.replace_register(register, change=context("import", "bench"))


def full_check_seconds(store: RegisterStore, repeat: int, budget: float) -> float:
    reference = load_reference()

    def check() -> None:
        evaluate(store.load_register(), reference, DAY)
        gc.collect()  # the run's register is garbage before the next one loads

    return best_of(check, repeat, budget=budget).best


def measure_edits(store: RegisterStore, edits: int, seed: int) -> dict[str, Any]:
    """``edits`` saves, each timed to its followed report, each report compared with a full check."""
    reference = load_reference()
    kept = KeptCheck(store.revision(), store.load_register(), reference, DAY)
    rng = random.Random(seed)
    times: list[float] = []
    saves: list[float] = []  # the save alone (its reference check and the write): the rest is following it
    identical, followed, kinds = True, 0, []
    for _ in range(edits):
        name, entity = next_edit(rng, kept.register)
        current = store.get_entity(kind_of(entity), entity.key)  # the form holds the version it edits
        start = time.perf_counter()
        services.save_entity(store, entity, current.version if current else None, change=context("edit", "bench"))
        saves.append(time.perf_counter() - start)
        if kept.follow(store):
            followed += 1
        else:  # as the worker does: the register loaded whole
            kept = KeptCheck(store.revision(), store.load_register(), reference, DAY)
        times.append(time.perf_counter() - start)
        kinds.append(name)
        full = evaluate(store.load_register(), reference, DAY)
        identical = identical and full == kept.report
        del full
    log(
        f"{edits} edits: p50 {percentile(times, 0.5) * 1000:.0f} ms, p95 {percentile(times, 0.95) * 1000:.0f} ms, "
        f"of which the save p50 {percentile(saves, 0.5) * 1000:.0f} ms; followed {followed}, "
        f"identical to a full check: {identical}"
    )
    return {
        "edit_to_findings": {
            "p50_seconds": percentile(times, 0.5),
            "p95_seconds": percentile(times, 0.95),
            "max_seconds": max(times),
            "samples": len(times),
            "save_p50_seconds": percentile(saves, 0.5),
            "save_p95_seconds": percentile(saves, 0.95),
        },
        "identical_to_full_check": identical,
        "followed_from_the_log": followed,
        "edits_by_kind": {name: kinds.count(name) for name in sorted(set(kinds))},
    }


def _one_row_list(workdir: Path, name: str) -> Path:
    listed = workdir / f"{name}.csv"
    listed.write_text(f"Name,Service,Locations,Entity\n{name},Hosting,India,{name} Ltd\n", encoding="utf-8")
    return listed


def one_entity_import_seconds(store: RegisterStore, workdir: Path) -> float:
    """As the UI's Import page: a vendor's one-row sub-processor list previewed on the check the worker keeps
    (as after a first page: built untimed), with its findings delta, then written; the worker's following of
    the write (the next page's check) is not part of it."""
    processor = store.list_entities(EntityKind.PROCESSOR)[0]
    kept = KeptCheck(store.revision(), store.load_register(), load_reference(), DAY)
    data = _one_row_list(workdir, "Bench UI Vendor").read_bytes()
    start = time.perf_counter()
    plan = preview_upload(store, data, "one-row-list.csv", stored=None, processor_key=processor.key, kept=kept)
    if store.revision() != plan.based_on:  # the page's check before Apply
        raise SystemExit("the store moved under the benchmark's import")
    done = apply_plan(store, plan, stored=kept.register, change=context("import", "bench"))
    seconds = time.perf_counter() - start
    log(f"one-entity import (UI) {seconds:.2f} s ({len(plan.changes)} entities changed, applied: {done.applied})")
    return seconds


def one_entity_import_cli_seconds(store: RegisterStore, workdir: Path) -> float:
    """As ``catalog import-subprocessors`` in-process (the app layer): the list read, the stored register loaded
    and checked once, the plan with its findings delta, and the write."""
    processor = store.list_entities(EntityKind.PROCESSOR)[0]
    listed = _one_row_list(workdir, "Bench CLI Vendor")
    start = time.perf_counter()
    plan = import_subprocessors(store, processor.key, listed, as_of=DAY, change=context("import", "bench"))
    seconds = time.perf_counter() - start
    log(f"one-entity import (CLI) {seconds:.2f} s ({len(plan.changes)} entities changed, applied: {plan.applied})")
    return seconds


def measure(args: argparse.Namespace) -> dict[str, Any]:
    started, load_before = time.perf_counter(), load_average()
    register = synthetic_register(args.size, seed=args.size, gap_share=args.gap_share)
    result: dict[str, Any] = {"size": args.size, "store": args.store}
    with opened(args.store, args.size, args.workdir, args.neo4j_uri) as store:
        import_register(store, args.store, register)
        del register
        gc.collect()
        result["full_check_seconds"] = full_check_seconds(store, args.repeat, args.budget)
        result["load_floor_seconds"] = load_floor(store, args.repeat, args.budget).best
        log(f"full check {result['full_check_seconds']:.2f} s, load floor {result['load_floor_seconds']:.2f} s")
        result.update(measure_edits(store, args.edits, seed=args.size))
        gc.collect()
        result["one_entity_import_seconds"] = one_entity_import_seconds(store, args.workdir)
        gc.collect()
        result["one_entity_import_cli_seconds"] = one_entity_import_cli_seconds(store, args.workdir)
    result["load_average"] = {"before": load_before, "after": load_average()}
    result["wall_seconds"] = time.perf_counter() - started
    return result


# --- the stage, from ``python -m bench`` ----------------------------------------------------------


def run_sizes(
    sizes: list[int], stores: list[str], edits: int, neo4j_uri: str | None, repeat: int, budget: float
) -> list[dict[str, Any]]:
    """Each size and store measured in a fresh subprocess; the runs' figures."""
    runs = []
    with tempfile.TemporaryDirectory(prefix="catalog-edit-") as folder:
        workdir = Path(folder)
        for size in sizes:
            for store in stores:
                print(f"edits at {size:,} entities on {store}:", flush=True)
                result = workdir / f"edit-{store}-{size}.json"
                command = [
                    sys.executable, "-m", "bench.bench_edit", "measure", f"--size={size}", f"--store={store}",
                    f"--edits={edits}", f"--workdir={workdir}", f"--result={result}", f"--repeat={repeat}",
                    f"--budget={budget}",
                ]  # fmt: skip
                if store == "neo4j":
                    if neo4j_uri is None:
                        raise SystemExit("the edit benchmark on neo4j needs a server (NEO4J_URI or a started one)")
                    command.append(f"--neo4j-uri={neo4j_uri}")
                subprocess.run(command, check=True, cwd=Path(__file__).parent.parent)
                runs.append(json.loads(result.read_text(encoding="utf-8")))
                for leftover in workdir.glob(f"embedded-{size}.db*"):
                    leftover.unlink()
    return runs


def goals(runs: list[dict[str, Any]]) -> list[tuple[str, str, list[str]]]:
    """(goal, verdict, figures) for each target of the issue, judged on the 100k runs."""
    at_100k = [run for run in runs if run["size"] == 100_000]
    found = []
    for store, limit in EDIT_P95_TARGETS.items():
        figures = [
            (run["edit_to_findings"]["p95_seconds"], run["identical_to_full_check"])
            for run in at_100k
            if run["store"] == store
        ]
        met = all(p95 <= limit and same for p95, same in figures) if figures else None
        shown = [f"{p95:.3f} s, identical: {same}" for p95, same in figures]
        found.append((f"one edit's findings at 100k p95 <= {limit:g} s on {store}, identical", _verdict(met), shown))
    imports = [run["one_entity_import_seconds"] for run in at_100k if run["store"] == "embedded"]
    met = all(seconds <= IMPORT_TARGET_SECONDS for seconds in imports) if imports else None
    shown = [f"{seconds:.2f} s" for seconds in imports]
    shown += [f"CLI {run['one_entity_import_cli_seconds']:.2f} s" for run in at_100k if run["store"] == "embedded"]
    found.append((f"one-entity import at 100k <= {IMPORT_TARGET_SECONDS:g} s on embedded", _verdict(met), shown))
    ratios = [(run["store"], run["full_check_seconds"] / run["load_floor_seconds"]) for run in at_100k]
    met = all(ratio <= FLOOR_RATIO_TARGET for _, ratio in ratios) if ratios else None
    shown = [f"{store} {ratio:.1f}x" for store, ratio in ratios]
    found.append((f"full check at 100k <= {FLOOR_RATIO_TARGET:g}x its load floor", _verdict(met), shown))
    return found


def _verdict(met: bool | None) -> str:
    return "not measured" if met is None else "met" if met else "MISSED"


def render(runs: list[dict[str, Any]]) -> str:
    header = (
        f"{'size':>7} {'store':>8} {'edit p50':>9} {'edit p95':>9} {'save p50':>9} {'followed':>8} {'same':>5} "
        f"{'full':>7} {'floor':>7} {'x floor':>7} {'import':>7} {'CLI':>7}"
    )
    lines = [header]
    for run in runs:
        edit = run["edit_to_findings"]
        lines.append(
            f"{run['size']:>7,} {run['store']:>8} {edit['p50_seconds']:>8.3f}s {edit['p95_seconds']:>8.3f}s "
            f"{edit['save_p50_seconds']:>8.3f}s "
            f"{run['followed_from_the_log']:>8} {'yes' if run['identical_to_full_check'] else 'NO':>5} "
            f"{run['full_check_seconds']:>6.2f}s {run['load_floor_seconds']:>6.2f}s "
            f"{run['full_check_seconds'] / run['load_floor_seconds']:>6.1f}x {run['one_entity_import_seconds']:>6.2f}s "
            f"{run['one_entity_import_cli_seconds']:>6.2f}s"
        )
    found = goals(runs)
    width = max(len(name) for name, _, _ in found)
    lines += ["", "Goals:"] + [
        f"  {name:<{width}}  {verdict:<12}  {', '.join(shown)}" for name, verdict, shown in found
    ]
    return "\n".join(lines)


def report(runs: list[dict[str, Any]], out: Path, command: str) -> Path:
    """Print the table and goals; write ``edit.json``."""
    print()
    print(render(runs))
    judged = [{"goal": name, "verdict": verdict, "figures": shown} for name, verdict, shown in goals(runs)]
    return write_results(out, "edit.json", "edit", {"command": command, "runs": runs, "goals": judged})


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["measure"])
    parser.add_argument("--size", type=int, required=True)
    parser.add_argument("--store", choices=["embedded", "neo4j"], required=True)
    parser.add_argument("--edits", type=int, default=50)
    parser.add_argument("--workdir", type=Path, required=True, help="Where the embedded store's file lives.")
    parser.add_argument("--result", type=Path, required=True, help="The JSON file to write.")
    parser.add_argument("--neo4j-uri", default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=30.0)
    parser.add_argument("--gap-share", type=float, default=0.1)
    args = parser.parse_args(argv)
    args.result.write_text(json.dumps(measure(args), indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
