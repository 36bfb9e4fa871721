"""The dashboard in a real headless Chromium, against uvicorn on 127.0.0.1.

Needs Debian's ``chromium`` (``make browser`` installs it); never ``playwright install``.
Screenshots go to test-artifacts/ (gitignored) for a human to look at.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from flashpoint.web import create_app
from flashpoint.web.sample import build_sample_store, hostile_records, write_store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVIL_DOC = "evil/1?x=1#frag"


@contextmanager
def serve(db: Path) -> Iterator[str]:
    """uvicorn in a thread on a free port of 127.0.0.1; yields the base URL."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    server = uvicorn.Server(uvicorn.Config(create_app(db), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: install Debian's chromium (make browser)")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build_sample_store(tmp_path_factory.mktemp("browser") / "sample.duckdb")
    write_store(db, *hostile_records(evil_code=False))
    with serve(db) as url:
        yield url


@contextmanager
def page(browser: Any, base: str) -> Iterator[Any]:
    """A fresh page that records every request and every dialog and page error."""
    ctx = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = ctx.new_page()
    pg.requests, pg.dialogs, pg.errors = [], [], []
    pg.on("request", lambda r: pg.requests.append(r.url))
    pg.on("dialog", lambda d: (pg.dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    try:
        yield pg
        # Nothing was fetched from anywhere but the app itself.
        assert all(u.startswith(base) or u.startswith("data:") for u in pg.requests), pg.requests
        assert pg.dialogs == [] and pg.errors == []
    finally:
        ctx.close()


def test_overview_to_dyad(browser: Any, site: str) -> None:
    with page(browser, site) as pg:
        pg.goto(site + "/")
        for code in ("CHN", "USA", "GBR", "RUS", "IND"):
            assert pg.locator(f'svg.network a.node[data-code="{code}"]').is_visible()
        assert pg.locator(".counts").inner_text().split() == [
            "7", "articles", "1", "duplicates", "2", "rejects", "13", "events", "4",
            "response", "links", "5", "actors"]
        pg.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)
        pg.locator("table.dyads a", has_text=re.compile(r"CHN . USA")).first.click()
        pg.wait_for_url(re.compile(r"/dyad/CHN/USA$"))
        cards = pg.locator("article.event")

        def saying(words: str) -> Any:  # cards whose evidence sentence has these words
            return cards.filter(has=pg.locator("p.sentence", has_text=words))

        assert saying("Houston").count() == 1
        chengdu = saying("Chengdu")
        assert chengdu.count() == 1
        assert "answers USA → CHN SANCTION (close consulate), 2020-07-22" in chengdu.inner_text()
        assert pg.locator("svg.timeline g.link").count() == 1
        assert pg.locator("svg.timeline a.pt").count() == 6
        pg.screenshot(path=str(ARTIFACTS / "dyad-CHN-USA.png"), full_page=True)
        # The response link leads to the act it answers.
        chengdu.locator("p.links.answers a").click()
        pg.wait_for_url(re.compile(r"/events/ev_"))
        assert "Houston" in pg.locator("article.event").inner_text()


def test_events_filters(browser: Any, site: str) -> None:
    with page(browser, site) as pg:
        pg.goto(site + "/events")
        pg.select_option("select[name=state]", "CHN")
        pg.select_option("select[name=type]", "SANCTION")
        pg.fill("input[name=q]", "consulate")
        pg.click("form.filters button")
        pg.wait_for_url(re.compile(r"state=CHN"))
        assert pg.locator("p.total").inner_text() == "2 events"
        assert pg.locator("mark.hl-trigger").all_inner_texts() == ["ordered", "closed"]
        pg.screenshot(path=str(ARTIFACTS / "events-filtered.png"), full_page=True)
        pg.goto(site + "/events?since=2020-02-30")
        assert "not a valid calendar date" in pg.locator(".error").inner_text()


def test_hostile_article_runs_no_script(browser: Any, site: str) -> None:
    from urllib.parse import quote

    with page(browser, site) as pg:
        pg.goto(site + "/articles/" + quote(EVIL_DOC, safe=""))
        assert "<script>window.__pwned=1</script>Spy row" in pg.locator("h1").inner_text()
        assert pg.evaluate("window.__pwned") is None
        assert pg.locator("img").count() == 0
        assert pg.locator(".article-body mark.hl-trigger").inner_text() == "expelled"
        pg.screenshot(path=str(ARTIFACTS / "hostile-article.png"), full_page=True)
        pg.goto(site + "/events?q=expelled")
        pg.hover("article.event .mode")
        assert pg.evaluate("window.__pwned") is None


@pytest.mark.slow
def test_seed_ingested_end_to_end(browser: Any, tmp_path: Path, example_path: Path) -> None:
    """The real pipeline: ingest the seed with flashpoint.ingest, then browse it."""
    try:
        from flashpoint.ingest import ingest
    except ImportError:
        pytest.skip("flashpoint.ingest is not there yet")
    db = tmp_path / "seed.duckdb"
    summary = ingest([str(example_path)], db=db, on_reject=lambda r: None)
    assert summary.events > 0
    with serve(db) as base, page(browser, base) as pg:
        pg.goto(base + "/")
        for code in ("CHN", "USA", "GBR", "RUS", "IND"):
            assert pg.locator(f'svg.network a.node[data-code="{code}"]').is_visible()
        pg.screenshot(path=str(ARTIFACTS / "seed-overview.png"), full_page=True)
        pg.locator("table.dyads a", has_text=re.compile(r"(CHN . USA|USA . CHN)")).first.click()
        pg.wait_for_url(re.compile(r"/dyad/(CHN/USA|USA/CHN)$"))
        cards = pg.locator("article.event")
        for words in ("Houston", "Chengdu"):
            assert cards.filter(has=pg.locator("p.sentence", has_text=words)).count() >= 1
        assert pg.locator("svg.timeline a.pt").count() == cards.count()
        pg.screenshot(path=str(ARTIFACTS / "seed-dyad.png"), full_page=True)
