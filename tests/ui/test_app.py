"""Every page through Streamlit's AppTest: renders, shows the seed's facts, edits persist, auditors cannot write."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog.app import register as services
from catalog.app import review
from catalog.domain.models import Processor
from catalog.domain.register import EntityKind, Register
from catalog.errors import ReadOnlyError
from catalog.store import open_store
from catalog.store.readonly import ReadOnlyStore
from tests.ui.conftest import PAGES, is_search, store_with

HOSTILE = '<script>alert("x")</script> **bold** [link](javascript:alert(1)) ![img](http://example.invalid/i.png)'


def _no_errors(app: AppTest, page: str) -> None:
    assert not app.exception, f"{page}: {[e.value for e in app.exception]}"
    assert not app.error, f"{page}: {[e.value for e in app.error]}"


def _texts(app: AppTest) -> list[str]:
    """Everything rendered as markdown-capable text (titles, markdown, captions, alerts)."""
    found: list[str] = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "success", "warning", "error"):
        found.extend(str(getattr(element, "value", "")) for element in app.get(kind))
    return found


def _frames(app: AppTest) -> str:
    return "\n".join(frame.value.to_csv() for frame in [*app.dataframe, *app.table])


@pytest.mark.parametrize("read_only", [False, True], ids=["dpo", "auditor"])
def test_every_page_renders_without_error(store_url: str, make_app: Callable[..., AppTest], read_only: bool) -> None:
    app = make_app(store_url, read_only)
    for page in PAGES:
        app.switch_page(page).run()
        _no_errors(app, page)
        assert app.title, f"{page} has no title"


def test_seed_us_transfers_appear_on_map_and_findings(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page("views/transfer_map.py").run()
    _no_errors(app, "transfer map")
    transfers = next(f.value for f in app.table if "Status" in f.value.columns)
    to_us = transfers[transfers["Country"] == "United States"]
    assert {"unknown (CRM provider, not named)", "HubSpot", "Webstat"} <= set(to_us["Importer"])
    assert all("SCC" in mechanism for mechanism in to_us["Mechanism"])
    app.switch_page("views/findings.py").run()
    app.multiselect(key="findings_country").select("US").run()
    _no_errors(app, "findings")
    assert any("United States" in text for text in _texts(app))


def test_lineage_of_email_shows_the_crm_route_to_the_us_with_its_scc_label(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    app.switch_page("views/lineage.py").run()
    app.selectbox(key="lineage_type").select("category").run()
    app.selectbox(key="lineage_node").select("category:contact.email").run()
    _no_errors(app, "lineage")
    crossings = next(f.value for f in app.dataframe if "mechanism or problem" in f.value.columns)
    # names, never keys, in the table beside the graph
    crm_provider = crossings["from"] == "unknown (CRM provider, not named)"
    crm = crossings[crm_provider & (crossings["to"] == "United States (US)")]
    assert (
        len(crm) == 1
        and "SCC" in crm.iloc[0]["mechanism or problem"]
        and crm.iloc[0]["status"] == "Valid, details missing"
    )
    assert not any(":" in str(name) for name in [*crossings["from"], *crossings["to"]])
    # the node card of the focus, not a JSON blob
    assert not app.json
    assert any("Data category" in str(c.value) for c in app.caption)


def test_lineage_of_a_processor_with_unknown_location_shows_unknown(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    app.switch_page("views/lineage.py").run()
    app.selectbox(key="lineage_type").select("processor").run()
    app.selectbox(key="lineage_node").select("processor:customer-support-tool-provider").run()
    _no_errors(app, "lineage")
    app.selectbox(key="lineage_type").select("country").run()
    app.selectbox(key="lineage_node").select("country:unknown").run()
    _no_errors(app, "lineage")
    assert any("Unknown location" in text for text in _texts(app)) or any(
        "Unknown location" in str(t.value) for t in app.text
    )


def test_an_edit_persists_in_the_store(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page("views/register.py").run()
    app.selectbox(key="register_kind").select("systems").run()
    app.selectbox(key="register_entity_systems").select("crm").run()
    app.text_input(key="register_systems_crm:name").input("CRM (renamed by the DPO)")
    app.button(key="register_systems_crm__save").click().run()
    _no_errors(app, "register")
    assert any("Saved system CRM" in str(s.value) for s in app.success)
    store = open_store(store_url)
    try:
        stored = store.get_entity(EntityKind.SYSTEM, "crm")
        assert stored is not None and stored.version == 2
        assert getattr(stored.value, "name", None) == "CRM (renamed by the DPO)"
    finally:
        store.close()


def test_validation_problem_is_shown_at_its_field_and_nothing_is_saved(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    app.switch_page("views/register.py").run()
    app.selectbox(key="register_kind").select("systems").run()
    app.selectbox(key="register_entity_systems").select("crm").run()
    app.multiselect(key="register_systems_crm:hosting").set_value([]).run()
    app.text_input(key="register_systems_crm:name").input("").run()
    app.button(key="register_systems_crm__save").click().run()
    errors = [str(e.value) for e in app.error]
    assert any(e.startswith("Hosting") and "at least one" in e for e in errors), errors
    assert any(e.startswith("Name") and "required" in e for e in errors), errors
    store = open_store(store_url)
    try:
        stored = store.get_entity(EntityKind.SYSTEM, "crm")
        assert stored is not None and getattr(stored.value, "hosting", None) and stored.version == 1
    finally:
        store.close()


def test_a_concurrent_edit_is_reported_not_overwritten(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page("views/register.py").run()
    app.selectbox(key="register_kind").select("systems").run()
    app.selectbox(key="register_entity_systems").select("crm").run()
    # someone else saves the same entity after this form was opened
    other = open_store(store_url)
    try:
        current = other.get_entity(EntityKind.SYSTEM, "crm")
        assert current is not None
        services.save_entity(other, current.value.model_copy(update={"name": "CRM (theirs)"}), current.version)
    finally:
        other.close()
    app.text_input(key="register_systems_crm:name").input("CRM (mine)")
    app.button(key="register_systems_crm__save").click().run()
    assert any("changed by someone else" in str(e.value) for e in app.error)
    check = open_store(store_url)
    try:
        stored = check.get_entity(EntityKind.SYSTEM, "crm")
        assert stored is not None and getattr(stored.value, "name", None) == "CRM (theirs)"
    finally:
        check.close()


def test_auditor_sees_no_edit_controls_and_its_store_refuses_writes(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url, read_only=True)
    for page in PAGES:
        app.switch_page(page).run()
        inputs = [w for w in [*app.text_input, *app.text_area] if not is_search(w.key)]
        assert not inputs, f"{page} offers an input to an auditor"
        labels = [b.label for b in app.button]
        assert not any(label in ("Save", "Delete") for label in labels), f"{page}: {labels}"
    app.switch_page("views/register.py").run()
    assert any("Read-only" in str(i.value) for i in app.info)
    from ui import snapshots
    from ui.components.roles import Role

    store = snapshots.get_store(Role.AUDITOR)
    assert isinstance(store, ReadOnlyStore)
    entity = store.get_entity(EntityKind.SYSTEM, "crm")
    assert entity is not None
    with pytest.raises(ReadOnlyError):
        services.save_entity(store, entity.value, entity.version)


def test_hostile_names_render_as_text_on_every_page(
    tmp_path: Path, seed_register: Register, make_app: Callable[..., AppTest]
) -> None:
    data = seed_register.model_dump()
    data["data_categories"][3]["name"] = HOSTILE  # contact.email
    data["processors"][2]["legal_name"] = HOSTILE  # crm-provider
    data["organisation"]["name"] = HOSTILE
    url = store_with(tmp_path, Register.model_validate(data))
    app = make_app(url)
    for page in PAGES:
        app.switch_page(page).run()
        _no_errors(app, page)
        for text in _texts(app):
            assert "<script" not in text and "**bold**" not in text and "](javascript" not in text, (page, text)
    app.switch_page("views/lineage.py").run()
    app.selectbox(key="lineage_type").select("processor").run()
    app.selectbox(key="lineage_node").select("processor:crm-provider").run()
    _no_errors(app, "lineage")
    for text in _texts(app):
        assert "<script" not in text and "**bold**" not in text, text


def test_dpo_records_scc_module_and_tia_on_a_processor(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page("views/register.py").run()
    app.selectbox(key="register_kind").select("processors").run()
    app.selectbox(key="register_entity_processors").select("crm-provider").run()
    form = "register_processors_crm-provider:safeguards.0"
    app.selectbox(key=f"{form}.instrument").select("scc-2021-914").run()
    app.button(key="register_processors_crm-provider__save").click().run()
    # 2021/914 without a module is refused, in plain words at the safeguard, and nothing is written
    assert any(str(e.value).startswith("Safeguards, row 1") and "module" in str(e.value) for e in app.error)
    app.selectbox(key=f"{form}.module").select("2").run()
    app.checkbox(key=f"{form}.tia.__present").check().run()
    app.selectbox(key=f"{form}.tia.outcome").select("adequate").run()
    app.date_input(key=f"{form}.tia.assessed_on").set_value(date(2024, 3, 1)).run()
    app.button(key="register_processors_crm-provider__save").click().run()
    _no_errors(app, "register")
    store = open_store(store_url)
    try:
        stored = store.get_entity(EntityKind.PROCESSOR, "crm-provider")
        assert stored is not None and stored.version == 2
        assert isinstance(stored.value, Processor)
        safeguard = stored.value.safeguards[0]
        assert safeguard.instrument == "scc-2021-914" and safeguard.module == "2"
        assert safeguard.tia is not None and safeguard.tia.outcome == "adequate"
        assert safeguard.tia.assessed_on == date(2024, 3, 1)
        assert safeguard.note and safeguard.source  # every field is on the form, so nothing is lost
    finally:
        store.close()


def test_findings_open_their_lineage(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page("views/findings.py").run()
    store = open_store(store_url)
    try:
        first = review.check(store, app.session_state["as_of"]).findings[0]  # the page lists them in this order
    finally:
        store.close()
    app.button(key="findings_lineage_0").click().run()
    _no_errors(app, "lineage")
    assert app.selectbox(key="lineage_node").value == first.subject


def test_dpo_creates_then_deletes_a_system(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page("views/register.py").run()
    app.selectbox(key="register_kind").select("systems").run()
    app.selectbox(key="register_entity_systems").select("__new__").run()
    form = "register_systems___new__"
    app.text_input(key=f"{form}:key").input("ledger")
    app.text_input(key=f"{form}:name").input("Ledger")
    app.selectbox(key=f"{form}:kind").select("application")
    app.multiselect(key=f"{form}:hosting").select("NO")
    app.button(key=f"{form}__save").click().run()
    _no_errors(app, "register")
    assert app.selectbox(key="register_entity_systems").value == "ledger"
    app.checkbox(key="register_systems_ledger__confirm").check().run()
    app.button(key="register_systems_ledger__delete").click().run()
    _no_errors(app, "register")
    assert any("Deleted system Ledger" in str(s.value) for s in app.success)
    store = open_store(store_url)
    try:
        assert store.get_entity(EntityKind.SYSTEM, "ledger") is None
        operations = [entry.operation for entry in store.history()]
        assert operations[-2:] == ["create", "delete"]
    finally:
        store.close()


def test_a_write_from_another_process_shows_on_the_next_run(store_url: str, make_app: Callable[..., AppTest]) -> None:
    # Pages share the loaded register until the store's revision moves; a CLI write must move it.
    app = make_app(store_url)
    app.switch_page("views/transfer_map.py").run()
    assert "Webstat" in _frames(app)
    other = open_store(store_url)
    try:
        current = other.get_entity(EntityKind.PROCESSOR, "webstat")
        assert current is not None
        renamed = current.value.model_copy(update={"legal_name": "Webstat Renamed AB"})
        other.put_entity(renamed, expected_version=current.version)
    finally:
        other.close()
    app.run()
    shown = _frames(app)
    assert "Webstat Renamed AB" in shown


def test_the_audit_pack_is_built_on_request_and_dropped_after_a_write(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    app.switch_page("views/exports.py").run()
    _no_errors(app, "exports")
    assert "exports_pack" not in app.session_state and not app.get("download_button")
    app.button(key="exports_prepare").click().run()  # the chosen export, rendered on request too
    _no_errors(app, "exports")
    assert len(app.get("download_button")) == 1
    app.button(key="exports_pack_prepare").click().run()
    _no_errors(app, "exports")
    (revision, _, _), pack = app.session_state["exports_pack"]
    assert pack[:2] == b"PK" and len(app.get("download_button")) == 2
    other = open_store(store_url)
    try:
        assert other.revision() == revision
        current = other.get_entity(EntityKind.PROCESSOR, "webstat")
        assert current is not None
        other.put_entity(current.value.model_copy(update={"legal_name": "Webstat AB"}), current.version)
    finally:
        other.close()
    app.run()
    assert not app.get("download_button")  # neither the stale export nor the stale pack is offered


def test_a_large_registers_flows_are_drawn_when_asked_then_kept_for_the_session(
    store_url: str, make_app: Callable[..., AppTest], monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import snapshots

    monkeypatch.setattr(snapshots, "LARGE_PROCESSORS", 2)  # the seed as if it were large
    app = make_app(store_url)
    _no_errors(app, "overview")
    assert not app.get("echarts_chart") and any("drawn when asked" in c.value for c in app.caption)
    app.button(key="overview_flows_draw").click().run()
    _no_errors(app, "overview")
    drawn = app.get("echarts_chart") or [e for e in app.get("unknown") if "sankey" in str(e.proto)]
    assert drawn, "the Sankey is drawn once asked for"
    app.switch_page("views/findings.py").run()
    app.switch_page("views/overview.py").run()
    assert not app.get("button") or not any(b.key == "overview_flows_draw" for b in app.button)
