"""Browser timing: how long headless Chromium takes to show a drawn lineage view on a synthetic register.

Run: .venv/bin/python -m bench.bench_browser [--sizes 1k,10k] [--samples 3] [--out bench/results/]
(``python -m bench`` runs it too, after the scale benchmark; ``--browser only`` runs nothing else.)

For each size: the synthetic register (tools/synthetic.py) is written to a fresh embedded store,
``catalog ui`` serves it, and Chromium opens ``/lineage?focus=category:<key>`` for a few categories,
each in a new tab. What is timed is what a reader waits for: from the request of the page to the
moment Cytoscape holds the focus node at its place in a spread-out layout. The first open of the
server, which loads the register and builds its graph, is reported apart ("cold"), then the median of
the following ones ("warm", each a fresh tab loading Streamlit's frontend), and last the median time
from picking a category in the page's Entity box to its drawn view ("picked in page", what a reader
clicking around waits for; the goal is judged on it). Figures are printed and written, never asserted.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.timing import machine_info, write_results
from catalog.graph.lineage import LineageIndex, lineage_from_index
from catalog.store.embedded import EmbeddedStore
from tools.synthetic import synthetic_register

RESULTS = Path(__file__).parent / "results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
TARGET_SECONDS_AT_10K = 2.0

DRAWN = (
    "(focus) => { const cy = document.getElementById('cy')?._cyreg?.cy;"
    " if (!cy || cy.getElementById(focus).data('focus') !== 'yes') return null;"
    " const box = cy.nodes().renderedBoundingBox();"
    " return {nodes: cy.nodes().length, edges: cy.edges().length, w: box.w, h: box.h}; }"
)


def parse_sizes(text: str) -> list[int]:
    sizes = []
    for part in text.split(","):
        cleaned = part.strip().lower()
        if cleaned:
            sizes.append(int(cleaned[:-1]) * 1000 if cleaned.endswith("k") else int(cleaned))
    return sizes


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served(store_path: Path, folder: Path) -> Iterator[str]:
    """``catalog ui`` on a free port over ``store_path``; its URL until the block ends."""
    port = _free_port()
    env = dict(os.environ, CATALOG_STORE=f"sqlite:///{store_path}", HOME=str(folder))
    log = (folder / "server.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "catalog", "ui", "--port", str(port), "--address", "127.0.0.1"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"catalog ui exited with {process.returncode}; see {folder / 'server.log'}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                    break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def wait_drawn(page: Any, focus: str, start: float, timeout: float) -> tuple[float, dict[str, Any] | None]:
    """Poll every lineage frame until one holds ``focus`` in a spread-out layout."""
    from playwright.sync_api import Error as PlaywrightError  # a dev dependency: imported when timing

    drawn = None
    while time.perf_counter() - start < timeout:
        for element in page.query_selector_all('iframe[title*="st_link_analysis"]'):
            frame = element.content_frame()
            try:
                found = frame.evaluate(DRAWN, focus) if frame is not None else None
            except PlaywrightError:  # the previous view's frame, removed while we read it
                continue
            if found and (found["nodes"] == 1 or found["w"] > 50 or found["h"] > 50):
                drawn = found
                break
        if drawn is not None:
            break
        page.wait_for_timeout(50)
    return time.perf_counter() - start, drawn


def open_lineage(browser: Any, url: str, focus: str, timeout: float) -> dict[str, Any]:
    """Open one lineage view in a new tab; the seconds until it is drawn, and what was drawn."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    start = time.perf_counter()
    page.goto(f"{url}/lineage?focus={focus}")
    seconds, drawn = wait_drawn(page, focus, start, timeout)
    context.close()
    return {"focus": focus, "seconds": seconds if drawn else None, "drawn": drawn, "page_errors": errors}


