"""The Register page's vendors table, the sidebar's search, the overview's counts as links and the processor
that receives no data, through Streamlit's AppTest on a real store (both backends for the acceptance lines)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog.app import register as services
from catalog.domain.models import Processor
from catalog.domain.register import EntityKind
from catalog.domain.vocab import SccModule
from catalog.store.base import RegisterStore
from catalog.store.embedded import EmbeddedStore
from tests.ui.conftest import url_for_app


def _no_errors(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def _links(app: AppTest) -> list[str]:
    return [str(link.proto.label) for link in app.get("page_link")]


@pytest.fixture
def edited_store_url(
    store: RegisterStore, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> str:
    """The seeded Verji register after an edit of Webstat's safeguards (SCC decision and module now stated)."""
    services.seed(store)
    stored = store.get_entity(EntityKind.PROCESSOR, "webstat")
    assert stored is not None
    webstat = stored.value
    assert isinstance(webstat, Processor)
    safeguards = [
        s.model_copy(update={"instrument": "scc-2021-914", "module": SccModule.C2P}) for s in webstat.safeguards
    ]
    edited = Processor.model_validate({**webstat.model_dump(), "safeguards": [s.model_dump() for s in safeguards]})
    services.save_entity(store, edited, stored.version)
    return url_for_app(store, request, monkeypatch)


def test_the_register_opens_on_every_processor_and_the_search_finds_webstat_as_typed(
    edited_store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(edited_store_url)
    app.switch_page("views/register.py").run()
    _no_errors(app)
    table = app.dataframe[0].value
    names = set(table["Name"])
    assert {"Webstat", "HubSpot", "unknown (CRM provider, not named)"} <= names and len(names) == 8
    headings = {"Service category", "Transfer status", "DPA review date", "Open findings", "Last reviewed on"}
    assert headings <= set(table.columns)
    app.text_input(key="sidebar_search").input("Web stat").run()
    _no_errors(app)
    assert _links(app)[0].startswith("Webstat · processor")


def test_the_table_filters_by_typed_text_status_and_country(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page("views/register.py").run()
    app.text_input(key="register_table_processors_text").input("hub sopt").run()
    assert list(app.dataframe[0].value["Name"]) == ["HubSpot"]
    app.text_input(key="register_table_processors_text").input("").run()
    app.multiselect(key="register_table_processors_status").select("none").run()
    assert list(app.dataframe[0].value["Transfer status"]) == ["no transfer"]
    app.multiselect(key="register_table_processors_status").unselect("none").run()
    app.multiselect(key="register_table_processors_country").select("NO").run()
    assert list(app.dataframe[0].value["Key"]) == ["hosting-provider"]
    _no_errors(app)


def test_each_overview_count_opens_the_list_behind_it(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.button(key="overview_show_high").click().run()
    _no_errors(app)
    assert app.title[0].value == "Findings" and app.multiselect(key="findings_severity").value == ["high"]
    app.switch_page("views/overview.py").run()
    app.button(key="overview_show_valid_details_missing").click().run()
    assert app.title[0].value == "Transfer map"
    assert [s.value for s in app.multiselect(key="map_status").value] == ["valid_details_missing"]
    app.switch_page("views/overview.py").run()
    app.button(key="overview_show_systems").click().run()
    _no_errors(app)
    assert app.selectbox(key="register_kind").value == "systems"
    assert "Webstat web analytics" in set(app.dataframe[0].value["Name"])


def test_a_processor_no_system_uses_says_it_receives_no_data(tmp_path: Path, make_app: Callable[..., AppTest]) -> None:
    path = tmp_path / "lonely.db"
    store = EmbeddedStore(path)
    services.seed(store)
    lonely = Processor.model_validate(
        {
            "key": "lonely",
            "legal_name": "Lonely AS",
            "service_category": "hosting",
            "established_in": "NO",
            "processing_locations": ["US"],
        }
    )
    services.save_entity(store, lonely, None)
    store.close()
    app = make_app(f"sqlite:///{path}")
    # the seed's internal communication tool runs a system that no activity uses: no data reaches it either
    assert any("2 processors receive no data" in c.value for c in app.caption)
    app.button(key="overview_show_unused").click().run()
    _no_errors(app)
    assert set(app.dataframe[0].value["Key"]) == {"lonely", "internal-communication-provider"}
    app.switch_page("views/register.py")
    app.query_params["kind"] = "processors"
    app.query_params["key"] = "lonely"
    app.run()
    assert any("No system or activity uses it: no transfer is evaluated" in i.value for i in app.info)
