"""The DPO's workbench through AppTest: every kind's form field by field, plain problems with nothing
saved, the Fix deep link that resolves a finding, names instead of keys, search and the first run."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog.compliance.engine import evaluate
from catalog.compliance.rules import SCC_DETAILS_MISSING
from catalog.domain.models import Organisation
from catalog.domain.register import EntityKind, Register
from catalog.reference import load_reference
from catalog.store import open_store
from catalog.store.embedded import EmbeddedStore
from ui.components.fixes import fix_target
from ui.components.forms import widget_for

# an entity of each kind with the most fields filled in the seed
SAMPLES = {
    "organisation": "organisation",
    EntityKind.DATA_CATEGORY.value: "contact.email",
    EntityKind.DATA_SUBJECT.value: "users",
    EntityKind.ACTIVITY.value: "newsletter",
    EntityKind.SYSTEM.value: "crm",
    EntityKind.PROCESSOR.value: "crm-provider",
    EntityKind.RECIPIENT.value: "authorities",
}
NODE_ID = re.compile(r"^(processor|system|recipient|activity|category|subject|country|controller):\S+$")
# Every page of the app: their tables show names only.
NAME_PAGES = [
    "views/overview.py",
    "views/lineage.py",
    "views/transfer_map.py",
    "views/findings.py",
    "views/due.py",
    "views/register.py",
    "views/import_page.py",
    "views/exports.py",
    "views/history.py",
]


def _errors(app: AppTest) -> list[str]:
    assert not app.exception, [e.value for e in app.exception]
    return [str(e.value).replace("\\", "") for e in app.error]


def _open(app: AppTest, kind: str, key: str) -> str:
    app.switch_page("views/register.py").run()
    app.selectbox(key="register_kind").select(kind).run()
    if kind != "organisation":
        app.selectbox(key=f"register_entity_{kind}").select(key).run()
    assert not _errors(app)
    return f"register_{kind}_{key}"


def _stored(url: str, kind: str, key: str) -> tuple[object, int]:
    store = open_store(url)
    try:
        found = store.get_organisation() if kind == "organisation" else store.get_entity(EntityKind(kind), key)
        assert found is not None
        return found.value, found.version
    finally:
        store.close()


@pytest.mark.parametrize("kind", list(SAMPLES))
def test_every_field_of_every_kind_has_its_widget_and_saves_unchanged(
    store_url: str, make_app: Callable[..., AppTest], kind: str
) -> None:
    app = make_app(store_url)
    key = SAMPLES[kind]
    prefix = _open(app, kind, key)
    model = Organisation if kind == "organisation" else EntityKind(kind).model
    keys = {str(k) for k in app.session_state}
    for name, info in model.model_fields.items():
        widget = widget_for(model, name)
        if widget == "model":
            expected = f"{prefix}:{name}.__present" if not info.is_required() else f"{prefix}:{name}."
        elif widget == "items":
            expected = f"{prefix}:{name}.__add"
        else:
            expected = f"{prefix}:{name}"
        assert any(k == expected or (expected.endswith(".") and k.startswith(expected)) for k in keys), name
    before, version = _stored(store_url, kind, key)
    app.button(key=f"{prefix}__save").click().run()
    assert not _errors(app)
    after, new_version = _stored(store_url, kind, key)
    assert after == before and new_version == version + 1  # every field round-trips through its widget


INVALID = {
    EntityKind.DATA_CATEGORY.value: ("text_input", "name", "", "Name: required; fill it in"),
    EntityKind.DATA_SUBJECT.value: ("text_input", "name", "", "Name: required; fill it in"),
    EntityKind.ACTIVITY.value: ("multiselect", "purposes", [], "Purposes: needs at least one entry"),
    EntityKind.SYSTEM.value: ("multiselect", "hosting", [], "Hosting: needs at least one entry"),
    EntityKind.PROCESSOR.value: ("multiselect", "processing_locations", [], "Processing locations: needs at least"),
    EntityKind.RECIPIENT.value: ("multiselect", "locations", [], "Locations: needs at least one entry"),
    "organisation": ("text_input", "name", "", "Legal name: required"),
}


@pytest.mark.parametrize("kind", list(INVALID))
def test_invalid_input_names_the_label_and_saves_nothing(
    store_url: str, make_app: Callable[..., AppTest], kind: str
) -> None:
    app = make_app(store_url)
    key = SAMPLES[kind]
    prefix = _open(app, kind, key)
    widget, name, value, message = INVALID[kind]
    element = getattr(app, widget)(key=f"{prefix}:{name}")
    (element.input(value) if widget == "text_input" else element.set_value(value)).run()
    before, version = _stored(store_url, kind, key)
    app.button(key=f"{prefix}__save").click().run()
    errors = _errors(app)
    assert any(e.startswith(message) for e in errors), errors
    assert not any("Input should" in e or "Value error" in e for e in errors)
    assert _stored(store_url, kind, key) == (before, version)


def test_invalid_date_country_and_module_on_a_processor(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    prefix = _open(app, "processors", "crm-provider")
    form = f"{prefix}:safeguards.0"
    app.selectbox(key=f"{form}.instrument").select("scc-2021-914").run()
    app.checkbox(key=f"{form}.tia.__present").check().run()
    app.date_input(key=f"{form}.valid_from").set_value(date(2025, 1, 2)).run()
    app.date_input(key=f"{form}.valid_until").set_value(date(2025, 1, 1)).run()
    app.button(key=f"{prefix}__save").click().run()
    errors = _errors(app)
    tia_date = "TIA date (Safeguards, row 1, Transfer impact assessment): required; enter a date such as 2025-06-30"
    assert tia_date in errors, errors
    assert any(e.startswith("TIA outcome") for e in errors), errors
    app.selectbox(key=f"{form}.tia.outcome").select("adequate").run()
    app.date_input(key=f"{form}.tia.assessed_on").set_value(date(2025, 6, 30)).run()
    app.button(key=f"{prefix}__save").click().run()
    errors = _errors(app)
    assert any("module" in e and e.startswith("Safeguards, row 1") for e in errors), errors
    app.selectbox(key=f"{form}.module").select("2").run()
    app.button(key=f"{prefix}__save").click().run()
    errors = _errors(app)
    assert any("'Valid from' is after 'Valid until'" in e for e in errors), errors
    assert _stored(store_url, "processors", "crm-provider")[1] == 1
    # a new processor whose country of establishment is not chosen
    app.selectbox(key="register_entity_processors").select("__new__").run()
    new = "register_processors___new__"
    app.text_input(key=f"{new}:key").input("acme")
    app.text_input(key=f"{new}:legal_name").input("Acme Ltd")
    app.selectbox(key=f"{new}:service_category").select("crm")
    app.multiselect(key=f"{new}:processing_locations").select("GB").run()
    app.button(key=f"{new}__save").click().run()
    errors = _errors(app)
    assert any(e.startswith("Established in: required") for e in errors), errors
    store = open_store(store_url)
    try:
        assert store.get_entity(EntityKind.PROCESSOR, "acme") is None
    finally:
        store.close()


def _scc_finding(url: str) -> tuple[str, dict[str, str]]:
    store = open_store(url)
    try:
        register = store.load_register()
    finally:
        store.close()
    report = evaluate(register, load_reference(), date.today())
    finding = next(
        f for f in report.findings if f.rule == SCC_DETAILS_MISSING and f.subject == "processor:crm-provider"
    )
    target = fix_target(finding, register, report)
    assert target is not None
    return finding.id, target.query_params()


def test_a_pasted_fix_link_opens_the_field_with_the_hint_and_saving_says_the_finding_is_gone(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    finding_id, params = _scc_finding(store_url)
    app = make_app(store_url)
    app.query_params.update(params)
    app.switch_page("views/register.py").run()
    assert not _errors(app)
    assert app.selectbox(key="register_entity_processors").value == "crm-provider"
    hints = [str(i.value).replace("\\", "") for i in app.info]
    assert any(h.startswith("Fix here: SCC details missing") and "module" in h for h in hints), hints
    form = "register_processors_crm-provider:safeguards.0"
    app.selectbox(key=f"{form}.instrument").select("scc-2021-914").run()
    app.selectbox(key=f"{form}.module").select("2").run()
    app.button(key="register_processors_crm-provider__save").click().run()
    assert not _errors(app)
    gone = [str(s.value).replace("\\", "") for s in app.success]
    assert any("is gone" in s and "SCC details missing" in s for s in gone), gone
    assert finding_id not in {f.id for f in evaluate(_load(store_url), load_reference(), date.today()).findings}


def _load(url: str) -> Register:
    store = open_store(url)
    try:
        return store.load_register()
    finally:
        store.close()


def test_findings_show_titles_names_and_a_fix_link(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page("views/findings.py").run()
    assert not _errors(app)
    text = " ".join(str(m.value).replace("\\", "") for m in [*app.markdown, *app.caption])
    assert "Where the data goes is unknown" in text and "transfer.unknown-destination" in text  # id is secondary
    assert app.get("page_link")
    app.selectbox(key="ui_lang").select("nb").run()  # the sidebar's language, which every page reads
    text = " ".join(str(m.value).replace("\\", "") for m in app.markdown)
    assert "Ukjent hvor opplysningene behandles" in text


DPO_ONLY_PAGES = {"views/import_page.py"}


@pytest.mark.parametrize(
    ("page", "read_only"),
    [
        pytest.param(page, read_only, id=f"{'auditor' if read_only else 'dpo'}-{page}")
        for read_only in (False, True)
        for page in NAME_PAGES
        if not (read_only and page in DPO_ONLY_PAGES)
    ],
)
def test_no_table_cell_holds_a_node_id(
    store_url: str, make_app: Callable[..., AppTest], page: str, read_only: bool
) -> None:
    app = make_app(store_url, read_only)
    app.switch_page(page).run()
    views: list[Callable[[], object]] = [lambda: None]
    if page == "views/register.py":
        views = [
            lambda: app.text_input(key="register_table_processors_text").input("United States").run(),
            lambda: app.selectbox(key="register_kind").select("processors").run(),
            lambda: app.selectbox(key="register_kind").select("activities").run(),
        ]
    for view in views:
        view()
        assert not _errors(app)
        for frame in [*app.dataframe, *app.table]:
            for cell in frame.value.astype(str).to_numpy().ravel():
                assert not NODE_ID.match(cell), (page, cell)


def test_search_finds_by_name_key_and_country(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page("views/register.py").run()
    for query, expected in (
        ("hubspot", "HubSpot"),
        ("crm-prov", "unknown (CRM provider, not named)"),
        ("US", "Webstat"),
    ):
        app.text_input(key="sidebar_search").input(query).run()
        names = {str(link.proto.label).replace("\\", "").split(" · ")[0] for link in app.get("page_link")}
        assert expected in names, (query, names)


def test_empty_table_cells_read_blank_not_none(store_url: str, make_app: Callable[..., AppTest]) -> None:
    """Every editable table of a form, and the auditor's field table, draws a missing value as blank."""
    for read_only in (False, True):
        app = make_app(store_url, read_only=read_only)
        _open(app, "processors", "webstat")
        tables = app.dataframe
        assert tables
        assert all(table.proto.placeholder == "" and table.proto.HasField("placeholder") for table in tables)


