"""The UI in bokmål: every page of the seeded Verji register read with the language set to nb shows no English
string of the UI's catalog (checked against the catalog itself, not a hand-made list), and the choice persists
the ways docs/ui.md describes (the ``?lang=`` address, a signed-in user's saved preference)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from catalog.kernel.i18n import LOCALE_DIR
from catalog.store import open_store
from catalog.store.embedded import EmbeddedStore
from tests.ui.conftest import APP
from ui.components.forms import location_label, location_options
from ui.preferences import PREFERENCES_ENV, preferred_language, remember_language

PAGES = [
    "views/overview.py",
    "views/lineage.py",
    "views/transfer_map.py",
    "views/findings.py",
    "views/due.py",
    "views/register.py",
    "views/exports.py",
    "views/history.py",
    "views/import_page.py",
]
_PLACEHOLDER = re.compile(r"\{[a-z_][a-z0-9_]*\}")


def _english_of_the_ui_catalog() -> list[tuple[str, re.Pattern[str], bool]]:
    """Every English source string of ui.po whose bokmål differs: (source, pattern, whole text only).

    A string whose fixed words are a single word ("Due", "to", "{where} on {date}") counts only when it is
    the whole text (a label, an option, a column); a longer one counts anywhere in a text."""
    with (LOCALE_DIR / "nb" / "LC_MESSAGES" / "ui.po").open("rb") as handle:
        catalog = read_po(handle, locale="nb")
    found = []
    for message in catalog:
        if not message.id:
            continue
        sources = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        translations = (message.string,) if isinstance(message.string, str) else tuple(message.string or ())
        for source in sources:
            if source in translations:
                continue  # the same word in both languages ("Status", "System", "Import")
            whole = len(_PLACEHOLDER.sub(" ", source).strip(" .,:;()").split()) < 3
            # a filled-in value is a few words at most when the string must be the whole text
            value = r"\S+(?: \S+){0,3}" if whole else ".+?"
            pattern = "".join(
                value if _PLACEHOLDER.fullmatch(part) else re.escape(part)
                for part in re.split(r"(\{[a-z_][a-z0-9_]*\})", source.strip())
                if part
            )
            found.append((source, re.compile(rf"(?<!\w){pattern}(?!\w)"), whole))
    return found


ENGLISH = _english_of_the_ui_catalog()
PLACES = sorted({location_label(code) for code in location_options()}, key=len, reverse=True)
"""Every place's name as the forms offer it (ISO data in English until catalog.domain names them per language)."""


def _walk(node: Any) -> Iterator[Any]:
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def _frame_texts(frame: pd.DataFrame, proto: Any) -> Iterator[str]:
    """A table's headings (a configured column's title, else its name) and, unless it is an editor whose cells
    hold the register's values, its cells."""
    configured: dict[str, dict[str, Any]] = json.loads(getattr(proto, "columns", "") or "{}")
    for column in frame.columns:
        config = configured.get(str(column), {})
        yield str(config.get("label") or column)
        yield from (str(config[name]) for name in ("help",) if config.get(name))
        options = config.get("type_config", {}).get("options", [])
        yield from (str(option.get("label")) for option in options if isinstance(option, dict) and option.get("label"))
    if getattr(proto, "editing_mode", 0) != 0:  # an editor: its cells are stored values, shown through the options
        return
    for column in frame.columns:
        yield from (value for value in frame[column].tolist() if isinstance(value, str))


def rendered_texts(app: AppTest) -> list[str]:
    """What a person reads on the page: texts, labels, help, placeholders, options, metrics, table headings
    and cells, link and download labels, expander titles."""
    texts: list[str] = []
    for node in _walk(app._tree):
        proto = getattr(node, "proto", None)
        for name in ("label", "help", "placeholder", "body", "text"):
            value = getattr(proto, name, None) if proto is not None else None
            if isinstance(value, str) and value:
                texts.append(value)
        options = getattr(proto, "options", None)
        if options is not None and not isinstance(options, str):
            texts.extend(str(option) for option in options)
        if node.type in ("arrow_data_frame", "arrow_table", "dataframe", "table"):
            value = node.value
            if isinstance(value, pd.DataFrame):
                texts.extend(_frame_texts(value, proto))
    return [text.replace("\\", "") for text in texts]


def register_texts(url: str) -> list[str]:
    """Every text the register itself holds (names, purposes, ...) and every place's name, longest first: the
    register's own words are not the UI's (they are localised in the register, docs/register-format.md), nor
    are the countries' names (ISO data), so the check leaves them out."""
    store = open_store(url)
    try:
        dumped = store.load_register().model_dump(mode="json")
    finally:
        store.close()

    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for item in value.values():
                yield from strings(item)
        elif isinstance(value, list):
            for item in value:
                yield from strings(item)

    return sorted({text for text in [*strings(dumped), *PLACES] if len(text) > 3}, key=len, reverse=True)


