"""PLOVER-JSON and GDELT-style exports, and the links/dyads exports: they load in pandas and DuckDB."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from test_link_data import CHENGDU, MAGNITSKY, chengdu_events, magnitsky_events

from flashpoint.errors import ConfigError
from flashpoint.export import export
from flashpoint.link import link_within, rebuild
from flashpoint.link.exports import gdelt_columns
from flashpoint.store import Store


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("ex") / "ex.duckdb"
    with Store(path) as st:
        st.add_coded_events(link_within(chengdu_events(), CHENGDU.text)
                            + link_within(magnitsky_events(), MAGNITSKY.text))
        rebuild(st)
    return path


def test_plover_jsonl(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.plover.jsonl"
    n = export("events", db, fmt="plover", out=out)
    recs = [json.loads(line) for line in out.read_text().splitlines()]
    assert n == len(recs) == 9
    for r in recs:
        assert r["event"] == [r["event_type"]] and r["date"]
        assert r["actor"][0]["code"] in ("CHN", "USA", "GBR", "RUS")
        assert r["recipient"][0]["sector"] == "GOV" and r["quad_code"] in (3, 4)
    answered = {r["response_to"] for r in recs if r["response_to"]}
    assert answered <= {r["id"] for r in recs} and len(answered) == 4
    closure = next(r for r in recs if r["mode"] == ["close consulate"])
    assert closure["context"] == ["diplomatic"]
    assert len(pd.read_json(out, lines=True)) == 9
    assert duckdb.connect().execute(f"SELECT count(*) FROM read_json_auto('{out}')").fetchone() == (9,)


def test_gdelt_tsv(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.gdelt.tsv"
    assert export("events", db, fmt="gdelt", out=out) == 9
    df = pd.read_csv(out, sep="\t", dtype=str, keep_default_na=False)
    assert list(df.columns) == gdelt_columns() and len(gdelt_columns()) == 61
    assert set(df["EventRootCode"]) == {"13", "16"}  # THREATEN, SANCTION
    assert set(df["QuadClass"]) == {"3", "4"}
    assert df["SQLDATE"].str.fullmatch(r"\d{8}").all()
    assert df["GLOBALEVENTID"].is_unique
    row = duckdb.connect().execute(f"SELECT Actor1CountryCode, GoldsteinScale FROM read_csv('{out}', "
                     "delim='\t', header=true) WHERE Actor1Code = 'RUSGOV' LIMIT 1").fetchone()
    assert row is not None and row[0] == "RUS" and float(row[1]) < 0


def test_gdelt_columns_match_codebook(shared_dir: Path) -> None:
    path = shared_dir / "data" / "gdelt" / "GDELT_2.0_Events_Column_Labels_Header_Row_Sep2016.csv"
    with open(path, encoding="utf-8") as fh:
        names = [row[0] for row in csv.reader(fh)][1:]
    assert gdelt_columns() == names


def test_links_and_dyads_exports(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "links.parquet"
    assert export("links", db, fmt="parquet", out=out) == 6
    links = pd.read_parquet(out)
    assert "explicit" in set(links["kind"]) <= {"explicit", "inferred"}
    assert links["score"].between(0, 1).all()
    assert duckdb.connect().execute(f"SELECT count(*) FROM read_parquet('{out}')").fetchone() == (6,)
    out = tmp_path / "dyads.csv"
    export("dyads", db, fmt="csv", out=out)
    dy = pd.read_csv(out)
    assert {"reciprocity", "hostility_score", "escalation_index"} <= set(dy.columns)


def test_plover_format_is_for_events_only(db: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="events only"):
        export("links", db, fmt="plover", out=tmp_path / "x")
