"""De-duplication: exact (normalised-text hash) and near duplicates (MinHash LSH).

A duplicate gets ``duplicate_of`` = the ``doc`` of the first copy seen (in this run or
already in the store) and is not coded again. Only first copies are indexed, so
``duplicate_of`` always names an article that was itself coded.

Example:
    >>> from flashpoint.records import Article
    >>> d = Deduper()
    >>> a = d.check(Article("a", "T", "China expels two diplomats."))
    >>> b = d.check(Article("b", "T", "China  expels two diplomats!"))
    >>> a.duplicate_of, b.duplicate_of
    (None, 'a')
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np

from flashpoint.clean import norm
from flashpoint.config import Settings
from flashpoint.records import Article

if TYPE_CHECKING:
    from datasketch import MinHash

NUM_PERM = 128
SHINGLE_WORDS = 5
# A fixed seed makes signatures identical in every process, so signatures stored by one
# run (or computed on a Dask worker) compare with those of another.
SEED = 1
# Pinned so stored signatures stay comparable if datasketch changes its default scheme.
SCHEME = "affine32"
LSH_MAX_THRESHOLD = 0.9

_WORD = re.compile(r"\w+")


def normalized(article: Article) -> str:
    """Headline and clean text reduced for comparison (case, quotes, spacing, punctuation)."""
    return " ".join(_WORD.findall(norm(f"{article.title}\n{article.text}")))


def content_hash(article: Article) -> str:
    """SHA-1 of the normalised headline and clean text: equal for exact duplicates."""
    return hashlib.sha1(normalized(article).encode("utf-8")).hexdigest()


def shingles(text: str, k: int = SHINGLE_WORDS) -> list[bytes]:
    """The k-word shingles of normalised text (the whole text when it is shorter than k)."""
    words = text.split()
    if len(words) <= k:
        return [" ".join(words).encode("utf-8")]
    return [" ".join(words[i : i + k]).encode("utf-8") for i in range(len(words) - k + 1)]


def signature(article: Article) -> MinHash:
    """MinHash of the article's 5-word shingles (128 permutations)."""
    from datasketch import MinHash

    mh = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    mh.update_batch(shingles(normalized(article)))
    return mh


def to_bytes(mh: MinHash) -> bytes:
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(data: bytes) -> MinHash:
    from datasketch import MinHash

    return MinHash(
        num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(data, dtype=np.uint64)
    )


class Deduper:
    """Finds the first copy of each article; remembers the first copies it has seen.

    Args:
        settings: ``near_duplicate_threshold`` is the Jaccard similarity (estimated over
            5-word shingles) above which two articles are near duplicates.
        known: ``(doc, content_hash, signature bytes)`` of first copies already stored, in
            the order they were stored.
    """

    def __init__(
        self, settings: Settings | None = None, known: Iterable[tuple[str, str, bytes | None]] = ()
    ) -> None:
        from datasketch import MinHashLSH

        self.threshold = (settings or Settings()).near_duplicate_threshold
        # LSH only proposes candidates (each is checked against the exact threshold), and
        # datasketch cannot band 128 permutations for thresholds near 1.
        self.lsh = MinHashLSH(threshold=min(self.threshold, LSH_MAX_THRESHOLD), num_perm=NUM_PERM)
        self.by_hash: dict[str, str] = {}
        self.order: dict[str, int] = {}
        self.sigs: dict[str, MinHash] = {}
        for doc, chash, sig in known:
            self._add(doc, chash, from_bytes(sig) if sig else None)

    def _add(self, doc: str, chash: str, mh: MinHash | None) -> None:
        if doc in self.order:
            return
        self.order[doc] = len(self.order)
        self.by_hash.setdefault(chash, doc)
        if mh is not None:
            self.sigs[doc] = mh
            self.lsh.insert(doc, mh)

    def first_copy(self, chash: str, mh: MinHash) -> str | None:
        """The doc of the earliest indexed article this one duplicates, else None."""
        exact = self.by_hash.get(chash)
        if exact is not None:
            return exact
        # LSH gives candidates; the estimated Jaccard confirms them, which keeps banding
        # false positives out. Among true matches the earliest is the first copy.
        near = [d for d in self.lsh.query(mh) if self.sigs[d].jaccard(mh) >= self.threshold]
        return min(near, key=self.order.__getitem__) if near else None

    def check(self, article: Article) -> Article:
        """The article with ``duplicate_of`` set when it duplicates an earlier one.

        A first copy is indexed, so later copies find it.
        """
        return self.check_with(article, content_hash(article), signature(article))

    def check_with(self, article: Article, chash: str, mh: MinHash) -> Article:
        """:meth:`check` with the hash and signature already computed."""
        first = self.first_copy(chash, mh)
        if first is None:
            self._add(article.doc, chash, mh)
        return dataclasses.replace(article, duplicate_of=first)


def dedupe(articles: Sequence[Article], settings: Settings | None = None) -> list[Article]:
    """Each article with ``duplicate_of`` set (None for first copies), in input order."""
    d = Deduper(settings)
    return [d.check(a) for a in articles]
