"""The CLI on a real Neo4j server: same output as the embedded store, lossless copy, plain outage errors."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from catalog.registerfile.register_yaml import dump_register
from catalog.store.embedded import EmbeddedStore
from tests.conftest import Neo4jTarget

pytestmark = pytest.mark.neo4j


@pytest.fixture
def bolt_url(neo4j_target: Neo4jTarget) -> str:
    neo4j_target.wipe()
    return neo4j_target.uri


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_seed_then_show_on_neo4j_equals_the_embedded_output(run_cli, bolt_url: str) -> None:
    seeded = run_cli("seed", store_url=bolt_url)
    assert seeded.code == 0, seeded.err
    assert f"in {bolt_url}" in seeded.out
    assert "already up to date" in run_cli("seed", store_url=bolt_url).out
    assert run_cli("seed").code == 0
    for args in (
        ("show", "processor", "--format", "json"),
        ("show", "organisation", "--format", "json"),
        ("show", "activity"),
        ("show", "system", "crm"),
    ):
        on_neo4j = run_cli(*args, store_url=bolt_url)
        embedded = run_cli(*args)
        assert on_neo4j.code == 0, on_neo4j.err
        assert on_neo4j.out == embedded.out, args


def test_copy_embedded_to_neo4j_and_back_gives_an_equal_register(run_cli, bolt_url: str, tmp_path: Path) -> None:
    first = tmp_path / "cli.db"  # the run_cli fixture's default store
    back = tmp_path / "back.db"
    assert run_cli("seed").code == 0
    there = run_cli("copy", "--from", f"sqlite:///{first}", "--to", bolt_url, store_url=None)
    assert there.code == 0 and "copied: 58 entities" in there.out, there.err
    home = run_cli("copy", "--from", bolt_url, "--to", f"sqlite:///{back}", store_url=None)
    assert home.code == 0, home.err
    again = run_cli("copy", "--from", bolt_url, "--to", f"sqlite:///{back}", store_url=None)
    assert again.code == 0 and "already identical" in again.out

    original, copied = EmbeddedStore(first), EmbeddedStore(back)
    try:
        assert copied.load_register() == original.load_register()
        dump_register(original.load_register(), tmp_path / "a")
        dump_register(copied.load_register(), tmp_path / "b")
    finally:
        original.close()
        copied.close()
    for path in sorted((tmp_path / "a").iterdir()):
        assert (tmp_path / "b" / path.name).read_text() == path.read_text(), path.name


def test_copy_refuses_to_overwrite_a_different_register(run_cli, bolt_url: str, tmp_path: Path) -> None:
    assert run_cli("seed", store_url=bolt_url).code == 0
    other = tmp_path / "other.db"
    dump = tmp_path / "dump"
    assert run_cli("dump", str(dump), store_url=bolt_url).code == 0
    text = (dump / "organisation.yaml").read_text()
    (dump / "organisation.yaml").write_text(text.replace("Verji Tech AS", "Other Tech AS", 1))
    assert run_cli("import", str(dump), store_url=f"sqlite:///{other}").code == 0
    refused = run_cli("copy", "--from", f"sqlite:///{other}", "--to", bolt_url, store_url=None)
    assert refused.code == 2 and "--replace" in refused.err
    assert "Verji Tech AS" in run_cli("show", "organisation", store_url=bolt_url).out
    forced = run_cli("copy", "--from", f"sqlite:///{other}", "--to", bolt_url, "--replace", store_url=None)
    assert forced.code == 0, forced.err
    assert "Other Tech AS" in run_cli("show", "organisation", store_url=bolt_url).out
    # What the container runs at every start: it must leave a register in use alone.
    restarted = run_cli("seed", "--if-empty", store_url=bolt_url)
    assert restarted.code == 0 and "not needed" in restarted.out, restarted.err
    assert "Other Tech AS" in run_cli("show", "organisation", store_url=bolt_url).out


def test_an_unreachable_server_gets_one_plain_line_and_exit_1(run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_USER", "auditor")
    monkeypatch.setenv("NEO4J_PASSWORD", "pa55-never-print-me")
    url = f"bolt://127.0.0.1:{_closed_port()}"
    for args in (("show", "processor"), ("seed",)):
        result = run_cli(*args, store_url=url)
        assert result.code == 1
        assert result.out == ""
        lines = result.err.strip().splitlines()
        assert len(lines) == 1, result.err
        assert lines[0].startswith(f"error: cannot reach the Neo4j server at {url}")
        assert "Traceback" not in result.err and "pa55-never-print-me" not in result.err


def test_credentials_are_never_printed_and_never_taken_from_the_url(
    run_cli, bolt_url: str, neo4j_target: Neo4jTarget, monkeypatch: pytest.MonkeyPatch
) -> None:
    if neo4j_target.started_here:  # the throw-away server has auth off and accepts any login
        monkeypatch.setenv("NEO4J_USER", "dpo")
        monkeypatch.setenv("NEO4J_PASSWORD", "pa55-never-print-me")
    password = neo4j_target.env.get("NEO4J_PASSWORD") or "pa55-never-print-me"
    seeded = run_cli("seed", store_url=bolt_url)
    assert seeded.code == 0, seeded.err
    assert password not in seeded.out + seeded.err
    in_url = run_cli("show", "processor", store_url=bolt_url.replace("bolt://", "bolt://dpo:hunter2@"))
    assert in_url.code == 2 and "NEO4J_PASSWORD" in in_url.err and "hunter2" not in in_url.err
