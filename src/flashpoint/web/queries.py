"""The SQL behind every page, over a read-only cursor.

Every list is bounded (``LIMIT``/``OFFSET``) and every total is a ``COUNT``, so pages stay
fast on a store of 100k events. Request values only ever reach DuckDB as bound parameters;
the only text spliced into SQL is table names found by introspection and the packaged
type-scale table.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import duckdb

from flashpoint.web.reader import Layout
from flashpoint.web.scale import sql_case

Row = dict[str, Any]


@dataclass(frozen=True)
class EventFilter:
    """Filters of the events listing; ``None`` means "any"."""

    state: str | None = None  # either side
    source: str | None = None
    target: str | None = None
    type: str | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    q: str | None = None
    doc: str | None = None


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _rows(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> list[Row]:
    cur.execute(sql, params or [])
    cols = [d[0] for d in cur.description or []]
    out = []
    for rec in cur.fetchall():
        row = {c: _plain(v) for c, v in zip(cols, rec, strict=True)}
        if isinstance(row.get("mentions"), str):
            # ``mentions`` is stored as JSON text: [[doc, sentence_index], ...].
            try:
                row["mentions"] = json.loads(row["mentions"])
            except ValueError:
                row["mentions"] = []
        out.append(row)
    return out


def _scalar(cur: duckdb.DuckDBPyConnection, sql: str, params: list[Any] | None = None) -> Any:
    got = cur.execute(sql, params or []).fetchone()
    return got[0] if got else None


class Queries:
    """Read queries over one cursor and the store's :class:`Layout`."""

    def __init__(self, cur: duckdb.DuckDBPyConnection, layout: Layout) -> None:
        self.cur = cur
        self.lay = layout

    # -- building blocks -------------------------------------------------------------
    @property
    def has_events(self) -> bool:
        return self.lay.events is not None

    def _ev_cte(self, base: str = "") -> str:
        """``ev``: events with their article's title/url, a day, a score and a quad class.

        ``base`` is a ``WHERE`` on the events table's own columns, applied before the join
        with ``articles`` so that fetching a few events does not join them all.
        """
        t = self.lay.events
        cols = self.lay.event_cols
        score = sql_case('e."type"', "intensity")
        if "intensity" in cols:
            # The coder's own intensity wins; 0 means "not scored" in the Event record.
            score = f"COALESCE(NULLIF(e.intensity, 0), {score})"
        quad = sql_case('e."type"', "quad_class")
        if "quad_class" in cols:
            quad = f"COALESCE(NULLIF(e.quad_class, 0), {quad})"
        if self.lay.has("articles"):
            acols = self.lay.article_cols
            title = "a.title" if "title" in acols else "NULL"
            url = "a.url" if "url" in acols else "NULL"
            adate = "TRY_CAST(a.date AS DATE)" if "date" in acols else "NULL"
            join = "LEFT JOIN articles a ON a.doc = e.doc"
        else:
            title = url = adate = "NULL"
            join = ""
        # An event without its own date is placed on its article's publication date.
        return (
            f"ev AS (SELECT e.*, {title} AS article_title, {url} AS article_url, "
            f"COALESCE(TRY_CAST(e.date AS DATE), {adate}) AS day, "
            f"CAST({score} AS DOUBLE) AS score, CAST({quad} AS INTEGER) AS quad "
            f"FROM (SELECT * FROM {t}{base}) e {join})"
        )

    def _links_cte(self, for_ids: bool = False) -> str:
        """``lk``: one row per chosen response link (event, answers, kind, score, cue).

        With ``for_ids`` the SQL takes two bound lists of ids ([ids, ids]) and keeps only
        links whose event or answered act is among them.

        The chosen link is the event's ``response_to`` (at most one per event); the ``links``
        table holds every candidate the linker scored and supplies score and cue. Candidates
        that were not chosen are not shown: they would draw answers the linker rejected.
        """
        t = self.lay.events
        cols = self.lay.event_cols
        if "response_to" not in cols:
            return ("lk AS (SELECT NULL AS event, NULL AS answers, NULL AS kind, NULL AS score,"
                    " NULL AS cue WHERE false)")
        kind = "e.link_kind" if "link_kind" in cols else "NULL"
        only = ("(e.id = ANY(?) OR e.response_to = ANY(?))"
                if for_ids else "true")
        if self.lay.has("links"):
            # Only the candidates of the kept events are aggregated.
            return (
                f"lk AS (SELECT e.id AS event, e.response_to AS answers, "
                f"COALESCE({kind}, l.kind, 'explicit') AS kind, l.score AS score, "
                f"COALESCE(l.cue, '') AS cue FROM (SELECT * FROM {t} e WHERE "
                f"e.response_to IS NOT NULL AND {only}) e LEFT JOIN (SELECT event, answers, "
                f"arg_max(kind, score) AS kind, max(score) AS score, arg_max(cue, score) AS cue "
                f"FROM links GROUP BY event, answers) l ON l.event = e.id "
                f"AND l.answers = e.response_to)")
        return (f"lk AS (SELECT id AS event, response_to AS answers, "
                f"COALESCE({kind}, 'explicit') AS kind, NULL AS score, '' AS cue "
                f"FROM {t} e WHERE response_to IS NOT NULL AND {only})")

    def _with(self, *ctes: str) -> str:
        return "WITH " + ", ".join(ctes) + " "

    # -- counts and states -------------------------------------------------------------
    def counts(self) -> dict[str, int]:
        """Corpus counts: articles, duplicates, rejects, events, links, states."""
        out = {"articles": 0, "duplicates": 0, "rejects": 0, "events": 0, "links": 0, "states": 0}
        if self.lay.has("articles"):
            out["articles"] = int(_scalar(self.cur, "SELECT count(*) FROM articles"))
            if "duplicate_of" in self.lay.article_cols:
                out["duplicates"] = int(_scalar(
                    self.cur, "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"
                ))
        if self.lay.has("rejects"):
            out["rejects"] = int(_scalar(self.cur, "SELECT count(*) FROM rejects"))
        if self.has_events:
            out["events"] = int(_scalar(self.cur, f"SELECT count(*) FROM {self.lay.events}"))
            out["links"] = int(_scalar(self.cur, self._with(self._links_cte())
                                       + "SELECT count(*) FROM lk"))
            out["states"] = len(self.states())
        return out

    def states(self) -> list[str]:
        """Every actor code that appears as source or target, sorted."""
        if not self.has_events:
            return []
        t = self.lay.events
        rows = self.cur.execute(
            f"SELECT source FROM {t} UNION SELECT target FROM {t}"
        ).fetchall()
        return sorted(str(r[0]) for r in rows if r[0])

    # -- overview ----------------------------------------------------------------------
    def network(self, max_nodes: int = 30) -> tuple[list[Row], list[Row]]:
        """Nodes (code, n) by activity and directed edges between them.

        Domestic events (source == target) and UNK actors count for no edge.

        Args:
            max_nodes: keep the most active states only, so the drawing stays readable.
        """
        if not self.has_events:
            return [], []
        w = self._with(self._ev_cte())
        nodes = _rows(self.cur, w + (
            "SELECT code, count(*) AS n FROM (SELECT source AS code FROM ev UNION ALL "
            "SELECT target FROM ev WHERE target <> source) WHERE code IS NOT NULL AND "
            "code <> 'UNK' GROUP BY code ORDER BY n DESC, code LIMIT ?"), [max_nodes])
        codes = [n["code"] for n in nodes]
        if not codes:
            return [], []
        edges = _rows(self.cur, w + (
            "SELECT source, target, count(*) AS n, "
            "count(*) FILTER (WHERE quad IN (1, 2)) AS coop, "
            "count(*) FILTER (WHERE quad IN (3, 4)) AS conflict, "
            "sum(abs(score)) AS weight, avg(score) AS mean_score FROM ev "
            "WHERE source <> target AND list_contains(?, source) AND list_contains(?, target) "
            "GROUP BY source, target ORDER BY source, target"), [codes, codes])
        return nodes, edges

    def dyads(self, since: dt.date | None = None, until: dt.date | None = None,
              min_events: int = 1, limit: int = 20) -> list[Row]:
        """Pairs of different states ranked by escalation index.

        The index is this page's own measure (analytics may supply a better one):
        ``mean(-score) * (1 + r)`` where ``r`` is the share of the pair's events that answer
        another event of the pair -- hostility, amplified when the two sides trade blows.
        """
        if not self.has_events:
            return []
        cond, params = ["source <> target", "source <> 'UNK'", "target <> 'UNK'"], []
        if since:
            cond.append("day >= ?")
            params.append(since)
        if until:
            cond.append("day <= ?")
            params.append(until)
        where = " AND ".join(cond)
        sql = self._with(self._ev_cte(), self._links_cte(), (
            f"d AS (SELECT *, least(source, target) AS a, greatest(source, target) AS b "
            f"FROM ev WHERE {where})")) + (
            "SELECT d.a, d.b, count(*) AS n, count(*) FILTER (WHERE d.source = d.a) AS n_ab, "
            "count(*) FILTER (WHERE d.source = d.b) AS n_ba, "
            "count(*) FILTER (WHERE d.quad IN (3, 4)) AS conflict, "
            "count(*) FILTER (WHERE d.quad IN (1, 2)) AS coop, "
            "avg(d.score) AS mean_score, min(d.day) AS first_day, max(d.day) AS last_day, "
            "count(*) FILTER (WHERE d.id IN (SELECT lk.event FROM lk JOIN d q "
            "ON q.id = lk.answers WHERE q.a = d.a AND q.b = d.b)) AS responses "
            "FROM d GROUP BY d.a, d.b HAVING count(*) >= ?")
        rows = _rows(self.cur, sql, [*params, min_events])
        for r in rows:
            share = r["responses"] / r["n"] if r["n"] else 0.0
            r["escalation"] = round(-(r["mean_score"] or 0.0) * (1.0 + share), 2)
            r["mean_score"] = round(r["mean_score"] or 0.0, 2)
        rows.sort(key=lambda r: (-r["escalation"], -r["n"], r["a"], r["b"]))
        return rows[:limit]

    def link_pairs(self, limit: int = 300) -> list[Row]:
        """The most recent response links, each with both of its events."""
        if not self.has_events:
            return []
        sql = self._with(self._ev_cte(), self._links_cte()) + (
            "SELECT lk.event, lk.answers, lk.kind, lk.score, lk.cue, r.day AS r_day "
            "FROM lk JOIN ev r ON r.id = lk.event ORDER BY r.day DESC NULLS LAST, lk.event "
            "LIMIT ?")
        return _rows(self.cur, sql, [limit])

    # -- events --------------------------------------------------------------------------
    def _event_where(self, f: EventFilter) -> tuple[str, list[Any], str, list[Any]]:
        """``(base where, params, outer where, params)``: conditions on the events table's
        own columns, and those that need the article join (day, title search)."""
        base: list[str] = []
        bp: list[Any] = []
        if f.state:
            base.append("(source = ? OR target = ?)")
            bp += [f.state, f.state]
        for col, val in (("source", f.source), ("target", f.target), ('"type"', f.type),
                         ("doc", f.doc)):
            if val:
                base.append(f"{col} = ?")
                bp.append(val)
        outer: list[str] = []
        op: list[Any] = []
        if f.since:
            outer.append("day >= ?")
            op.append(f.since)
        if f.until:
            outer.append("day <= ?")
            op.append(f.until)
        if f.q:
            # Case-insensitive substring search; strpos needs no LIKE-pattern escaping.
            outer.append("(strpos(lower(sentence), lower(?)) > 0 OR "
                         "strpos(lower(coalesce(article_title, '')), lower(?)) > 0 OR "
                         "strpos(lower(coalesce(mode, '')), lower(?)) > 0)")
            op += [f.q, f.q, f.q]

        def where(c: list[str]) -> str:
            return (" WHERE " + " AND ".join(c)) if c else ""

        return where(base), bp, where(outer), op

    def events(self, f: EventFilter, limit: int, offset: int) -> tuple[int, list[Row]]:
        """One page of events matching ``f``, newest first, and the total count."""
        if not self.has_events:
            return 0, []
        base, bp, outer, op = self._event_where(f)
        w = self._with(self._ev_cte(base))
        if outer:
            total = int(_scalar(self.cur, w + f"SELECT count(*) FROM ev{outer}", [*bp, *op]))
        else:  # no join needed to count
            total = int(_scalar(self.cur, f"SELECT count(*) FROM {self.lay.events}{base}", bp))
        # Find the page's ids first (a narrow sort), then fetch those rows whole.
        ids = [r[0] for r in self.cur.execute(
            w + f"SELECT id FROM ev{outer} ORDER BY day DESC NULLS LAST, doc, sentence_index, "
            "id LIMIT ? OFFSET ?", [*bp, *op, limit, offset]).fetchall()]
        by_id = {r["id"]: r for r in self.events_by_id(ids)}
        return total, [by_id[i] for i in ids if i in by_id]

    def events_by_id(self, ids: list[str]) -> list[Row]:
        """The events with these ids (any order)."""
        if not self.has_events or not ids:
            return []
        return _rows(self.cur, self._with(self._ev_cte(" WHERE id = ANY(?)"))
                     + "SELECT * FROM ev", [ids])

    def links_of(self, ids: list[str]) -> list[Row]:
        """Links touching these events: as the response (event) or the answered act."""
        if not self.has_events or not ids:
            return []
        return _rows(self.cur, self._with(self._links_cte(for_ids=True))
                     + "SELECT * FROM lk ORDER BY event, answers", [ids, ids])

    def mention_rows(self, event_id: str, limit: int = 50) -> list[Row]:
        """Sentences that report the event, from the ``mentions`` table when there is one."""
        if not self.lay.has("mentions"):
            return []
        return _rows(self.cur, "SELECT doc, sentence_index, sentence FROM mentions "
                     "WHERE event_id = ? ORDER BY doc, sentence_index LIMIT ?",
                     [event_id, limit])

    def dyad_events(self, a: str, b: str, limit: int = 2000) -> list[Row]:
        """Events between two states, both ways, oldest first (bounded)."""
        if not self.has_events:
            return []
        pair = " WHERE (source = ? AND target = ?) OR (source = ? AND target = ?)"
        return _rows(self.cur, self._with(self._ev_cte(pair)) + (
            "SELECT * FROM ev ORDER BY day NULLS LAST, doc, sentence_index, id LIMIT ?"),
            [a, b, b, a, limit])

    # -- articles ------------------------------------------------------------------------
    def articles(self, q: str | None, duplicates: str, limit: int, offset: int
                 ) -> tuple[int, list[Row]]:
        """One page of articles; ``duplicates`` is ``all``, ``only`` or ``hide``."""
        if not self.lay.has("articles"):
            return 0, []
        acols = self.lay.article_cols
        cond: list[str] = []
        params: list[Any] = []
        if q:
            cond.append("(strpos(lower(coalesce(title, '')), lower(?)) > 0 OR "
                        "strpos(lower(coalesce(text, '')), lower(?)) > 0)")
            params += [q, q]
        if "duplicate_of" in acols and duplicates == "only":
            cond.append("duplicate_of IS NOT NULL")
        elif "duplicate_of" in acols and duplicates == "hide":
            cond.append("duplicate_of IS NULL")
        where = (" WHERE " + " AND ".join(cond)) if cond else ""
        total = int(_scalar(self.cur, f"SELECT count(*) FROM articles{where}", params))
        counts = "0"
        join = ""
        if self.has_events:
            join = (f"LEFT JOIN (SELECT doc, count(*) AS n FROM {self.lay.events} GROUP BY doc)"
                    " c ON c.doc = a.doc")
            counts = "coalesce(c.n, 0)"
        keep = [c for c in ("doc", "title", "date", "url", "publisher", "source", "duplicate_of")
                if c in acols]
        sel = ", ".join(f"a.{c}" for c in keep)
        order = "TRY_CAST(a.date AS DATE) DESC NULLS LAST, " if "date" in acols else ""
        rows = _rows(self.cur, f"SELECT {sel}, {counts} AS n_events FROM articles a {join}"
                     f"{where} ORDER BY {order}a.doc LIMIT ? OFFSET ?",
                     [*params, limit, offset])
        return total, rows

    def article(self, doc: str) -> Row | None:
        """One article with all its columns, or None."""
        if not self.lay.has("articles"):
            return None
        got = _rows(self.cur, "SELECT * FROM articles WHERE doc = ?", [doc])
        return got[0] if got else None

    def duplicates_of(self, doc: str, limit: int = 200) -> list[Row]:
        """Articles recorded as copies of ``doc``."""
        if "duplicate_of" not in self.lay.article_cols:
            return []
        return _rows(self.cur, "SELECT doc, title FROM articles WHERE duplicate_of = ? "
                     "ORDER BY doc LIMIT ?", [doc, limit])

    def rejects(self, limit: int, offset: int, record: str | None = None
                ) -> tuple[int, list[Row]]:
        """Rejected records, newest first; only those of one record when given."""
        if not self.lay.has("rejects"):
            return 0, []
        where, params = ("WHERE record = ?", [record]) if record else ("", [])
        total = int(_scalar(self.cur, f"SELECT count(*) FROM rejects {where}", params))
        rows = _rows(self.cur, f"SELECT * FROM rejects {where} ORDER BY source, record "
                     "LIMIT ? OFFSET ?", [*params, limit, offset])
        return total, rows
