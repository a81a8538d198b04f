"""The Import page through Streamlit's AppTest: upload, detected layout, preview with findings delta, Apply."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from catalog.domain.register import EntityKind
from catalog.store import open_store
from tests.importers.test_spreadsheets import ico_workbook

PAGE = "views/import_page.py"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _frames(app: AppTest) -> str:
    return "\n".join(frame.value.to_csv() for frame in app.dataframe)


def _texts(app: AppTest) -> str:
    kinds = ("markdown", "success", "warning", "info")
    return "\n".join(str(getattr(e, "value", "")) for kind in kinds for e in app.get(kind))


def test_dpo_previews_an_ico_workbook_then_applies_it(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page(PAGE).run()
    assert not app.exception and app.title[0].value == "Import"
    app.file_uploader(key="import_file").set_value(("acme.xlsx", ico_workbook(), XLSX)).run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert "ICO controller template" in _texts(app)
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Removed"] == "0" and int(metrics["Added"]) > 0 and int(metrics["Findings added"]) > 0
    frames = _frames(app)
    assert "Send the newsletter" in frames and "Narnia" in frames and "IN" in frames
    store = open_store(store_url)
    try:
        before = len(store.list_entities(EntityKind.ACTIVITY))
        app.button(key="import_apply").click().run()
        assert not app.error, [e.value for e in app.error]
        assert any("Imported acme.xlsx" in s.value for s in app.success)
        names = {a.name for a in store.list_entities(EntityKind.ACTIVITY)}  # type: ignore[union-attr]
        assert len(names) == before + 4 and "Send the newsletter" in names
        assert store.history()[-1].operation == "import"
    finally:
        store.close()


def test_vendor_list_preview_shows_the_new_onward_transfer(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page(PAGE).run()
    app.radio(key="import_what").set_value("subprocessors").run()
    app.selectbox(key="import_processor").set_value("hubspot").run()
    listed = b"Name,Service,Locations\nAcme Support,Customer support,India\n"
    app.file_uploader(key="import_file").set_value(("hubspot.csv", listed, "text/csv")).run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert "vendor sub\\-processor list" in _texts(app) or "vendor sub-processor list" in _texts(app)
    frames = _frames(app)
    assert "Acme Support" in frames and "critical" in frames and "IN" in frames


def test_auditors_have_no_import_page(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url, read_only=True)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE)  # not registered for an auditor
    dpo = make_app(store_url)
    dpo.switch_page(PAGE).run()
    assert dpo.title[0].value == "Import"
