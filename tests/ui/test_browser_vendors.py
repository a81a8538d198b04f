"""The Register page's vendors table and the sidebar's search in Chromium: every processor listed, a typed
filter that forgives a typo, a search that answers while typing and opens the entity, and one field set on two
selected rows through the plan. Each step waits on what the page shows, never on a fixed pause."""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from playwright.sync_api import expect

from catalog.app.register import seed_dir
from catalog.registerfile.register_yaml import load_register
from catalog.store import open_store
from tests.ui.test_browser import SCREENSHOTS, browser, server  # noqa: F401 (the fixtures)
from tests.ui.test_browser_fix import SCRIPT_DONE, _css

pytestmark = pytest.mark.browser

TABLE = "register_table_processors"
ROW_HEIGHT = 35
"""Streamlit's data grid row height in pixels (its header row too): where a row's checkbox is drawn."""


def _cells(page: Any, text: str) -> Any:
    """The grid's accessible cells (the canvas mirrors the rows it draws) holding ``text``."""
    return page.locator(f'{_css(TABLE)} td[role="gridcell"]', has_text=re.compile(f"^{re.escape(text)}$"))


def _open_register(page: Any, server: str) -> None:  # noqa: F811
    page.goto(f"{server}/register")
    page.wait_for_function(SCRIPT_DONE, timeout=90_000)
    expect(_cells(page, "Webstat")).to_have_count(1, timeout=60_000)


def test_every_processor_is_listed_and_a_typed_filter_forgives_a_typo(server: str, browser: Any) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    _open_register(page, server)
    for processor in load_register(seed_dir()).processors:
        expect(_cells(page, processor.key)).to_have_count(1)
    if SCREENSHOTS.name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "register_vendors.png"))
    page.locator(f"{_css(f'{TABLE}_text')} input").fill("hub sopt")
    page.keyboard.press("Enter")
    expect(_cells(page, "Webstat")).to_have_count(0, timeout=30_000)
    expect(_cells(page, "HubSpot")).to_have_count(1)
    context.close()


def test_the_sidebar_search_answers_while_typing_and_opens_the_entity(server: str, browser: Any) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/findings")
    page.wait_for_function(SCRIPT_DONE, timeout=90_000)
    page.locator(f"{_css('sidebar_search')} input").press_sequentially("Web stat")  # no Enter: live
    link = page.locator('[data-testid="stSidebar"] a', has_text=re.compile("^Webstat · processor"))
    expect(link).to_have_count(1, timeout=30_000)
    link.click()
    expect(page.get_by_role("heading", name="Webstat", exact=True)).to_be_visible(timeout=60_000)
    assert "key=webstat" in page.url
    context.close()


def test_one_field_is_set_on_two_selected_rows_through_the_plan(server: str, browser: Any) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    _open_register(page, server)
    grid = page.locator(f'{_css(TABLE)} [data-testid="data-grid-canvas"]')
    box = grid.bounding_box()
    assert box is not None
    # The checkboxes are drawn on the canvas only (the grid's accessible table mirrors the data cells, not
    # its row markers, and the keyboard selects one row at a time): clicked where the grid draws them.
    for row in (0, 1):
        page.mouse.click(box["x"] + 18, box["y"] + ROW_HEIGHT * (row + 1) + ROW_HEIGHT / 2)
    expander = page.locator('[data-testid="stExpander"]', has_text="Edit one field of the 2 selected")
    expect(expander).to_be_visible(timeout=30_000)
    page.locator(f"{_css('register_bulk_processors_date')} input").fill("2026-11-20")
    page.keyboard.press("Enter")
    page.wait_for_function(SCRIPT_DONE, timeout=60_000)
    page.locator(f"{_css('register_bulk_processors_preview')} button").click()
    changes = page.locator(_css("register_bulk_plan_view"))
    expect(changes).to_be_visible(timeout=60_000)
    expect(changes.locator('td[role="gridcell"]', has_text="2026-11-20")).to_have_count(2, timeout=30_000)
    page.locator(f"{_css('register_bulk_processors_apply')} button").click()
    success = page.locator('[data-testid="stAlertContentSuccess"]')
    expect(success).to_contain_text("on 2 processors", timeout=60_000)
    url = re.search(r"Store: (sqlite:///\S+)", page.locator('[data-testid="stSidebar"]').inner_text())
    assert url is not None
    store = open_store(url.group(1).replace("\\", ""), read_only=True)
    try:
        reviewed = {p.key: p.last_reviewed_on for p in store.load_register().processors}
    finally:
        store.close()
    assert reviewed["hubspot"] == reviewed["crm-provider"] == date(2026, 11, 20)  # the first two rows, by name
    assert reviewed["webstat"] is None
    context.close()


def test_the_filtered_view_downloads_as_csv_and_xlsx(server: str, browser: Any) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900}, accept_downloads=True)
    page = context.new_page()
    _open_register(page, server)
    page.locator(f"{_css(f'{TABLE}_text')} input").fill("hub sopt")
    page.keyboard.press("Enter")
    expect(_cells(page, "Webstat")).to_have_count(0, timeout=30_000)
    # The files are made when the button is clicked (not on every run of the page): of the view shown.
    with page.expect_download(timeout=60_000) as csv_download:
        page.get_by_role("button", name="Download the view (CSV)").click()
    text = Path(csv_download.value.path()).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2 and "HubSpot" in rows[1] and "Webstat" not in text
    with page.expect_download(timeout=60_000) as xlsx_download:
        page.get_by_role("button", name="Download the view (XLSX)").click()
    sheet = openpyxl.load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes())).active
    assert sheet is not None
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert values[0] == rows[0] and len(values) == 2 and "HubSpot" in values[1]
    context.close()
