"""The transfer map, lineage and history pages driven headless (AppTest) on the seed and on small registers."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from catalog.app.register import DEFAULT_SEED_DIR
from catalog.compliance.engine import evaluate
from catalog.domain.register import EntityKind
from catalog.exporters.rows import build_table
from catalog.history.chain import EntityChange
from catalog.reference import load_reference
from catalog.registerfile.register_yaml import load_register
from catalog.store import open_store
from tests.engine_registers import register, vendor
from tests.ui.conftest import store_with
from ui.components.history_view import field_rows, plural


def _no_errors(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def test_the_map_accounts_for_every_transfer_of_the_seed(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = make_app(store_url)
    app.switch_page("views/transfer_map.py").run()
    _no_errors(app)
    seed = load_register(DEFAULT_SEED_DIR)
    rows = len(build_table("transfers", seed, evaluate(seed, load_reference(), date.today())).rows)
    unknown = next(m for m in app.metric if m.label == "Destination unknown")
    (deck,) = app.get("deck_gl_json_chart")
    assert '"count"' in deck.proto.json  # arcs carry their count
    arcs = [layer for layer in json.loads(deck.proto.json)["layers"] if layer["id"] == "transfers"]
    drawn = sum(arc["count"] for arc in arcs[0]["data"])
    assert drawn + int(unknown.value) == rows
    table = next(t.value for t in app.table if "Status" in t.value.columns)
    assert len(table) == rows
    assert not any(":" in str(v) for v in table["Importer"])  # names, not node ids


def test_two_dates_side_by_side_show_what_changed(tmp_path: Path, make_app: Callable[..., AppTest]) -> None:
    cert = {"programme": "privacy-shield", "certified_from": "2016-08-01"}
    shield = {"kind": "adequacy", "instrument": "us-privacy-shield"}
    app = make_app(store_with(tmp_path, register([vendor(safeguards=[shield], certifications=[cert])])))
    app.switch_page("views/transfer_map.py").run()
    _no_errors(app)
    # the default pair: the day before the latest day a verdict changed (the Shield's end) and the as-of date
    today = date.today().isoformat()
    compared = next(t.value for t in app.table if "on 2020-07-15" in t.value.columns)
    assert list(compared["on 2020-07-15"]) == ["! Valid, details missing"]  # the importer's kind is not recorded
    assert list(compared[f"on {today}"]) == ["✕ Not valid"]
    app.date_input(key="map_compare_first").set_value(date(2021, 1, 1)).run()
    assert any("same status" in str(i.value) for i in app.info)


def test_the_map_names_its_places_draws_the_unknown_group_and_shows_a_legend(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    app.switch_page("views/transfer_map.py").run()
    _no_errors(app)
    (deck,) = app.get("deck_gl_json_chart")
    layers = {layer["id"]: layer for layer in json.loads(deck.proto.json)["layers"]}
    names = {label["text"] for label in layers["places"]["data"]}
    assert {"United States", "Norway"} <= names
    unknown = int(next(m for m in app.metric if m.label == "Destination unknown").value)
    assert f"? Destination unknown: {unknown}" in names
    assert sum(arc["count"] for arc in layers["unknown"]["data"]) == unknown
    legends = [str(h.proto.body) for h in app.get("html") if "catalog-status-legend" in str(h.proto.body)]
    assert legends and all(word in legends[0] for word in ("Not valid", "Valid, details missing", "✕", "✓"))
    # the seed's verdicts change on no day: the page says so instead of comparing two empty dates
    assert any("No transfer's verdict changes" in str(i.value) for i in app.info)


def test_history_speaks_in_plurals_and_names_and_says_when_points_are_identical(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    app = make_app(store_url)
    app.switch_page("views/history.py").run()
    _no_errors(app)
    assert any("1 entry," in str(s.value) for s in app.success)  # not "1 entries"
    assert any("Nothing differs" in str(i.value) for i in app.info)  # one entry: from and to are the same point
    store = open_store(store_url)
    try:
        current = store.get_entity(EntityKind.PROCESSOR, "webstat")
        assert current is not None
        store.put_entity(
            current.value.model_copy(update={"legal_name": "Webstat AB"}), expected_version=current.version
        )
    finally:
        store.close()
    app.run()
    assert any("2 entries," in str(s.value) for s in app.success)
    app.selectbox(key="history_diff_to").select_index(1).run()
    changed = next(t.value for t in app.table if "fields" in t.value.columns)
    assert list(changed["name"]) == ["Webstat AB"] and list(changed["kind"]) == ["processor"]
    assert list(changed["fields"]) == ["Legal name"]
    assert not app.get("code")  # no raw JSON blocks


def test_history_words() -> None:
    assert plural(1, "entry") == "1 entry"
    assert plural(3, "entry") == "3 entries"
    assert plural(0, "change") == "0 changes"
    assert plural(2, "entity", "entities") == "2 entities"
    change = EntityChange(
        kind="processors", key="p", before={"legal_name": "A", "x": 1}, after={"legal_name": "B", "x": 1}
    )
    assert field_rows(change) == [{"field": "Legal name", "before": "A", "after": "B"}]
