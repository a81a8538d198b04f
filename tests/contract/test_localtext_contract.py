"""Register text in several languages on every store: stored and returned unchanged, its history exact."""

from __future__ import annotations

from pathlib import Path

from catalog.app import history as history_service
from catalog.app.imports import import_path
from catalog.domain.models import ProcessingActivity
from catalog.domain.register import EntityKind, Register
from catalog.history.chain import context
from catalog.kernel.localtext import LocalText
from catalog.registerfile.register_yaml import dump_register
from catalog.store.base import RegisterStore


def test_bilingual_text_round_trips_through_the_store(store: RegisterStore, seed_register: Register) -> None:
    store.replace_register(seed_register)
    loaded = store.load_register()
    assert loaded.sorted() == seed_register.sorted()
    stored = store.get_entity(EntityKind.ACTIVITY, "user-accounts")
    assert stored is not None
    activity = stored.value
    assert isinstance(activity, ProcessingActivity)
    assert isinstance(activity.name, LocalText)
    assert activity.name.variants == {"nb": "Brukerkontoer", "en": "User accounts"}
    first_purpose = activity.purposes[0]
    assert isinstance(first_purpose, LocalText)
    assert first_purpose.variants == {
        "nb": "Drive nettstedet og levere tjenestene",
        "en": "Operate the website and provide the services",
    }


def test_a_change_to_one_languages_text_is_a_change_of_that_field(
    store: RegisterStore, seed_register: Register
) -> None:
    store.replace_register(seed_register, change=context("seed", "alice"))
    stored = store.get_entity(EntityKind.ACTIVITY, "user-accounts")
    assert stored is not None
    renamed = LocalText({"nb": "Brukerkontoer og innlogging", "en": "User accounts"})
    store.put_entity(stored.value.model_copy(update={"name": renamed}), stored.version)
    again = store.get_entity(EntityKind.ACTIVITY, "user-accounts")
    assert again is not None and isinstance(again.value, ProcessingActivity)
    assert isinstance(again.value.name, LocalText) and again.value.name.variants == renamed.variants
    first, last = store.history()[0].seq, store.history()[-1].seq
    diff = history_service.diff_points(store, first, last)
    assert [(d.kind, d.key, d.change, d.fields) for d in diff.entities] == [
        ("activities", "user-accounts", "changed", ["name"])
    ]


def test_a_dump_of_a_bilingual_register_imports_back_as_no_change(
    store: RegisterStore, seed_register: Register, tmp_path: Path
) -> None:
    store.replace_register(seed_register)
    dump_register(store.load_register(), tmp_path / "dump")
    written = (tmp_path / "dump" / "activities.yaml").read_text(encoding="utf-8")
    assert "  name:\n      en: User accounts\n      nb: Brukerkontoer\n" in written
    plan = import_path(store, tmp_path / "dump", dry_run=True)
    assert plan.is_empty
