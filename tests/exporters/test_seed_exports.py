"""The Verji seed's exports, in every format, kind and language, match the digests stored in
tests/golden/seed-exports.json (written before catalog/ was regrouped, #28): moving code must not
move a byte. Update after a deliberate output change with ``pytest --update-golden`` and review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.exporters.seed_exports import seed_export_digests

STORED = Path(__file__).resolve().parents[1] / "golden" / "seed-exports.json"


def test_every_export_of_the_seed_matches_its_stored_digest(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    digests = seed_export_digests(tmp_path)
    if request.config.getoption("--update-golden"):
        STORED.write_text(json.dumps(digests, indent=2) + "\n", encoding="utf-8")
    stored = json.loads(STORED.read_text(encoding="utf-8"))
    assert set(digests) == set(stored), "exports added or gone: run with --update-golden and review"
    changed = sorted(name for name in digests if digests[name] != stored[name])
    assert not changed, f"exports whose bytes changed: {changed}"
