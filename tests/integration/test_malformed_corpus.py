"""Every malformed register of the corpus is refused by ``catalog import`` on both stores.

Each case must end with exit 2, a message naming the file, no traceback, and the stored register
exactly as it was. The CLI runs in-process (its real entry point, ``catalog.cli.app.main``) for
speed; a sample, including the alias bombs and the deepest nesting, runs as real subprocesses
under an address-space limit, and their peak memory is measured.

The hostile files (``tests.malformed.hostile_corpus``: spreadsheet, CSV, sub-processor list and
Fides inputs that once exhausted memory, hung or were stored as mojibake) each run as a real process
within 60 s and under 400 MiB, on the embedded store, and in-process on both stores; the CSVs in
every encoding a byte-order mark names import as written.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from catalog.app import register as services
from catalog.cli.app import main
from catalog.history.chain import context
from catalog.store.base import RegisterStore
from catalog.store.embedded import EmbeddedStore
from catalog.store.neo4j_store import Neo4jStore
from tests.conftest import Neo4jTarget
from tests.malformed import Case, Hostile, bom_csvs, corpus, csv_text, hostile_corpus

CASES = corpus()
MIB = 1024 * 1024


def test_the_corpus_is_large_and_covers_every_class() -> None:
    assert len(CASES) >= 250
    prefixes = {name.split("-")[0] for name in CASES}
    assert prefixes >= {
        "missing", "unknown", "type", "dangling", "duplicate", "country", "yaml", "date",
        "control", "binary", "huge", "deep", "alias", "structure", "symlink",
    }  # fmt: skip


@dataclass
class Seeded:
    """A store holding the seed register, its URL for the CLI, and what it held before any case ran."""

    store: RegisterStore
    url: str
    env: dict[str, str]
    revision: str
    bodies: dict[tuple[str, str], str]


@pytest.fixture(scope="module", params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def seeded(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    if request.param == "embedded":
        path = tmp_path_factory.mktemp("corpus") / "catalog.db"
        store: RegisterStore = EmbeddedStore(path)
        url, env = f"sqlite:///{path}", {}
    else:
        target: Neo4jTarget = request.getfixturevalue("neo4j_target")
        target.wipe()
        store = Neo4jStore(target.driver, target.database, display_url=target.uri)
        url, env = target.uri, target.env
    services.seed(store, change=context("seed", "corpus"))
    yield Seeded(store, url, env, store.revision(), store.stored_bodies())
    store.close()


def assert_unchanged(seeded: Seeded) -> None:
    assert seeded.store.revision() == seeded.revision
    assert seeded.store.stored_bodies() == seeded.bodies


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_malformed_register_is_refused_and_nothing_is_stored(
    name: str,
    seeded: Seeded,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable, value in seeded.env.items():
        monkeypatch.setenv(variable, value)
    register = CASES[name].write(tmp_path)
    code = main(["import", str(register), "--store", seeded.url, "--actor", "corpus"])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    assert str(register) in err and err.startswith("error: ")
    assert "Traceback" not in err and out == ""
    assert_unchanged(seeded)


# --- a sample as real processes, with bounded memory ------------------------------------------

SUBPROCESS_SAMPLE = [
    "alias-bomb-wide",
    "alias-recursive-sequence",
    "deep-flow-10000",
    "huge-million",
    "date-dpa-2023-02-30",
    "control-U+0000-in-organisation.yaml",
    "binary-random-extra-file",
    "symlink-to-etc-passwd",
]
ADDRESS_SPACE_LIMIT = 1024 * MIB  # a runaway alias bomb dies here instead of taking the machine
PEAK_MEMORY_LIMIT = 200 * MIB


# The child limits its own address space, runs the CLI and, on its way out, writes its peak RSS
# (VmHWM of its own memory after exec). wait4's ru_maxrss cannot be used: Linux carries the forking
# parent's high-water mark across exec, and late in a full run pytest itself is over 200 MiB.
LIMITED_CATALOG = (
    "import atexit, os, pathlib, resource, runpy, sys; "
    f"resource.setrlimit(resource.RLIMIT_AS, ({ADDRESS_SPACE_LIMIT}, {ADDRESS_SPACE_LIMIT})); "
    "peak = lambda: next(l for l in open('/proc/self/status') if l.startswith('VmHWM')).split()[1]; "
    "atexit.register(lambda: pathlib.Path(os.environ['CATALOG_TEST_PEAK_FILE']).write_text(peak())); "
    "sys.argv = ['catalog', *sys.argv[1:]]; "
    "runpy.run_module('catalog', run_name='__main__', alter_sys=True)"
)


@dataclass
class Finished:
    code: int
    err: str
    peak_rss: int


def run_limited(args: list[str], env: dict[str, str], cwd: Path, timeout: float | None = None) -> Finished:
    """Run the catalogue CLI under the address-space limit; the peak RSS is the child's own VmHWM."""
    peak_file = cwd / "peak-kib.txt"
    with (cwd / "stderr.txt").open("w+", encoding="utf-8") as err:
        finished = subprocess.run(
            [sys.executable, "-c", LIMITED_CATALOG, *args],
            stdout=subprocess.DEVNULL,
            stderr=err,
            env={**os.environ, **env, "CATALOG_TEST_PEAK_FILE": str(peak_file)},
            check=False,
            timeout=timeout,
        )
        err.seek(0)
        text = err.read()
    return Finished(finished.returncode, text, int(peak_file.read_text()) * 1024)  # VmHWM is in KiB


