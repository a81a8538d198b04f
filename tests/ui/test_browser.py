"""A real browser on a real server: `catalog ui` on a free port, every page in headless Chromium.

Checks that no page shows an error box or logs a console error, that the app fetches nothing from
outside the machine (no CDN, no basemap tiles), that the lineage graph draws the CRM route to the US
with its SCC label, that the lineage of every entity of every "start from" kind is drawn (spread out,
not collapsed into a corner) without a console error, and saves a screenshot of every page to
docs/screenshots/ at 1440x900 when CATALOG_UPDATE_SCREENSHOTS=1 (scripts/screenshots; the README shows them).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from catalog.app.register import DEFAULT_SEED_DIR
from catalog.graph.edges import build_graph
from catalog.registerfile.register_yaml import load_register
from catalog.store.embedded import EmbeddedStore
from ui.components.graph import FOCUS_TYPES, display_name

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
REPO = Path(__file__).resolve().parents[2]
# The README's screenshots are refreshed on request, so ordinary runs leave the work tree clean.
SCREENSHOTS = REPO / (
    "docs/screenshots" if os.environ.get("CATALOG_UPDATE_SCREENSHOTS") == "1" else "test-artifacts/screenshots"
)
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# url path -> screenshot name; the lineage page opens on the acceptance example
PAGES = {
    "": "overview",
    "lineage?focus=category:contact.email": "lineage",
    "transfer_map": "transfer_map",
    "findings": "findings",
    "due": "due",
    "register?kind=processors&key=webstat": "register",
    "exports": "exports",
    "history": "history",
}

from playwright import sync_api  # noqa: E402


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"catalog ui exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise AssertionError("catalog ui did not become healthy")


@contextlib.contextmanager
def _catalog_ui(arguments: list[str], env: dict[str, str], log_path: Path) -> Iterator[str]:
    """`catalog ui` with ``arguments`` on a free local port, healthy, until the block ends; its URL."""
    port = _free_port()
    log = log_path.open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "catalog", "ui", *arguments, "--port", str(port), "--address", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, process)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    # the store starts empty: `catalog ui` must seed it, as on a fresh machine
    env = dict(os.environ, HOME=str(folder), XDG_DATA_HOME=str(folder / "data"))
    env.pop("CATALOG_STORE", None)
    with _catalog_ui([], env, folder / "server.log") as url:
        yield url
    store = EmbeddedStore(folder / "data" / "gdpr-transfer-catalog" / "catalog.db")
    try:
        assert not store.is_empty(), "catalog ui did not seed the empty store"
    finally:
        store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():  # a failure under CI (see tests/conftest.py); scripts/check installs it
        pytest.skip("Debian's chromium is not installed (apt-get install -y chromium)")
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def _settle(page: Any) -> None:
    """Wait until the script has run and Streamlit has drawn the page."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=60_000)
    page.wait_for_function(
        "() => { const app = document.querySelector('[data-testid=\"stApp\"]');"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'; }",
        timeout=90_000,
    )
    page.wait_for_selector("h1", timeout=60_000)
    # widgets drawn as placeholders at first (a long form) get their content; a page that keeps one
    # is still checked for errors below
    with contextlib.suppress(sync_api.TimeoutError):
        page.wait_for_function("() => !document.querySelector('[data-testid=\"stSkeleton\"]')", timeout=20_000)
    page.wait_for_timeout(2500)  # components (graph, map, chart) draw after the script finishes


def _streamlit_probe(url: str) -> bool:
    """Streamlit's frontend, opened on a page's own URL (/lineage), first asks /lineage/_stcore/health and
    /lineage/_stcore/host-config to find its base path, gets a 404 and falls back to the root: its own
    noise, not the app's. Only these two requests are excused; the per-entity test below, which
    navigates inside the app, excuses nothing."""
    parsed = urlparse(url)
    return parsed.path.rstrip("/").endswith(("/_stcore/health", "/_stcore/host-config")) and parsed.path.count("/") > 2


