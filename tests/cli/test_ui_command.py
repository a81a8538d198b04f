"""``catalog ui`` is safe by default (issue #25): loopback only, read-only beyond it without a login, and
``--read-only`` never creates a store. The server is the real one, started and stopped as a user would."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from catalog.cli.ui_cmd import is_loopback, login_configured
from catalog.domain.register import EntityKind
from catalog.errors import InputError, ReadOnlyError
from catalog.store import open_store
from catalog.store.embedded import EmbeddedStore

LISTEN = "0A"  # the TCP state LISTEN in /proc/net/tcp


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _listening_addresses(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port``, read from /proc/net/tcp and tcp6 (hex)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, _, port_hex = fields[1].partition(":")
            if fields[3] == LISTEN and int(port_hex, 16) == port:
                found.add(address)
    return found


def _environment_of(pid: int) -> dict[str, str]:
    pairs = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    return dict(pair.decode().split("=", 1) for pair in pairs if b"=" in pair)


@contextmanager
def _ui(tmp_path: Path, *arguments: str) -> Iterator[tuple[subprocess.Popen[bytes], int, Path]]:
    """`catalog ui` with ``arguments`` on a free port (no --address unless given), until the block ends."""
    port = _free_port()
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = dict(os.environ, HOME=str(home), XDG_DATA_HOME=str(home / "data"))
    env.pop("CATALOG_STORE", None)
    log_path = tmp_path / "ui.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "catalog", "ui", "--port", str(port), *arguments],
            stdout=log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp_path,  # no .streamlit/secrets.toml here, so no login is configured
        )
        try:
            yield process, port, log_path
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_listening(process: subprocess.Popen[bytes], port: int, log: Path, timeout: float = 90) -> set[str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"catalog ui exited with {process.returncode}: {log.read_text()}")
        addresses = _listening_addresses(port)
        if addresses:
            return addresses
        time.sleep(0.3)
    raise AssertionError(f"catalog ui did not listen on {port}: {log.read_text()}")


def test_with_no_options_the_ui_listens_on_loopback_only(tmp_path: Path) -> None:
    with _ui(tmp_path) as (process, port, log):
        addresses = _wait_listening(process, port, log)
        assert addresses == {"0100007F"}, addresses  # 127.0.0.1, little-endian hex; nothing on 0.0.0.0 or ::
        assert _environment_of(process.pid)["CATALOG_UI_READ_ONLY"] == "0"  # a local DPO instance


def test_beyond_loopback_without_a_login_the_ui_is_read_only_and_says_so(tmp_path: Path) -> None:
    with _ui(tmp_path, "--address", "0.0.0.0") as (process, port, log):
        assert _wait_listening(process, port, log) == {"00000000"}
        assert _environment_of(process.pid)["CATALOG_UI_READ_ONLY"] == "1"
        text = log.read_text()
        assert "every visitor gets read-only (auditor) access" in text and "--allow-anonymous-write" in text


def test_allow_anonymous_write_keeps_the_dpo_role_beyond_loopback(tmp_path: Path) -> None:
    with _ui(tmp_path, "--address", "0.0.0.0", "--allow-anonymous-write") as (process, port, log):
        _wait_listening(process, port, log)
        assert _environment_of(process.pid)["CATALOG_UI_READ_ONLY"] == "0"
        assert "every visitor can edit the register" in log.read_text()


@pytest.mark.parametrize(
    ("address", "local"),
    [("127.0.0.1", True), ("127.1.2.3", True), ("::1", True), ("[::1]", True), ("localhost", True),
     ("0.0.0.0", False), ("::", False), ("", False), ("192.168.1.10", False), ("catalog.example.org", False)],
)  # fmt: skip
def test_loopback_addresses(address: str, local: bool) -> None:
    assert is_loopback(address) is local


def test_a_login_is_configured_by_an_auth_section_in_a_secrets_file(tmp_path: Path) -> None:
    secrets = tmp_path / "secrets.toml"
    assert not login_configured([tmp_path / "missing.toml"])
    secrets.write_text('[connections.other]\nurl = "x"\n')
    assert not login_configured([tmp_path / "missing.toml", secrets])
    secrets.write_text('[auth]\nredirect_uri = "https://catalog.example.org/oauth2callback"\n')
    assert login_configured([tmp_path / "missing.toml", secrets])


def _files_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_read_only_on_a_missing_store_exits_2_and_creates_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    for store in (folder / "missing" / "deeper" / "catalog.db", folder / "catalog.db"):
        for url in (str(store), f"sqlite:///{store}"):
            result = subprocess.run(
                [sys.executable, "-m", "catalog", "ui", "--read-only", "--store", url],
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
            assert result.returncode == 2, result.stderr
            assert result.stderr.startswith("error: ") and "no such store" in result.stderr
            assert "Traceback" not in result.stderr
            assert _files_under(folder) == []


def test_a_read_only_opening_neither_creates_nor_migrates(tmp_path: Path) -> None:
    missing = tmp_path / "none" / "catalog.db"
    with pytest.raises(InputError, match="no such store"):
        open_store(str(missing), read_only=True)
    assert not missing.parent.exists()
    empty = tmp_path / "empty.db"
    empty.touch()
    with pytest.raises(InputError, match="not a catalogue store"):
        open_store(str(empty), read_only=True)
    assert empty.stat().st_size == 0  # no schema written into it
    old = tmp_path / "old.db"
    EmbeddedStore(old).close()
    with sqlite3.connect(old) as db:
        db.execute("UPDATE meta SET value = '0' WHERE name = 'schema_version'")
    db.close()
    with pytest.raises(InputError, match="migrates nothing"):
        open_store(f"sqlite:///{old}", read_only=True)
    with sqlite3.connect(old) as db:
        assert db.execute("SELECT value FROM meta WHERE name = 'schema_version'").fetchone() == ("0",)
    db.close()
    # An existing store opens, reads and refuses writes.
    current = tmp_path / "current.db"
    EmbeddedStore(current).close()
    reader = open_store(str(current), read_only=True)
    try:
        assert reader.is_empty()
        with pytest.raises(ReadOnlyError):
            reader.delete_entity(EntityKind.PROCESSOR, "x", None)
    finally:
        reader.close()


def _constraints(target: Any) -> set[str]:
    records, _, _ = target.driver.execute_query("SHOW CONSTRAINTS YIELD name", database_=target.database)
    return {str(record["name"]) for record in records}


@pytest.mark.neo4j
def test_a_read_only_neo4j_opening_creates_nothing(neo4j_target: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    neo4j_target.wipe()
    # Start from a database without the store's constraints, as a new server has (the next write recreates them).
    for name in _constraints(neo4j_target):
        neo4j_target.driver.execute_query(f"DROP CONSTRAINT `{name}` IF EXISTS", database_=neo4j_target.database)
    for name, value in neo4j_target.env.items():
        monkeypatch.setenv(name, value)
    reader = open_store(neo4j_target.uri, read_only=True)
    try:
        assert reader.is_empty() and reader.history() == [] and reader.list_entities(EntityKind.PROCESSOR) == []
        with pytest.raises(ReadOnlyError):
            reader.delete_entity(EntityKind.PROCESSOR, "x", None)
    finally:
        reader.close()
    assert _constraints(neo4j_target) == set()
    records, _, _ = neo4j_target.driver.execute_query("MATCH (n) RETURN count(n) AS n", database_=neo4j_target.database)
    assert records[0]["n"] == 0
