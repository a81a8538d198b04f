"""Concurrent writers: a race on one entity is a conflict, never a silent overwrite; no write is lost.

Writers are real processes (forked, so they start fast) on real stores; the Neo4j writers that
collide on locks are threads sharing one driver, as the UI's sessions do.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from functools import partial
from pathlib import Path

import pytest

from catalog.app import history as history_service
from catalog.app import register as services
from catalog.cli.common import EXIT_BAD_INPUT, exit_code_for
from catalog.domain.models import DataSubjectCategory as DataSubject
from catalog.domain.models import Processor
from catalog.domain.register import EntityKind, Register
from catalog.errors import ConcurrentEditError
from catalog.history.chain import context
from catalog.store import open_store
from catalog.store.base import RegisterStore
from catalog.store.embedded import EmbeddedStore
from catalog.store.neo4j_store import Neo4jStore
from tests.conftest import Neo4jTarget

FORK = multiprocessing.get_context("fork")


def store_url(store: RegisterStore, tmp_path: Path, request: pytest.FixtureRequest) -> str:
    if isinstance(store, EmbeddedStore):
        return f"sqlite:///{store.path}"
    target: Neo4jTarget = request.getfixturevalue("neo4j_target")
    for name, value in target.env.items():
        os.environ[name] = value  # the forked writers connect through the URL, as the CLI does
    return target.uri


def in_processes(count: int, work: Callable[[int], str]) -> list[str]:
    """Run ``work(i)`` in ``count`` forked processes started together; their results, in order."""
    results = FORK.Queue()
    start = FORK.Barrier(count)

    def child(index: int) -> None:
        try:
            start.wait()
            results.put((index, work(index)))
        except BaseException as error:  # reported to the parent, which fails the test
            results.put((index, f"crashed: {type(error).__name__}: {error}"))

    processes = [FORK.Process(target=child, args=(i,)) for i in range(count)]
    for process in processes:
        process.start()
    collected = dict(results.get(timeout=300) for _ in processes)
    for process in processes:
        process.join(timeout=60)
    return [collected[i] for i in range(count)]


def save_description(url: str, version: int, text: str) -> str:
    store = open_store(url)
    try:
        current = store.get_entity(EntityKind.PROCESSOR, "hubspot")
        assert current is not None
        store.put_entity(current.value.model_copy(update={"description": text}), version, change=context("edit", text))
        return "saved"
    except ConcurrentEditError as error:
        return f"conflict (exit {exit_code_for(error)}): {error}"
    finally:
        store.close()


def save_attempt(url: str, version: int, attempt: int, index: int) -> str:
    return save_description(url, version, f"writer {attempt}-{index}")


def test_two_processes_saving_the_same_entity_get_one_success_and_one_conflict(
    store: RegisterStore, seed_register: Register, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    url = store_url(store, tmp_path, request)
    for attempt in range(3):
        read = store.get_entity(EntityKind.PROCESSOR, "hubspot")
        assert read is not None
        outcomes = in_processes(2, partial(save_attempt, url, read.version, attempt))
        assert sorted(o.split(" ")[0].rstrip(":") for o in outcomes) == ["conflict", "saved"], outcomes
        conflict = next(o for o in outcomes if o.startswith("conflict"))
        assert conflict.startswith(f"conflict (exit {EXIT_BAD_INPUT})")
        assert "was changed by someone else" in conflict and "nothing was saved" in conflict
        winner = outcomes.index("saved")
        after = store.get_entity(EntityKind.PROCESSOR, "hubspot")
        assert after is not None and after.version == read.version + 1
        assert getattr(after.value, "description", None) == f"writer {attempt}-{winner}"
    assert len(store.history()) == 4
    assert history_service.verify_store(store).problems == []


def create_subject(url: str, key: str) -> str:
    store = open_store(url)
    try:
        store.put_entity(DataSubject(key=key, name=f"made by {os.getpid()}"), None, change=context("create", "w"))
        return "saved"
    except ConcurrentEditError as error:
        return f"conflict: {error}"
    finally:
        store.close()


def test_two_processes_creating_the_same_key_get_one_success_and_one_conflict(
    store: RegisterStore, seed_register: Register, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    url = store_url(store, tmp_path, request)
    outcomes = in_processes(2, lambda i: create_subject(url, "raced"))
    assert sorted(o.split(":")[0] for o in outcomes) == ["conflict", "saved"], outcomes
    # The losing write left nothing: one entry, one entity, and the log replays to the store.
    assert len(store.history()) == 2
    assert [s.key for s in store.list_entities(EntityKind.DATA_SUBJECT)].count("raced") == 1
    assert history_service.verify_store(store).problems == []


WRITERS = 20
WRITES_EACH = 3


def busy_writer(url: str, index: int) -> str:
    """Create entities of its own, and increment a shared counter by read-modify-write with retries."""
    store = open_store(url)
    conflicts = 0
    try:
        for n in range(WRITES_EACH):
            store.put_entity(DataSubject(key=f"w{index}-{n}", name=f"writer {index}"), None, context("create", "w"))
            while True:
                current = store.get_entity(EntityKind.DATA_SUBJECT, "counter")
                assert current is not None
                count = int(getattr(current.value, "name", ""))
                try:
                    store.put_entity(DataSubject(key="counter", name=str(count + 1)), current.version)
                    break
                except ConcurrentEditError:
                    conflicts += 1  # someone else incremented first: read again and retry
        return f"done after {conflicts} conflicts"
    finally:
        store.close()


def test_twenty_writers_on_the_embedded_store_lose_nothing(tmp_path: Path, seed_register: Register) -> None:
    path = tmp_path / "busy.db"
    store = EmbeddedStore(path)
    store.replace_register(seed_register, change=context("seed", "alice"))
    store.put_entity(DataSubject(key="counter", name="0"), None)
    outcomes = in_processes(WRITERS, lambda i: busy_writer(f"sqlite:///{path}", i))
    assert all(o.startswith("done") for o in outcomes), outcomes
    subjects = {s.key: s for s in store.list_entities(EntityKind.DATA_SUBJECT)}
    assert {f"w{i}-{n}" for i in range(WRITERS) for n in range(WRITES_EACH)} <= set(subjects)
    assert getattr(subjects["counter"], "name", None) == str(WRITERS * WRITES_EACH)
    assert len(store.history()) == 2 + 2 * WRITERS * WRITES_EACH
    assert history_service.verify_store(store).problems == []
    store.close()


def test_twenty_stores_opening_a_new_file_at_once(tmp_path: Path) -> None:
    # Opening creates the schema and switches to WAL: writes too, which must wait, not fail.
    path = tmp_path / "new.db"

    def open_and_write(index: int) -> str:
        opened = EmbeddedStore(path)
        try:
            opened.put_entity(DataSubject(key=f"s{index}", name="x"), None)
            return "ok"
        finally:
            opened.close()

    assert in_processes(WRITERS, open_and_write) == ["ok"] * WRITERS
    reopened = EmbeddedStore(path)
    assert len(reopened.list_entities(EntityKind.DATA_SUBJECT)) == WRITERS
    reopened.close()


@pytest.mark.neo4j
def test_neo4j_writers_colliding_on_locks_are_retried_and_all_land(
    neo4j_store: Neo4jStore, seed_register: Register
) -> None:
    """Editing a system and its operator from many threads takes their locks in opposite orders.

    Neo4j resolves such deadlocks by failing one transaction with a transient error; the store's
    managed transactions retry it, so every edit lands and the log still replays to the store.
    """
    neo4j_store.replace_register(seed_register, change=context("seed", "alice"))
    pairs = [(s.key, s.operator) for s in seed_register.systems if s.operator is not None]
    errors: list[BaseException] = []
    saved: list[str] = []
    lock = threading.Lock()

    def edit(kind: EntityKind, key: str, text: str) -> None:
        while True:
            current = neo4j_store.get_entity(kind, key)
            assert current is not None
            try:
                neo4j_store.put_entity(current.value.model_copy(update={"description": text}), current.version)
                break
            except ConcurrentEditError:
                continue  # another thread edited the same entity first: read again and retry
        with lock:
            saved.append(text)

    def worker(index: int) -> None:
        try:
            for round_ in range(3):
                system, operator = pairs[(index + round_) % len(pairs)]
                steps: list[tuple[EntityKind, str]] = [(EntityKind.SYSTEM, system), (EntityKind.PROCESSOR, operator)]
                for kind, key in steps if index % 2 else reversed(steps):
                    edit(kind, key, f"thread {index} round {round_}")
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(saved) == 8 * 3 * 2
    assert len(neo4j_store.history()) == 1 + len(saved)
    assert history_service.verify_store(neo4j_store).problems == []


# --- whole-register writes: concurrent imports through the real CLI ----------------------------

SHEET_MERGES = 12
SUBPROCESSOR_LISTS = 8
CLI_TIMEOUT_SECONDS = 240


def _one_row_sheet(folder: Path, index: int) -> Path:
    sheet = folder / f"ropa-{index}.csv"
    sheet.write_text(
        "Processing activity,Purpose of processing,Article 6 lawful basis for processing personal data\n"
        f"Race activity {index},Purpose number {index},contract\n",
        encoding="utf-8",
    )
    return sheet


def _subprocessor_list(folder: Path, index: int) -> Path:
    listed = folder / f"subprocessors-{index}.csv"
    listed.write_text(f"Name,Service,Locations\nRace Sub {index} AS,Hosting,Norway\n", encoding="utf-8")
    return listed


def test_concurrent_imports_through_the_cli_are_serialised_or_refused_never_lost(
    store: RegisterStore, seed_register: Register, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """12 one-row sheet merges and 8 sub-processor lists started at once, as `catalog` processes.

    Each import plans from the register it read; one that another import beat re-plans on the new
    register, so every writer that exits 0 has its change stored, any other exits 2 with a message,
    and the history still verifies.
    """
    store.replace_register(seed_register, change=context("seed", "alice"))
    url = store_url(store, tmp_path, request)
    vendors = sorted(p.key for p in seed_register.processors)[:SUBPROCESSOR_LISTS]
    assert len(vendors) == SUBPROCESSOR_LISTS
    cli = [sys.executable, "-m", "catalog"]
    commands = [[*cli, "import", str(_one_row_sheet(tmp_path, i)), "--store", url] for i in range(SHEET_MERGES)]
    commands += [
        [*cli, "import", "subprocessors", "--processor", vendor, str(_subprocessor_list(tmp_path, i)), "--store", url]
        for i, vendor in enumerate(vendors)
    ]
    environment = {**os.environ, "PYTHONWARNINGS": "ignore"}
    running = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment)
        for command in commands
    ]
    outcomes = []
    for process in running:
        out, err = process.communicate(timeout=CLI_TIMEOUT_SECONDS)
        outcomes.append((process.returncode, out, err))
    assert all(code in (0, 2) for code, _, _ in outcomes), [(c, e) for c, _, e in outcomes if c not in (0, 2)]
    assert not any("Traceback" in err for _, _, err in outcomes)
    refused = [err for code, _, err in outcomes if code == 2]
    assert all("nothing was written" in err for err in refused), refused

    activities = {a.key for a in store.list_entities(EntityKind.ACTIVITY)}
    for i in range(SHEET_MERGES):
        assert (f"race-activity-{i}" in activities) == (outcomes[i][0] == 0), outcomes[i]
    processors = [p for p in store.list_entities(EntityKind.PROCESSOR) if isinstance(p, Processor)]
    engaged = {p.key: [e.processor for e in p.sub_processors] for p in processors}
    for i, vendor in enumerate(vendors):
        code = outcomes[SHEET_MERGES + i][0]
        assert (f"race-sub-{i}-as" in engaged[vendor]) == (code == 0), outcomes[SHEET_MERGES + i]
    verified = subprocess.run(
        [*cli, "history", "verify", "--store", url], capture_output=True, text=True, env=environment, check=False
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    # Not part of the contract, but the point of re-planning: imports that touch different entities all land.
    assert not refused, refused


def seed_if_empty(url: str) -> str:
    store = open_store(url)
    try:
        report = services.seed(store, only_if_empty=True, change=context("seed", f"container {os.getpid()}"))
        return "seeded" if report.changed else "left alone"
    finally:
        store.close()


def test_containers_seeding_one_empty_store_at_once_seed_it_once(
    store: RegisterStore, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    # Each decides on the register it read; one that another seed beat decides again and leaves it alone.
    url = store_url(store, tmp_path, request)
    outcomes = in_processes(4, lambda i: seed_if_empty(url))
    assert sorted(outcomes) == ["left alone"] * 3 + ["seeded"], outcomes
    assert len(store.history()) == 1
    assert history_service.verify_store(store).problems == []
