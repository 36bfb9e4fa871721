"""Exports load back in pandas and DuckDB; the registries take new entries."""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from flashpoint import Store, ingest
from flashpoint.errors import ConfigError
from flashpoint.export import ARTICLE_FIELDS, EXPORTERS, FORMATS, export


@pytest.fixture(scope="module")
def db(example_path: Path, tmp_path_factory: pytest.TempPathFactory, nlp: object) -> Path:
    path = tmp_path_factory.mktemp("export") / "x.duckdb"
    bad = path.parent / "bad.jsonl"
    bad.write_text('{"doc": "ok", "text": "Seoul recalled its envoy."}\n{oops\n', encoding="utf-8")
    ingest([example_path, bad], db=path, on_reject=lambda r: None)
    return path


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_articles_round_trip(db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"articles.{fmt}"
    assert export("articles", db, fmt=fmt, out=out) == 11
    frame = {"jsonl": lambda p: pd.read_json(p, lines=True, dtype=False),
             "csv": lambda p: pd.read_csv(p, keep_default_na=False, na_values=[""]),
             "parquet": pd.read_parquet}[fmt](out)
    assert tuple(frame.columns) == ARTICLE_FIELDS and len(frame) == 11
    dups = frame.dropna(subset=["duplicate_of"])
    assert sorted(dups["doc"]) == ["retaliation_articles.txt#3", "retaliation_articles.txt#5"]
    assert frame["text"].str.contains("READ MORE").sum() == 0
    assert frame["raw_text"].str.contains("READ MORE").sum() > 0
    reader = {"jsonl": "read_json_auto", "csv": "read_csv_auto", "parquet": "read_parquet"}[fmt]
    n = duckdb.sql(f"SELECT count(*) FROM {reader}('{out}')").fetchall()[0][0]
    assert n == 11


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_events_and_rejects_round_trip(db: Path, tmp_path: Path, fmt: str) -> None:
    with Store(db, read_only=True) as st:
        linked = st.counts()["events"]
        coded = st.counts()["coded_events"]
    out = tmp_path / f"events.{fmt}"
    rows = export("events", db, fmt=fmt, out=out)
    assert rows == (linked or coded) and rows > 0
    n = duckdb.sql(f"SELECT count(*) FROM '{out}'").fetchall()[0][0]
    assert n == rows
    out = tmp_path / f"rejects.{fmt}"
    assert export("rejects", db, fmt=fmt, out=out) == 1
    back = duckdb.sql(f"SELECT source, record, stage FROM '{out}'").fetchall()
    assert back[0][1:] == ("line 2", "read") and back[0][0].endswith("bad.jsonl")


def test_events_jsonl_has_mentions_as_lists(db: Path) -> None:
    buf = io.BytesIO()
    export("events", db, fmt="jsonl", out=buf)
    first = json.loads(buf.getvalue().splitlines()[0])
    assert isinstance(first["mentions"], list) and first["type"]


def test_events_fall_back_to_coded_events(example_path: Path, tmp_path: Path, db: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(db.read_bytes())
    with Store(copy) as st:
        st.con.execute("DELETE FROM events")
        coded = st.counts()["coded_events"]
    assert export("events", copy, out=io.BytesIO()) == coded


def test_registries_accept_new_entries(db: Path) -> None:
    EXPORTERS["runs"] = lambda st: st.runs_df()
    FORMATS["tsv"] = lambda frame, out, what: out.write(frame.to_csv(sep="\t").encode())
    try:
        buf = io.BytesIO()
        assert export("runs", db, fmt="tsv", out=buf) == 1
        assert b"\tbackend\t" in buf.getvalue().splitlines()[0]
    finally:
        del EXPORTERS["runs"], FORMATS["tsv"]
    with pytest.raises(ConfigError, match="choose one of"):
        export("runs", db)
