"""The TIA page through Streamlit's AppTest (issue #32): the DPO fills step 3 and saves through the
import plan's preview; an auditor sees the same page read-only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from streamlit.testing.v1 import AppTest

from catalog.app.stores import open_store
from catalog.domain.register import EntityKind
from ui.session import AS_OF_KEY

PAGE = "views/tia.py"


def _open(app: AppTest) -> AppTest:
    app.date_input(key=AS_OF_KEY).set_value(date(2026, 12, 7)).run()
    app.switch_page(PAGE).run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    return app


def test_the_dpo_fills_step_3_and_saves(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = _open(make_app(store_url))
    assert app.selectbox(key="tia_transfer").options  # the four US transfers
    app.selectbox(key="tia_transfer").set_value("hubspot@US").run()
    headings = [h.value for h in app.subheader]
    assert [h.split(":")[0] for h in headings if h.startswith("Step")] == [f"Step {n}" for n in range(1, 7)]
    assert any("HubSpot" in m.value for m in app.markdown)  # step 1 from the register, by name
    app.text_area(key="tia_s3-access").input("FISA 702 reaches the importer as an electronic communications provider.")
    app.text_input(key="tia_s3-access_sources").input("Decision (EU) 2023/1795, section 3")
    app.selectbox(key="tia_outcome").set_value("adequate_with_measures")
    app.text_input(key="tia_decided_by").input("DPO Kari")
    app.button(key="FormSubmitter:tia_form-Preview the change").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert "Preview" in [h.value for h in app.subheader]
    assert "Findings: 0 added, 1 removed." in [m.value for m in app.markdown]  # the missing-TIA finding goes
    app.button(key="tia_save").click().run()
    assert not app.exception and not app.error, [e.value for e in app.error]
    assert any("Saved the transfer impact assessment tia-hubspot-us" in s.value for s in app.success)
    store = open_store(store_url)
    try:
        saved = store.get_entity(EntityKind.TIA, "tia-hubspot-us")
    finally:
        store.close()
    assert saved is not None
    tia = saved.value
    answer = tia.answer("s3-access")  # type: ignore[union-attr]
    assert (
        answer is not None
        and "FISA 702" in str(answer.answer)
        and answer.sources == ["Decision (EU) 2023/1795, section 3"]
    )
    assert tia.outcome is not None and tia.decided_by == "DPO Kari" and tia.facts is not None  # type: ignore[union-attr]


def test_an_auditor_reads_the_page_without_a_way_to_save(store_url: str, make_app: Callable[..., AppTest]) -> None:
    app = _open(make_app(store_url, read_only=True))
    inputs = [w for w in [*app.text_area, *app.text_input] if w.key != "sidebar_search"]  # the search only reads
    assert not inputs and not [b for b in app.button if b.key == "tia_save"]  # read-only: nothing to edit or save
    headings = [h.value for h in app.subheader]
    assert [h.split(":")[0] for h in headings if h.startswith("Step")] == [f"Step {n}" for n in range(1, 7)]
    assert any("not assessed" in m.value for m in app.markdown)
    assert list(app.get("download_button"))
