"""History from the command line: actors, verify, tamper detection, diff."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from catalog.domain.models import DataProcessingAgreement
from catalog.domain.register import EntityKind
from catalog.history.chain import context
from catalog.store.embedded import EmbeddedStore


def test_seed_edit_import_gives_three_changes_and_a_verifiable_chain(run_cli, tmp_path: Path) -> None:
    assert run_cli("seed", "--actor", "alice").code == 0
    store = EmbeddedStore(tmp_path / "cli.db")  # the edit a UI user makes goes through the same store API
    hubspot = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert hubspot is not None
    with_dpa = hubspot.value.model_copy(update={"dpa": DataProcessingAgreement(reference="DPA-HS-1")})
    store.put_entity(with_dpa, hubspot.version, change=context("edit", "bob"))
    store.close()
    assert run_cli("dump", str(tmp_path / "d")).code == 0
    processors = (tmp_path / "d" / "processors.yaml").read_text(encoding="utf-8")
    (tmp_path / "d" / "processors.yaml").write_text(processors.replace("legal_name: Webstat", "legal_name: Webstat AS"))
    assert run_cli("import", str(tmp_path / "d"), "--actor", "carol", "--reason", "vendor name").code == 0

    listed = json.loads(run_cli("history", "--format", "json").out)
    assert [(e["actor"], e["operation"]) for e in listed] == [("alice", "seed"), ("bob", "edit"), ("carol", "import")]
    text = run_cli("history").out
    assert "alice" in text and "bob" in text and "carol" in text
    csv_out = run_cli("history", "--format", "csv", "--entity", "webstat").out
    assert csv_out.splitlines()[0].startswith("seq,at,actor") and "Webstat AS" in csv_out
    assert run_cli("history", "verify").code == 0

    today = datetime.now(UTC).date()
    diff = json.loads(
        run_cli("diff", "--from", str(today - timedelta(days=1)), "--to", str(today), "--format", "json").out
    )
    assert {d["key"] for d in diff["entities"]} >= {"hubspot", "webstat"}

    first_to_last = run_cli("diff", "--from", "#1", "--to", "#3")
    assert first_to_last.code == 0, first_to_last.err
    assert "changed  processors:hubspot (dpa)" in first_to_last.out
    assert "changed  processors:webstat (legal_name)" in first_to_last.out
    disappeared = first_to_last.out.split("Findings disappeared:")[1]
    assert "processor.no-dpa processor:hubspot" in disappeared
    bad = run_cli("diff", "--from", "yesterday", "--to", "#3")
    assert bad.code == 2 and "not a point in the history" in bad.err

    with sqlite3.connect(tmp_path / "cli.db") as raw:
        (entry,) = raw.execute("SELECT entry FROM change_log WHERE seq = 2").fetchone()
        raw.execute("UPDATE change_log SET entry = ? WHERE seq = 2", (entry.replace('"bob"', '"eve"'),))
    verify = run_cli("history", "verify")
    assert verify.code == 1 and "#2" in verify.err and "Traceback" not in verify.err


def test_show_the_register_as_it_was(run_cli, tmp_path: Path) -> None:
    run_cli("seed", "--actor", "alice")
    store = EmbeddedStore(tmp_path / "cli.db")
    store.delete_entity(EntityKind.SYSTEM, "internal-communication", None, change=context("delete", "bob"))
    store.close()
    today = datetime.now(UTC).date()
    now = {p["key"] for p in json.loads(run_cli("show", "system", "--format", "json").out)}
    assert "internal-communication" not in now
    then = run_cli("show", "system", "--format", "json", "--register-as-of", str(today))
    assert "internal-communication" not in {p["key"] for p in json.loads(then.out)}
    before = run_cli("show", "processor", "--register-as-of", str(today - timedelta(days=1)))
    assert before.code == 2 and "held nothing" in before.err


def test_head_is_recorded_in_the_audit_pack_and_anchors_verify(run_cli, tmp_path: Path) -> None:
    assert run_cli("seed", "--actor", "alice").code == 0
    head = run_cli("history", "head")
    assert head.code == 0 and head.out.startswith("#1 ")
    as_json = json.loads(run_cli("history", "head", "--format", "json").out)
    assert head.out.split() == [f"#{as_json['seq']}", as_json["hash"]]
    assert run_cli("export", "all", "--out-dir", str(tmp_path / "pack")).code == 0
    manifest = json.loads((tmp_path / "pack" / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["history_head"] == as_json

    store = EmbeddedStore(tmp_path / "cli.db")
    hubspot = store.get_entity(EntityKind.PROCESSOR, "hubspot")
    assert hubspot is not None
    store.put_entity(hubspot.value.model_copy(update={"description": "x"}), hubspot.version, context("edit", "bob"))
    store.close()
    verified = run_cli("history", "verify", "--expect-head", as_json["hash"])
    assert verified.code == 0 and "2 entries, chain intact and holds the expected head" in verified.out

    # Rewriting the log from the anchor on (entry 1 replaced, the rest rehashed) is caught by the anchor only.
    with sqlite3.connect(tmp_path / "cli.db") as raw:
        raw.execute("DELETE FROM change_log")
        raw.execute("DELETE FROM meta WHERE name = 'change_log_head'")
        raw.execute("DELETE FROM entity")
        raw.execute("DELETE FROM organisation")
    assert run_cli("seed", "--actor", "mallory").code == 0
    assert run_cli("history", "verify").code == 0
    anchored = run_cli("history", "verify", "--expect-head", as_json["hash"])
    assert anchored.code == 1 and "expected head" in anchored.err and "Traceback" not in anchored.err
    bad = run_cli("history", "verify", "--expect-head", "nothex")
    assert bad.code == 2 and "--expect-head" in bad.err
