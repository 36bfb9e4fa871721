"""The local and Dask backends store identical results for the same corpus."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from flashpoint import Store, ingest, read
from flashpoint.clean import clean
from flashpoint.config import Settings
from flashpoint.errors import ConfigError

QUERIES = {
    "articles": "SELECT * EXCLUDE (run_id, ingested_at) FROM articles ORDER BY doc",
    "coded_events": "SELECT * FROM coded_events ORDER BY id",
    "rejects": "SELECT source, record, stage, reason FROM rejects ORDER BY ALL",
    "events": "SELECT * FROM events ORDER BY ALL",
    "links": "SELECT * FROM links ORDER BY ALL",
}


def snapshot(db: Path) -> dict[str, list[Any]]:
    with Store(db, read_only=True) as st:
        return {name: st.con.execute(sql).fetchall() for name, sql in QUERIES.items()}


@pytest.fixture(scope="module")
def corpus(example_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plus 30 articles recombined from its paragraphs and a bad line."""
    root = tmp_path_factory.mktemp("corpus")
    paras = sorted({p for a in read(example_path) for p in clean(a).text.split("\n\n")
                    if len(p) > 80})
    lines = [json.dumps({"doc": f"gen-{i}", "title": f"Dispatch {i}",
                         "text": "\n\n".join(paras[(i * 5 + k * 11) % len(paras)] for k in range(3))})
             for i in range(30)]
    lines.insert(7, "{broken")
    (root / "gen.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "example.txt").write_text(example_path.read_text(encoding="utf-8"), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def local_result(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = tmp_path_factory.mktemp("local") / "local.duckdb"
    summary = ingest([corpus], db=db, settings=Settings(batch_size=8), on_reject=lambda r: None)
    assert summary.read == 40 and summary.rejected == 1 and summary.events > 0
    return snapshot(db)


@pytest.fixture(scope="module")
def cluster() -> Iterator[str]:
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, host="127.0.0.1") as lc:
        yield lc.scheduler_address


@pytest.mark.slow
def test_dask_scheduler_matches_local(corpus: Path, tmp_path: Path, cluster: str,
                                      local_result: dict[str, Any]) -> None:
    db = tmp_path / "dask.duckdb"
    summary = ingest([corpus], db=db, settings=Settings(batch_size=8), scheduler=cluster,
                     on_reject=lambda r: None)
    assert summary.backend == "dask"
    got = snapshot(db)
    for table in QUERIES:
        assert got[table] == local_result[table], table


@pytest.mark.slow
def test_dask_workers_option_matches_local(corpus: Path, tmp_path: Path,
                                           local_result: dict[str, Any]) -> None:
    db = tmp_path / "dask1.duckdb"
    ingest([corpus], db=db, settings=Settings(batch_size=8), workers=1, on_reject=lambda r: None)
    got = snapshot(db)
    for table in QUERIES:
        assert got[table] == local_result[table], table
    with Store(db, read_only=True) as st:
        assert st.runs_df()["backend"].tolist() == ["dask"]


@pytest.mark.slow
def test_unreachable_scheduler_is_a_config_error(corpus: Path, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="cannot reach the Dask scheduler"):
        ingest([corpus], db=tmp_path / "x.duckdb", scheduler="tcp://127.0.0.1:9",
               on_reject=lambda r: None)
