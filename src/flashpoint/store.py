"""The DuckDB store: articles, rejects, runs, coded and linked events, mentions, links.

The schema is versioned: ``schema_version`` records each applied migration, and
:data:`MIGRATIONS` is the ordered list of them; opening a store for writing applies the
missing ones. Each ingest batch is written in one transaction, so a run killed part-way
leaves only whole batches behind and a re-run completes it.

Example:
    >>> with Store("flashpoint.duckdb") as st:            # doctest: +SKIP
    ...     print(st.counts())
"""

from __future__ import annotations

import dataclasses
import json
import os
import types
import typing
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

from flashpoint.errors import StoreError
from flashpoint.records import Article, Event, Reject

ARTICLE_COLUMNS = (
    "doc", "title", "text", "raw_text", "date", "url", "publisher", "source", "duplicate_of",
    "content_hash", "removed", "extra", "run_id", "ingested_at", "seq",
)
REJECT_COLUMNS = ("source", "record", "stage", "reason", "run_id", "at")
RUN_COLUMNS = (
    "run_id", "started", "finished", "inputs", "backend", "read", "unique", "duplicates",
    "rejected", "events", "seconds",
)

_SQL_TYPES = {"str": "VARCHAR", "int": "INTEGER", "float": "DOUBLE", "bool": "BOOLEAN"}


def _sql_type(annotation: Any) -> str:
    """DuckDB type for an Event field annotation ("str | None" → VARCHAR; tuples → JSON)."""
    text = annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "")
    base = text.replace(" | None", "").replace("None | ", "").strip()
    return _SQL_TYPES.get(base, "JSON")


def event_columns() -> list[tuple[str, str]]:
    """(column, type) for every field of :class:`Event`, in field order."""
    return [(f.name, _sql_type(f.type)) for f in dataclasses.fields(Event)]


def _event_table_sql(name: str, extra: str = "") -> str:
    cols = ",\n  ".join(
        f"{c} {t}{' PRIMARY KEY' if c == 'id' else ''}" for c, t in event_columns()
    )
    return f"CREATE TABLE IF NOT EXISTS {name} (\n  {cols}{extra}\n)"


