"""The pages in a real browser: Playwright driving Debian's Chromium against a uvicorn server.

Opens the map on the sample corpus, searches "HTS", clicks the Taliban–HTS edge, reads the evidence quote
in the panel, moves the time slider and sees the map change; opens the hostile article's pages and checks
that no script ran (no dialog) and the text is shown literally. Screenshots go to $FACTIONMAP_ARTEFACTS
(default tests/web/artefacts/). The console must show no Content-Security-Policy violation.

Skipped when /usr/bin/chromium or the vendored Cytoscape.js is missing, except under CI (env CI set),
where a missing browser is a failure: CI must run these.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
VENDOR = Path(__file__).resolve().parents[2] / "factionmap" / "web" / "static" / "vendor" / "cytoscape.min.js"
# As root in a sandbox-less container, with no network beyond loopback (see the env notes); Playwright
# itself adds --headless and a fresh temporary profile (--user-data-dir) for every launch.
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 10_000
# Polled with wait_for_function, always as a function: a bare expression would be eval'd, which the CSP blocks.
EDGES_SHOWN = "Number(document.querySelector('[data-testid=map-count]').dataset.edges)"
SERVER_START_S = 10.0


def _require(condition: bool, reason: str) -> None:
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def artefacts() -> Path:
    folder = Path(os.environ.get("FACTIONMAP_ARTEFACTS") or Path(__file__).parent / "artefacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def server(app):
    """The app on a free loopback port, served by uvicorn in a background thread."""
    import uvicorn

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    uv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=uv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_S
    while not uv.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    uv.should_exit = True
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def browser():
    _require(CHROMIUM.exists(), f"{CHROMIUM} is not installed (apt-get install chromium)")
    _require(VENDOR.exists(), "Cytoscape.js is not in factionmap/web/static/vendor (run tools/build_static.sh)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh page that records console errors, page errors and dialogs (an alert() would be a hole)."""
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.problems = []
    page.dialogs = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(f"page error: {e}"))

    def on_dialog(dialog) -> None:
        page.dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    yield page
    context.close()


def open_map(page, server: str) -> None:
    page.goto(server + "/")
    page.wait_for_selector("#cy[data-ready=true]")


def edge_points(page, a: str, b: str) -> list[dict]:
    """Where on the screen the edges between actors a and b are drawn (the middle of each curve)."""
    return page.evaluate(
        """([a, b]) => {
        const cy = window.factionmap.map;
        const box = cy.container().getBoundingClientRect();
        return cy.edges().filter((e) => !e.hasClass("hidden") &&
            [e.source().id(), e.target().id()].sort().join() === [a, b].sort().join()).map((edge) => {
            const mid = edge.renderedMidpoint();
            return {x: box.left + mid.x, y: box.top + mid.y, type: edge.data("type")};
        });
    }""",
        [a, b],
    )


def click_edge(page, a: str, b: str, *names: str) -> None:
    """Click an edge between a and b. The layout is force-directed and random, so another edge may cross
    at a midpoint: try each of the pair's edges until the evidence panel is the pair's."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.wait_for_function("() => !window.factionmap.map.animated()")  # the zoom to the actor has ended
    title = '[data-testid="panel-title"]' + "".join(f':has-text("{n}")' for n in names) + ':has-text("&")'
    for point in edge_points(page, a, b):
        page.mouse.click(point["x"], point["y"])
        try:
            page.wait_for_selector(title, timeout=2_000)
            return
        except PlaywrightTimeout:  # a crossing edge took the click: try the next of the pair's edges
            continue
    raise AssertionError(f"no edge between {a} and {b} could be clicked")


def visible_edges(page) -> int:
    return int(page.get_attribute('[data-testid="map-count"]', "data-edges"))


def test_map_search_edge_evidence_and_time_slider(page, server, artefacts):
    open_map(page, server)
    all_edges = visible_edges(page)
    assert all_edges > 20
    page.screenshot(path=str(artefacts / "map.png"))

    page.fill('[data-testid="search"]', "HTS")
    first = page.locator('[data-testid="search-results"] li').first
    first.wait_for()
    assert "Hayat Tahrir al-Sham" in first.inner_text()
    first.dispatch_event("mousedown")
    page.wait_for_selector('[data-testid="panel-title"]:has-text("Hayat Tahrir al-Sham")')
    click_edge(page, "hts", "taliban", "Hayat Tahrir al-Sham", "Taliban")
    quote = page.locator('[data-testid="panel"] [data-testid="quote"]', has_text="allies of the Taliban")
    quote.first.wait_for()
    assert "Taliban" in page.inner_text('[data-testid="panel-title"]')
    assert "is allied with" in page.inner_text('[data-testid="panel-summary"]')
    page.screenshot(path=str(artefacts / "map-evidence.png"))

    page.click('[data-testid="clear-focus"]')
    page.focus('[data-testid="as-of"]')
    page.keyboard.press("Home")  # the earliest month: only relationships begun by then, and undated ones
    page.wait_for_function(f"() => {EDGES_SHOWN} < {all_edges}")
    assert page.inner_text('[data-testid="as-of-label"]').startswith("as of ")
    page.screenshot(path=str(artefacts / "map-as-of.png"))
    page.keyboard.press("End")
    page.wait_for_function(f"() => {EDGES_SHOWN} === {all_edges}")

    assert not [p for p in page.problems if "Content Security Policy" in p or "Refused" in p], page.problems
    assert page.problems == [] and page.dialogs == []


def test_hostile_article_runs_nothing_and_reads_literally(page, server, store, hostile, artefacts):
    page.goto(f"{server}/documents/{store.hostile_doc}")
    text = page.inner_text('[data-testid="article-text"]')
    for payload in hostile.ALL:
        assert payload in text
    assert page.inner_text('[data-testid="doc-title"]') == hostile.ARTICLE["title"]
    assert (
        page.locator(
            '[data-testid="article-text"] img, [data-testid="article-text"] svg, [data-testid="article-text"] script'
        ).count()
        == 0
    )
    page.screenshot(path=str(artefacts / "hostile-document.png"), full_page=True)

    for path in (
        "/actors/hostile_brigade",
        "/relationships/hostile_brigade/quiet_front",
        f"/documents/{store.hand_made_doc}",
    ):
        page.goto(server + path)
        assert hostile.SQL in page.inner_text("main") or hostile.NAME in page.inner_text("main")

    open_map(page, server)  # the evidence panel is built by script: the same payloads, through the DOM
    page.fill('[data-testid="search"]', "Quiet Front")
    page.locator('[data-testid="search-results"] li').first.dispatch_event("mousedown")
    page.locator('[data-testid="neighbours"] button').first.click()
    page.locator('[data-testid="panel"] [data-testid="quote"]').first.wait_for()
    assert page.inner_text('[data-testid="panel"] [data-testid="quote"]') == hostile.EVIDENCE
    assert hostile.NAME in page.inner_text('[data-testid="panel-title"]')
    page.screenshot(path=str(artefacts / "hostile-panel.png"))
    assert page.dialogs == [] and page.problems == []


def test_review_actions_appear_only_with_a_token(page, server):
    page.goto(server + "/relationships/hts/taliban")
    assert not page.locator("button[data-review]").first.is_visible()
    page.fill('[data-testid="token-input"]', "anything")
    page.keyboard.press("Enter")
    page.locator("button[data-review]").first.wait_for(state="visible")
    page.goto(server + "/ingest")  # the token lasts for the tab (sessionStorage), across pages
    page.locator("#upload-form").wait_for(state="visible")
    assert not page.locator('[data-testid="locked"]').is_visible()
