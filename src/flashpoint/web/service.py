"""What each page shows, as plain data: the HTML pages and the JSON API both use these.

Functions take a :class:`~flashpoint.web.queries.Queries` and return JSON-ready dicts.
"""

from __future__ import annotations

import datetime as dt
import statistics
from typing import Any

from flashpoint.web.bridge import Analytics
from flashpoint.web.params import ClientError, Paging
from flashpoint.web.queries import EventFilter, Queries, Row

# Fields of an event that other events' cards show about it.
_BRIEF = ("id", "doc", "source", "target", "type", "mode", "day")


def brief(e: Row) -> Row:
    """The few fields that name an event in a link."""
    return {k: e.get(k) for k in _BRIEF}


def with_links(q: Queries, events: list[Row]) -> list[Row]:
    """Add ``answers`` (acts this event responds to) and ``answered_by`` to each event."""
    ids = [e["id"] for e in events]
    links = q.links_of(ids)
    other = {e["id"]: e for e in events}
    missing = sorted({x for lk in links for x in (lk["event"], lk["answers"])} - set(other))
    other.update({e["id"]: e for e in q.events_by_id(missing)})
    for e in events:
        e["answers"] = [{**brief(other[lk["answers"]]), "kind": lk["kind"], "cue": lk["cue"]}
                        for lk in links if lk["event"] == e["id"] and lk["answers"] in other]
        e["answered_by"] = [{**brief(other[lk["event"]]), "kind": lk["kind"], "cue": lk["cue"]}
                            for lk in links if lk["answers"] == e["id"] and lk["event"] in other]
    return events


def chains(q: Queries, limit: int = 8) -> list[list[Row]]:
    """Recent response chains: act -> answer -> answer..., newest chains first.

    Built from the 300 most recent links; a chain starts at an act that answers nothing
    among them and follows the answers.
    """
    links = q.link_pairs(300)
    if not links:
        return []
    kids: dict[str, list[Row]] = {}
    parent: set[str] = set()
    for lk in links:
        kids.setdefault(lk["answers"], []).append(lk)
        parent.add(lk["event"])
    events = {e["id"]: e for e in q.events_by_id(
        sorted({x for lk in links for x in (lk["event"], lk["answers"])}))}
    paths: list[list[str]] = []

    def walk(node: str, path: list[str]) -> None:
        nxt = [lk["event"] for lk in kids.get(node, []) if lk["event"] not in path]
        if not nxt:
            paths.append(path)
        for child in sorted(nxt)[:5]:  # a flood of answers to one act: show a few
            walk(child, [*path, child])

    for root in sorted(set(kids) - parent):
        walk(root, [root])
    out = [[brief(events[i]) for i in p if i in events] for p in paths]
    out = [c for c in out if len(c) >= 2]
    out.sort(key=lambda c: (max(str(e.get("day") or "") for e in c), len(c)), reverse=True)
    return out[:limit]


def top_dyads(q: Queries, an: Analytics | None, since: dt.date | None = None,
              until: dt.date | None = None, min_events: int = 1, limit: int = 15
              ) -> dict[str, Any]:
    """Dyads from flashpoint.analytics (ordered pairs) or, failing that, from SQL (pairs).

    Returns:
        ``{"measure": "analytics" | "dashboard", "dyads": [...]}``.
    """
    rows = None
    if an is not None and q.has_events:
        rows = an.dyads(q.cur, since.isoformat() if since else None,
                        until.isoformat() if until else None, min_events)
    if rows is not None:
        return {"measure": "analytics", "dyads": rows[:limit]}
    return {"measure": "dashboard", "dyads": q.dyads(since, until, min_events, limit)}


def overview(q: Queries, an: Analytics | None = None) -> dict[str, Any]:
    """Counts, the network, top dyads and recent chains."""
    nodes, edges = q.network()
    return {"counts": q.counts(), "nodes": nodes, "edges": edges, **top_dyads(q, an),
            "chains": chains(q)}


def _days(a: object, b: object) -> float | None:
    try:
        return float((dt.date.fromisoformat(str(b)) - dt.date.fromisoformat(str(a))).days)
    except ValueError:
        return None


