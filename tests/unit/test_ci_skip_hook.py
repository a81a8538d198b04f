"""Under CI a skipped Neo4j test fails the session; elsewhere it is skipped, with its reason shown."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import wipe_refusal

REPO_ROOT = Path(__file__).resolve().parents[2]

INNER_TESTS = """
import pytest

@pytest.mark.neo4j
def test_needs_a_server():
    pytest.skip("no Neo4j here")

def test_unrelated_skip():
    pytest.skip("not a Neo4j test")
"""


def run_inner(tmp_path: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    (tmp_path / "conftest.py").write_text("from tests.conftest import pytest_runtest_makereport  # noqa: F401\n")
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    neo4j: needs Neo4j\n")
    (tmp_path / "test_inner.py").write_text(INNER_TESTS)
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["PYTHONPATH"] = str(REPO_ROOT)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider", str(tmp_path)],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_skipped_neo4j_test_fails_under_ci(tmp_path: Path) -> None:
    result = run_inner(tmp_path, ci="true")
    assert result.returncode == 1, result.stdout
    assert "1 failed, 1 skipped" in result.stdout
    assert "a Neo4j or browser test was skipped under CI, which counts as a failure: no Neo4j here" in result.stdout


def test_outside_ci_the_skip_is_reported_with_its_reason(tmp_path: Path) -> None:
    result = run_inner(tmp_path, ci=None)
    assert result.returncode == 0, result.stdout
    assert "2 skipped" in result.stdout and "no Neo4j here" in result.stdout


def test_a_named_server_holding_data_is_not_wiped_without_consent() -> None:
    assert wipe_refusal("bolt://db:7687", 0, {}) is None
    assert wipe_refusal("bolt://db:7687", 5, {"CATALOG_TEST_NEO4J_WIPE": "1"}) is None
    refusal = wipe_refusal("bolt://db:7687", 5, {})
    assert refusal is not None and "CATALOG_TEST_NEO4J_WIPE=1" in refusal and "5 nodes" in refusal
