"""An ingest killed with SIGKILL part-way and run again ends with the rows of a clean run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from flashpoint import Store, ingest, read
from flashpoint.clean import clean
from flashpoint.config import Settings

SCRIPT = """
import sys
from flashpoint import ingest
from flashpoint.config import Settings
ingest([sys.argv[1]], db=sys.argv[2], settings=Settings(batch_size=4),
       on_reject=lambda r: None, progress=lambda s: print("batch", s.read, flush=True))
print("done", flush=True)
"""

# Tables and columns compared; run ids, timestamps and the insertion counter differ by design.
QUERIES = {
    "articles": "SELECT * EXCLUDE (run_id, ingested_at, seq) FROM articles ORDER BY doc",
    "signatures": "SELECT * FROM signatures ORDER BY doc",
    "coded_events": "SELECT * FROM coded_events ORDER BY id",
    "rejects": "SELECT source, record, stage, reason FROM rejects ORDER BY ALL",
    "events": "SELECT * FROM events ORDER BY ALL",
    "mentions": "SELECT * FROM mentions ORDER BY ALL",
    "links": "SELECT * FROM links ORDER BY ALL",
}


def snapshot(db: Path) -> dict[str, list[Any]]:
    with Store(db, read_only=True) as st:
        return {name: st.con.execute(sql).fetchall() for name, sql in QUERIES.items()}


def make_corpus(example: Path, path: Path, n: int) -> None:
    """n articles built from the example's paragraphs, every tenth a copy of an earlier one."""
    paras = sorted({p for a in read(example) for p in clean(a).text.split("\n\n") if len(p) > 80})
    lines = []
    for i in range(n):
        if i % 10 == 9:
            rec = {**json.loads(lines[i - 5]), "doc": f"copy-{i}"}
        else:
            body = [paras[(i * 7 + k * 13) % len(paras)] for k in range(4)]
            rec = {"doc": f"gen-{i}", "title": f"Dispatch {i}", "text": "\n\n".join(body),
                   "date": f"2020-07-{1 + i % 28:02d}"}
        lines.append(json.dumps(rec))
    lines.insert(n // 2, "{not json")  # one bad record on the way
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_sigkill_then_rerun_equals_uninterrupted(example_path: Path, tmp_path: Path,
                                                 nlp: object) -> None:
    corpus = tmp_path / "corpus.jsonl"
    make_corpus(example_path, corpus, 120)
    killed_db = tmp_path / "killed.duckdb"
    proc = subprocess.Popen([sys.executable, "-c", SCRIPT, str(corpus), str(killed_db)],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert proc.stdout is not None
    seen = 0
    for line in proc.stdout:
        if line.startswith("batch"):
            seen += 1
        if seen == 3:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL
    partial = snapshot(killed_db)
    assert 12 <= len(partial["articles"]) < 120  # 3 whole batches at least, not all

    settings = Settings(batch_size=4)
    ingest([corpus], db=killed_db, settings=settings, on_reject=lambda r: None)
    clean_db = tmp_path / "clean.duckdb"
    ingest([corpus], db=clean_db, settings=settings, on_reject=lambda r: None)
    resumed, reference = snapshot(killed_db), snapshot(clean_db)
    assert len(reference["articles"]) == 120 and len(reference["rejects"]) == 1
    assert len(reference["coded_events"]) > 0
    for table in QUERIES:
        assert resumed[table] == reference[table], table
    with Store(killed_db, read_only=True) as st:
        runs = st.runs_df()
    assert len(runs) == 2 and runs["finished"].isna().tolist() == [True, False]
