"""docker-compose.yml and the Dockerfile agree with each other and with the CLI.

There is no Docker engine in CI, so this reads both files and checks what a broken compose file
would get wrong: the images, ports, credentials, volume, healthcheck and the commands it runs.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer.main
import yaml

from catalog.cli.app import app

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def dockerfile() -> list[tuple[str, str]]:
    """(instruction, arguments) pairs, continuation lines joined."""
    text = (REPO_ROOT / "Dockerfile").read_text(encoding="utf-8").replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def cli_commands() -> dict[str, Any]:
    """The Typer app's sub-commands by name (Typer builds a command group from the app)."""
    return dict(typer.main.get_command(app).commands)  # type: ignore[attr-defined]


def app_invocations(command: list[str] | str) -> list[list[str]]:
    """The ``catalog ...`` invocations in a compose command (a list, or ``sh -c`` with ``&&``)."""
    words = command if isinstance(command, list) else shlex.split(command)
    if words[:2] == ["sh", "-c"]:
        words = shlex.split(words[2])
    invocations: list[list[str]] = [[]]
    for word in words:
        if word in ("&&", ";"):
            invocations.append([])
        elif word != "exec":
            invocations[-1].append(word)
    return [words for words in invocations if words and words[0] == "catalog"]


def test_services_images_ports_and_volume(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"neo4j", "app"}
    neo4j = services["neo4j"]
    assert neo4j["image"] == "neo4j:5.26-community"
    assert "7687:7687" in neo4j["ports"] and "7474:7474" in neo4j["ports"]
    volume, mount = neo4j["volumes"][0].split(":", 1)
    assert mount == "/data" and volume in compose["volumes"]  # a named volume, not a bind mount
    # The UI edits without a login inside the container, so it is published on the host's loopback only.
    assert services["app"]["ports"] == ["127.0.0.1:8501:8501"]
    assert services["app"]["build"] == "."


def test_the_healthcheck_runs_a_query_and_the_app_waits_for_it(compose: dict[str, Any]) -> None:
    check = compose["services"]["neo4j"]["healthcheck"]
    test = " ".join(check["test"]) if isinstance(check["test"], list) else check["test"]
    assert "cypher-shell" in test and "'RETURN 1'" in test
    assert compose["services"]["app"]["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_the_app_logs_in_with_the_password_neo4j_is_given(compose: dict[str, Any]) -> None:
    auth = compose["services"]["neo4j"]["environment"]["NEO4J_AUTH"]
    env = compose["services"]["app"]["environment"]
    user, password = auth.split("/", 1)
    assert env["NEO4J_USER"] == user
    assert env["NEO4J_PASSWORD"] == password
    assert re.fullmatch(r"\$\{NEO4J_PASSWORD:-[^}]{8,}\}", password), "Neo4j needs 8+ characters"
    assert env.get("NEO4J_DATABASE", "neo4j") == "neo4j"  # Community Edition has one user database


def test_the_app_runs_real_catalog_commands_against_the_neo4j_service(compose: dict[str, Any]) -> None:
    invocations = app_invocations(compose["services"]["app"]["command"])
    names = [words[1] for words in invocations]
    assert "seed" in names
    commands = cli_commands()
    for words in invocations:
        name = words[1]
        if name == "ui" and name not in commands:
            # TOLERATED ON PURPOSE: the `ui` command lands from another branch. Once it is in the
            # CLI, this branch is skipped and the checks below apply to it as to every command.
            continue
        assert name in commands, f"docker-compose.yml runs 'catalog {name}', which the CLI does not have"
        options = {opt for param in commands[name].params for opt in getattr(param, "opts", [])}
        for word in words[2:]:
            if word.startswith("--"):
                assert word in options, f"'catalog {name}' has no option {word}"
        assert words[words.index("--store") + 1] == "bolt://neo4j:7687"


def test_the_dockerfile_installs_the_package_and_exposes_the_ui_port(dockerfile: list[tuple[str, str]]) -> None:
    instructions = dict(dockerfile)
    base = re.fullmatch(r"python:3\.(\d+)-slim", instructions["FROM"])
    assert base is not None and int(base.group(1)) >= 11  # requires-python >= 3.11
    assert any(op == "RUN" and "pip install" in args for op, args in dockerfile)
    assert instructions["EXPOSE"] == "8501"
    assert instructions["USER"] != "root"
    ignored = (REPO_ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".venv" in ignored and ".neo4j" in ignored  # never ship the local venv or Neo4j jars
