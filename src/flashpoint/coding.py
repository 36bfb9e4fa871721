"""``flashpoint code``: events of any input the readers accept, with no database.

read → clean → drop in-input duplicates → code, in batches so memory stays bounded.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator

from flashpoint.config import Settings
from flashpoint.records import Article, Event, Reject


def code(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
    on_reject: Callable[[Reject], None] | None = None,
    fetch: bool = False,
) -> Iterator[Event]:
    """Events of every article in ``paths`` (files, folders, globs, URLs, ``-``), article by article.

    Example:
        >>> import flashpoint
        >>> for ev in flashpoint.code("examples/retaliation_articles.txt"):  # doctest: +SKIP
        ...     print(ev.source, ev.type, ev.target)
    """
    from flashpoint.nlp.pipeline import code_stream

    settings = settings or Settings()
    for events in code_stream(_unique(paths, settings, on_reject, fetch), settings, workers=settings.workers):
        yield from events


def _unique(
    paths: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    settings: Settings,
    on_reject: Callable[[Reject], None] | None,
    fetch: bool,
) -> Iterator[Article]:
    """Read, clean and drop repeats (a repeat is not coded again)."""
    from flashpoint.clean import clean
    from flashpoint.dedupe import Deduper
    from flashpoint.read import read

    dedupe = Deduper(settings)
    for article in read(paths, settings, fetch=fetch, on_reject=on_reject):
        art = dedupe.check(clean(article))
        if art.duplicate_of is None:
            yield art
