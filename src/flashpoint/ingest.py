"""The ingest plan: read → clean → dedupe → code → store → link → record the run.

Reading, cleaning and de-duplication stream through the driver in batches of
``Settings.batch_size`` articles; de-duplication is global (against this run and the
store). Coding runs on the chosen backend; each batch's articles, signatures, coded events
and rejects are written in one transaction. Re-ingesting the same input adds nothing, and
an ingest killed part-way and run again ends with the rows of an uninterrupted run.

Example:
    >>> summary = ingest(["examples/retaliation_articles.txt"], db="demo.duckdb")  # doctest: +SKIP
    >>> summary.line()                                                             # doctest: +SKIP
    'read 10 / unique 8 / duplicates 2 / rejected 0 / events 0 / seconds 0.9'
"""

from __future__ import annotations

import os
import secrets
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import duckdb

from flashpoint.clean import clean
from flashpoint.config import Settings, load_settings
from flashpoint.dedupe import Deduper, content_hash, signature, to_bytes
from flashpoint.errors import ConfigError, FlashpointError, StoreError
from flashpoint.read import DECODE_STAGE, read_items
from flashpoint.records import Article, Event, Reject
from flashpoint.run import BACKENDS, CodeResult
from flashpoint.store import Store


@dataclass
class RunSummary:
    """What one ingest did: counts, the rejects, and where it went."""

    run_id: str
    db: str
    backend: str
    read: int = 0
    unique: int = 0
    duplicates: int = 0
    rejected: int = 0
    warnings: int = 0  # records kept after repair (e.g. invalid UTF-8 decoded as cp1252)
    events: int = 0
    seconds: float = 0.0
    rejects: list[Reject] = field(default_factory=list)

    def line(self) -> str:
        """The one-line summary the CLI prints."""
        text = (f"read {self.read} / unique {self.unique} / duplicates {self.duplicates} / "
                f"rejected {self.rejected} / events {self.events} / seconds {self.seconds:.1f}")
        return text + (f" / warnings {self.warnings}" if self.warnings else "")

    @property
    def exit_code(self) -> int:
        """0 when all went well, 1 when some records were rejected or repaired."""
        return 1 if self.rejected or self.warnings else 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id, "db": self.db, "backend": self.backend, "read": self.read,
            "unique": self.unique, "duplicates": self.duplicates, "rejected": self.rejected,
            "warnings": self.warnings, "events": self.events, "seconds": round(self.seconds, 3),
            "rejects": [r.to_dict() for r in self.rejects],
        }


