"""The local Neo4j harness starts a real server, serves Cypher over Bolt and cleans up after itself.

Needs Java 17+ and Maven (the jars are fetched into .neo4j/lib on first use).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

import neo4j
import pytest

from tools.neo4j_server import (
    Neo4jServer,
    Neo4jServerError,
    default_repo_root,
    fetch_neo4j,
    pinned_version,
)

pytestmark = pytest.mark.neo4j


def _port_closed(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1.0)
        return sock.connect_ex(("127.0.0.1", port)) != 0


def test_fetch_is_idempotent_and_pins_a_5_26_release() -> None:
    version = pinned_version()
    assert version.startswith("5.26.")
    lib_dir = fetch_neo4j()
    assert lib_dir == default_repo_root() / ".neo4j" / "lib"
    assert (lib_dir / f"neo4j-{version}.jar").is_file()
    assert (lib_dir / f"neo4j-server-{version}.jar").is_file()
    assert fetch_neo4j() == lib_dir  # second call: marker found, nothing to do


def test_server_serves_cypher_and_cleans_up() -> None:
    with Neo4jServer() as server:
        uri, port, home = server.uri, server.port, server.home
        assert uri == f"bolt://127.0.0.1:{port}"
        assert home.is_dir()
        assert server.running
        with neo4j.GraphDatabase.driver(uri) as driver:
            records, _, _ = driver.execute_query("RETURN 1 AS one", database_="neo4j")
            assert [r["one"] for r in records] == [1]

            driver.execute_query(
                "CREATE (:Processor {name: $name})-[:TRANSFERS_TO]->(:Country {code: $code})",
                name="Acme Cloud",
                code="US",
                database_="neo4j",
            )
            records, _, _ = driver.execute_query(
                "MATCH (p:Processor)-[:TRANSFERS_TO]->(c:Country) RETURN p.name AS p, c.code AS c",
                database_="neo4j",
                routing_=neo4j.RoutingControl.READ,
            )
            assert [(r["p"], r["c"]) for r in records] == [("Acme Cloud", "US")]

    assert not server.running
    assert server.pid is None
    assert _port_closed(port)
    assert not home.exists()
    server.stop()  # stopping twice is harmless


def test_start_failure_reports_server_output_and_cleans_up(tmp_path: Path) -> None:
    server = Neo4jServer(heap="not-a-size", temp_root=tmp_path, startup_timeout=60)
    with pytest.raises(Neo4jServerError, match=r"exited with code") as info:
        server.start()
    assert "heap size" in str(info.value)  # the JVM's own complaint, from the log tail
    assert not server.running
    assert list(tmp_path.iterdir()) == []


def test_cli_run_prints_uri_and_stops_on_sigterm() -> None:
    env = {**os.environ, "PYTHONPATH": str(default_repo_root())}
    proc = subprocess.Popen(
        [sys.executable, "-m", "tools.neo4j_server", "run"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert proc.stdout is not None
        uri = proc.stdout.readline().strip()
        assert uri.startswith("bolt://127.0.0.1:"), proc.stderr.read() if proc.stderr else ""
        with neo4j.GraphDatabase.driver(uri) as driver:
            driver.verify_connectivity()
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, err
    assert _port_closed(int(uri.rsplit(":", 1)[1]))
