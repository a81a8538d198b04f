"""Long commands draw progress on a terminal, and print nothing extra into a pipe or with --quiet."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from catalog.app.register import DEFAULT_SEED_DIR


def on_terminal(args: list[str], cwd: Path) -> tuple[int, str]:
    """Run the CLI with standard error on a pseudo-terminal; what it drew there."""
    controller, terminal = pty.openpty()
    env = {**os.environ, "TERM": "xterm", "COLUMNS": "160"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "catalog", *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=terminal,
        cwd=cwd,
        env=env,
    )
    os.close(terminal)
    drawn = bytearray()
    while True:
        try:
            chunk = os.read(controller, 4096)
        except OSError:  # the terminal closed with the child
            break
        if not chunk:
            break
        drawn.extend(chunk)
    proc.wait()
    os.close(controller)
    return proc.returncode, drawn.decode("utf-8", errors="replace")


@pytest.fixture
def seeded(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'catalog.db'}"
    assert subprocess.run([sys.executable, "-m", "catalog", "seed", "--store", url], check=False).returncode == 0
    return url


@pytest.mark.parametrize(
    ("args", "stage"),
    [
        (["check"], "Checking: evaluating"),
        (["import", str(DEFAULT_SEED_DIR)], "Importing: comparing with the stored register"),
        (["export", "all", "--out-dir", "pack"], "Audit pack: "),
    ],
    ids=["check", "import", "export-all"],
)
def test_a_terminal_shows_the_stages_and_quiet_or_a_pipe_shows_nothing(
    seeded: str, tmp_path: Path, args: list[str], stage: str
) -> None:
    code, drawn = on_terminal([*args, "--store", seeded], tmp_path)
    assert code in (0, 3), drawn  # check exits 3 on the seed's high findings only with --fail-on high
    assert stage in drawn
    code, drawn = on_terminal([*args, "--store", seeded, "--quiet"], tmp_path)
    assert drawn == ""
    piped = subprocess.run(
        [sys.executable, "-m", "catalog", *args, "--store", seeded], capture_output=True, text=True, cwd=tmp_path
    )
    assert piped.stderr == ""


def test_copy_shows_its_stages_on_a_terminal(seeded: str, tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    code, drawn = on_terminal(["copy", "--from", seeded, "--to", target], tmp_path)
    assert code == 0, drawn
    assert "Copying: writing 58 entities" in drawn or "Copying: reading" in drawn
