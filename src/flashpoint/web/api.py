"""The JSON API under ``/api`` (documented at ``/openapi.json``; listed at ``/docs``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Query

from flashpoint.web import service
from flashpoint.web.params import (
    ClientError,
    parse_choice,
    parse_code,
    parse_int,
    parse_paging,
    parse_range,
    parse_text,
    parse_type,
)
from flashpoint.web.queries import EventFilter, Queries

if TYPE_CHECKING:
    from flashpoint.web.app import Dashboard

# Query parameters are declared as strings and parsed in flashpoint.web.params, so that a
# bad value gets a message naming the parameter and what it accepts.
PAGE = Query(None, description="page number, 1..100000 (default 1)")
SIZE = Query(None, description="rows per page, 1..200 (default 50)")
SINCE = Query(None, description="first day, YYYY-MM-DD")
UNTIL = Query(None, description="last day, YYYY-MM-DD")


def event_filter(dash: Dashboard, q: Queries, state: str | None, source: str | None,
                 target: str | None, type_: str | None, since: str | None, until: str | None,
                 text: str | None) -> EventFilter:
    """Validate the events filters against the store (unknown codes are a 400)."""
    known = dash.states(q)
    lo, hi = parse_range(since, until)
    return EventFilter(state=parse_code("state", state, known),
                       source=parse_code("source", source, known),
                       target=parse_code("target", target, known), type=parse_type(type_),
                       since=lo, until=hi, q=parse_text("q", text))


def dyad_codes(dash: Dashboard, q: Queries, a: str, b: str) -> tuple[str, str]:
    """Both codes of a dyad path, checked against the store (unknown: 404)."""
    known = dash.states(q)
    codes = []
    for name, raw in (("a", a), ("b", b)):
        try:
            codes.append(parse_code(name, raw, known) or "")
        except ClientError as exc:
            raise ClientError(404 if "no event" in exc.message else 400, exc.message) from None
    return codes[0], codes[1]


def router(dash: Dashboard) -> APIRouter:
    """The API routes, bound to one dashboard."""
    r = APIRouter(prefix="/api", tags=["api"])

    @r.get("/summary")
    def summary() -> dict[str, Any]:
        """Corpus counts: articles, duplicates, rejects, events, links, states."""
        with dash.queries() as q:
            return q.counts()

    @r.get("/states")
    def states() -> list[str]:
        """Actor codes that occur in the store."""
        with dash.queries() as q:
            return dash.states(q)

    @r.get("/network")
    def network(max_nodes: str | None = Query(None, description="1..100 (default 30)")
                ) -> dict[str, Any]:
        """Nodes (states by activity) and directed edges of the overview's network."""
        n = parse_int("max_nodes", max_nodes, 30, 1, 100)
        with dash.queries() as q:
            nodes, edges = q.network(n)
        return {"nodes": nodes, "edges": edges}

    @r.get("/dyads")
    def dyads(since: str | None = SINCE, until: str | None = UNTIL,
              min_events: str | None = Query(None, description="1..100000 (default 1)"),
              limit: str | None = Query(None, description="1..200 (default 20)"),
              ) -> dict[str, Any]:
        """Pairs of states, most hostile first, with escalation index and reciprocity.

        ``measure`` says where the numbers come from: ``analytics`` (ordered pairs, the
        figures of ``flashpoint dyads``) or ``dashboard`` (unordered pairs, own SQL).
        """
        lo, hi = parse_range(since, until)
        m = parse_int("min_events", min_events, 1, 1, 100_000)
        n = parse_int("limit", limit, 20, 1, 200)
        with dash.queries() as q:
            return service.top_dyads(q, dash.analytics, lo, hi, m, n)

    @r.get("/dyads/{a}/{b}")
    def dyad(a: str, b: str) -> dict[str, Any]:
        """Events between two states both ways, their response links and reciprocity."""
        with dash.queries() as q:
            ca, cb = dyad_codes(dash, q, a, b)
            return service.dyad(q, ca, cb, dash.analytics)

    @r.get("/chains")
    def chains(limit: str | None = Query(None, description="1..50 (default 8)")
               ) -> list[list[dict[str, Any]]]:
        """Recent response chains (act, answer, answer to the answer, ...)."""
        n = parse_int("limit", limit, 8, 1, 50)
        with dash.queries() as q:
            return service.chains(q, n)

    @r.get("/events")
    def events(state: str | None = Query(None, description="either side, e.g. CHN"),
               source: str | None = None, target: str | None = None,
               type: str | None = Query(None, description="PLOVER type, e.g. SANCTION"),
               since: str | None = SINCE, until: str | None = UNTIL,
               q: str | None = Query(None, description="text in sentence, title or mode"),
               page: str | None = PAGE, size: str | None = SIZE) -> dict[str, Any]:
        """Events matching the filters, newest first, one page at a time."""
        paging = parse_paging(page, size)
        with dash.queries() as qs:
            f = event_filter(dash, qs, state, source, target, type, since, until, q)
            return service.events_page(qs, f, paging)

    @r.get("/events/{event_id}")
    def event(event_id: str) -> dict[str, Any]:
        """One event, the acts it answers, the events answering it, its reports."""
        with dash.queries() as q:
            return service.event_detail(q, event_id)

    @r.get("/articles")
    def articles(q: str | None = Query(None, description="text in title or body"),
                 duplicates: str | None = Query(None, description="all | only | hide"),
                 page: str | None = PAGE, size: str | None = SIZE,
                 rejects_page: str | None = PAGE) -> dict[str, Any]:
        """Articles (with event counts) and rejected records, paginated."""
        paging = parse_paging(page, size)
        rp = parse_paging(rejects_page, None)
        text = parse_text("q", q)
        dup = parse_choice("duplicates", duplicates, ("all", "only", "hide"))
        with dash.queries() as qs:
            return service.articles_page(qs, text, dup, paging, rp)

    @r.get("/articles/{doc:path}")
    def article(doc: str) -> dict[str, Any]:
        """One article: clean text, events, copies of it and rejects recorded for it."""
        with dash.queries() as q:
            return service.article_detail(q, doc)

    @r.get("/rejects")
    def rejects(page: str | None = PAGE, size: str | None = SIZE) -> dict[str, Any]:
        """Records the pipeline dropped, with stage and reason."""
        paging = parse_paging(page, size)
        with dash.queries() as q:
            total, rows = q.rejects(paging.size, paging.offset)
        return {"total": total, "page": paging.page, "pages": paging.pages(total),
                "rejects": rows}

    return r
