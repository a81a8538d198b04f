"""An import writes only what its plan changes (``apply_changes``), leaving what rewriting the whole register left."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from catalog.app.imports import ImportPlan, import_path
from catalog.domain.register import Register
from catalog.history.chain import context
from catalog.importers import plan as import_plan
from catalog.registerfile.register_yaml import dump_register
from catalog.store.base import RegisterStore
from tests.contract.test_change_set_contract import changed_register

AS_OF = date(2026, 6, 1)


def imported(store: RegisterStore, folder: Path) -> tuple[ImportPlan, dict[tuple[str, str], str], list[Any]]:
    plan = import_path(store, folder, as_of=AS_OF, change=context("import", "bob"))
    changes = [change.model_dump(mode="json") for change in store.history()[-1].changes]
    return plan, store.stored_bodies(), changes


def test_an_import_written_as_its_changes_leaves_the_register_log_and_plan_of_a_whole_write(
    store: RegisterStore, seed_register: Register, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "changed"
    dump_register(changed_register(seed_register), folder)
    seed = tmp_path / "seed"
    dump_register(seed_register, seed)

    import_path(store, seed, as_of=AS_OF)
    with monkeypatch.context() as whole:
        whole.setattr(import_plan, "MOST_WRITTEN_APART", 0)  # every import rewrites the whole register
        replaced = imported(store, folder)
    import_path(store, seed, as_of=AS_OF)
    calls: list[int] = []
    original = type(store).apply_changes

    def counted(self: RegisterStore, *args: Any, **kwargs: Any) -> None:
        calls.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(type(store), "apply_changes", counted)
    written = imported(store, folder)

    assert calls == [1], "the import wrote its changes apart"
    assert written[0] == replaced[0] and written[0].applied
    assert written[1] == replaced[1]
    assert written[2] == replaced[2]
