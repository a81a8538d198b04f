"""The import plan on both stores: the change, the findings delta, the deletion guard, the dry run."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from catalog.app import history as history_service
from catalog.app.imports import import_path
from catalog.cli.common import EXIT_BAD_INPUT, exit_code_for
from catalog.domain.models import DataSubjectCategory as DataSubject
from catalog.domain.register import EntityKind, Register
from catalog.errors import InputError, RegisterChangedError
from catalog.history.chain import context
from catalog.importers import plan as plan_module
from catalog.importers.plan import (
    Action,
    ImportConflictError,
    ImportMode,
    Incoming,
    IncomingReader,
    merge_registers,
    plan_import,
    run_import,
    whole_register,
)
from catalog.importers.render import plan_lines
from catalog.registerfile.register_yaml import register_to_yaml
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
    # A source without recipients (and activities whose recipient lists are empty) says nothing
    # about them: a merge keeps the stored recipients and every activity's links to them.
    import_path(store, SEED_DIR, as_of=AS_OF)
    partial = seed_register.model_copy(update={"recipients": []})
    activities = [a.model_copy(update={"recipients": [], "flows": []}) for a in seed_register.activities]
    partial = partial.model_copy(update={"activities": activities})
    merged = merge_registers(store.load_register(), partial)
    plan = plan_import(store, Incoming(merged, "partial", ImportMode.MERGE), as_of=AS_OF)
    assert plan.is_empty
    assert merged == store.load_register()


def test_merge_changes_what_the_source_states(store: RegisterStore, seed_register: Register) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    activity = seed_register.activities[0]
    changed = activity.model_copy(update={"purposes": ["A purpose the source states"]})
    partial = seed_register.model_copy(update={"activities": [changed, *seed_register.activities[1:]]})
    merged = merge_registers(store.load_register(), partial)
    plan = plan_import(store, Incoming(merged, "partial", ImportMode.MERGE), as_of=AS_OF)
    assert [(c.key, [f.field for f in c.fields]) for c in plan.changes] == [(activity.key, ["purposes"])]
    assert plan.changes[0].fields[0].after == ["A purpose the source states"]


# --- another write landing between the read and the write -------------------------------------


def _racing_reader(
    store: RegisterStore, wanted: Register, mode: ImportMode, other_write: Callable[[], None], times: int = 1
) -> IncomingReader:
    """A source holding ``wanted`` whose first ``times`` reads are each followed by ``other_write``: the
    write lands after this import read the register and before it writes, as another process's would."""
    calls = 0

    def read(stored: Register | None) -> Incoming:
        nonlocal calls
        calls += 1
        incoming = whole_register(wanted, "racing.yaml", "yaml", stored, mode)
        if calls <= times:
            other_write()
        return incoming

    return read


def _add_subject(store: RegisterStore, key: str) -> Callable[[], None]:
    def add() -> None:
        store.put_entity(DataSubject(key=key, name=f"subject {key}"), None, context("create", "bob"))

    return add


def _rename_system(store: RegisterStore, key: str, name: str) -> Callable[[], None]:
    def rename() -> None:
        current = store.get_entity(EntityKind.SYSTEM, key)
        assert current is not None
        store.put_entity(current.value.model_copy(update={"name": name}), current.version, context("edit", "bob"))

    return rename


def test_a_merge_beaten_by_another_write_plans_again_and_both_changes_are_kept(
    store: RegisterStore, seed_register: Register
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    entries = len(store.history())
    mine = seed_register.model_copy(
        update={"data_subjects": [*seed_register.data_subjects, DataSubject(key="mine", name="Mine")]}
    )
    read = _racing_reader(store, mine, ImportMode.MERGE, _add_subject(store, "theirs"))
    plan = run_import(store, read, as_of=AS_OF, change=context("import", "alice"))
    assert plan.applied and plan.attempts == 2
    assert [(c.key, c.action) for c in plan.changes] == [("mine", Action.ADDED)]
    subjects = {s.key for s in store.list_entities(EntityKind.DATA_SUBJECT)}
    assert {"mine", "theirs"} <= subjects
    assert [e.actor for e in store.history()[entries:]] == ["bob", "alice"]
    assert history_service.verify_store(store).problems == []


def test_a_re_plan_changing_again_what_the_other_write_changed_is_refused(
    store: RegisterStore, seed_register: Register
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    systems = [s.model_copy(update={"name": "CRM (mine)"}) if s.key == "crm" else s for s in seed_register.systems]
    mine = seed_register.model_copy(update={"systems": systems})
    read = _racing_reader(store, mine, ImportMode.MERGE, _rename_system(store, "crm", "CRM (theirs)"))
    with pytest.raises(ImportConflictError) as refused:
        run_import(store, read, as_of=AS_OF)
    message = str(refused.value)
    assert "another write changed system 'CRM (mine)'" in message and "nothing was written" in message
    assert exit_code_for(refused.value) == EXIT_BAD_INPUT
    crm = store.get_entity(EntityKind.SYSTEM, "crm")
    assert crm is not None and getattr(crm.value, "name", None) == "CRM (theirs)"


def test_a_replace_that_raced_does_not_erase_what_landed_in_between(
    store: RegisterStore, seed_register: Register
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    systems = [s.model_copy(update={"name": "CRM (mine)"}) if s.key == "crm" else s for s in seed_register.systems]
    mine = seed_register.model_copy(update={"systems": systems})
    read = _racing_reader(store, mine, ImportMode.REPLACE, _add_subject(store, "theirs"))
    with pytest.raises(ImportConflictError, match="another write changed data subject 'subject theirs'"):
        run_import(store, read, as_of=AS_OF)
    assert "theirs" in {s.key for s in store.list_entities(EntityKind.DATA_SUBJECT)}
    crm = store.get_entity(EntityKind.SYSTEM, "crm")
    assert crm is not None and getattr(crm.value, "name", None) != "CRM (mine)"


def test_an_import_beaten_on_every_attempt_gives_up_and_writes_nothing(
    store: RegisterStore, seed_register: Register, monkeypatch: pytest.MonkeyPatch
) -> None:
    import_path(store, SEED_DIR, as_of=AS_OF)
    monkeypatch.setattr(plan_module, "MAX_ATTEMPTS", 3)
    monkeypatch.setattr(plan_module, "RETRY_PAUSE_SECONDS", 0.0)
    landed = iter(range(10))
    mine = seed_register.model_copy(
        update={"data_subjects": [*seed_register.data_subjects, DataSubject(key="mine", name="Mine")]}
    )
    read = _racing_reader(
        store, mine, ImportMode.MERGE, lambda: _add_subject(store, f"theirs-{next(landed)}")(), times=3
    )
    with pytest.raises(RegisterChangedError, match="before each of 3 attempts"):
        run_import(store, read, as_of=AS_OF)
    subjects = {s.key for s in store.list_entities(EntityKind.DATA_SUBJECT)}
    assert "mine" not in subjects and {"theirs-0", "theirs-1", "theirs-2"} <= subjects