def _console_errors(page: Any, excuse: Any = None) -> list[str]:
    errors: list[str] = []

    def on_console(message: Any) -> None:
        if message.type == "error" and not (excuse and excuse(message.location.get("url", ""))):
            errors.append(f"{message.text} at {message.location.get('url', '')}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return errors


def test_every_page_in_a_real_browser(server: str, browser: Any) -> None:
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1440, "height": 900})  # the screenshots' size

    def guard(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    console = _console_errors(page, excuse=_streamlit_probe)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path, name in PAGES.items():
        page.goto(f"{server}/{path}")
        _settle(page)
        errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
        assert errors.count() == 0, f"{name}: {errors.all_inner_texts()}"
        assert not console, f"{name}: console errors {console}"
        if name == "lineage":
            _check_lineage_graph(page)
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    context.close()
    assert not outside, f"the app tried to reach outside the machine: {sorted(set(outside))}"


def _check_lineage_graph(page: Any) -> None:
    """Read the drawn graph from Cytoscape inside the component's frame: the CRM route and its label."""
    frame_element = page.wait_for_selector('iframe[title*="st_link_analysis"]', timeout=60_000)
    frame = frame_element.content_frame()
    assert frame is not None
    frame.wait_for_function("() => document.getElementById('cy')?._cyreg?.cy?.edges().length > 0", timeout=60_000)
    edges = frame.evaluate(
        "() => document.getElementById('cy')._cyreg.cy.edges().map("
        "e => [e.source().id(), e.target().id(), e.data('name'), e.data('label')])"
    )
    route = {(source, target) for source, target, _, _ in edges}
    assert {
        ("activity:newsletter", "system:crm"),
        ("system:crm", "processor:crm-provider"),
        ("processor:crm-provider", "country:US"),
    } <= route
    crm_us = next(e for e in edges if e[0] == "processor:crm-provider" and e[1] == "country:US")
    assert "SCC" in crm_us[2] and crm_us[3] == "transfer_valid_details_missing"
    unknown = [e for e in edges if e[1] == "country:unknown" and e[0].startswith("processor:")]
    assert unknown and all(e[3] == "transfer_destination_unknown" and "UNKNOWN" in e[2] for e in unknown)
    # the columns, left to right as drawn: categories, activities, systems, processors, countries
    xs = frame.evaluate(
        "() => document.getElementById('cy')._cyreg.cy.nodes().map(n => [n.data('label'), n.renderedPosition().x])"
    )
    spans: dict[str, list[float]] = {}
    for kind, x in xs:
        spans.setdefault(kind, []).append(x)
    order = [spans[kind] for kind in ("category", "activity", "system", "processor", "country")]
    assert all(max(left) < min(right) for left, right in itertools.pairwise(order)), order


KIND_LABELS = {"category": "Data category", "subject": "Data-subject category"}


def _seed_focuses() -> list[tuple[str, str, str]]:
    """(kind label, option text, node id) of every entity the lineage page offers, as the page lists them."""
    graph = build_graph(load_register(DEFAULT_SEED_DIR))
    found = []
    for kind in FOCUS_TYPES:
        nodes = sorted((n for n, d in graph.nodes(data=True) if d["type"] == kind.value), key=str.lower)
        label = KIND_LABELS.get(kind.value, kind.value.capitalize())
        found += [(label, f"{display_name(graph, n)}  [{n.split(':', 1)[1]}]", n) for n in nodes]
    return found


def _choose(page: Any, label: str, option: str) -> None:
    box = page.get_by_test_id("stSelectbox").filter(has_text=label).first
    box.locator("input").click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    _settle_script(page)


def _settle_script(page: Any) -> None:
    page.wait_for_function(
        "() => document.querySelector('[data-testid=\"stApp\"]')"
        "?.getAttribute('data-test-script-state') === 'notRunning'",
        timeout=90_000,
    )


def _drawn(page: Any, focus: str) -> list[list[float]]:
    """The rendered positions of the graph that shows ``focus``, once Cytoscape has drawn it."""
    deadline = time.monotonic() + 60
    script = (
        "(focus) => { const cy = document.getElementById('cy')?._cyreg?.cy;"
        " if (!cy || cy.getElementById(focus).data('focus') !== 'yes') return null;"
        " return cy.nodes().map(n => [n.renderedPosition().x, n.renderedPosition().y]); }"
    )
    while time.monotonic() < deadline:
        for element in page.query_selector_all('iframe[title*="st_link_analysis"]'):
            frame = element.content_frame()
            try:
                found = frame.evaluate(script, focus) if frame is not None else None
            except sync_api.Error:  # the previous view's frame, removed while we read it
                continue
            if found:
                return list(found)
        page.wait_for_timeout(250)
    raise AssertionError(f"the lineage of {focus} was not drawn")


def test_lineage_of_every_entity_of_every_kind_draws_without_errors(server: str, browser: Any) -> None:
    focuses = _seed_focuses()
    assert len(focuses) > 30
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    console = _console_errors(page)  # navigation inside the app: nothing is excused
    page.goto(server)
    _settle(page)
    page.get_by_test_id("stSidebarNav").get_by_text("Lineage explorer").click()
    page.wait_for_selector("h1:has-text('Lineage explorer')", timeout=60_000)
    _settle_script(page)
    kind = None
    degenerate = []
    for label, option, node in focuses:
        if label != kind:
            _choose(page, "Start from", label)
            kind = label
        _choose(page, "Entity", option)
        errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
        assert errors.count() == 0, f"{node}: {errors.all_inner_texts()}"
        positions = _drawn(page, node)
        xs = [x for x, _ in positions]
        ys = [y for _, y in positions]
        spread = max(max(xs) - min(xs), max(ys) - min(ys))
        if len(positions) > 1 and (spread < 40 or len({(round(x), round(y)) for x, y in positions}) < len(positions)):
            degenerate.append(node)
        assert not console, f"{node}: console errors {console}"
    context.close()
    assert not degenerate, f"collapsed or overlapping layouts: {degenerate}"


def test_chromium_is_debian_s() -> None:
    assert shutil.which("chromium") == str(CHROMIUM) or CHROMIUM.exists()


def test_a_page_showing_an_older_revision_refreshes_itself_in_the_browser(tmp_path: Path, browser: Any) -> None:
    # A register large enough that its check outlasts a page's wait, set to nothing here: after a write the
    # page must show the older revision, say so, and then redraw itself with the new one, untouched.
    from tools.synthetic import synthetic_register

    path = tmp_path / "large.db"
    store = EmbeddedStore(path)
    try:
        store.replace_register(synthetic_register(5000, seed=5))
    finally:
        store.close()
    env = dict(os.environ, CATALOG_UI_CHECK_WAIT_SECONDS="0", HOME=str(tmp_path))
    with (
        _catalog_ui(["--store", f"sqlite:///{path}"], env, tmp_path / "server.log") as url,
        contextlib.closing(browser.new_context(viewport={"width": 1440, "height": 1000})) as context,
    ):
        page = context.new_page()
        console = _console_errors(page, excuse=_streamlit_probe)
        page.goto(url)
        _settle(page)
        writer = EmbeddedStore(path)
        try:
            current = writer.get_organisation()
            assert current is not None
            renamed = current.value.name + " (renamed)"
            writer.put_organisation(current.value.model_copy(update={"name": renamed}), current.version)
        finally:
            writer.close()
        page.get_by_test_id("stSidebarNav").get_by_text("Overview").click()  # a reader's next page run
        page.wait_for_selector("text=is loaded and checked", timeout=30_000)
        assert renamed not in page.inner_text("body")
        page.wait_for_selector(f"text={renamed}", timeout=60_000)  # with no click: the page reran itself
        assert page.locator("text=is loaded and checked").count() == 0
        errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
        assert errors.count() == 0, errors.all_inner_texts()
        assert not console, console