def english_in(texts: list[str], register: list[str] = ()) -> list[tuple[str, str]]:  # type: ignore[assignment]
    """(source string, text) for every English catalog string a text shows outside the register's own words."""
    found = []
    for shown in texts:
        text = shown
        for own in register:
            text = text.replace(own, " ")
        for source, pattern, whole in ENGLISH:
            hit = pattern.fullmatch(text.strip()) if whole else pattern.search(text)
            if hit:
                found.append((source, text))
    return found


@pytest.fixture
def nb_app(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Callable[..., AppTest]:
    """The app opened at ``?lang=nb`` (a bookmark in bokmål)."""

    def make(url: str, read_only: bool = False) -> AppTest:
        monkeypatch.setenv("CATALOG_STORE", url)
        monkeypatch.setenv("CATALOG_UI_READ_ONLY", "1" if read_only else "0")
        monkeypatch.setenv(PREFERENCES_ENV, str(tmp_path / "preferences.json"))
        app = AppTest.from_file(str(APP), default_timeout=60)
        app.query_params["lang"] = "nb"
        app.run()
        return app

    return make


def test_the_checker_finds_english_and_lets_bokmal_pass() -> None:
    assert english_in(["Findings by severity"]) and english_in(["Due"])
    assert english_in(["Reviews: 2 overdue, 3 due within 90 days (see Due)."])
    assert not english_in(["Funn etter alvorlighetsgrad", "Sammenlign to datoer", "Frister", "versjon 3"])


@pytest.mark.parametrize(
    ("page", "read_only"),
    [pytest.param(page, False, id=f"dpo-{page}") for page in PAGES]
    + [pytest.param(page, True, id=f"auditor-{page}") for page in PAGES if page != "views/import_page.py"],
)
def test_every_page_in_bokmal_shows_no_english_ui_string(
    store_url: str, nb_app: Callable[..., AppTest], page: str, read_only: bool
) -> None:
    app = nb_app(store_url, read_only)
    app.switch_page(page).run()
    assert not app.exception, [e.value for e in app.exception]
    if page == "views/transfer_map.py":
        app.selectbox(key="map_transfer").select_index(0).run()  # a transfer's evidence, findings and buttons
    if page == "views/import_page.py":
        app.radio(key="import_what").set_value("subprocessors").run()
        app.selectbox(key="import_processor").set_value("hubspot").run()
        listed = b"Name,Service,Locations\nAcme Support,Customer support,India\n"
        app.file_uploader(key="import_file").set_value(("hubspot.csv", listed, "text/csv")).run()
    assert not app.exception, [e.value for e in app.exception]
    texts = rendered_texts(app)
    assert texts
    found = english_in(texts, register_texts(store_url))
    assert found == [], "\n".join(f"{source!r} in {text[:150]!r}" for source, text in found)


def test_the_sidebar_choice_goes_into_the_address_and_a_new_session_keeps_it(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    assert app.title[0].value == "Overview"
    app.selectbox(key="ui_lang").select("nb").run()
    assert app.title[0].value == "Oversikt" and app.query_params["lang"] == "nb"
    app.switch_page("views/findings.py").run()  # a page switch drops query parameters: the router puts it back
    assert app.title[0].value == "Funn" and app.query_params["lang"] == "nb"
    app.run()
    assert app.title[0].value == "Funn"

    reopened = AppTest.from_file(str(APP), default_timeout=60)  # a reload of the address: a new session
    reopened.query_params["lang"] = app.query_params["lang"]
    reopened.run()
    assert reopened.title[0].value == "Oversikt"
    assert reopened.selectbox(key="ui_lang").value == "nb"


def test_english_is_the_default_and_an_unknown_language_in_the_address_is_ignored(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CATALOG_STORE", store_url)
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.query_params["lang"] = "xx"
    app.run()
    assert not app.exception and app.title[0].value == "Overview"


def test_a_signed_in_users_choice_is_saved_by_their_identity(tmp_path: Path) -> None:
    path = tmp_path / "preferences.json"
    assert preferred_language("ola@verji.example", path) is None  # no file yet
    remember_language("ola@verji.example", "nb", path)
    remember_language("kari@verji.example", "en", path)
    assert preferred_language("ola@verji.example", path) == "nb"
    assert preferred_language("kari@verji.example", path) == "en"
    path.write_text("not json", encoding="utf-8")
    assert preferred_language("ola@verji.example", path) is None  # a damaged file: no preference, no error


def test_the_first_run_in_bokmal_shows_no_english_ui_string(tmp_path: Path, nb_app: Callable[..., AppTest]) -> None:
    path = tmp_path / "empty.db"
    EmbeddedStore(path).close()
    app = nb_app(f"sqlite:///{path}")
    assert not app.exception and app.title[0].value == "Velkommen: registeret er tomt"
    assert english_in(rendered_texts(app), PLACES) == []
    app.switch_page("views/register.py").run()  # a blank register starts with the organisation form
    assert not app.exception
    assert english_in(rendered_texts(app), PLACES) == []