@dataclass
class Batch:
    """One transaction's worth: articles to store (in input order) and what goes with them."""

    articles: list[Article] = field(default_factory=list)
    hashes: list[str] = field(default_factory=list)
    signatures: list[tuple[str, bytes]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    to_code: list[Article] = field(default_factory=list)


class _Planner:
    """The driver side of the plan: clean, check size, de-duplicate, cut into batches."""

    def __init__(
        self, store: Store, settings: Settings, summary: RunSummary,
        report: Callable[[Reject], None],
    ) -> None:
        self.settings = settings
        self.summary = summary
        self.report = report
        self.stored: dict[str, str] = {}  # doc → content hash, of the store and this run
        first_copies: list[tuple[str, str, bytes | None]] = []
        for doc, chash, dup, sig in store.known_articles():
            self.stored[doc] = chash
            if dup is None:
                first_copies.append((doc, chash, sig))
        self.deduper = Deduper(settings, first_copies)

    def _reject(self, batch: Batch, rej: Reject) -> None:
        batch.rejects.append(rej)
        self.summary.rejects.append(rej)
        if rej.stage == DECODE_STAGE:
            self.summary.warnings += 1
        else:
            self.summary.rejected += 1
        self.report(rej)

    def _add(self, batch: Batch, raw: Article) -> None:
        self.summary.read += 1
        try:
            self._add_article(batch, raw)
        except FlashpointError:
            raise
        except Exception as exc:  # noqa: BLE001 - one odd article must not stop the batch
            self._reject(batch, Reject(raw.source or raw.doc, raw.doc, "clean",
                                       f"unexpected {type(exc).__name__}: {exc}"))

    def _add_article(self, batch: Batch, raw: Article) -> None:
        art = clean(raw)
        size = len(art.text.encode("utf-8"))
        where = art.source or art.doc
        if size > self.settings.max_article_bytes:
            self._reject(batch, Reject(where, art.doc, "clean", (
                f"too large: {size:,} bytes of clean text, more than max_article_bytes "
                f"{self.settings.max_article_bytes:,}")))
            return
        if not art.text.strip():
            self._reject(batch, Reject(where, art.doc, "clean", "no text left after cleaning"))
            return
        chash = content_hash(art)
        known = self.stored.get(art.doc)
        if known == chash:  # this very article is already stored: a re-ingest
            self.summary.duplicates += 1
            return
        if known is not None:
            self._reject(batch, Reject(where, art.doc, "dedupe", (
                f"id {art.doc!r} is already used by another article with different text; "
                "give the record its own 'doc' id")))
            return
        mh = signature(art)
        art = self.deduper.check_with(art, chash, mh)
        self.stored[art.doc] = chash
        batch.articles.append(art)
        batch.hashes.append(chash)
        if art.duplicate_of is None:
            self.summary.unique += 1
            batch.to_code.append(art)
            batch.signatures.append((art.doc, to_bytes(mh)))
        else:
            self.summary.duplicates += 1

    def batches(self, items: Iterable[Article | Reject]) -> Iterator[Batch]:
        batch = Batch()
        for item in items:
            if isinstance(item, Reject):
                self._reject(batch, item)
            else:
                self._add(batch, item)
            if len(batch.articles) >= self.settings.batch_size:
                yield batch
                batch = Batch()
        if batch.articles or batch.rejects:
            yield batch


def _write(store: Store, batch: Batch, result: CodeResult, run_id: str) -> int:
    events_per_article, code_rejects = result
    events: list[Event] = [ev for evs in events_per_article for ev in evs]
    try:
        with store.transaction():
            store.add_articles(batch.articles, batch.hashes, run_id)
            store.add_signatures(batch.signatures)
            store.add_coded_events(events)
            store.add_rejects(batch.rejects + code_rejects, run_id)
    except duckdb.Error as exc:
        # Nothing of this batch was written; earlier batches are safe, and a re-run resumes.
        raise StoreError(f"cannot write to {store.path}: {exc}; fix the cause (disk space, "
                         "permissions) and run the same ingest again to resume") from exc
    return len(events)


def _link(store: Store, settings: Settings, report: Callable[[Reject], None]) -> Reject | None:
    """Run the linking stage (``flashpoint.link.rebuild``) when it exists."""
    import flashpoint.link

    rebuild = getattr(flashpoint.link, "rebuild", None)
    if rebuild is None:
        return None
    try:
        rebuild(store, settings)
    except FlashpointError:
        raise
    except Exception as exc:  # noqa: BLE001 - stored articles stay; the failure is reported
        rej = Reject("flashpoint.link.rebuild", "", "link", f"{type(exc).__name__}: {exc}")
        store.add_rejects([rej])
        report(rej)
        return rej
    return None


def _print_reject(rej: Reject) -> None:
    print(str(rej), file=sys.stderr)


def ingest(
    paths: str | os.PathLike[str] | Sequence[str | os.PathLike[str]],
    db: str | os.PathLike[str] | Store | None = None,
    settings: Settings | None = None,
    backend: str = "local",
    workers: int | None = None,
    scheduler: str | None = None,
    fetch: bool = False,
    on_reject: Callable[[Reject], None] | None = None,
    progress: Callable[[RunSummary], None] | None = None,
) -> RunSummary:
    """Read, clean, de-duplicate, code, store and link ``paths`` into a DuckDB store.

    Args:
        paths: Files, directories, globs, http(s) URLs or ``-`` (stdin).
        db: The DuckDB file (default ``settings.db``) or an open :class:`Store`.
        settings: Default: :func:`~flashpoint.config.load_settings` (``flashpoint.toml``).
        backend: ``local`` or ``dask``; ``workers`` or ``scheduler`` imply ``dask``.
        workers: Worker processes of a local Dask cluster started for this run.
        scheduler: Address (``tcp://host:port``) of a running Dask scheduler.
        fetch: For feeds, fetch each entry's page and extract its text.
        on_reject: Called with each Reject as it happens (default: print on stderr).
        progress: Called with the running summary after each stored batch.

    Returns:
        The run's :class:`RunSummary` (also stored in the ``runs`` table).
    """
    settings = settings or load_settings()
    if workers is not None and scheduler is not None:
        raise ConfigError("give either --workers (start a local cluster) or --scheduler, not both")
    if workers is not None or scheduler is not None:
        backend = "dask"
    if backend not in BACKENDS:
        raise ConfigError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    inputs = [os.fspath(paths)] if isinstance(paths, str | os.PathLike) else [
        os.fspath(p) for p in paths]
    if not inputs:
        raise ConfigError("nothing to ingest: give at least one file, directory, glob, URL or -")
    report = on_reject or _print_reject
    own = not isinstance(db, Store)
    store = db if isinstance(db, Store) else Store(db or settings.db)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    summary = RunSummary(f"run_{stamp}_{secrets.token_hex(3)}", str(store.path), backend)
    started = time.perf_counter()
    try:
        store.start_run(summary.run_id, inputs, backend)
        planner = _Planner(store, settings, summary, report)
        batches = planner.batches(read_items(inputs, settings, fetch))
        if backend == "dask":
            from flashpoint.run import dask as runner

            results = runner.execute(batches, lambda b: b.to_code, settings, workers, scheduler)
        else:
            from flashpoint.run import local

            results = local.execute(batches, lambda b: b.to_code, settings)
        for batch, result in results:
            summary.events += _write(store, batch, result, summary.run_id)
            for rej in result[1]:
                summary.rejects.append(rej)
                summary.rejected += 1
                report(rej)
            if progress is not None:
                summary.seconds = time.perf_counter() - started
                progress(summary)
        link_failure = _link(store, settings, report)
        if link_failure is not None:
            summary.rejects.append(link_failure)
            summary.rejected += 1
        summary.seconds = time.perf_counter() - started
        store.finish_run(summary.run_id, {
            "read": summary.read, "unique": summary.unique, "duplicates": summary.duplicates,
            "rejected": summary.rejected, "events": summary.events, "seconds": summary.seconds,
        })
    finally:
        if own:
            store.close()
    return summary
