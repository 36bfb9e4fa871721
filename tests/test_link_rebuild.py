"""flashpoint.link.rebuild over a real DuckDB store: merging, explicit and inferred links."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import duckdb
import pytest
from test_link_data import CHENGDU, MAGNITSKY, Art, chengdu_events, magnitsky_events

from flashpoint.config import Settings
from flashpoint.errors import StoreError
from flashpoint.link import link_within, rebuild
from flashpoint.records import Event
from flashpoint.store import Store


def _houston() -> tuple[list[Event], dict[str, Event]]:
    a1 = Art("a1", ["The US ordered China to close its consulate in Houston."], date="2020-07-22")
    a2 = Art("a2", [
        "Washington closed the Chinese consulate in Houston on Wednesday.",
        "The US also imposed tariffs on Chinese steel.",
        "Mr Pompeo accused Beijing of stealing intellectual property.",
    ], date="2020-07-23")
    a3 = Art("a3", ["China ordered the US to close its consulate in Chengdu."], date="2020-07-24")
    a4 = Art("a4", ["China ordered the US to shut its consulate in Wuhan."], date="2020-11-01")
    ev = {
        "houston1": a1.ev(0, "USA", "CHN", "SANCTION", "close consulate", "ordered",
                          date="2020-07-22"),
        "houston2": a2.ev(0, "USA", "CHN", "SANCTION", "close consulate", "closed",
                          date="2020-07-22"),
        "tariffs": a2.ev(1, "USA", "CHN", "SANCTION", "tariffs", "imposed", date="2020-07-22"),
        "accuse": a2.ev(2, "USA", "CHN", "ACCUSE", "accuse", "accused", date="2020-07-22"),
        "chengdu": a3.ev(0, "CHN", "USA", "SANCTION", "close consulate", "ordered",
                         date="2020-07-24"),
        "wuhan": a4.ev(0, "CHN", "USA", "SANCTION", "close consulate", "ordered",
                       date="2020-11-01"),
    }
    return list(ev.values()), ev


@pytest.fixture()
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    st = Store(tmp_path / "t.duckdb")
    yield st
    st.close()


def _table(store: Store, sql: str) -> list[dict]:  # type: ignore[type-arg]
    cur = store.con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def test_merge_repeated_reports_and_infer_cross_article(store: Store) -> None:
    events, ev = _houston()
    store.add_coded_events(events)
    counts = rebuild(store, Settings())
    assert counts["coded"] == 6 and counts["events"] == 5 and counts["merged"] == 1
    rows = {r["id"]: r for r in _table(store, "SELECT * FROM events")}
    # The two Houston reports are one event with the earliest report's id (a1 sorts first).
    houston = rows[ev["houston1"].id]
    assert ev["houston2"].id not in rows
    assert houston["n_mentions"] == 2 and houston["n_docs"] == 2
    assert sorted(map(tuple, json.loads(houston["mentions"]))) == [("a1", 0), ("a2", 0)]
    # Same dyad, same day, different acts stay apart (tariffs; the accusation).
    assert ev["tariffs"].id in rows and ev["accuse"].id in rows
    # Chengdu answers Houston across articles (same domain, 2 days later): inferred.
    ch = rows[ev["chengdu"].id]
    assert ch["response_to"] == houston["id"] and ch["link_kind"] == "inferred"
    # Wuhan, 100 days on, is outside the 60-day window: no response.
    assert rows[ev["wuhan"].id]["response_to"] is None
    links = _table(store, "SELECT * FROM links ORDER BY score DESC")
    assert {(lk["event"], lk["answers"]) for lk in links} >= {(ch["id"], houston["id"])}
    assert all(0 < lk["score"] <= 1 for lk in links)
    mentions = _table(store, "SELECT * FROM mentions")
    assert len(mentions) == 6
    assert {m["coded_event_id"] for m in mentions if m["event_id"] == houston["id"]} == {
        ev["houston1"].id, ev["houston2"].id}


def test_rebuild_is_idempotent(store: Store) -> None:
    events, _ = _houston()
    store.add_coded_events(events)
    rebuild(store)
    first = [store.df(f"SELECT * FROM {t} ORDER BY ALL") for t in ("events", "mentions", "links")]
    rebuild(store)
    again = [store.df(f"SELECT * FROM {t} ORDER BY ALL") for t in ("events", "mentions", "links")]
    for a, b in zip(first, again, strict=True):
        assert a.equals(b)


def test_explicit_outranks_inferred(store: Store) -> None:
    events, ev = _houston()
    # The article says Chengdu answers the tariffs: that beats the inferred Houston link.
    chengdu = dataclasses.replace(ev["chengdu"], response_to=ev["tariffs"].id,
                                  link_kind="explicit")
    store.add_coded_events([e if e.id != chengdu.id else chengdu for e in events])
    counts = rebuild(store)
    row = _table(store, f"SELECT * FROM events WHERE id = '{chengdu.id}'")[0]
    assert row["response_to"] == ev["tariffs"].id and row["link_kind"] == "explicit"
    assert counts["explicit"] == 1
    kinds = {lk["kind"] for lk in _table(store, f"SELECT * FROM links WHERE event = '{chengdu.id}'")}
    assert kinds == {"explicit", "inferred"}


def test_within_links_carry_over_to_merged_ids(store: Store) -> None:
    coded = link_within(chengdu_events(), CHENGDU.text) + link_within(
        magnitsky_events(), MAGNITSKY.text)
    store.add_coded_events(coded)
    counts = rebuild(store)
    assert counts["explicit"] == 4
    rows = _table(store, "SELECT source, target, mode, link_kind FROM events "
                         "WHERE response_to IS NOT NULL ORDER BY ALL")
    assert {(r["source"], r["target"], r["mode"]) for r in rows} == {
        ("CHN", "USA", "close consulate"), ("CHN", "USA", "sanctions"),
        ("RUS", "GBR", "reciprocal measures"), ("RUS", "GBR", "threaten retaliation")}
    # An answered act undated in the text is no later than its dated answer.
    houston = _table(store, "SELECT date FROM events WHERE source='USA' AND mode='close consulate'")
    assert houston[0]["date"] == "2020-07-20"


def test_rebuild_on_bare_connection_and_missing_table() -> None:
    con = duckdb.connect()
    with pytest.raises(StoreError, match="coded_events"):
        rebuild(con)
    from flashpoint.link import ensure_tables

    ensure_tables(con)
    assert rebuild(con)["events"] == 0


def test_undated_reports_merge_only_as_copies() -> None:
    from flashpoint.link.merge import merge_reports

    a1 = Art("u1", ["China threatens retaliation after the US move."], date=None)
    a2 = Art("u2", ["China threatens retaliation after the US move, officials said."], date=None)
    a3 = Art("u3", ["Beijing warned it would respond to the sale of arms to Taiwan."], date=None)
    e1 = a1.ev(0, "CHN", "USA", "THREATEN", "threaten", "threatens", date=None)
    e2 = a2.ev(0, "CHN", "USA", "THREATEN", "threaten", "threatens", date=None)
    e3 = a3.ev(0, "CHN", "USA", "THREATEN", "threaten", "warned", date=None)
    merged, id_map = merge_reports([e1, e2, e3], window_days=3)
    assert len(merged) == 2
    assert id_map[e2.id] == id_map[e1.id] != id_map[e3.id]
