"""The intake commands through click's CliRunner, and one real subprocess."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from flashpoint import Store
from flashpoint.cli import cli

DATA = Path(__file__).resolve().parent / "data" / "intake"
SUMMARY = "read 10 / unique 8 / duplicates 2 / rejected 0 / events "


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:  # noqa: A002
    res = CliRunner().invoke(cli, list(args), input=input)
    return res.exit_code, res.stdout, res.stderr


def test_ingest_stats_export(example_path: Path, tmp_path: Path, nlp: object) -> None:
    db = str(tmp_path / "x.duckdb")
    code, out, err = run("ingest", str(example_path), "--db", db)
    assert code == 0, err
    assert out.startswith(SUMMARY) and out.count("\n") == 1 and err == ""
    code, out, _ = run("stats", "--db", db)
    assert code == 0
    assert "articles            10  (2 duplicates)" in out and "backend=local" in out
    assert "reject reasons:\n  (none)" in out
    code, out, _ = run("export", "articles", "--db", db)
    rows = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(rows) == 10
    assert list(rows[0]) == ["doc", "title", "date", "url", "publisher", "text", "raw_text",
                             "duplicate_of", "source"]
    code, _, err = run("export", "events", "--db", db, "--format", "csv",
                       "-o", str(tmp_path / "ev.csv"))
    assert code == 0 and "written to" in err
    assert "type" in pd.read_csv(tmp_path / "ev.csv").columns


def test_ingest_with_rejects_exits_1_and_reports_them(tmp_path: Path, nlp: object) -> None:
    code, out, err = run("ingest", str(DATA / "articles.jsonl"), "--db", str(tmp_path / "x.duckdb"))
    assert code == 1
    assert "articles.jsonl:line 3 (read): malformed JSON" in err
    assert out.startswith("read 3 / unique 3 / duplicates 0 / rejected 3 / ")
    code, out, _ = run("stats", "--db", str(tmp_path / "x.duckdb"))
    assert "record has no 'text' field" in out


def test_stdin_and_config(tmp_path: Path, nlp: object) -> None:
    cfg = tmp_path / "fp.toml"
    cfg.write_text(f'db = "{tmp_path / "cfg.duckdb"}"\nbatch_size = 1\n', encoding="utf-8")
    lines = "\n".join(json.dumps({"doc": f"p{i}", "text": f"Paragraph number {i} of a feed."})
                      for i in range(3))
    code, out, _ = run("ingest", "-", "--config", str(cfg), input=lines)
    assert code == 0 and out.startswith("read 3 / unique 3 ")
    assert (tmp_path / "cfg.duckdb").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    db = str(tmp_path / "x.duckdb")
    assert run("ingest", "--db", db)[0] == 2  # no PATH
    code, _, err = run("ingest", "a.txt", "--workers", "2", "--scheduler", "tcp://127.0.0.1:1")
    assert code == 2 and "not both" in err
    assert run("ingest", "a.txt", "--workers", "0")[0] == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("batch_sise = 3\n", encoding="utf-8")
    code, _, err = run("ingest", "a.txt", "--config", str(bad))
    assert code == 2 and "unknown setting(s) batch_sise" in err
    code, _, err = run("stats", "--db", str(tmp_path / "none.duckdb"))
    assert code == 2 and "flashpoint ingest` first" in err and "Traceback" not in err
    code, _, err = run("export", "everything", "--db", db)
    assert code == 2 and "choose one of" in err
    code, _, err = run("export", "articles", "--db", db, "--format", "xml")
    assert code == 2 and "unknown format" in err
    Store(db).close()  # an empty store, so only the output path is wrong
    code, _, err = run("export", "articles", "--db", db, "-o", str(tmp_path / "no" / "a.jsonl"))
    assert code == 2 and "cannot write" in err


def test_real_subprocess(example_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "sub.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "flashpoint", "ingest", str(example_path), "--db", str(db)],
        capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith(SUMMARY)
    proc = subprocess.run(
        [sys.executable, "-m", "flashpoint", "ingest", str(tmp_path / "missing.txt"), "--db",
         str(db)], capture_output=True, text=True, timeout=300, check=False,
    )
    assert proc.returncode == 1
    assert "missing.txt (read): no such file or directory" in proc.stderr
    assert "Traceback" not in proc.stderr
