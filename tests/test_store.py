"""The DuckDB store: schema and migrations, writes, reads, read-only access."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest

from flashpoint.errors import StoreError
from flashpoint.records import Article, Event, Reject
from flashpoint.store import MIGRATIONS, SCHEMA_VERSION, Store, event_columns

EVENT = Event(
    id="ev_1", doc="d1", sentence="China expelled two diplomats.", source="CHN",
    source_text="China", source_sector="GOV", target="USA", target_text="US",
    target_sector="GOV", type="SANCTION", mode="expel diplomats", date="2020-07-24",
    confidence=0.8, negated=True, mentions=(("d1", 0), ("d2", 3)),
)


def test_schema_tables_columns_and_version(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        assert st.schema_version() == SCHEMA_VERSION == MIGRATIONS[-1][0]
        tables = {r[0] for r in st.con.execute("SHOW TABLES").fetchall()}
        assert {"articles", "rejects", "runs", "coded_events", "events", "mentions", "links",
                "schema_version"} <= tables
        fields = [f.name for f in dataclasses.fields(Event)]
        assert st.columns("coded_events") == fields
        assert st.columns("events") == [*fields, "n_mentions", "n_docs"]
        assert {"doc", "title", "text", "raw_text", "date", "url", "publisher", "source",
                "duplicate_of", "content_hash", "removed", "extra", "run_id",
                "ingested_at"} <= set(st.columns("articles"))
        assert st.columns("rejects") == ["source", "record", "stage", "reason", "run_id", "at"]
        assert st.columns("mentions") == ["event_id", "doc", "sentence_index", "sentence",
                                          "coded_event_id"]
        assert st.columns("links") == ["event", "answers", "kind", "score", "cue"]
        assert dict(event_columns())["mentions"] == "JSON"
    # Reopening applies nothing twice.
    with Store(tmp_path / "s.duckdb") as st:
        assert st.scalar("SELECT count(*) FROM schema_version") == len(MIGRATIONS)


def test_missing_event_columns_are_added_to_an_older_table(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    with Store(path) as st:
        st.con.execute("ALTER TABLE coded_events DROP COLUMN negated")
    with Store(path) as st:
        assert "negated" in st.columns("coded_events")


def test_round_trip_of_records(tmp_path: Path) -> None:
    art = Article("d1", "Head", "Clean.", raw_text="Clean.\n\nREAD MORE: x", date="2020-07-24",
                  url="https://x.example", source="f.txt:1", removed={"read_more": 1},
                  extra={"desk": "world", "n": 3})
    with Store(tmp_path / "s.duckdb") as st:
        with st.transaction():
            st.add_articles([art], ["hash1"], "run1")
            st.add_coded_events([EVENT, EVENT])  # same id twice: stored once
            st.add_rejects([Reject("f.txt", "line 3", "read", "malformed JSON")], "run1")
        assert st.articles() == [art]
        assert st.coded_events() == [EVENT]
        assert st.rejects() == [Reject("f.txt", "line 3", "read", "malformed JSON")]
        assert st.articles_df().loc[0, "content_hash"] == "hash1"
        assert st.coded_events_df().loc[0, "mentions"] == '[["d1", 0], ["d2", 3]]'


def test_rejects_are_not_duplicated_and_articles_keep_their_first_version(tmp_path: Path) -> None:
    rej = Reject("f.txt", "line 3", "read", "malformed JSON")
    with Store(tmp_path / "s.duckdb") as st:
        st.add_rejects([rej], "run1")
        st.add_rejects([rej, rej], "run2")
        st.add_articles([Article("d", "A", "one")], ["h1"])
        st.add_articles([Article("d", "B", "two")], ["h2"])
        assert st.counts()["rejects"] == 1
        assert [a.title for a in st.articles()] == ["A"]


def test_transaction_rolls_back_on_error(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        with pytest.raises(RuntimeError), st.transaction():
            st.add_articles([Article("d", "A", "one")], ["h1"])
            raise RuntimeError("killed")
        assert st.counts()["articles"] == 0


def test_read_only(tmp_path: Path) -> None:
    path = tmp_path / "s.duckdb"
    with pytest.raises(StoreError, match="run `flashpoint ingest` first"):
        Store(path, read_only=True)
    with Store(path) as st:
        st.add_articles([Article("d", "A", "one")], ["h1"])
    with Store(path, read_only=True) as a, Store(path, read_only=True) as b:
        assert a.counts()["articles"] == b.counts()["articles"] == 1
        with pytest.raises(duckdb.Error):
            a.add_articles([Article("e", "B", "two")], ["h2"])


def test_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("just text\n" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open"):
        Store(path)


def test_stats(tmp_path: Path) -> None:
    with Store(tmp_path / "s.duckdb") as st:
        st.start_run("r1", ["a.txt"], "local")
        st.add_rejects([Reject("a.txt", "", "read", "empty file"),
                        Reject("b.txt", "", "read", "empty file")], "r1")
        st.finish_run("r1", {"read": 3, "unique": 2, "duplicates": 1, "rejected": 2,
                             "events": 0, "seconds": 0.5})
        stats = st.stats()
    assert stats["counts"]["runs"] == 1 and stats["runs"][0]["unique"] == 2
    assert stats["reject_reasons"] == [{"stage": "read", "reason": "empty file", "n": 2}]


def test_file_locked_by_another_process(tmp_path: Path) -> None:
    import subprocess
    import sys

    path = tmp_path / "busy.duckdb"
    Store(path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('ready', flush=True); time.sleep(60)", str(path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreError, match="in use by another process"):
            Store(path, read_only=True)
    finally:
        holder.kill()
        holder.wait()
    with Store(path, read_only=True) as st:  # free again once the writer is gone
        assert st.schema_version() == SCHEMA_VERSION


def test_read_only_on_a_foreign_duckdb_file(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).close()
    with pytest.raises(StoreError, match="is not a flashpoint database"):
        Store(path, read_only=True)
