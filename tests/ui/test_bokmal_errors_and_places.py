"""The UI in bokmål words what the register page refuses and names places as Norwegians do (issue #30): a save's
problems and a concurrent edit in bokmål, "USA" in the forms' country options, on the map and in the Sankey."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog.app import register as services
from catalog.domain.register import EntityKind
from catalog.store import open_store
from tests.ui.conftest import APP
from ui.preferences import PREFERENCES_ENV


@pytest.fixture
def nb_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[[str], AppTest]:
    def make(url: str) -> AppTest:
        monkeypatch.setenv("CATALOG_STORE", url)
        monkeypatch.setenv("CATALOG_UI_READ_ONLY", "0")
        monkeypatch.setenv(PREFERENCES_ENV, str(tmp_path / "preferences.json"))
        app = AppTest.from_file(str(APP), default_timeout=60)
        app.query_params["lang"] = "nb"
        app.run()
        return app

    return make


def _crm_form(app: AppTest) -> None:
    app.switch_page("views/register.py").run()
    app.selectbox(key="register_kind").select("systems").run()
    app.selectbox(key="register_entity_systems").select("crm").run()


def test_a_save_problem_is_shown_in_bokmal(store_url: str, nb_app: Callable[[str], AppTest]) -> None:
    app = nb_app(store_url)
    _crm_form(app)
    app.multiselect(key="register_systems_crm:hosting").set_value([]).run()
    app.button(key="register_systems_crm__save").click().run()
    errors = [str(e.value) for e in app.error]
    assert any(e.startswith("Drift og lagring") and "må ha minst én oppføring" in e for e in errors), errors
    assert not any("at least one" in e or e.startswith("Hosting") for e in errors), errors


def test_a_concurrent_edit_is_reported_in_bokmal(store_url: str, nb_app: Callable[[str], AppTest]) -> None:
    app = nb_app(store_url)
    _crm_form(app)
    other = open_store(store_url)
    try:
        current = other.get_entity(EntityKind.SYSTEM, "crm")
        assert current is not None
        services.save_entity(other, current.value.model_copy(update={"hosting": ["SE"]}), current.version)
    finally:
        other.close()
    app.multiselect(key="register_systems_crm:hosting").set_value(["NO"]).run()
    app.button(key="register_systems_crm__save").click().run()
    errors = [str(e.value) for e in app.error]
    assert any("ble endret av noen andre" in e and "ingenting ble lagret" in e for e in errors), errors
    assert not any("someone else" in e for e in errors), errors


def test_country_options_and_the_maps_places_are_in_bokmal(store_url: str, nb_app: Callable[[str], AppTest]) -> None:
    app = nb_app(store_url)
    _crm_form(app)
    options = app.multiselect(key="register_systems_crm:hosting").options
    assert "USA (US)" in options and "Storbritannia (GB)" in options and "Norge (NO)" in options
    assert "United States (US)" not in options and "United Kingdom (GB)" not in options
    app.switch_page("views/transfer_map.py").run()
    assert not app.exception, [e.value for e in app.exception]
    (deck,) = app.get("deck_gl_json_chart")
    layers = {layer["id"]: layer for layer in json.loads(deck.proto.json)["layers"]}
    names = {label["text"] for label in layers["places"]["data"]}
    assert {"USA", "Norge"} <= names and "United States" not in names, names


def test_the_sankeys_countries_are_in_bokmal(store_url: str, nb_app: Callable[[str], AppTest]) -> None:
    app = nb_app(store_url)
    assert not app.exception, [e.value for e in app.exception]
    drawn = app.get("echarts_chart") or [e for e in app.get("unknown") if "sankey" in str(e.proto)]
    assert drawn
    spec = str(drawn[0].proto)
    assert "USA" in spec and "United States" not in spec


def test_the_import_pages_report_per_row_is_in_bokmal(store_url: str, nb_app: Callable[[str], AppTest]) -> None:
    app = nb_app(store_url)
    app.switch_page("views/import_page.py").run()
    sheet = b"Processing activity,Purpose of processing,Categories of personal data\nPayroll Bodo,Payroll,Bank\n"
    app.file_uploader(key="import_file").set_value(("lonn.csv", sheet, "text/csv")).run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    rows = "\n".join(frame.value.to_csv() for frame in app.dataframe)
    assert "opprettet behandlingsaktivitet 'Payroll Bodo'" in rows, rows
    assert "created activity" not in rows
