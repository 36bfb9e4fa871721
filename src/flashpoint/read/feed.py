"""RSS and Atom feeds (files or URLs) through feedparser.

Each entry becomes an article: id = the entry's id (else its link, else
``<feed>#<n>``), text = the entry's content or summary as plain text, date = its
published (else updated) date in UTC. With ``fetch=True`` each entry's page is fetched and
its main text extracted instead, since many feeds carry only a teaser.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from flashpoint.config import Settings
from flashpoint.errors import SourceError
from flashpoint.read.base import Item, Source, read_capped, reject
from flashpoint.read.dates import normalize_date
from flashpoint.read.html import extract_html, html_cap
from flashpoint.read.url import TIMEOUT, USER_AGENT, is_url
from flashpoint.read.url import fetch as fetch_url
from flashpoint.records import Article

FEED_MARKERS = (b"<rss", b"<feed", b"<rdf:RDF", b"<rdf:rdf")


def looks_like_feed(head: bytes) -> bool:
    return any(m in head[:2048] for m in FEED_MARKERS)


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment, one paragraph per block element."""
    if "<" not in fragment:
        return fragment.strip()
    import lxml.html

    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except Exception:  # lxml raises several types on junk markup; the raw text is still useful
        return fragment.strip()
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for block in root.iter("p", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    text = root.text_content()
    paras = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paras if p)


def _entry_text(entry: Any) -> str:
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return html_to_text(value)
    return html_to_text(entry.get("summary") or entry.get("description") or "")


def read_feed(src: Source, settings: Settings, fetch: bool = False) -> Iterator[Item]:
    """Articles of an RSS/Atom feed; with ``fetch``, each entry's page text instead of its summary."""
    import feedparser

    try:
        data = read_capped(src, html_cap(settings))
    except SourceError as exc:
        yield reject(src, exc.record, exc.reason)
        return
    parsed = feedparser.parse(data)
    if not parsed.entries:
        why = f": {parsed.bozo_exception}" if parsed.get("bozo") else " (it has no entries)"
        yield reject(src, "", f"not a readable RSS/Atom feed{why}")
        return
    publisher = (parsed.feed.get("title") or "").strip() or None
    with httpx.Client(timeout=TIMEOUT, follow_redirects=True,
                      headers={"User-Agent": USER_AGENT}) as client:
        yield from _entries(src, settings, parsed, publisher, client if fetch else None)


def _entries(
    src: Source, settings: Settings, parsed: Any, publisher: str | None,
    client: httpx.Client | None,
) -> Iterator[Item]:
    fetch = client is not None
    for n, entry in enumerate(parsed.entries, start=1):
        where = f"entry {n}"
        link = (entry.get("link") or "").strip() or None
        doc = (entry.get("id") or "").strip() or link or f"{src.label}#{n}"
        title = " ".join((entry.get("title") or "").split())
        date = normalize_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        if fetch and link and is_url(link):
            try:
                page = fetch_url(link, html_cap(settings), client)
                art = extract_html(page.body, doc=doc, source=f"{src.name}#{n}", url=page.url)
            except SourceError as exc:
                yield reject(src, where, f"cannot fetch entry page {link}: {exc.reason}")
                continue
            yield Article(
                doc=doc, title=title or art.title, text=art.text, raw_text=art.raw_text,
                date=date or art.date, url=link, publisher=publisher or art.publisher,
                source=art.source, extra={"feed": src.name, **art.extra},
            )
            continue
        text = _entry_text(entry)
        if not text:
            hint = "" if fetch else " (use --fetch to fetch its page)"
            yield reject(src, where, f"feed entry has no text{hint}")
            continue
        yield Article(
            doc=doc, title=title, text=text, raw_text=text, date=date, url=link,
            publisher=publisher, source=f"{src.name}#{n}", extra={"feed": src.name},
        )