def reciprocity(a: str, b: str, events: list[Row], links: list[Row]) -> dict[str, Any]:
    """How the two sides answer each other.

    ``balance`` is 1 - |c_ab - c_ba| / (c_ab + c_ba) over conflict events (1: blow for blow,
    0: one side only); ``answered_*`` is the share of one side's conflict acts that the
    other answered; lags are in days between an act and its answer.
    """
    by_id = {e["id"]: e for e in events}
    ab = [e for e in events if e["source"] == a]
    ba = [e for e in events if e["source"] == b]
    c_ab = [e for e in ab if e.get("quad") in (3, 4)]
    c_ba = [e for e in ba if e.get("quad") in (3, 4)]
    inside = [lk for lk in links if lk["event"] in by_id and lk["answers"] in by_id]
    answered = {lk["answers"] for lk in inside if by_id[lk["event"]]["source"]
                != by_id[lk["answers"]]["source"]}
    lags = [d for lk in inside if (d := _days(by_id[lk["answers"]].get("day"),
                                               by_id[lk["event"]].get("day"))) is not None]
    total_c = len(c_ab) + len(c_ba)

    def mean(xs: list[Row]) -> float | None:
        return round(statistics.fmean(float(e.get("score") or 0) for e in xs), 2) if xs else None

    return {
        "n_ab": len(ab), "n_ba": len(ba), "conflict_ab": len(c_ab), "conflict_ba": len(c_ba),
        "mean_score_ab": mean(ab), "mean_score_ba": mean(ba),
        "responses": len(inside),
        "answered_ab": round(sum(e["id"] in answered for e in c_ab) / len(c_ab), 2)
        if c_ab else None,
        "answered_ba": round(sum(e["id"] in answered for e in c_ba) / len(c_ba), 2)
        if c_ba else None,
        "balance": round(1 - abs(len(c_ab) - len(c_ba)) / total_c, 2) if total_c else None,
        "median_lag_days": statistics.median(lags) if lags else None,
    }


def dyad(q: Queries, a: str, b: str, an: Analytics | None = None) -> dict[str, Any]:
    """The timeline of a pair of states, its links and reciprocity figures.

    ``directions`` holds the analytics' row for a->b and b->a when flashpoint.analytics runs.
    """
    if a == b:
        raise ClientError(400, f"a dyad needs two different states, got {a} twice")
    events = q.dyad_events(a, b)
    ids = {e["id"] for e in events}
    links = [lk for lk in q.links_of(sorted(ids)) if lk["event"] in ids and lk["answers"] in ids]
    with_links(q, events)
    rows = an.dyads(q.cur) if an is not None and events else None
    pick = {(r["a"], r["b"]): r for r in rows or []}
    return {"a": a, "b": b, "events": events, "links": links,
            "reciprocity": reciprocity(a, b, events, links),
            "directions": {"ab": pick.get((a, b)), "ba": pick.get((b, a))},
            "undated": [e["id"] for e in events if not e.get("day")]}


def events_page(q: Queries, f: EventFilter, paging: Paging) -> dict[str, Any]:
    """One page of filtered events, each with its links."""
    total, rows = q.events(f, paging.size, paging.offset)
    return {"total": total, "page": paging.page, "size": paging.size,
            "pages": paging.pages(total), "events": with_links(q, rows)}


def event_detail(q: Queries, event_id: str) -> dict[str, Any]:
    """One event with its links and the sentences that report it."""
    got = q.events_by_id([event_id])
    if not got:
        raise ClientError(404, f"no event with id {event_id!r} in this store")
    event = with_links(q, got)[0]
    event["mention_sentences"] = q.mention_rows(event_id)
    return event


def articles_page(q: Queries, text: str | None, duplicates: str, paging: Paging,
                  rejects_paging: Paging) -> dict[str, Any]:
    """A page of articles, and a page of rejected records."""
    total, rows = q.articles(text, duplicates, paging.size, paging.offset)
    r_total, r_rows = q.rejects(rejects_paging.size, rejects_paging.offset)
    return {"total": total, "page": paging.page, "size": paging.size,
            "pages": paging.pages(total), "articles": rows,
            "rejects": {"total": r_total, "page": rejects_paging.page,
                        "pages": rejects_paging.pages(r_total), "rows": r_rows}}


def article_detail(q: Queries, doc: str) -> dict[str, Any]:
    """One article with its events, its copies and the rejects recorded for it."""
    art = q.article(doc)
    if art is None:
        raise ClientError(404, f"no article with doc id {doc!r} in this store")
    _, events = q.events(EventFilter(doc=doc), 500, 0)
    events.sort(key=lambda e: (e.get("sentence_index") or 0, e["id"]))
    _, rejects = q.rejects(50, 0, record=doc)
    return {"article": art, "events": with_links(q, events),
            "duplicates": q.duplicates_of(doc), "rejects": rejects}