def refused_by_a_process(name: str, seeded: Seeded, tmp_path: Path) -> None:
    register = CASES[name].write(tmp_path)
    finished = run_limited(["import", str(register), "--store", seeded.url], seeded.env, tmp_path)
    assert finished.code == 2, finished.err
    assert str(register) in finished.err and "Traceback" not in finished.err
    assert finished.peak_rss < PEAK_MEMORY_LIMIT, f"{finished.peak_rss / MIB:.0f} MiB"
    assert_unchanged(seeded)


def test_an_alias_bomb_is_refused_by_a_real_process_in_bounded_memory(seeded: Seeded, tmp_path: Path) -> None:
    refused_by_a_process("alias-bomb-9x9", seeded, tmp_path)


@pytest.fixture(scope="module")
def seeded_embedded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seeded]:
    path = tmp_path_factory.mktemp("sample") / "catalog.db"
    store = EmbeddedStore(path)
    services.seed(store, change=context("seed", "corpus"))
    yield Seeded(store, f"sqlite:///{path}", {}, store.revision(), store.stored_bodies())
    store.close()


@pytest.mark.parametrize("name", SUBPROCESS_SAMPLE)
def test_a_sample_is_refused_by_a_real_process_in_bounded_memory(
    name: str, seeded_embedded: Seeded, tmp_path: Path
) -> None:
    # Processes are slow to start: the sample runs on the embedded store; the bomb above on both.
    refused_by_a_process(name, seeded_embedded, tmp_path)


def test_the_sample_names_real_cases() -> None:
    assert set(SUBPROCESS_SAMPLE) <= set(CASES)
    assert all(isinstance(CASES[name], Case) for name in SUBPROCESS_SAMPLE)


# --- hostile files: spreadsheets, CSV, sub-processor lists, Fides manifests -----------------------

HOSTILE = hostile_corpus()
HOSTILE_PEAK_LIMIT = 400 * MIB
HOSTILE_SECONDS = 60
READ_FOR_SECONDS = {
    "xlsx-cells-under-the-unpacked-limit",
    "xlsx-25-million-empty-elements",
    "xlsx-unpacks-470-mib",
    "fides-a-million-values",
}
"""Refused within the limits, but only after reading tens of MiB: run as processes only, not again in-process."""


def test_the_hostile_corpus_covers_every_reader() -> None:
    assert {h.command for h in HOSTILE.values()} == {"path", "subprocessors", "fides"}
    prefixes = {name.split("-")[0] for name in HOSTILE}
    assert prefixes == {"xlsx", "ods", "csv", "list", "fides"}


def refused_hostile(hostile: Hostile, err: str, path: Path) -> None:
    assert str(path) in err and err.startswith("error: "), err
    assert "Traceback" not in err
    assert all(word in err for word in hostile.names), (hostile.names, err)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_hostile_file_is_refused_by_a_real_process_in_bounded_time_and_memory(
    name: str, seeded_embedded: Seeded, tmp_path: Path
) -> None:
    hostile = HOSTILE[name]
    path = hostile.build(tmp_path)
    finished = run_limited([*hostile.args(path), "--store", seeded_embedded.url], {}, tmp_path, HOSTILE_SECONDS)
    assert finished.code == 2, finished.err
    refused_hostile(hostile, finished.err, path)
    assert finished.peak_rss < HOSTILE_PEAK_LIMIT, f"{finished.peak_rss / MIB:.0f} MiB"
    assert_unchanged(seeded_embedded)


@pytest.mark.parametrize("name", sorted(set(HOSTILE) - READ_FOR_SECONDS))
def test_a_hostile_file_leaves_either_store_unchanged(
    name: str,
    seeded: Seeded,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable, value in seeded.env.items():
        monkeypatch.setenv(variable, value)
    hostile = HOSTILE[name]
    path = hostile.build(tmp_path)
    code = main([*hostile.args(path), "--store", seeded.url])
    out, err = capsys.readouterr()
    assert code == 2, (out, err)
    refused_hostile(hostile, err, path)
    assert_unchanged(seeded)


@pytest.mark.parametrize("encoding", sorted(bom_csvs()))
def test_a_csv_with_a_byte_order_mark_imports_as_written(encoding: str, tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path / "catalog.db")
    path = tmp_path / "ropa.csv"
    path.write_bytes(bom_csvs()[encoding])
    assert main(["import", str(path), "--store", f"sqlite:///{tmp_path / 'catalog.db'}"]) == 0
    names = {activity.name for activity in store.load_register().activities}
    store.close()
    assert names == {"Payroll Tromsø"}


def test_a_cp1252_csv_is_refused_naming_the_line_and_imports_with_its_encoding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = f"sqlite:///{tmp_path / 'catalog.db'}"
    path = tmp_path / "ropa.csv"
    path.write_bytes(csv_text().encode("cp1252"))
    assert main(["import", str(path), "--store", url]) == 2
    assert "line 2: not valid utf-8" in capsys.readouterr().err
    assert main(["import", str(path), "--store", url, "--encoding", "cp1252"]) == 0
    store = EmbeddedStore(tmp_path / "catalog.db")
    assert {activity.name for activity in store.load_register().activities} == {"Payroll Tromsø"}
    store.close()
