"""Register forms in Chromium: a finding fixed end to end, from the findings page through its Fix link and
the real widgets (a date typed as 2026/11/20 included) to the page saying the finding is gone; and a table row that
cannot be saved kept with its message, typed into the grid with the keyboard."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import expect

from catalog.app import register as register_app
from catalog.app.history import context
from catalog.app.register import seed_dir
from catalog.compliance.engine import evaluate
from catalog.compliance.rules import SCC_DETAILS_MISSING
from catalog.domain.register import EntityKind
from catalog.domain.vocab import SccModule
from catalog.reference import load_reference
from catalog.registerfile.register_yaml import load_register
from catalog.store.embedded import EmbeddedStore
from tests.ui.test_browser import SCREENSHOTS, _catalog_ui, browser, server  # noqa: F401 (the fixtures)

pytestmark = pytest.mark.browser

FORM = "register_processors_crm-provider:safeguards.0"


def _css(key: str) -> str:
    """Streamlit's class for a keyed element: every character outside [A-Za-z0-9_-] becomes '-'."""
    return ".st-key-" + re.sub(r"[^a-zA-Z0-9_-]", "-", key)


SCRIPT_DONE = (
    "() => document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state') === 'notRunning'"
)


def _pick(page: Any, key: str, typed: str, option: str) -> None:
    """Choose an option of a selectbox by typing into its search box; done when the box shows it."""
    widget = page.locator(_css(key))
    box = widget.locator('input[role="combobox"]').first
    box.click()
    page.keyboard.type(typed)
    page.locator('[role="option"]', has_text=re.compile(option)).first.click()
    expect(box).to_have_value(re.compile(option), timeout=60_000)


def test_fix_opens_the_field_in_view_and_focused_and_saving_clears_the_finding(server: str, browser: Any) -> None:  # noqa: F811
    """Findings → Fix on the CRM provider's SCC finding → the safeguard is in view and focused, with the
    finding beside it → a date typed as 2026/11/20 is read → save → the finding is gone. Waits on
    conditions only."""
    register = load_register(seed_dir())
    finding = next(
        f
        for f in evaluate(register, load_reference(), date.today()).findings
        if f.rule == SCC_DETAILS_MISSING and f.subject == "processor:crm-provider"
    )
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{server}/findings")
    rule_filter = page.locator(f'{_css("findings_rule")} input[role="combobox"]')
    rule_filter.click()
    page.keyboard.type("SCC details missing")
    page.locator('[role="option"]', has_text="SCC details missing").first.click()
    page.keyboard.press("Escape")
    card = page.locator(_css(f"finding-{finding.id}"))
    expect(card).to_contain_text("unknown (CRM provider, not named)", timeout=60_000)
    fix = card.get_by_role("button", name=re.compile("^Fix: "))
    expect(fix).to_be_visible()
    assert fix.evaluate("button => button.scrollWidth <= button.clientWidth"), "the Fix label is cut off"
    fix.click()

    here = page.locator(_css("register_processors_crm-provider__fix_here"))
    expect(here).to_contain_text("Fix here: SCC details missing", timeout=60_000)
    first_field = page.locator(f"{_css(f'{FORM}.kind')} input")
    expect(first_field).to_be_focused(timeout=30_000)
    expect(first_field).to_be_in_viewport()
    expect(here).to_be_in_viewport()
    box = page.evaluate("() => { const r = document.activeElement.getBoundingClientRect(); return [r.top, r.bottom]; }")
    assert box[0] >= 0 and box[1] <= 900, box

    _pick(page, f"{FORM}.instrument", "2021/914", "2021/914")
    _pick(page, f"{FORM}.module", "Module 2", "^Module 2: controller to processor$")
    page.locator(f"{_css(f'{FORM}.tia.__present')} label").click()
    assessed = page.locator(f"{_css(f'{FORM}.tia.assessed_on')} input")
    typed = (date.today() - timedelta(days=10)).strftime("%Y/%m/%d")
    assessed.fill(typed)
    assessed.press("Enter")
    expect(assessed).to_have_value(typed.replace("/", "-"), timeout=60_000)  # read as the day it names
    _pick(page, f"{FORM}.tia.outcome", "Adequate", "^Adequate$")
    if SCREENSHOTS.name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "register_fix.png"))
    page.locator(f"{_css('register_processors_crm-provider__save')} button").click()
    success = page.locator('[data-testid="stAlertContentSuccess"]', has_text="is gone")
    expect(success).to_contain_text("SCC details missing", timeout=60_000)
    errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.all_inner_texts()

    page.goto(f"{server}/findings")
    expect(page.get_by_text(re.compile(r"findings as of \d{4}-\d{2}-\d{2}"))).to_be_visible(timeout=60_000)
    page.wait_for_function(SCRIPT_DONE, timeout=90_000)
    expect(page.locator(_css(f"finding-{finding.id}"))).to_have_count(0)
    context.close()