def switch_lineage(browser: Any, url: str, focuses: list[str], names: dict[str, str], timeout: float) -> list[float]:
    """In one tab, pick each category in the Entity box as a reader does; the seconds until each is drawn."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(f"{url}/lineage?focus={focuses[0]}")
    wait_drawn(page, focuses[0], time.perf_counter(), timeout)
    times = []
    for focus in focuses[1:]:
        key = focus.split(":", 1)[1]
        box = page.get_by_test_id("stSelectbox").filter(has_text="Entity").first
        box.locator("input").click()
        page.keyboard.type(f"{names[key]}  [{key}]")
        start = time.perf_counter()
        page.keyboard.press("Enter")
        seconds, drawn = wait_drawn(page, focus, start, timeout)
        if drawn is not None:
            times.append(seconds)
    context.close()
    return times


def categories_to_open(store_path: Path, samples: int) -> tuple[list[str], dict[str, int], dict[str, str]]:
    """The categories with the largest lineage first (the worst case a reader meets), and their sizes."""
    store = EmbeddedStore(store_path)
    try:
        register = store.load_register()
    finally:
        store.close()
    index = LineageIndex.of(register)
    sizes = {c.key: len(lineage_from_index(index, c.key).nodes) for c in register.data_categories[:200]}
    ranked = sorted(sizes, key=lambda key: (-sizes[key], key))
    names = {c.key: c.name for c in register.data_categories}
    return [f"category:{key}" for key in ranked[: samples + 1]], sizes, names


def measure_size(size: int, samples: int, workdir: Path, timeout: float) -> dict[str, Any]:
    from playwright import sync_api

    folder = workdir / f"browser-{size}"
    folder.mkdir(parents=True, exist_ok=True)
    store_path = folder / "catalog.db"
    store = EmbeddedStore(store_path)
    try:
        store.replace_register(synthetic_register(size, seed=size))
    finally:
        store.close()
    focuses, sizes, names = categories_to_open(store_path, samples)
    opened = []
    with served(store_path, folder) as url, sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for focus in focuses:
                result = open_lineage(browser, url, focus, timeout)
                result["lineage_nodes"] = sizes[focus.split(":", 1)[1]]
                opened.append(result)
                print(
                    f"  {focus}: {result['lineage_nodes']} nodes in its lineage, drawn "
                    f"{(result['drawn'] or {}).get('nodes', '-')} in "
                    + (f"{result['seconds']:.2f} s" if result["seconds"] is not None else "NOT DRAWN"),
                    flush=True,
                )
            switched = switch_lineage(browser, url, list(reversed(focuses)), names, timeout)
            print("  picked in the page: " + ", ".join(f"{t:.2f} s" for t in switched), flush=True)
        finally:
            browser.close()
    warm = [r["seconds"] for r in opened[1:] if r["seconds"] is not None]
    return {
        "size": size,
        "cold_seconds": opened[0]["seconds"],
        "warm_median_seconds": statistics.median(warm) if warm else None,
        "warm_max_seconds": max(warm) if warm else None,
        "samples": len(warm),
        "switch_median_seconds": statistics.median(switched) if switched else None,
        "switched_seconds": switched,
        "opened": opened,
    }


def render(results: list[dict[str, Any]]) -> str:
    def show(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}s"

    lines = ["  size  cold (first view)  warm median  warm max  views  picked in page  lineage nodes  drawn nodes"]
    for result in results:
        warm = result["opened"][1:]
        lineage = max((r["lineage_nodes"] for r in warm), default=0)
        drawn = max(((r["drawn"] or {}).get("nodes", 0) for r in warm), default=0)
        cold, median, most, switch = (
            show(result[k])
            for k in ("cold_seconds", "warm_median_seconds", "warm_max_seconds", "switch_median_seconds")
        )
        lines.append(
            f"{result['size'] // 1000:>5}k  {cold:>17}  {median:>11}  {most:>8}  {result['samples']:>5}"
            f"  {switch:>14}  {lineage:>13}  {drawn:>11}"
        )
    at_10k = next((r for r in results if r["size"] == 10_000), None)
    if at_10k is not None and at_10k["switch_median_seconds"] is not None:
        met = at_10k["switch_median_seconds"] <= TARGET_SECONDS_AT_10K
        lines.append(
            f"Goal: a drawn lineage view under {TARGET_SECONDS_AT_10K:.0f} s at 10k: "
            f"{'met' if met else 'MISSED'} ({at_10k['switch_median_seconds']:.2f} s, median of categories picked "
            "in the page)"
        )
    return "\n".join(lines)


def run(sizes: list[int], samples: int, out: Path, timeout: float = 120.0) -> list[dict[str, Any]]:
    if not Path(CHROMIUM).exists():
        print(f"Browser timing skipped: {CHROMIUM} is not installed (apt-get install -y chromium).")
        return []
    os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")
    results = []
    with tempfile.TemporaryDirectory(prefix="catalog-bench-browser-") as folder:
        for size in sizes:
            print(f"Browser: lineage view at {size // 1000}k entities", flush=True)
            results.append(measure_size(size, samples, Path(folder), timeout))
    print()
    load = machine_info()["load_average"]
    print(f"Browser: time to a drawn lineage view (headless Chromium, embedded store; load average {load})")
    print(render(results))
    write_results(out, "browser.json", "browser-lineage", {"runs": results})
    return results


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_browser", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,100k", type=parse_sizes, help="Sizes (default 1k,10k,100k).")
    parser.add_argument("--samples", type=int, default=3, help="Warm views timed per size (default 3).")
    parser.add_argument("--out", type=Path, default=RESULTS, help="Folder for browser.json.")
    args = parser.parse_args(argv)
    run(args.sizes, args.samples, args.out)


if __name__ == "__main__":
    main()
