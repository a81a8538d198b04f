"""The Due page and the overview's due counts, through Streamlit's AppTest (issue #18)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from catalog.registerfile.register_yaml import load_register
from tests.ui.conftest import store_with
from ui.session import AS_OF_KEY

DATA = Path(__file__).resolve().parents[1] / "review" / "data"


def _at(app: AppTest, page: str) -> AppTest:
    app.date_input(key=AS_OF_KEY).set_value(date(2027, 3, 1)).run()
    app.switch_page(page).run()
    assert not app.exception and not app.error
    return app


def test_due_page_shows_overdue_in_red_a_timeline_and_what_breaks(
    tmp_path: Path, make_app: Callable[..., AppTest]
) -> None:
    app = _at(make_app(store_with(tmp_path, load_register(DATA))), "views/due.py")
    assert [m.value for m in app.metric] == ["3", "2"]
    markdown = [m.value for m in app.markdown]
    red = [text for text in markdown if text.startswith(":red[")]
    assert len(red) == 3 and "UK CRM Ltd" in red[-1]
    assert any("US Mail Inc" in text and not text.startswith(":red[") for text in markdown)
    assert any(chart.proto.spec for chart in app.get("plotly_chart"))
    breaks = app.dataframe[0].value
    assert dict(zip(breaks["importer"], breaks["breaks on"], strict=True))["UK CRM Ltd"] == "2031-12-28"
    # Filter by kind: only the DPA reviews remain (one overdue, one due).
    app.multiselect(key="due_kind").set_value(["dpa-review"]).run()
    assert [m.value for m in app.metric] == ["1", "1"]


def test_overview_shows_due_counts(tmp_path: Path, make_app: Callable[..., AppTest]) -> None:
    app = _at(make_app(store_with(tmp_path, load_register(DATA))), "views/overview.py")
    captions = [c.value for c in app.caption]
    assert "Reviews: 3 overdue, 2 due within 90 days (see Due)." in captions
