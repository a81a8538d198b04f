from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Run ``python -m catalog`` in a subprocess against a temporary embedded store."""
    store = f"sqlite:///{tmp_path / 'cli.db'}"

    def run(*args: str, store_url: str | None = store) -> Result:
        env_args = ["--store", store_url] if store_url and args and args[0] in STORE_COMMANDS else []
        proc = subprocess.run(
            [sys.executable, "-m", "catalog", *args, *env_args],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        return Result(proc.returncode, proc.stdout, proc.stderr)

    return run


STORE_COMMANDS = {"seed", "import", "dump", "show", "check", "due", "export", "copy", "history", "diff", "lineage"}


def seed_in_bokmal(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    """The Verji seed with the organisation's language set to bokmål, written as a DPO would: dump, edit, import."""
    assert run_cli("seed").code == 0
    folder = tmp_path / "register"
    assert run_cli("dump", str(folder)).code == 0
    organisation = folder / "organisation.yaml"
    organisation.write_text(
        organisation.read_text(encoding="utf-8").replace("organisation:\n", "organisation:\n  language: nb\n", 1),
        encoding="utf-8",
    )
    assert run_cli("import", str(folder)).code == 0
