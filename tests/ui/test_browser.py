"""A real browser on a real server: `catalog ui` on a free port, every page in headless Chromium.

Checks that no page shows an error box, that the app fetches nothing from outside the machine
(no CDN, no basemap tiles), that the lineage graph draws the CRM route to the US with its SCC
label, and saves a screenshot of every page to docs/screenshots/ (the README shows them).
"""

from __future__ import annotations

import contextlib
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

from catalog.store.embedded import EmbeddedStore

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


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    folder = tmp_path_factory.mktemp("browser")
    port = _free_port()
    log = (folder / "server.log").open("wb")
    # the store starts empty: `catalog ui` must seed it, as on a fresh machine
    env = dict(os.environ, HOME=str(folder), XDG_DATA_HOME=str(folder / "data"))
    env.pop("CATALOG_STORE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "catalog", "ui", "--port", str(port), "--address", "127.0.0.1"],
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


def test_every_page_in_a_real_browser(server: str, browser: Any) -> None:
    outside: list[str] = []
    context = browser.new_context(viewport={"width": 1440, "height": 1000})

    def guard(route: Any) -> None:
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for path, name in PAGES.items():
        page.goto(f"{server}/{path}")
        _settle(page)
        errors = page.locator('[data-testid="stException"], [data-testid="stAlertContentError"]')
        assert errors.count() == 0, f"{name}: {errors.all_inner_texts()}"
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
    assert "SCC" in crm_us[2] and crm_us[3] == "transfer_ok"
    unknown = [e for e in edges if e[1] == "country:unknown" and e[0].startswith("processor:")]
    assert unknown and all(e[3] == "transfer_bad" and "UNKNOWN" in e[2] for e in unknown)


def test_chromium_is_debian_s() -> None:
    assert shutil.which("chromium") == str(CHROMIUM) or CHROMIUM.exists()
