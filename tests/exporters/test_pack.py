"""The audit pack: every export plus a manifest that pins the register and each file."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from catalog.app.export import (
    MANIFEST_FILE,
    canonical_register_json,
    export_all,
    register_fingerprint,
    write_atomic,
)
from catalog.errors import InputError
from catalog.kernel.lang import Lang


def test_pack_holds_every_export_and_a_manifest_of_their_hashes(seed_register, seed_report, tmp_path: Path) -> None:
    pack = export_all(seed_register, seed_report, tmp_path / "pack")
    manifest = json.loads((tmp_path / "pack" / MANIFEST_FILE).read_text(encoding="utf-8"))
    assert manifest == pack.manifest
    assert manifest["as_of"] == "2026-01-15" and manifest["language"] == "en"
    assert (
        manifest["register_fingerprint"]["value"] == hashlib.sha256(canonical_register_json(seed_register)).hexdigest()
    )
    names = [entry["path"] for entry in manifest["files"]]
    assert names == sorted(names)
    for kind in ("ropa", "processor-record", "transfers", "subprocessors", "findings"):
        for ext in ("xlsx", "csv", "json", "md", "html"):
            assert f"{kind}.{ext}" in names
    assert "audit-report.html" in names
    for entry in manifest["files"]:
        data = (tmp_path / "pack" / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"] and len(data) == entry["bytes"]
    on_disk = sorted(p.name for p in (tmp_path / "pack").iterdir())
    assert on_disk == sorted([*names, MANIFEST_FILE])  # no temporary files left behind


def test_pack_is_reproducible(seed_register, seed_report, tmp_path: Path) -> None:
    first = export_all(seed_register, seed_report, tmp_path / "one", Lang.NB)
    second = export_all(seed_register, seed_report, tmp_path / "two", Lang.NB)
    assert first.manifest == second.manifest
    assert (tmp_path / "one" / MANIFEST_FILE).read_bytes() == (tmp_path / "two" / MANIFEST_FILE).read_bytes()


def test_fingerprint_ignores_order_but_not_content(seed_register) -> None:
    reordered = seed_register.model_copy(update={"activities": seed_register.activities[::-1]})
    assert register_fingerprint(reordered) == register_fingerprint(seed_register)
    renamed = seed_register.model_copy(
        update={"organisation": seed_register.organisation.model_copy(update={"name": "Someone Else AS"})}
    )
    assert register_fingerprint(renamed) != register_fingerprint(seed_register)


def test_pack_refuses_a_file_as_directory(seed_register, seed_report, tmp_path: Path) -> None:
    target = tmp_path / "taken"
    target.write_text("keep me", encoding="utf-8")
    with pytest.raises(InputError, match="not a directory"):
        export_all(seed_register, seed_report, target)
    assert target.read_text(encoding="utf-8") == "keep me"


def test_atomic_write_replaces_whole_files_and_needs_the_directory(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    path.write_bytes(b"old")
    write_atomic(path, b"new")
    assert path.read_bytes() == b"new"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]
    with pytest.raises(InputError, match="no such directory"):
        write_atomic(tmp_path / "missing" / "x.csv", b"data")