def _edit_cell(table: Any, column: int, row: int, text: str) -> None:
    """Type ``text`` into a cell of a glide grid with the keyboard, found by its accessible cell, not its pixels.

    The grid draws on a canvas and mirrors its cells in an accessible table: the first focus of the grid
    selects its first cell, and focusing a cell of that table then selects it; Enter opens the cell's
    editor and Enter again commits it.
    """
    selected = table.locator('td[role="gridcell"][aria-selected="true"]')
    table.locator('[data-testid="data-grid-canvas"]').focus()
    expect(selected).to_have_count(1, timeout=30_000)
    cell = table.locator(f'td[role="gridcell"]#glide-cell-{column}-{row}')
    cell.focus()
    expect(cell).to_have_attribute("aria-selected", "true", timeout=30_000)
    cell.press("Enter")
    editor = table.page.locator("#portal textarea")
    expect(editor).to_be_focused(timeout=30_000)
    editor.press_sequentially(text)
    expect(editor).to_have_value(text)
    editor.press("Enter")
    expect(cell).to_have_text(text, timeout=30_000)


def test_a_sub_processor_row_that_cannot_be_saved_keeps_its_input_and_says_why(server: str, browser: Any) -> None:  # noqa: F811
    """A new row without its required sub-processor reaches the save, which refuses it naming the row and
    the field; the row and what was typed in it stay in the table."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(f"{server}/register?kind=processors&key=webstat")
    page.wait_for_function(SCRIPT_DONE, timeout=90_000)
    table = page.locator(_css("register_processors_webstat:sub_processors"))
    purpose = table.locator('td[role="gridcell"]', has_text="Backups in Atlantis")
    expect(purpose).to_have_count(0)
    table.hover()
    table.get_by_role("button", name="Add row").click()
    # the columns: 1 the row's number, 2 sub-processor, 3 purpose, 4 locations; row 0 is the new one
    _edit_cell(table, 3, 0, "Backups in Atlantis")
    page.locator(f"{_css('register_processors_webstat__save')} button").click()
    errors = page.locator('[data-testid="stAlertContentError"]')
    expect(errors).to_have_text(["Sub-processor (Sub-processors, row 1): required; fill it in"], timeout=90_000)
    page.wait_for_function(SCRIPT_DONE, timeout=90_000)
    expect(errors).to_have_count(1)
    expect(page.locator('[data-testid="stAlertContentSuccess"]')).to_have_count(0)
    expect(purpose).to_have_count(1)
    context.close()


@pytest.fixture(scope="module")
def edited_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`catalog ui` on a seeded store in which the DPO has named the CRM provider's SCC (2021/914, module 2)."""
    folder = tmp_path_factory.mktemp("edited")
    store = EmbeddedStore(folder / "catalog.db")
    try:
        register_app.seed(store)
        stored = store.get_entity(EntityKind.PROCESSOR, "crm-provider")
        assert stored is not None
        processor: Any = stored.value
        named = processor.safeguards[0].model_copy(update={"instrument": "scc-2021-914", "module": SccModule("2")})
        edited = processor.model_copy(update={"safeguards": [named, *processor.safeguards[1:]]})
        register_app.save_entity(store, edited, stored.version, context("edit", actor="dpo"))
    finally:
        store.close()
    env = dict(os.environ, HOME=str(folder))
    with _catalog_ui(["--store", f"sqlite:///{folder / 'catalog.db'}"], env, folder / "server.log") as url:
        yield url


def test_history_reads_the_edit_in_words_and_compares_two_dates(edited_server: str, browser: Any) -> None:  # noqa: F811
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(f"{edited_server}/history")
    # the latest entry (the edit) is shown at once, field by field in words
    change = page.locator('[data-testid="stTable"]', has_text="Safeguards, item 1 · Instrument").first
    expect(change).to_contain_text("SCC 2021/914", timeout=90_000)
    expect(change).to_contain_text("Module 2: controller to processor")
    assert "{" not in change.inner_text() and "[" not in change.inner_text(), change.inner_text()
    # compare dates: by default the day before the last change and today
    today = date.today()
    first = page.locator(_css("history_dates_from"))
    expect(first.locator('input[type="date"]')).to_have_value((today - timedelta(days=1)).isoformat(), timeout=60_000)
    expect(page.locator(f'{_css("history_dates_to")} input[type="date"]')).to_have_value(today.isoformat())
    expect(page.get_by_text("Findings that appeared")).to_have_count(2)  # the two entries, and the two dates
    # the first date moved to today through the calendar: the same day on both sides
    first.locator('[data-testid="stDateInputCalendarButton"]').click()
    calendar = page.locator('[data-testid="stDateInputCalendar"]')
    calendar.locator('[role="gridcell"] [role="button"][aria-label*="Today"]').first.click()
    expect(page.get_by_text("Nothing differs: you compared a day with itself")).to_be_visible(timeout=60_000)
    if SCREENSHOTS.name:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.goto(f"{edited_server}/history")
        expect(change).to_contain_text("SCC 2021/914", timeout=90_000)
        page.wait_for_function(SCRIPT_DONE, timeout=90_000)
        page.screenshot(path=str(SCREENSHOTS / "history.png"))
    context.close()
