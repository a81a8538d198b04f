"""The DPO's daily pages read in words (#31): a change as named field changes, never JSON; two dates compared,
by default the day before the last change against today; findings that name entities, never bracketed keys."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from streamlit.testing.v1 import AppTest

from catalog.app import register as register_app
from catalog.app.history import context
from catalog.domain.register import EntityKind
from catalog.domain.vocab import SccModule
from catalog.store import open_store


def _no_errors(app: AppTest) -> None:
    assert not app.exception, [e.value for e in app.exception]
    assert not app.error, [e.value for e in app.error]


def _edit_crm_safeguards(url: str) -> None:
    """What the DPO does through the form: the CRM provider's SCC named (2021/914, module 2)."""
    store = open_store(url)
    try:
        stored = store.get_entity(EntityKind.PROCESSOR, "crm-provider")
        assert stored is not None
        processor: Any = stored.value
        first = processor.safeguards[0].model_copy(update={"instrument": "scc-2021-914", "module": SccModule("2")})
        edited = processor.model_copy(update={"safeguards": [first, *processor.safeguards[1:]]})
        register_app.save_entity(store, edited, stored.version, context("edit", actor="dpo"))
    finally:
        store.close()


def _cells(app: AppTest) -> list[str]:
    """Every cell of every table and every line of text the page drew."""
    texts = [
        str(getattr(e, "value", ""))
        for kind in ("markdown", "caption", "info", "success", "text")
        for e in app.get(kind)
    ]
    for table in app.table:
        frame = table.value
        texts.extend(str(column) for column in frame.columns)
        texts.extend(str(value) for value in frame.to_numpy().ravel())
    texts.extend(str(getattr(e.proto, "label", "")) for e in app.get("expandable"))
    return texts


def test_the_history_of_a_safeguard_edit_reads_as_named_field_changes(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    _edit_crm_safeguards(store_url)
    app = make_app(store_url)
    app.switch_page("views/history.py").run()
    _no_errors(app)
    change = next(t.value for t in app.table if list(t.value.columns) == ["field", "before", "after"])
    rows = {row["field"]: (row["before"], row["after"]) for _, row in change.iterrows()}
    assert rows["Safeguards, item 1 · Instrument"] == ("unknown (not stated)", "SCC 2021/914")
    assert rows["Safeguards, item 1 · SCC module"] == ("not stated", "Module 2: controller to processor")
    texts = _cells(app)
    assert not [t for t in texts if "{" in t or "[{" in t], "JSON on the history page"


def test_compare_dates_defaults_to_the_day_before_the_last_change_and_today(
    store_url: str, make_app: Callable[..., AppTest]
) -> None:
    _edit_crm_safeguards(store_url)
    app = make_app(store_url)
    app.switch_page("views/history.py").run()
    _no_errors(app)
    today = date.today()
    assert app.date_input(key="history_dates_from").value == today - timedelta(days=1)
    assert app.date_input(key="history_dates_to").value == today
    # the seed and the edit are both today: the day before held nothing, so everything was added since
    added = next(t.value for t in app.table if "fields" in t.value.columns and set(t.value["change"]) == {"added"})
    assert "CRM provider (unnamed)" in set(added["name"]) or "crm-provider" in set(added["key"])
    assert any(m.label == "Findings that appeared" and int(m.value) > 0 for m in app.metric)
    app.date_input(key="history_dates_from").set_value(today).run()
    assert any(str(i.value).startswith("Nothing differs: you compared a day with itself") for i in app.info)


BRACKETED_KEY = re.compile(r"\[[a-z0-9][a-z0-9._:-]*\]")


def test_findings_name_entities_never_bracketed_keys(store_url: str, make_app: Callable[..., AppTest]) -> None:
    _edit_crm_safeguards(store_url)
    app = make_app(store_url)
    app.switch_page("views/findings.py").run()
    _no_errors(app)
    pages = max((int(n.max or 1) for n in app.number_input if n.key == "findings_page"), default=1)
    for page in range(1, pages + 1):
        if page > 1:
            app.number_input(key="findings_page").set_value(page).run()
        texts = [t.replace("\\", "") for t in _cells(app)]
        assert not [t for t in texts if BRACKETED_KEY.search(t)], [t for t in texts if BRACKETED_KEY.search(t)]
