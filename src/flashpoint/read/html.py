"""HTML article pages: main text and metadata through trafilatura.

trafilatura drops navigation, adverts, footers and comment threads and returns the story's
paragraphs; its metadata gives the title, publication date, canonical URL and site name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from flashpoint.config import Settings
from flashpoint.errors import ParseError
from flashpoint.read.base import Item, Source, raw_cap, read_capped, reject
from flashpoint.read.dates import normalize_date
from flashpoint.records import Article

# Pages carry far more markup than text; allow this many times the raw text cap.
HTML_FACTOR = 8


def html_cap(settings: Settings) -> int:
    """Largest HTML document (bytes) read or fetched."""
    return HTML_FACTOR * raw_cap(settings)


def extract_html(
    html: bytes | str, *, doc: str, source: str, url: str | None = None
) -> Article:
    """The article in an HTML page, or ParseError when the page holds no article text.

    Args:
        html: The page, as bytes (encoding detected from the page) or text.
        doc: Article id to give it.
        source: What ``Article.source`` and rejects name.
        url: The page's URL when known (used when the page has no canonical URL).
    """
    import trafilatura

    # favor_precision: on a page with no story, recall mode returns the menu ("Home").
    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False,
        favor_precision=True,
    )
    text = (getattr(result, "text", None) or "").strip() if result is not None else ""
    if not text:
        raise ParseError(source, "HTML page has no article text (nothing left after removing "
                                 "navigation and boilerplate)")
    title = (getattr(result, "title", None) or "").strip()
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    # trafilatura repeats the <h1> headline as the first line of the text.
    if paras and title and paras[0] == title:
        paras = paras[1:]
    if not paras:
        raise ParseError(source, "HTML page has a headline but no article text")
    body = "\n\n".join(paras)
    return Article(
        doc=doc,
        title=title,
        text=body,
        raw_text=body,
        date=normalize_date(getattr(result, "date", None)),
        url=getattr(result, "url", None) or url,
        publisher=getattr(result, "sitename", None) or getattr(result, "hostname", None),
        source=source,
        extra={k: v for k in ("author", "description") if (v := getattr(result, k, None))},
    )


def read_html(src: Source, settings: Settings) -> Iterator[Item]:
    """The one article of an HTML page.

    Its id is the page's own: the fetched URL, else the canonical URL in the page's
    metadata, else the file name. File names alone collide in saved crawls (every
    folder has an ``index.html``), and the canonical URL makes a saved copy and a fetched
    copy of one page the same article.
    """
    try:
        data = read_capped(src, html_cap(settings))
        art = extract_html(data, doc=src.url or src.label, source=src.name, url=src.url)
    except ParseError as exc:
        yield reject(src, exc.record, exc.reason)
        return
    if src.url is None and art.url:
        art = dataclasses.replace(art, doc=art.url)
    yield art
