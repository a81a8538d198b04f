"""The Import page's preview is planned on the worker's kept check; a preview not applied leaves it valid."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.app import register as services
from catalog.app.imports import ImportPlan, apply_plan, preview_upload
from catalog.app.kept_check import KeptCheck
from catalog.compliance.engine import evaluate
from catalog.reference import load_reference
from catalog.store.base import RegisterStore
from tests.ui.conftest import url_for_app
from ui.checks import BackgroundWork

VENDOR_LIST = b"Name,Service,Locations,Entity\nAcme Support,Customer support,India,Acme Support India Pvt Ltd\n"


@pytest.fixture
def seeded_url(store: RegisterStore, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    services.seed(store)
    return url_for_app(store, request, monkeypatch)


def test_a_preview_on_the_kept_check_gives_the_fresh_plan_and_leaves_the_check_valid(
    store: RegisterStore, seeded_url: str
) -> None:
    reference, day = load_reference(), date.today()
    work = BackgroundWork(reference)
    revision = store.revision()
    first = work.check(seeded_url, revision, day).wait(120)
    assert first is not None

    def plan_on(kept: KeptCheck | None) -> ImportPlan:
        assert kept is not None, "the worker keeps a check for the revision it just checked"
        return preview_upload(
            store, VENDOR_LIST, "hubspot.csv", stored=None, processor_key="hubspot", as_of=day, kept=kept
        )

    planned = work.with_kept(seeded_url, revision, day, "preview", "import-preview", plan_on).wait(120)
    fresh = preview_upload(
        store, VENDOR_LIST, "hubspot.csv", stored=store.load_register(), processor_key="hubspot", as_of=day
    )
    assert planned == fresh and planned is not None
    assert fresh.findings_added, "the list brings an onward transfer to India"

    # Cancelled: nothing written; the kept check still gives the full check's report and follows later writes.
    kept = work._kept[(seeded_url, day)]
    assert kept.revision == store.revision()
    assert kept.report == evaluate(store.load_register(), reference, day)
    assert kept.register.sorted() == store.load_register().sorted()

    # Applied: the worker follows the import from the change log, still equal to a full check.
    done = apply_plan(store, fresh, stored=store.load_register())
    assert done.applied
    after = work.check(seeded_url, store.revision(), day).wait(120)
    assert after is not None
    stored = store.load_register()
    assert after.report == evaluate(stored, reference, day)
    assert work.full_loads == 1
