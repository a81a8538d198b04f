"""After a save the UI's worker follows the change log instead of loading the register again, on both stores."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.app import kept_check
from catalog.app import register as services
from catalog.compliance.engine import evaluate
from catalog.domain.models import Processor
from catalog.domain.register import EntityKind
from catalog.history.chain import context
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from tests.ui.conftest import url_for_app
from ui.checks import BackgroundWork, Checked


@pytest.fixture
def seeded_url(store: RegisterStore, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    services.seed(store)
    return url_for_app(store, request, monkeypatch)


def _checked(work: BackgroundWork, url: str, revision: str, day: date) -> Checked:
    checked = work.check(url, revision, day).wait(120)
    assert checked is not None
    return checked


def test_saves_and_a_delete_are_followed_without_a_load_and_give_the_full_check(
    store: RegisterStore, seeded_url: str
) -> None:
    reference, day = load_reference(), date.today()
    work = BackgroundWork(reference)
    first = _checked(work, seeded_url, store.revision(), day)
    assert work.full_loads == 1

    webstat = store.get_entity(EntityKind.PROCESSOR, "webstat")
    assert webstat is not None and isinstance(webstat.value, Processor)
    moved = webstat.value.model_copy(update={"legal_name": "Webstat Moved AB", "processing_locations": ["US"]})
    services.save_entity(store, moved, webstat.version, change=context("edit", "dpo"))
    added = Processor(
        key="new-vendor", legal_name="New Vendor AS", service_category="other", established_in="NO",
        processing_locations=["NO"],
    )  # fmt: skip
    services.save_entity(store, added, None)
    after_saves = _checked(work, seeded_url, store.revision(), day)

    services.delete_entity(store, EntityKind.PROCESSOR, "new-vendor", None)
    after_delete = _checked(work, seeded_url, store.revision(), day)

    assert work.full_loads == 1, "a save was followed by loading the whole register"
    for checked in (after_saves, after_delete):
        assert checked.revision != first.revision
    stored = store.load_register()
    assert after_delete.revision == store.revision()
    assert after_delete.register.sorted() == stored.sorted()
    assert after_delete.report == evaluate(stored, reference, day)
    assert first.report == evaluate(first.register, reference, day)  # the earlier result is left as it was


def test_a_store_whose_log_does_not_hold_the_checked_revision_is_loaded_whole(
    store: RegisterStore, seeded_url: str
) -> None:
    reference, day = load_reference(), date.today()
    work = BackgroundWork(reference)
    first = _checked(work, seeded_url, store.revision(), day)
    kept = work._kept[(seeded_url, day)]
    kept.revision = f"{store.history_head().seq}-{'f' * 16}"  # as if the store had been replaced since
    webstat = store.get_entity(EntityKind.PROCESSOR, "webstat")
    assert webstat is not None
    services.save_entity(store, webstat.value.model_copy(update={"legal_name": "Webstat B"}), webstat.version)
    again = _checked(work, seeded_url, store.revision(), day)
    assert work.full_loads == 2
    assert again.report == evaluate(store.load_register(), reference, day)
    assert again.revision != first.revision


def test_an_import_of_more_than_a_load_costs_is_loaded_whole(
    store: RegisterStore, seeded_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(kept_check, "MOST_CHANGED", 1)  # the seed's edits below stand for thousands
    reference, day = load_reference(), date.today()
    work = BackgroundWork(reference)
    _checked(work, seeded_url, store.revision(), day)
    register = store.load_register()
    renamed = [p.model_copy(update={"legal_name": f"{p.legal_name} (renamed)"}) for p in register.processors]
    store.replace_register(register.model_copy(update={"processors": renamed}), change=context("import"))
    again = _checked(work, seeded_url, store.revision(), day)
    assert work.full_loads == 2
    assert again.report == evaluate(store.load_register(), reference, day)
