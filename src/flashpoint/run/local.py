"""The local backend: code each batch in this process, one batch at a time.

Memory stays bounded by one batch (``Settings.batch_size`` articles) plus the spaCy model,
because batches are pulled from the reader lazily and written before the next is read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

from flashpoint.config import Settings
from flashpoint.records import Article
from flashpoint.run import CodeResult, code_safely

B = TypeVar("B")


def execute(
    batches: Iterable[B], articles_of: Callable[[B], list[Article]], settings: Settings
) -> Iterator[tuple[B, CodeResult]]:
    """``(batch, (events per article, rejects))`` for each batch, in order."""
    for batch in batches:
        yield batch, code_safely(articles_of(batch), settings)