def _migration_1(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        CREATE TABLE IF NOT EXISTS articles (
          doc VARCHAR PRIMARY KEY, title VARCHAR, text VARCHAR, raw_text VARCHAR,
          date DATE, url VARCHAR, publisher VARCHAR, source VARCHAR, duplicate_of VARCHAR,
          content_hash VARCHAR, removed JSON, extra JSON, run_id VARCHAR,
          ingested_at TIMESTAMP, seq BIGINT)""")
    con.execute("""
        CREATE TABLE IF NOT EXISTS rejects (
          source VARCHAR, record VARCHAR, stage VARCHAR, reason VARCHAR, run_id VARCHAR,
          "at" TIMESTAMP, PRIMARY KEY (source, record, stage, reason))""")
    con.execute("""
        CREATE TABLE IF NOT EXISTS runs (
          run_id VARCHAR PRIMARY KEY, started TIMESTAMP, finished TIMESTAMP, inputs JSON,
          backend VARCHAR, read INTEGER, "unique" INTEGER, duplicates INTEGER,
          rejected INTEGER, events INTEGER, seconds DOUBLE)""")
    con.execute(_event_table_sql("coded_events"))
    con.execute(_event_table_sql("events", ",\n  n_mentions INTEGER,\n  n_docs INTEGER"))
    con.execute("""
        CREATE TABLE IF NOT EXISTS mentions (
          event_id VARCHAR, doc VARCHAR, sentence_index INTEGER, sentence VARCHAR,
          coded_event_id VARCHAR)""")
    con.execute("""
        CREATE TABLE IF NOT EXISTS links (
          event VARCHAR, answers VARCHAR, kind VARCHAR, score DOUBLE, cue VARCHAR)""")
    # MinHash signatures of first copies, so a later batch is de-duplicated against them.
    con.execute("CREATE TABLE IF NOT EXISTS signatures (doc VARCHAR PRIMARY KEY, minhash BLOB)")
    con.execute("CREATE INDEX IF NOT EXISTS articles_hash ON articles (content_hash)")


# Ordered (version, description, function); never edit an applied one, append a new one.
MIGRATIONS: list[tuple[int, str, Callable[[duckdb.DuckDBPyConnection], None]]] = [
    (1, "articles, rejects, runs, coded_events, events, mentions, links, signatures", _migration_1),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class Store:
    """A flashpoint DuckDB file.

    Args:
        path: The database file (created, with its schema, when opened for writing).
        read_only: Open without writing; the file must exist and be up to date, and no
            other process may be writing it (DuckDB allows one writer process at a time).
    """

    def __init__(self, path: str | os.PathLike[str], read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"no flashpoint database at {self.path}: run `flashpoint ingest` first")
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" in msg.lower():
                raise StoreError(
                    f"{self.path} is in use by another process (an ingest still running?); "
                    "wait for it to finish and try again"
                ) from exc
            raise StoreError(f"cannot open {self.path}: {msg}") from exc
        except duckdb.Error as exc:
            raise StoreError(f"cannot open {self.path} as a DuckDB database: {exc}") from exc
        if read_only:
            version = self.schema_version()
            if version < SCHEMA_VERSION:
                self.close()
                what = "is not a flashpoint database" if version == 0 else (
                    f"has schema version {version}, this flashpoint needs {SCHEMA_VERSION}")
                raise StoreError(
                    f"{self.path} {what}: create or migrate it by opening it once for writing, "
                    f"e.g. flashpoint ingest ... --db {self.path}"
                )
        else:
            self.migrate()

    # -- lifecycle -------------------------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        try:
            self.con.close()
        except duckdb.Error:
            pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All writes inside commit together or not at all."""
        self.con.begin()
        try:
            yield self.con
        except BaseException:
            self.con.rollback()
            raise
        self.con.commit()

    # -- schema ----------------------------------------------------------------------------
    def schema_version(self) -> int:
        try:
            value = self.scalar("SELECT max(version) FROM schema_version")
        except duckdb.CatalogException:
            return 0
        return int(value) if value is not None else 0

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first value of a query's first row (None when there is no row).

        DuckDB keeps a partly fetched result open on the connection, so fetch all rows.
        """
        rows = self.con.execute(sql, list(params)).fetchall()
        return rows[0][0] if rows else None

    def migrate(self) -> None:
        """Apply missing migrations, then add columns for Event fields added since."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, description VARCHAR, applied_at TIMESTAMP)"
        )
        current = self.schema_version()
        for version, description, apply in MIGRATIONS:
            if version <= current:
                continue
            with self.transaction() as con:
                apply(con)
                con.execute("INSERT INTO schema_version VALUES (?, ?, ?)",
                            [version, description, _now()])
        # Event may gain (additive) fields; give older tables the matching columns.
        for table in ("coded_events", "events"):
            have = set(self.columns(table))
            for col, typ in event_columns():
                if col not in have:
                    self.con.execute(f"ALTER TABLE {table} ADD COLUMN {col} {typ}")

    def columns(self, table: str) -> list[str]:
        return [r[0] for r in self.con.execute(f"DESCRIBE {table}").fetchall()]

    # -- writing ---------------------------------------------------------------------------
    def _insert(self, table: str, frame: pd.DataFrame, ignore: bool = True) -> None:
        if frame.empty:
            return
        name = f"_fp_{table}"
        self.con.register(name, frame)
        try:
            verb = "INSERT OR IGNORE" if ignore else "INSERT"
            self.con.execute(f"{verb} INTO {table} BY NAME SELECT * FROM {name}")
        finally:
            self.con.unregister(name)

    def add_articles(
        self, articles: Sequence[Article], hashes: Sequence[str], run_id: str = ""
    ) -> None:
        """Store articles (an article whose doc is already stored is left as it is)."""
        now = _now()
        # seq keeps input order (ingested_at ties within a batch): "first copy" means lowest seq.
        first = int(self.scalar("SELECT coalesce(max(seq), 0) FROM articles")) + 1
        rows = [
            {"seq": first + i,
                "doc": a.doc, "title": a.title, "text": a.text, "raw_text": a.raw_text,
                "date": a.date, "url": a.url, "publisher": a.publisher, "source": a.source,
                "duplicate_of": a.duplicate_of, "content_hash": h, "removed": _json(a.removed),
                "extra": _json(a.extra), "run_id": run_id, "ingested_at": now,
            }
            for i, (a, h) in enumerate(zip(articles, hashes, strict=True))
        ]
        self._insert("articles", pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS), dtype=object))

    def add_signatures(self, rows: Sequence[tuple[str, bytes]]) -> None:
        frame = pd.DataFrame({"doc": [r[0] for r in rows], "minhash": [r[1] for r in rows]})
        self._insert("signatures", frame)

    def add_rejects(self, rejects: Sequence[Reject], run_id: str = "") -> None:
        """Store rejects; the same reject seen again (a re-run) is not stored twice."""
        now = _now()
        rows = [{**r.to_dict(), "run_id": run_id, "at": now} for r in rejects]
        self._insert("rejects", pd.DataFrame(rows, columns=list(REJECT_COLUMNS), dtype=object))

    def add_coded_events(self, events: Sequence[Event], table: str = "coded_events") -> None:
        """Store events (one column per Event field; ``mentions`` as JSON text)."""
        cols = [c for c, _ in event_columns()]
        rows = []
        for ev in events:
            row = dataclasses.asdict(ev)
            row["mentions"] = _json([list(m) for m in ev.mentions])
            rows.append(row)
        self._insert(table, pd.DataFrame(rows, columns=cols, dtype=object))

    def start_run(self, run_id: str, inputs: Sequence[str], backend: str) -> None:
        self.con.execute(
            "INSERT INTO runs (run_id, started, inputs, backend) VALUES (?, ?, ?, ?)",
            [run_id, _now(), _json(list(inputs)), backend],
        )

    def finish_run(self, run_id: str, counts: dict[str, float]) -> None:
        sets = ", ".join(f'"{k}" = ?' for k in counts)
        self.con.execute(
            f"UPDATE runs SET finished = ?, {sets} WHERE run_id = ?",
            [_now(), *counts.values(), run_id],
        )

    # -- reading ---------------------------------------------------------------------------
    def df(self, sql: str, params: Sequence[Any] = ()) -> pd.DataFrame:
        """Any query as a pandas DataFrame."""
        return self.con.execute(sql, list(params)).df()

    def articles_df(self) -> pd.DataFrame:
        return self.df("SELECT * FROM articles ORDER BY seq")

    def rejects_df(self) -> pd.DataFrame:
        return self.df('SELECT * FROM rejects ORDER BY "at", source, record')

    def runs_df(self) -> pd.DataFrame:
        return self.df("SELECT * FROM runs ORDER BY started")

    def coded_events_df(self) -> pd.DataFrame:
        return self.df("SELECT * FROM coded_events ORDER BY doc, sentence_index, id")

    def events_df(self) -> pd.DataFrame:
        return self.df("SELECT * FROM events ORDER BY date, doc, sentence_index, id")

    def articles(self) -> list[Article]:
        """Stored articles as records, in ingest order."""
        out = []
        for row in self.articles_df().to_dict("records"):
            out.append(Article(
                doc=row["doc"], title=row["title"] or "", text=row["text"] or "",
                raw_text=row["raw_text"] or "", date=_iso(row["date"]), url=_opt(row["url"]),
                publisher=_opt(row["publisher"]), source=row["source"] or "",
                duplicate_of=_opt(row["duplicate_of"]),
                removed=json.loads(row["removed"] or "{}"), extra=json.loads(row["extra"] or "{}"),
            ))
        return out

    def rejects(self) -> list[Reject]:
        return [Reject(r["source"], r["record"], r["stage"], r["reason"])
                for r in self.rejects_df().to_dict("records")]

    def coded_events(self, table: str = "coded_events") -> list[Event]:
        """Events of ``coded_events`` (or ``events``) as records."""
        frame = self.df(f"SELECT * FROM {table} ORDER BY doc, sentence_index, id")
        names = [c for c, _ in event_columns()]
        out = []
        for row in frame.to_dict("records"):
            vals = {k: _opt(row[k]) for k in names}
            vals["mentions"] = tuple(tuple(m) for m in json.loads(row["mentions"] or "[]"))
            out.append(Event(**_defaults(vals)))
        return out

    def known_articles(self) -> Iterator[tuple[str, str, str | None, bytes | None]]:
        """(doc, content_hash, duplicate_of, signature) of every stored article, in ingest order."""
        cur = self.con.execute(
            "SELECT a.doc, a.content_hash, a.duplicate_of, s.minhash FROM articles a "
            "LEFT JOIN signatures s USING (doc) ORDER BY a.seq"
        )
        while rows := cur.fetchmany(10_000):
            for doc, chash, dup, sig in rows:
                yield doc, chash, dup, bytes(sig) if sig is not None else None

    def counts(self) -> dict[str, int]:
        """Rows per table."""
        tables = ("articles", "rejects", "runs", "coded_events", "events", "mentions", "links")
        out = {}
        for t in tables:
            out[t] = int(self.scalar(f"SELECT count(*) FROM {t}"))
        return out

    def stats(self, last_runs: int = 5) -> dict[str, Any]:
        """Counts per table, duplicates, the last runs and reject reasons (for ``flashpoint stats``)."""
        dup = self.scalar("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL")
        runs = self.df(f"SELECT * FROM runs ORDER BY started DESC LIMIT {int(last_runs)}")
        reasons = self.df(
            "SELECT stage, reason, count(*) AS n FROM rejects GROUP BY stage, reason "
            "ORDER BY n DESC, stage, reason")
        return {
            "db": str(self.path), "schema_version": self.schema_version(),
            "counts": self.counts(), "duplicates": int(dup),
            "runs": runs.to_dict("records"), "reject_reasons": reasons.to_dict("records"),
        }


def _opt(value: Any) -> Any:
    """None for SQL NULL as pandas returns it (None, NaN, NaT)."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value


def _iso(value: Any) -> str | None:
    value = _opt(value)
    if value is None:
        return None
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)[:10]


def _defaults(vals: dict[str, Any]) -> dict[str, Any]:
    """Fill NULLs of non-optional Event fields with the field's default or type's zero."""
    hints = typing.get_type_hints(Event)
    for f in dataclasses.fields(Event):
        if vals.get(f.name) is not None:
            continue
        hint = hints[f.name]
        if isinstance(hint, types.UnionType) and type(None) in hint.__args__:
            continue
        if f.default is not dataclasses.MISSING:
            vals[f.name] = f.default
        else:
            vals[f.name] = {str: "", int: 0, float: 0.0, bool: False}.get(hint, "")
    for k in ("negated",):
        vals[k] = bool(vals[k])
    return vals
