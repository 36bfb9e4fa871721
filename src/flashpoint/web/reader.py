"""Read-only access to a flashpoint DuckDB store, for the dashboard.

The dashboard never writes: it opens the file with ``read_only=True``. DuckDB lets many
read-only processes share a file but a writer needs it alone, so there are two modes:

* ``hold=True`` (default): one read-only connection for the life of the server and a cheap
  cursor per request (~0.3 ms). ``flashpoint ingest`` into the same file must wait until the
  server stops.
* ``hold=False``: open and close the file on every request (~12 ms measured on the dev
  box), so an ingest can run between two page views.

The store is written by another part of flashpoint; its layout is discovered at open time
(:class:`Layout`) so the pages keep working when optional tables (``links``, ``mentions``,
``rejects``) are absent or when only ``coded_events`` was filled.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb

from flashpoint.errors import StoreError

# Tables an event listing can come from: merged events first, raw coded events as fallback.
EVENT_TABLES: tuple[str, ...] = ("events", "coded_events")


@dataclass(frozen=True)
class Layout:
    """Which tables and columns this store has (found by introspection)."""

    tables: frozenset[str]
    events: str | None  # the table events are read from, None when there are none
    event_cols: frozenset[str]
    article_cols: frozenset[str]

    def has(self, table: str) -> bool:
        """True when ``table`` exists in the store."""
        return table in self.tables


def detect_layout(cur: duckdb.DuckDBPyConnection) -> Layout:
    """Inspect the store's tables and pick the one to read events from.

    Args:
        cur: an open cursor on the store.

    Returns:
        The :class:`Layout` of the store.
    """
    rows = cur.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = 'main'"
    ).fetchall()
    cols: dict[str, set[str]] = {}
    for table, column in rows:
        cols.setdefault(str(table), set()).add(str(column))
    events: str | None = None
    # ``events`` holds the merged, linked events; it is empty until linking ran, in which case
    # the raw ``coded_events`` are still worth showing.
    for table in EVENT_TABLES:
        if table in cols and cur.execute(f"SELECT EXISTS (SELECT 1 FROM {table})").fetchone() == (
            True,
        ):
            events = table
            break
    if events is None:
        events = next((t for t in EVENT_TABLES if t in cols), None)
    return Layout(
        tables=frozenset(cols),
        events=events,
        event_cols=frozenset(cols.get(events or "", set())),
        article_cols=frozenset(cols.get("articles", set())),
    )


class StoreReader:
    """A read-only handle on one store file, safe to share between request threads.

    Args:
        path: the DuckDB file written by ``flashpoint ingest``.
        hold: keep one read-only connection open (fast) or open one per request.

    Raises:
        StoreError: the file does not exist or cannot be opened read-only.
    """

    def __init__(self, path: str | Path, hold: bool = True) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise StoreError(
                f"no store at {self.path}: create one with "
                f"`flashpoint ingest <files> --db {self.path}`, or pass --db FILE"
            )
        self.hold = hold
        self._lock = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._layout: Layout | None = None
        if hold:
            # Fail at start-up, not on the first page view, when the file is unusable.
            self._con = self._open()
            self._layout = detect_layout(self._con)

    def _open(self) -> duckdb.DuckDBPyConnection:
        try:
            return duckdb.connect(str(self.path), read_only=True)
        except duckdb.Error as exc:
            raise StoreError(
                f"cannot open {self.path} read-only ({exc}); if `flashpoint ingest` is "
                "writing it, wait until it finishes and retry"
            ) from exc

    @contextmanager
    def cursor(self) -> Iterator[tuple[duckdb.DuckDBPyConnection, Layout]]:
        """A cursor and the store layout, for one request.

        Yields:
            ``(cursor, layout)``; the cursor is closed afterwards.
        """
        if self.hold:
            with self._lock:
                if self._con is None:
                    raise StoreError(f"the store {self.path} was closed")
                # A cursor is a new connection to the same database: one per thread is safe.
                cur = self._con.cursor()
            assert self._layout is not None
            try:
                yield cur, self._layout
            finally:
                cur.close()
        else:
            con = self._open()
            try:
                yield con, detect_layout(con)
            finally:
                con.close()

    def version(self) -> tuple[int, ...]:
        """A token that changes when the store may have changed (for caches).

        Constant while the file is held open (no writer can get in); otherwise the size and
        modification time of the file and of its write-ahead log.
        """
        if self.hold:
            return (0,)
        out: list[int] = []
        for p in (self.path, self.path.with_name(self.path.name + ".wal")):
            try:
                st = p.stat()
            except OSError:
                out += [-1, -1]
                continue
            out += [st.st_mtime_ns, st.st_size]
        return tuple(out)

    def close(self) -> None:
        """Close the held connection (a no-op in per-request mode)."""
        with self._lock:
            con, self._con = self._con, None
        if con is None:
            return
        # A request (or the warm-up) may still be running on a cursor of this connection;
        # DuckDB refuses to close it then, so give in-flight work a moment to finish.
        for _ in range(50):
            try:
                con.close()
                return
            except duckdb.Error:
                time.sleep(0.1)
