"""The import plan on both stores: the change, the findings delta, the deletion guard, the dry run."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from catalog.domain.register import EntityKind, Register
from catalog.errors import InputError
from catalog.history import context
from catalog.importers.plan import Action, ImportMode, Incoming, merge_registers, plan_import, run_import
from catalog.importers.render import plan_lines
from catalog.importers.service import import_path
from catalog.register_yaml import register_to_yaml
from catalog.store.base import RegisterStore
from tests.conftest import SEED_DIR

AS_OF = date(2026, 6, 1)


def _snapshot(store: RegisterStore) -> dict[str, str]:
    return register_to_yaml(store.load_register())


def _copy_seed(tmp_path: Path) -> Path:
    folder = tmp_path / "register"
    shutil.copytree(SEED_DIR, folder)
    return folder


def _edit(folder: Path, file: str, old: str, new: str) -> None:
    text = (folder / file).read_text(encoding="utf-8")
    assert old in text
    (folder / file).write_text(text.replace(old, new, 1), encoding="utf-8")


def test_import_into_an_empty_store_adds_everything_and_names_the_findings(store: RegisterStore) -> None:
    plan = import_path(store, SEED_DIR, as_of=AS_OF)
    assert plan.applied and plan.stored_entities == 0
    assert all(change.action == Action.ADDED for change in plan.changes)
    assert plan.totals()["added"] == plan.incoming_entities + 1  # and the organisation
    assert plan.findings_added and not plan.findings_removed
    assert any(f.rule.startswith("transfer.") and f.country == "US" for f in plan.findings_added)


def test_emptied_section_file_is_refused_and_the_store_is_unchanged(store: RegisterStore, tmp_path: Path) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    before = _snapshot(store)
    history = len(store.history())
    folder = _copy_seed(tmp_path)
    (folder / "activities.yaml").write_text("", encoding="utf-8")  # the ': > activities.yaml' of issue #13
    with pytest.raises(InputError) as refused:
        import_path(store, folder, as_of=AS_OF)
    message = str(refused.value)
    assert "every activity" in message and "--allow-deletions" in message and "nothing was changed" in message
    assert "'Brukerkonto" in message or "activity '" in message  # names what would go, by name
    assert _snapshot(store) == before and len(store.history()) == history
    # Dry run meets the same refusal, so the preview shows what the real import would do.
    with pytest.raises(InputError):
        import_path(store, folder, as_of=AS_OF, dry_run=True)
    done = import_path(store, folder, as_of=AS_OF, allow_deletions=True)
    assert done.applied and store.list_entities(EntityKind.ACTIVITY) == []


def test_truncating_more_than_a_quarter_is_refused(
    store: RegisterStore, tmp_path: Path, seed_register: Register
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    folder = _copy_seed(tmp_path)
    (folder / "data.yaml").write_text("data_subjects: []\n", encoding="utf-8")  # drops every category too
    (folder / "activities.yaml").write_text("activities: []\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"of the \d+ stored entities"):
        import_path(store, folder, as_of=AS_OF)
    assert store.load_register().sorted() == seed_register.sorted()


def test_removing_a_few_entities_is_allowed(store: RegisterStore, seed_register: Register) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    gone = seed_register.recipients[-1].key
    activities = [
        a.model_copy(
            update={"recipients": [k for k in a.recipients if k != gone], "flows": [f for f in a.flows if f.to != gone]}
        )
        for a in seed_register.activities
    ]
    smaller = Register.model_validate(
        {
            **seed_register.model_dump(),
            "recipients": [r.model_dump() for r in seed_register.recipients if r.key != gone],
            "activities": [a.model_dump() for a in activities],
        }
    )
    plan = run_import(store, Incoming(smaller, "smaller", ImportMode.REPLACE), as_of=AS_OF)
    assert plan.applied
    removed = [(c.kind, c.key) for c in plan.changes if c.action == Action.REMOVED]
    assert removed == [("recipients", gone)]


def test_dry_run_writes_nothing_and_lists_the_findings_it_would_add(store: RegisterStore, tmp_path: Path) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    before = _snapshot(store)
    revision = store.revision()
    folder = _copy_seed(tmp_path)
    _edit(folder, "processors.yaml", 'processing_locations: ["EU", "NO"]', 'processing_locations: ["EU", "NO", "IN"]')
    plan = import_path(store, folder, as_of=AS_OF, dry_run=True)
    assert plan.dry_run and not plan.applied
    assert _snapshot(store) == before and store.revision() == revision
    changed = [c for c in plan.changes if c.action == Action.CHANGED]
    assert [(c.key, [f.field for f in c.fields]) for c in changed] == [("hosting-provider", ["processing_locations"])]
    india = [f for f in plan.findings_added if f.country == "IN"]
    assert india and all(f.subject_name for f in india)
    text = "\n".join(plan_lines(plan, store.display_url))
    assert "dry run, nothing was written" in text and "IN" in text and "hosting-provider" in text
    applied = import_path(store, folder, as_of=AS_OF, change=context("import", "tester"))
    assert applied.applied and applied.findings_added == plan.findings_added
    assert store.history()[-1].actor == "tester"


def test_identical_import_changes_nothing(store: RegisterStore) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    revision = store.revision()
    plan = import_path(store, SEED_DIR, as_of=AS_OF)
    assert plan.is_empty and not plan.applied and store.revision() == revision
    assert not plan.findings_added and not plan.findings_removed


def test_merge_keeps_what_the_source_lacks(store: RegisterStore, seed_register: Register) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    partial = seed_register.model_copy(update={"recipients": []})
    activities = [a.model_copy(update={"recipients": [], "flows": []}) for a in seed_register.activities]
    partial = partial.model_copy(update={"activities": activities})
    merged = merge_registers(store.load_register(), partial)
    plan = plan_import(store, Incoming(merged, "partial", ImportMode.MERGE), as_of=AS_OF)
    assert not [c for c in plan.changes if c.action == Action.REMOVED]
    assert {c.kind for c in plan.changes} == {"activities"}
    done = run_import(store, Incoming(merged, "partial", ImportMode.MERGE), as_of=AS_OF)
    assert done.applied and store.list_entities(EntityKind.RECIPIENT)
