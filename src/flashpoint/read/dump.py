"""Plain-text dumps: articles separated by two or more blank lines, each headed by its title.

Inside an article, paragraphs are separated by one blank line, so a run of two or more
blank lines is the only reliable article boundary in a dump like
``examples/retaliation_articles.txt``. The first non-blank line of each article is its
headline. Articles are numbered from 1 in file order; the id is ``<file name>#<n>`` and
``source`` is ``<path>:<line of the headline>``.
"""

from __future__ import annotations

from collections.abc import Iterator

from flashpoint.config import Settings
from flashpoint.read.base import Decoder, Item, Source, decoded_lines, raw_cap, reject
from flashpoint.records import Article

# Two blank lines end an article (three newlines in a row).
BLANKS_BETWEEN_ARTICLES = 2


def read_dump(src: Source, settings: Settings) -> Iterator[Item]:
    """Articles of a plain-text dump, streamed: only the current article is held in memory."""
    decoder = Decoder()
    cap = raw_cap(settings)
    lines: list[str] = []
    size = 0
    start = 0
    too_large = False
    blanks = 0
    n = 0

    def finish() -> Item | None:
        nonlocal n
        if not lines and not too_large:
            return None
        n += 1
        where = f"line {start}"
        if too_large:
            return reject(src, where, f"article #{n} larger than {cap:,} bytes: too large")
        title = lines[0].strip()
        body = "\n".join(lines[1:]).strip("\n")
        if not body.strip():
            return reject(src, where, f"article #{n} has a headline ({title[:60]!r}) but no text")
        return Article(
            doc=f"{src.label}#{n}", title=title, text=body, raw_text=body,
            source=f"{src.name}:{start}",
        )

    for lineno, line in decoded_lines(src, settings, decoder):
        if line is not None:
            line = line.rstrip("\r\n").rstrip()
            if not line.strip():
                blanks += 1
                continue
        if blanks >= BLANKS_BETWEEN_ARTICLES and (lines or too_large):
            item = finish()
            if item is not None:
                yield item
            lines, size, too_large = [], 0, False
        if lines and blanks:
            lines.append("")  # one blank line between paragraphs
        blanks = 0
        if not lines and not too_large:
            start = lineno
        if line is None:  # a single line over the cap: the whole article is too large
            too_large, lines = True, []
        if too_large or line is None:
            continue
        size += len(line) + 1
        if size > cap:
            too_large, lines = True, []
            continue
        lines.append(line)
    item = finish()
    if item is not None:
        yield item
    note = decoder.note(src)
    if note is not None:
        yield note
