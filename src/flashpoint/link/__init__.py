"""Linking stage (issue 5): merged reports, response links within and across articles.

``rebuild(store, settings)`` reads the coder's per-article events (table ``coded_events``)
and the articles, and rewrites tables ``events``, ``mentions`` and ``links`` from scratch in
one transaction, so a re-run gives the same tables. Steps:

1. merge repeated reports of one act across articles (:mod:`flashpoint.link.merge`);
2. carry each within-article ``response_to`` over to merged ids (explicit links), plus the
   other within-article candidates above threshold (:mod:`flashpoint.link.within`);
3. infer cross-article responses (:mod:`flashpoint.link.responses`);
4. give each event at most one ``response_to``: explicit outranks inferred.
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import MISSING, fields
from typing import Any

from flashpoint.config import Settings
from flashpoint.errors import StoreError
from flashpoint.link.cues import find_cues
from flashpoint.link.merge import merge_reports
from flashpoint.link.responses import choose_responses, infer_cross_article
from flashpoint.link.types import type_info
from flashpoint.link.within import find_within_links, link_within
from flashpoint.records import Event, Link

__all__ = ["rebuild", "link_events", "link_within", "type_info", "EVENT_COLUMNS", "ensure_tables"]

_SQL_TYPES = {"str": "VARCHAR", "int": "INTEGER", "float": "DOUBLE", "bool": "BOOLEAN"}


def _sql_type(annotation: str) -> str:
    if "tuple" in annotation:
        return "VARCHAR"  # mentions, as JSON text
    base = annotation.replace(" | None", "").strip()
    return _SQL_TYPES.get(base, "VARCHAR")


EVENT_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (f.name, _sql_type(str(f.type))) for f in fields(Event)
)

# The tables this stage writes; the Store creates them in its schema. These statements only
# run where a table is missing (a bare DuckDB file, tests), with the column lists of the brief.
_DDL = {
    "events": "CREATE TABLE IF NOT EXISTS events ("
    + ", ".join(f"{n} {t}" for n, t in EVENT_COLUMNS)
    + ", n_mentions INTEGER, n_docs INTEGER)",
    "mentions": "CREATE TABLE IF NOT EXISTS mentions (event_id VARCHAR, doc VARCHAR, "
    "sentence_index INTEGER, sentence VARCHAR, coded_event_id VARCHAR)",
    "links": "CREATE TABLE IF NOT EXISTS links (event VARCHAR, answers VARCHAR, kind VARCHAR, "
    "score DOUBLE, cue VARCHAR)",
    "coded_events": "CREATE TABLE IF NOT EXISTS coded_events ("
    + ", ".join(f"{n} {t}" for n, t in EVENT_COLUMNS)
    + ")",
}


def _con(store: Any) -> Any:
    """The DuckDB connection of a Store (``store.con``), or the connection itself."""
    return getattr(store, "con", store)


def ensure_tables(store: Any) -> None:
    """Create ``coded_events``, ``events``, ``mentions`` and ``links`` where they are missing."""
    con = _con(store)
    for ddl in _DDL.values():
        con.execute(ddl)


def _tables(con: Any) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def row_to_event(row: Mapping[str, Any]) -> Event:
    """An Event from a table row: extra columns ignored, JSON ``mentions`` decoded, NULLs
    replaced by the field's default ("" for the required text fields)."""
    kw: dict[str, Any] = {}
    for f in fields(Event):
        if f.name not in row:
            continue
        v = row[f.name]
        if v is not None and not isinstance(v, str | list | tuple) and v != v:
            v = None  # NaN from pandas
        if f.name == "mentions":
            if isinstance(v, str):
                v = json.loads(v) if v.strip() else []
            v = tuple((str(d), int(i)) for d, i in (v or []))
        elif f.name == "date" and v is not None:
            v = str(v)[:10]
        elif v is None:
            if f.default is not MISSING:
                v = f.default
            elif str(f.type) == "str":
                v = ""
        kw[f.name] = v
    return Event(**kw)


