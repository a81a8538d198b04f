"""``catalog export dpv``, ``catalog export fides`` and ``catalog import fides`` as a user runs them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml
from rdflib import Graph

from tests.interop.conftest import AS_OF


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "catalog", *args], capture_output=True, text=True, timeout=180, check=False
    )


def test_dpv_fides_out_and_back_in(tmp_path: Path) -> None:
    seeded = f"sqlite:///{tmp_path / 'seeded.db'}"
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    assert run("seed", "--store", seeded).returncode == 0

    turtle = run("export", "dpv", "--format", "turtle", "--as-of", AS_OF.isoformat(), "--store", seeded)
    assert turtle.returncode == 0, turtle.stderr
    assert len(Graph().parse(data=turtle.stdout, format="turtle")) > 100
    out = tmp_path / "register.jsonld"
    jsonld = run("export", "dpv", "--format", "jsonld", "--out", str(out), "--store", seeded)
    assert jsonld.returncode == 0, jsonld.stderr
    assert "DPV 2.2" in jsonld.stdout
    assert len(Graph().parse(out, format="json-ld")) > 100

    fides = tmp_path / "fides"
    written = run("export", "fides", str(fides), "--store", seeded)
    assert written.returncode == 0, written.stderr
    assert yaml.safe_load((fides / "system.yml").read_text(encoding="utf-8"))["system"]

    preview = run("import", "fides", str(fides), "--dry-run", "--store", empty)
    assert preview.returncode == 0, preview.stderr
    assert "dry run, nothing was written" in preview.stdout
    assert "Activities:" in preview.stdout and "+ User accounts (user-accounts)" in preview.stdout
    assert run("show", "system", "--store", empty).stdout == ""

    done = run("import", "fides", str(fides), "--store", empty)
    assert done.returncode == 0, done.stderr
    assert "(Fides manifests, replace)" in done.stdout and ": applied" in done.stdout
    assert "hubspot-analytics" in run("show", "system", "--store", empty).stdout

    refused = run("import", "fides", str(fides), "--store", seeded)
    assert refused.returncode == 2
    assert "--allow-deletions" in refused.stderr


def test_bad_input_exits_2_with_a_plain_message(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'c.db'}"
    assert run("seed", "--store", store).returncode == 0
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "system.yml").write_text("system: [\n", encoding="utf-8")
    bad = run("import", "fides", str(tmp_path / "bad"), "--store", store)
    assert bad.returncode == 2
    assert "problem in the Fides manifests" in bad.stderr and "system.yml:2: YAML syntax error" in bad.stderr
    missing = run("export", "dpv", "--out", str(tmp_path / "nowhere" / "x.ttl"), "--store", store)
    assert missing.returncode == 2
    assert "no such directory" in missing.stderr
