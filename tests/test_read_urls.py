"""URLs and feeds over HTTP, served from fixture files by a local server on 127.0.0.1."""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from flashpoint.config import Settings
from flashpoint.read import read_items
from flashpoint.records import Article, Reject

DATA = Path(__file__).resolve().parent / "data" / "intake"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL of a local server for the intake fixtures (feed links point back at it)."""
    root = tmp_path_factory.mktemp("www")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    port = httpd.server_address[1]
    for name in ("page.html", "nothing.html", "feed.atom"):
        shutil.copy(DATA / name, root / name)
    feed = (DATA / "feed.rss").read_text(encoding="utf-8").replace("PORT", str(port))
    (root / "feed.rss").write_text(feed, encoding="utf-8")
    (root / "feed").write_text(feed, encoding="utf-8")  # no extension: sniffed
    (root / "huge.html").write_text("<p>" + "word " * 50_000 + "</p>", encoding="utf-8")
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    httpd.shutdown()
    httpd.server_close()


def split(got: list[Article | Reject]) -> tuple[list[Article], list[Reject]]:
    return ([a for a in got if isinstance(a, Article)], [r for r in got if isinstance(r, Reject)])


def test_article_page_url(server: str) -> None:
    arts, rejects = split(list(read_items([f"{server}/page.html"])))
    assert rejects == []
    (page,) = arts
    assert page.doc == f"{server}/page.html"
    assert page.title == "Seoul suspends military pact with Tokyo" and page.date == "2019-08-22"
    assert "intelligence-sharing agreement" in page.text


def test_feed_url_uses_entry_summaries(server: str) -> None:
    arts, rejects = split(list(read_items([f"{server}/feed"])))
    assert [a.doc for a in arts] == ["feed-item-1"]
    assert arts[0].date == "2019-07-19" and arts[0].publisher == "Example World News"
    assert arts[0].text == ("Iran's Revolutionary Guards seized a British-flagged tanker in the "
                            "Strait of Hormuz.\n\nLondon warned of serious consequences.")
    (empty,) = rejects
    assert empty.record == "entry 2" and "--fetch" in empty.reason


def test_feed_with_fetch_extracts_pages_and_rejects_dead_links(server: str) -> None:
    arts, rejects = split(list(read_items([f"{server}/feed.rss"], fetch=True)))
    assert [a.doc for a in arts] == ["feed-item-1"]
    # The text now comes from the linked page, the title and date from the feed.
    assert arts[0].title == "Tehran seizes tanker in the Gulf" and arts[0].date == "2019-07-19"
    assert "intelligence-sharing agreement" in arts[0].text
    (dead,) = rejects
    assert dead.record == "entry 2" and "HTTP 404" in dead.reason


def test_unreachable_and_failing_urls_are_rejected(server: str) -> None:
    got = list(read_items([f"{server}/missing.html", "http://127.0.0.1:9/none",
                           f"{server}/nothing.html", f"{server}/page.html"]))
    arts, rejects = split(got)
    assert [a.title for a in arts] == ["Seoul suspends military pact with Tokyo"]
    reasons = [r.reason for r in rejects]
    assert "HTTP 404" in reasons[0]
    assert reasons[1].startswith("cannot fetch") and rejects[1].source == "http://127.0.0.1:9/none"
    assert "no article text" in reasons[2]


def test_fetch_size_cap(server: str) -> None:
    settings = Settings(max_article_bytes=1000)  # page cap is a multiple of this
    _, rejects = split(list(read_items([f"{server}/huge.html"], settings=settings)))
    assert "too large" in rejects[0].reason
