"""The ingest plan end to end: the example, bad input, re-ingest, later batches."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from flashpoint import Store, ingest
from flashpoint.config import Settings
from flashpoint.records import Reject

DATA = Path(__file__).resolve().parent / "data" / "intake"
CHENGDU = ("China ordered US diplomatic staff to leave their consulate in the Chinese city of "
           "Chengdu earlier this week.")


def test_example_end_to_end(example_path: Path, tmp_path: Path, nlp: object) -> None:
    rejects: list[Reject] = []
    summary = ingest([example_path], db=tmp_path / "x.duckdb", on_reject=rejects.append)
    assert (summary.read, summary.unique, summary.duplicates, summary.rejected) == (10, 8, 2, 0)
    assert summary.exit_code == 0 and rejects == []
    assert summary.line().startswith("read 10 / unique 8 / duplicates 2 / rejected 0 / events ")
    with Store(tmp_path / "x.duckdb", read_only=True) as st:
        arts = {a.doc: a for a in st.articles()}
        assert len(arts) == 10
        dups = {d: a.duplicate_of for d, a in arts.items() if a.duplicate_of}
        assert dups == {"retaliation_articles.txt#3": "retaliation_articles.txt#2",
                        "retaliation_articles.txt#5": "retaliation_articles.txt#4"}
        assert CHENGDU in arts["retaliation_articles.txt#4"].text
        assert "READ MORE" in arts["retaliation_articles.txt#4"].raw_text
        assert all("READ MORE" not in a.text and "(Image:" not in a.text for a in arts.values())
        # Duplicates are not coded again: no event comes from #3 or #5.
        coded_docs = {e.doc for e in st.coded_events()}
        assert coded_docs <= set(arts) - set(dups)
        assert st.counts()["coded_events"] == summary.events
        run = st.runs_df().iloc[-1]
        assert (run["read"], run["unique"], run["duplicates"], run["events"]) == (
            10, 8, 2, summary.events)
        assert run["finished"] is not None and json.loads(run["inputs"]) == [str(example_path)]


def test_reingest_adds_nothing(example_path: Path, tmp_path: Path, nlp: object) -> None:
    db = tmp_path / "x.duckdb"
    first = ingest([example_path], db=db)
    with Store(db, read_only=True) as st:
        before = {t: n for t, n in st.counts().items() if t != "runs"}
    again = ingest([example_path], db=db)
    assert (again.read, again.unique, again.duplicates, again.events) == (10, 0, 10, 0)
    with Store(db, read_only=True) as st:
        after = {t: n for t, n in st.counts().items() if t != "runs"}
        assert after == before and st.counts()["runs"] == 2
    assert first.events == before["coded_events"]


def test_later_batch_is_deduplicated_against_the_store(tmp_path: Path, nlp: object) -> None:
    story = (DATA / "articles.jsonl").read_text(encoding="utf-8").splitlines()[0]
    rec = json.loads(story)
    (tmp_path / "a.jsonl").write_text(json.dumps(rec) + "\n", encoding="utf-8")
    copy = {**rec, "doc": "syndicated-copy", "publisher": "Other Paper"}
    (tmp_path / "b.jsonl").write_text(json.dumps(copy) + "\n", encoding="utf-8")
    db = tmp_path / "x.duckdb"
    ingest([tmp_path / "a.jsonl"], db=db)
    later = ingest([tmp_path / "b.jsonl"], db=db)
    assert (later.unique, later.duplicates, later.events) == (0, 1, 0)
    with Store(db, read_only=True) as st:
        assert {a.doc: a.duplicate_of for a in st.articles()} == {
            "wire-001": None, "syndicated-copy": "wire-001"}


@pytest.fixture
def bad_corpus(tmp_path: Path) -> Path:
    """A folder with good records and every kind of bad input next to them."""
    root = tmp_path / "corpus"
    root.mkdir()
    for name in ("articles.jsonl", "articles.csv", "nothing.html", "broken.rss", "page.html"):
        shutil.copy(DATA / name, root / name)
    (root / "blob.txt").write_bytes(b"\x00\x9f\x00binary" * 100)
    (root / "empty.txt").write_bytes(b"")
    (root / "win.txt").write_bytes("Head\n\nThe minister said \u201cno\u201d to the plan.\n"
                                   .encode("cp1252"))
    big = "Officials met again to discuss the dispute over fishing rights. " * 200
    (root / "big.jsonl").write_text(json.dumps({"doc": "huge", "text": big}) + "\n"
                                    + json.dumps({"doc": "small", "text": "Japan protested."})
                                    + "\n", encoding="utf-8")
    return root


def test_bad_input_is_rejected_and_good_records_stored(bad_corpus: Path, nlp: object) -> None:
    settings = Settings(max_article_bytes=5000)
    db = bad_corpus.parent / "x.duckdb"
    seen: list[Reject] = []
    summary = ingest([bad_corpus], db=db, settings=settings, on_reject=seen.append)
    assert summary.exit_code == 1
    with Store(db, read_only=True) as st:
        docs = {a.doc for a in st.articles()}
        stored = st.rejects_df()
    assert {"wire-001", "1002", "articles.jsonl#7", "csv-1", "csv-2", "articles.csv#5",
            "https://times.example/world/seoul-pact", "win.txt#1", "small"} <= docs
    assert "huge" not in docs
    rows = {(Path(r.source).name, r.record): (r.stage, r.reason) for r in stored.itertuples()}
    expect = {
        ("articles.jsonl", "line 3"): "malformed JSON",
        ("articles.jsonl", "line 4"): "no 'text' field",
        ("articles.csv", "line 4"): "expected 7 fields",
        ("nothing.html", ""): "no article text",
        ("broken.rss", ""): "not a readable RSS/Atom feed",
        ("blob.txt", ""): "not a text file",
        ("empty.txt", ""): "empty file",
        ("win.txt", "line 3"): "decoded with cp1252",
    }
    for key, words in expect.items():
        assert key in rows and words in rows[key][1], (key, rows.get(key))
    (too_large,) = [r for r in stored.itertuples() if r.record == "huge"]
    assert too_large.stage == "clean" and "too large" in too_large.reason
    assert too_large.source.endswith("big.jsonl:1")
    assert rows[("win.txt", "line 3")][0] == "decode"
    assert summary.warnings == 1 and summary.rejected == len(stored) - 1
    assert len(seen) == len(stored)
    # The same bad input again: no new reject rows.
    ingest([bad_corpus], db=db, settings=settings, on_reject=lambda r: None)
    with Store(db, read_only=True) as st:
        assert st.counts()["rejects"] == len(stored)


def test_reused_id_with_other_text_is_rejected(tmp_path: Path, nlp: object) -> None:
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"doc": "x1", "text": "Seoul recalled its envoy."}) + "\n"
        + json.dumps({"doc": "x1", "text": "Tokyo banned chip exports to Seoul."}) + "\n",
        encoding="utf-8")
    summary = ingest([tmp_path / "a.jsonl"], db=tmp_path / "x.duckdb", on_reject=lambda r: None)
    assert summary.unique == 1 and summary.rejected == 1
    assert summary.rejects[0].stage == "dedupe" and "already used" in summary.rejects[0].reason


def test_usage_errors(tmp_path: Path) -> None:
    from flashpoint.errors import ConfigError

    with pytest.raises(ConfigError, match="not both"):
        ingest(["x"], db=tmp_path / "x.duckdb", workers=2, scheduler="tcp://127.0.0.1:1")
    with pytest.raises(ConfigError, match="unknown backend"):
        ingest(["x"], db=tmp_path / "x.duckdb", backend="spark")
