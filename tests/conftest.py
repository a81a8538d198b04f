"""Shared fixtures: the seed register, and stores of every backend for the contract suite."""

from __future__ import annotations

import os
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from pathlib import Path

import neo4j
import pytest

from catalog.app.register import DEFAULT_SEED_DIR
from catalog.domain.register import Register
from catalog.registerfile.register_yaml import load_register
from catalog.store import neo4j_cypher
from catalog.store.base import RegisterStore
from catalog.store.embedded import EmbeddedStore
from catalog.store.neo4j_store import Neo4jStore

SEED_DIR = DEFAULT_SEED_DIR


@pytest.fixture(scope="session")
def seed_register() -> Register:
    return load_register(SEED_DIR)


@pytest.fixture
def embedded_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "catalog.db")
    yield store
    store.close()


STORE_BACKENDS = ["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture(params=STORE_BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[RegisterStore]:
    """A fresh, empty store of each backend; the contract suite runs once per backend."""
    if request.param == "embedded":
        opened: RegisterStore = EmbeddedStore(tmp_path / "catalog.db")
    elif request.param == "neo4j":
        opened = request.getfixturevalue("neo4j_store")
    else:  # pragma: no cover - backends are added to STORE_BACKENDS as they land
        raise AssertionError(request.param)
    yield opened
    opened.close()


# --- Neo4j ------------------------------------------------------------------------------------
# One real server for the whole run: started here (no Docker, see tools/neo4j_server.py)
# unless NEO4J_URI names one. A server named by NEO4J_URI is wiped between tests, so a
# non-empty database is refused unless CATALOG_TEST_NEO4J_WIPE=1 says it is disposable.


@dataclass(frozen=True)
class Neo4jTarget:
    """The server the Neo4j tests run against, and the environment that reaches it."""

    uri: str
    database: str
    env: dict[str, str]
    driver: neo4j.Driver
    version: str
    started_here: bool

    def wipe(self) -> None:
        self.driver.execute_query(neo4j_cypher.WIPE_DATABASE, database_=self.database)


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def wipe_refusal(uri: str, nodes: int, environ: dict[str, str] | os._Environ[str]) -> str | None:
    """Why the suite must not wipe the database at ``uri`` (None: it may)."""
    if nodes == 0 or environ.get("CATALOG_TEST_NEO4J_WIPE") == "1":
        return None
    return (
        f"NEO4J_URI={uri} holds {nodes} nodes and the Neo4j tests wipe the database between tests; "
        "set CATALOG_TEST_NEO4J_WIPE=1 if it is disposable, or unset NEO4J_URI to use a throw-away server"
    )


_session_neo4j: dict[str, Neo4jTarget] = {}


@pytest.fixture(scope="session")
def neo4j_target() -> Iterator[Neo4jTarget]:
    from tools.neo4j_server import Neo4jServer, Neo4jServerError

    server: Neo4jServer | None = None
    uri = os.environ.get("NEO4J_URI")
    env = {name: value for name, value in os.environ.items() if name.startswith("NEO4J_")}
    if not uri:
        server = Neo4jServer()
        try:
            server.start()
        except Neo4jServerError as error:
            # Visible in the -ra summary, and turned into a failure under CI by the hook below.
            pytest.skip(f"Neo4j tests need a server and none could be started: {error}")
        uri = server.uri
        env = {"NEO4J_URI": uri}
    user = env.get("NEO4J_USER")
    auth = (user, env.get("NEO4J_PASSWORD", "")) if user else None
    database = env.get("NEO4J_DATABASE") or "neo4j"
    driver = neo4j.GraphDatabase.driver(uri, auth=auth, notifications_min_severity="OFF")
    try:
        records, _, _ = driver.execute_query(neo4j_cypher.COUNT_NODES, database_=database)
        refusal = None if server is not None else wipe_refusal(uri, int(records[0]["nodes"]), os.environ)
        if refusal is not None:
            pytest.fail(refusal, pytrace=False)
        version = Neo4jStore(driver, database).server_version()
        target = Neo4jTarget(uri, database, env, driver, version, started_here=server is not None)
        _session_neo4j["target"] = target
        yield target
    finally:
        driver.close()
        if server is not None:
            server.stop()


@pytest.fixture
def neo4j_store(neo4j_target: Neo4jTarget) -> Neo4jStore:
    """An empty Neo4j store on the session's server (the database is wiped first)."""
    neo4j_target.wipe()
    return Neo4jStore(neo4j_target.driver, neo4j_target.database, display_url=neo4j_target.uri)


# --- a skipped Neo4j test is a failure in CI, and the log says what ran where -------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    real_backend = item.get_closest_marker("neo4j") or item.get_closest_marker("browser")
    if report.skipped and in_ci() and real_backend is not None:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        report.outcome = "failed"
        report.longrepr = f"a Neo4j or browser test was skipped under CI, which counts as a failure: {reason}"
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """One line per backend, so a CI log shows the contract suite ran on both stores."""
    outcomes: dict[str, dict[str, int]] = {}
    for state in ("passed", "failed", "skipped", "error"):
        for report in terminalreporter.stats.get(state, []):
            nodeid = getattr(report, "nodeid", "")
            if getattr(report, "when", "call") != "call" and state == "passed":
                continue
            backend = "neo4j" if "[neo4j" in nodeid else "embedded" if "[embedded" in nodeid else None
            if backend is None or not nodeid.startswith("tests/contract/"):
                continue
            counts = outcomes.setdefault(backend, {})
            counts[state] = counts.get(state, 0) + 1
    for backend, counts in sorted(outcomes.items()):
        summary = ", ".join(f"{count} {state}" for state, count in sorted(counts.items()))
        terminalreporter.write_line(f"store contract suite on {backend}: {summary}")
    target = _session_neo4j.get("target")
    if target is not None:
        origin = "started by the test session" if target.started_here else "from NEO4J_URI"
        terminalreporter.write_line(f"Neo4j tests ran against Neo4j {target.version} at {target.uri} ({origin})")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files under tests/golden/ from the current output (also: UPDATE_GOLDEN=1).",
    )
