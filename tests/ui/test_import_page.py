"""The Import page through Streamlit's AppTest: upload, detected layout, preview with findings delta, Apply."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from catalog.app.export import ExportFormat, ExportKind, render_export, report_for
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
    assert "Acme Support" in frames and "Critical" in frames and "IN" in frames


def test_auditors_have_no_import_page(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url, read_only=True)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(PAGE)  # not registered for an auditor
    dpo = make_app(store_url)
    dpo.switch_page(PAGE).run()
    assert dpo.title[0].value == "Import"


def _edited_export(store_url: str) -> bytes:
    """The seed's own workbook with one purpose rewritten and HubSpot's US transfer line sent to India."""
    store = open_store(store_url)
    try:
        register = store.load_register()
    finally:
        store.close()
    data = render_export(ExportKind.ROPA, ExportFormat.XLSX, register, report_for(register, date(2026, 6, 1)))
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    for row in workbook.worksheets[0].iter_rows():
        for cell in row:
            if cell.value == "Communicate with the person\nArchiving":
                cell.value = "Answering people who write to Verji"
            elif isinstance(cell.value, str) and "HubSpot → United States (US)" in cell.value:
                cell.value = cell.value.replace("HubSpot → United States (US)", "HubSpot → India")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_preview_shows_before_and_after_and_lets_the_dpo_take_a_conflict(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    app.switch_page(PAGE).run()
    app.file_uploader(key="import_file").set_value(("ropa.xlsx", _edited_export(store_url), XLSX)).run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    frames = _frames(app)
    # Names, not keys: the field's label and its values before and after.
    assert "Purposes" in frames and "Answering people who write to Verji" in frames
    # the stored purposes are held in bokmål and English: the preview shows both
    assert (
        "[{en: Communicate with the person, nb: Kommunisere med personen}; {en: Archiving, nb: Arkivering}]" in frames
    )
    assert "entities not in the file: unchanged" in _texts(app)
    # The coarse transfer line is a conflict, kept as stored until the DPO takes the file's value.
    assert "Processing locations" in frames and "[US]" in frames
    assert {m.label: m.value for m in app.metric}["Changed"] == "1"
    choice = app.multiselect(key="import_take_source")
    choice.set_value([choice.options[0]]).run()
    assert not app.exception
    assert {m.label: m.value for m in app.metric}["Changed"] == "2"


def test_a_windows_1252_csv_is_refused_as_utf_8_and_imported_once_its_encoding_is_chosen(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    sheet = "Processing activity,Purpose of processing,Categories of personal data\nLønn Tromsø,Payroll,Bank details\n"
    app = make_app(store_url)
    app.switch_page(PAGE).run()
    app.file_uploader(key="import_file").set_value(("lonn.csv", sheet.encode("cp1252"), "text/csv")).run()
    assert not app.exception
    assert app.selectbox(key="import_encoding").value == "auto"  # read as `catalog import` does by default
    (refused,) = [re.sub(r"\\(.)", r"\1", e.value) for e in app.error]  # md() escapes the message's marks
    assert refused.startswith("lonn.csv: line 2: not valid utf-8 (bytes f8 6e 6e 20)"), refused
    assert "choose it under Text encoding" in app.info[0].value
    app.selectbox(key="import_encoding").set_value("cp1252").run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert "Lønn Tromsø" in _frames(app) and "LÃ" not in _frames(app)
    app.button(key="import_apply").click().run()
    assert not app.error, [e.value for e in app.error]
    store = open_store(store_url)
    try:
        names = {a.name for a in store.list_entities(EntityKind.ACTIVITY)}  # type: ignore[union-attr]
    finally:
        store.close()
    assert "Lønn Tromsø" in names


def test_a_latin_1_sub_processor_list_is_read_in_the_chosen_encoding(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    app.switch_page(PAGE).run()
    app.radio(key="import_what").set_value("subprocessors").run()
    app.selectbox(key="import_processor").set_value("hubspot").run()
    listed = "Name,Service,Locations\nSupport Bodø AS,Customer support,Norway\n".encode("latin-1")
    app.file_uploader(key="import_file").set_value(("hubspot.csv", listed, "text/csv")).run()
    app.selectbox(key="import_encoding").set_value("latin-1").run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert "Support Bodø AS" in _frames(app)


def test_a_workbook_has_no_encoding_to_choose(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page(PAGE).run()
    app.file_uploader(key="import_file").set_value(("acme.xlsx", ico_workbook(), XLSX)).run()
    assert not app.exception and not app.error
    assert not [s for s in app.selectbox if s.key == "import_encoding"]
