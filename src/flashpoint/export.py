"""Export stored tables as JSON Lines, CSV or Parquet.

Two registries drive ``flashpoint export WHAT --format FMT``: :data:`EXPORTERS` maps WHAT
to a function giving a DataFrame from the store, and :data:`FORMATS` maps FMT to a writer.
Other stages add entries (``EXPORTERS["links"] = ...``, ``FORMATS["plover"] = ...``) without
touching the command.

Example:
    >>> export("articles", db="flashpoint.duckdb", fmt="jsonl", out="articles.jsonl")  # doctest: +SKIP
    8
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

import pandas as pd

from flashpoint.errors import ConfigError
from flashpoint.store import Store

Exporter = Callable[[Store], pd.DataFrame]
# (frame, binary output stream, what is exported) → None
Writer = Callable[[pd.DataFrame, IO[bytes], str], None]

ARTICLE_FIELDS = ("doc", "title", "date", "url", "publisher", "text", "raw_text", "duplicate_of",
                  "source")
JSON_COLUMNS = ("mentions", "removed", "extra", "inputs")


def export_articles(store: Store) -> pd.DataFrame:
    """Articles in ingest order: doc, title, date, url, publisher, text (clean), raw_text, ..."""
    cols = ", ".join(ARTICLE_FIELDS)
    frame = store.df(f"SELECT {cols} FROM articles ORDER BY seq")
    frame["date"] = frame["date"].map(_iso_date)
    return frame


def export_rejects(store: Store) -> pd.DataFrame:
    """Every reject: source, record, stage, reason, run_id, at."""
    return store.df('SELECT source, record, stage, reason, run_id, "at" FROM rejects '
                    'ORDER BY "at", source, record')


def export_events(store: Store) -> pd.DataFrame:
    """The linked ``events`` table, or the coder's ``coded_events`` while ``events`` is empty."""
    table = "events" if store.scalar("SELECT count(*) FROM events") else "coded_events"
    frame = store.df(f"SELECT * FROM {table} ORDER BY doc, sentence_index, id")
    if "mentions" in frame:
        frame["mentions"] = frame["mentions"].map(lambda m: json.loads(m) if m else [])
    return frame


EXPORTERS: dict[str, Exporter] = {
    "articles": export_articles,
    "rejects": export_rejects,
    "events": export_events,
}


def _plain(value: Any) -> Any:
    """A JSON-ready value: NaN/NaT → None, timestamps → ISO text, numpy scalars → Python."""
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, datetime | pd.Timestamp):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        return value.item()
    if hasattr(value, "tolist"):
        return value.tolist()
    return value


def _iso_date(value: Any) -> str | None:
    value = _plain(value)
    return value[:10] if isinstance(value, str) else value


def write_jsonl(frame: pd.DataFrame, out: IO[bytes], what: str) -> None:
    for row in frame.to_dict("records"):
        line = json.dumps({k: _plain(v) for k, v in row.items()}, ensure_ascii=False)
        out.write(line.encode("utf-8") + b"\n")


def write_csv(frame: pd.DataFrame, out: IO[bytes], what: str) -> None:
    flat = frame.copy()
    for col in flat.columns:
        if flat[col].map(lambda v: isinstance(v, list | dict)).any():
            flat[col] = flat[col].map(lambda v: json.dumps(v, ensure_ascii=False))
    out.write(flat.to_csv(index=False).encode("utf-8"))


def write_parquet(frame: pd.DataFrame, out: IO[bytes], what: str) -> None:
    flat = frame.copy()
    for col in flat.columns:
        # Parquet wants one type per column: nested lists (mentions) travel as JSON text.
        if flat[col].map(lambda v: isinstance(v, list | dict)).any():
            flat[col] = flat[col].map(lambda v: json.dumps(v, ensure_ascii=False))
    flat.to_parquet(out, index=False)


FORMATS: dict[str, Writer] = {
    "jsonl": write_jsonl,
    "csv": write_csv,
    "parquet": write_parquet,
}


def export(
    what: str,
    db: str | os.PathLike[str] | Store,
    fmt: str = "jsonl",
    out: str | os.PathLike[str] | IO[bytes] | None = None,
) -> int:
    """Write one exported table; returns the number of rows.

    Args:
        what: A key of :data:`EXPORTERS` (articles, rejects, events, ...).
        db: The DuckDB file (opened read-only) or an open Store.
        fmt: A key of :data:`FORMATS` (jsonl, csv, parquet, ...).
        out: A file path or binary stream; default stdout.
    """
    import flashpoint.link  # noqa: F401 - the linking stage registers its exporters on import

    if what not in EXPORTERS:
        raise ConfigError(f"cannot export {what!r}; choose one of {', '.join(sorted(EXPORTERS))}")
    if fmt not in FORMATS:
        raise ConfigError(f"unknown format {fmt!r}; choose one of {', '.join(sorted(FORMATS))}")
    store = db if isinstance(db, Store) else Store(db, read_only=True)
    try:
        frame = EXPORTERS[what](store)
    finally:
        if not isinstance(db, Store):
            store.close()
    if out is None:
        FORMATS[fmt](frame, sys.stdout.buffer, what)
        sys.stdout.buffer.flush()
    elif isinstance(out, str | os.PathLike):
        path = Path(out)
        tmp = path.with_name(path.name + ".part")
        try:
            with open(tmp, "wb") as fh:
                FORMATS[fmt](frame, fh, what)
            tmp.replace(path)  # a reader never sees half a file
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from exc
    else:
        FORMATS[fmt](frame, out, what)
    return len(frame)