def test_an_auditor_reads_an_entity_as_a_table_not_json(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url, read_only=True)
    _open(app, "processors", "crm-provider")
    assert not app.json
    fields = next(f.value for f in app.dataframe if "field" in f.value.columns)  # below the processors' table
    rows = dict(zip(fields["field"], fields["value"], strict=True))
    assert rows["Processing locations"] == "United States (US)"
    assert rows["Established in"].startswith("unknown")


def test_first_run_offers_the_example_or_a_blank_register(tmp_path: Path, make_app: Callable[..., AppTest]) -> None:
    path = tmp_path / "empty.db"
    EmbeddedStore(path).close()
    url = f"sqlite:///{path}"
    app = make_app(url)
    assert not _errors(app)
    assert any("empty" in str(t.value) for t in app.title)
    # a blank register: the organisation form, refused while it is incomplete
    app.switch_page("views/register.py").run()
    form = "register_organisation___new__"
    app.button(key=f"{form}__save").click().run()
    errors = _errors(app)
    assert any(e.startswith("Legal name: required") for e in errors), errors
    assert any(e.startswith("Country (Address): required; choose a country") for e in errors), errors
    store = open_store(url)
    try:
        assert store.is_empty()
    finally:
        store.close()
    app.text_input(key=f"{form}:name").input("Fjord Analytics AS")
    app.selectbox(key=f"{form}:address.country").select("NO").run()
    app.button(key=f"{form}__save").click().run()
    assert not _errors(app)
    store = open_store(url)
    try:
        organisation = store.get_organisation()
        assert organisation is not None and organisation.value.address.country == "NO"
    finally:
        store.close()


def test_first_run_loads_the_verji_example(tmp_path: Path, make_app: Callable[..., AppTest]) -> None:
    path = tmp_path / "empty.db"
    EmbeddedStore(path).close()
    app = make_app(f"sqlite:///{path}")
    app.button(key="welcome_seed").click().run()
    assert not _errors(app)
    store = open_store(f"sqlite:///{path}")
    try:
        assert not store.is_empty() and store.get_entity(EntityKind.PROCESSOR, "crm-provider") is not None
    finally:
        store.close()


def test_first_run_leads_to_the_import_page(tmp_path: Path, make_app: Callable[..., AppTest]) -> None:
    path = tmp_path / "empty.db"
    EmbeddedStore(path).close()
    app = make_app(f"sqlite:///{path}")
    assert not _errors(app)
    assert any(link.proto.page.endswith("import_page") or "import" in link.proto.page for link in app.get("page_link"))
    app.switch_page("views/import_page.py").run()
    assert not _errors(app)
    assert any("Import" in str(t.value) for t in app.title)