def _read_dicts(con: Any, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def link_events(
    coded: Iterable[Event],
    settings: Settings | None = None,
    texts: Mapping[str, str] | None = None,
) -> tuple[list[Event], list[Link], dict[str, str]]:
    """The pure part of :func:`rebuild`: coded events in; merged events, links and id map out.

    Args:
        coded: per-article events (``response_to`` as the coder/``link_within`` set it).
        settings: merge and response windows.
        texts: article full text by doc id (for cues in sentences without events).

    Returns:
        ``(events, links, id_map)``: merged events with final ``response_to``/``link_kind``,
        every link candidate above threshold, and coded id -> merged id.
    """
    settings = settings or Settings()
    coded_l = list(coded)
    merged, id_map = merge_reports(coded_l, settings.merge_window_days)
    by_doc: dict[str, list[Event]] = defaultdict(list)
    for e in coded_l:
        by_doc[e.doc].append(e)

    explicit: dict[tuple[str, str], Link] = {}

    def keep(lk: Link) -> None:
        key = (lk.event, lk.answers)
        if lk.event != lk.answers and (key not in explicit or explicit[key].score < lk.score):
            explicit[key] = lk

    for doc, evs in sorted(by_doc.items()):
        scored = {(lk.event, lk.answers): lk for lk in find_within_links(evs, (texts or {}).get(doc, ""))}
        for lk in scored.values():
            if lk.event in id_map and lk.answers in id_map:
                keep(Link(id_map[lk.event], id_map[lk.answers], "explicit", lk.score, lk.cue))
        for e in evs:
            if e.response_to and e.response_to in id_map and e.id in id_map:
                found = scored.get((e.id, e.response_to))
                cue = found.cue if found else next((c.text for c in find_cues(e.sentence)), "")
                # The coder's own choice ranks first among the explicit candidates.
                keep(Link(id_map[e.id], id_map[e.response_to], "explicit", 1.0, cue))

    sentences: dict[str, list[str]] = defaultdict(list)
    for e in coded_l:
        sentences[id_map[e.id]].append(e.sentence)
    inferred = [
        lk for lk in infer_cross_article(merged, settings.response_window_days, sentences)
        if (lk.event, lk.answers) not in explicit and (lk.answers, lk.event) not in explicit
    ]
    chosen = choose_responses(list(explicit.values()), inferred)
    by_id = {m.id: m for m in merged}
    for m in merged:
        best = chosen.get(m.id)
        if best is not None:
            by_id[m.id] = dataclasses.replace(m, response_to=best.answers, link_kind=best.kind)
    # An act happens no later than the act that answers it. When the text gives the answered act
    # no date of its own (it got the publication date by default) but its explicit answer is
    # dated earlier ("China closed Chengdu on Monday after the US closed Houston"), the answer's
    # date is the better bound.
    for lk in chosen.values():
        if lk.kind != "explicit":
            continue
        a, b = by_id[lk.answers], by_id[lk.event]
        if a.date_text is None and a.date and b.date and b.date < a.date:
            by_id[a.id] = dataclasses.replace(a, date=b.date)
    final = [by_id[m.id] for m in merged]
    links = sorted([*explicit.values(), *inferred], key=lambda lk: (lk.event, -lk.score, lk.answers))
    return final, links, id_map


def _insert(con: Any, table: str, rows: list[dict[str, Any]]) -> None:
    """Insert dict rows through a registered DataFrame (fast), each value cast to the type
    the table declares for its column (the Store may declare DATE or JSON where we hold text)."""
    if not rows:
        return
    import pandas as pd

    decl = {r[0]: r[1] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    names = [c for c in decl if c in rows[0]]
    df = pd.DataFrame([{c: r.get(c) for c in names} for r in rows], columns=names)
    con.register("_fp_link_rows", df)
    try:
        select = ", ".join(f'CAST("{c}" AS {decl[c]})' for c in names)
        con.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT {select} FROM _fp_link_rows")
    finally:
        con.unregister("_fp_link_rows")


def rebuild(store: Any, settings: Settings | None = None) -> dict[str, int]:
    """Rewrite ``events``, ``mentions`` and ``links`` from ``coded_events`` and ``articles``.

    Args:
        store: a :class:`flashpoint.store.Store` (its ``con``) or a DuckDB connection.
        settings: ``merge_window_days`` and ``response_window_days``.

    Returns:
        Counts: ``coded`` events read, ``events`` after merging, ``merged`` reports folded in,
        ``mentions``, ``links`` (all candidates), ``explicit`` and ``inferred`` response_to set.

    Raises:
        StoreError: the store has no ``coded_events`` table, or writing failed (rolled back).
    """
    settings = settings or Settings()
    con = _con(store)
    tables = _tables(con)
    if "coded_events" not in tables:
        raise StoreError("the store has no coded_events table: run `flashpoint ingest` first")
    coded = [row_to_event(r) for r in _read_dicts(con, "SELECT * FROM coded_events")]
    texts: dict[str, str] = {}
    if "articles" in tables:
        for r in _read_dicts(con, "SELECT * FROM articles"):
            title, text = r.get("title") or "", r.get("text") or ""
            texts[str(r.get("doc"))] = f"{title}\n\n{text}" if title else text
    events, links, id_map = link_events(coded, settings, texts)
    sentence_of = {(e.doc, e.sentence_index): e.sentence for e in coded}
    counts: defaultdict[str, int] = defaultdict(int)
    for e in events:
        counts[e.link_kind or "none"] += 1
    ev_rows = []
    for e in events:
        d = e.to_dict()
        d["mentions"] = json.dumps(d["mentions"])
        d["n_mentions"] = len(e.mentions)
        d["n_docs"] = len({doc for doc, _ in e.mentions})
        ev_rows.append(d)
    mention_rows = [
        {"event_id": id_map[e.id], "doc": e.doc, "sentence_index": e.sentence_index,
         "sentence": sentence_of.get((e.doc, e.sentence_index), e.sentence), "coded_event_id": e.id}
        for e in coded
    ]
    try:
        con.execute("BEGIN TRANSACTION")
        for name in ("events", "mentions", "links"):
            con.execute(_DDL[name])
            con.execute(f"DELETE FROM {name}")
        _insert(con, "events", ev_rows)
        _insert(con, "mentions", mention_rows)
        _insert(con, "links", [lk.to_dict() for lk in links])
        con.execute("COMMIT")
    except Exception as exc:
        con.execute("ROLLBACK")
        raise StoreError(f"could not rewrite events/mentions/links: {exc}") from exc
    return {
        "coded": len(coded),
        "events": len(events),
        "merged": len(coded) - len(events),
        "mentions": len(mention_rows),
        "links": len(links),
        "explicit": counts["explicit"],
        "inferred": counts["inferred"],
    }


def _register_exports() -> None:
    from flashpoint.link.exports import register

    register()


_register_exports()
