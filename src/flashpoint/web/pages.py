"""The HTML pages: each calls the same service function as its API twin and renders it."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute

from flashpoint.web import highlight, service, svg
from flashpoint.web.api import dyad_codes, event_filter
from flashpoint.web.params import parse_choice, parse_paging, parse_text

if TYPE_CHECKING:
    from flashpoint.web.app import Dashboard


def register(app: FastAPI, dash: Dashboard) -> None:
    """Add the HTML routes, ``/docs`` and ``/healthz`` to ``app``."""

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        """Liveness check: answers without touching the store."""
        # Deliberately touches nothing: the baseline of the load benchmark.
        return {"status": "ok"}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request) -> HTMLResponse:
        """Overview: network of states, top dyads, recent response chains, counts."""
        with dash.queries() as q:
            data = service.overview(q, dash.analytics)
        return dash.render(request, "overview.html", data=data,
                           network=svg.network_svg(data["nodes"], data["edges"]))

    @app.get("/dyad/{a}/{b}", response_class=HTMLResponse, include_in_schema=False)
    def dyad(request: Request, a: str, b: str) -> HTMLResponse:
        """Timeline of two states, response links, reciprocity."""
        with dash.queries() as q:
            ca, cb = dyad_codes(dash, q, a, b)
            data = service.dyad(q, ca, cb, dash.analytics)
        return dash.render(request, "dyad.html", data=data,
                           chart=svg.timeline_svg(ca, cb, data["events"], data["links"]),
                           ab_colour=svg.AB_COLOUR, ba_colour=svg.BA_COLOUR)

    @app.get("/events", response_class=HTMLResponse, include_in_schema=False)
    def events(request: Request, state: str | None = None, source: str | None = None,
               target: str | None = None, type: str | None = None, since: str | None = None,
               until: str | None = None, q: str | None = None, page: str | None = None,
               size: str | None = None) -> HTMLResponse:
        """Events filtered by state, type, dates and text, paginated."""
        paging = parse_paging(page, size)
        with dash.queries() as qs:
            f = event_filter(dash, qs, state, source, target, type, since, until, q)
            data = service.events_page(qs, f, paging)
            states = dash.states(qs)
        return dash.render(request, "events.html", data=data, f=f, states=states)

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    def event(request: Request, event_id: str) -> HTMLResponse:
        """One event, what it answers, what answers it, its reports."""
        with dash.queries() as q:
            data = service.event_detail(q, event_id)
        return dash.render(request, "event.html", e=data)

    @app.get("/articles", response_class=HTMLResponse, include_in_schema=False)
    def articles(request: Request, q: str | None = None, duplicates: str | None = None,
                 page: str | None = None, size: str | None = None,
                 rejects_page: str | None = None) -> HTMLResponse:
        """Articles with event counts and duplicates; rejected records."""
        paging = parse_paging(page, size)
        rp = parse_paging(rejects_page, None)
        text = parse_text("q", q)
        dup = parse_choice("duplicates", duplicates, ("all", "only", "hide"))
        with dash.queries() as qs:
            data = service.articles_page(qs, text, dup, paging, rp)
        return dash.render(request, "articles.html", data=data, text=text or "", dup=dup)

    @app.get("/articles/{doc:path}", response_class=HTMLResponse, include_in_schema=False)
    def article(request: Request, doc: str) -> HTMLResponse:
        """One article: clean text with its events marked."""
        with dash.queries() as q:
            data = service.article_detail(q, doc)
        art = data["article"]
        title = str(art.get("title") or "")
        body = str(art.get("text") or "")
        # Event offsets are relative to the full text: headline, blank line, body.
        full = f"{title}\n\n{body}" if title else body
        spans, missing = highlight.article_spans(full, data["events"])
        lo = len(title) + 2 if title else 0
        return dash.render(
            request, "article.html", data=data, missing=missing,
            title_html=highlight.render_spans(title, highlight.clip(spans, 0, len(title))),
            body_html=highlight.render_spans(body, highlight.clip(spans, lo, lo + len(body))))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        """This list of endpoints."""
        # The JSON endpoints as the OpenAPI description has them (the same text /openapi.json
        # serves), then the HTML pages registered here.
        routes = [
            {"path": path, "methods": sorted(m.upper() for m in ops), "api": True,
             "summary": next(iter(ops.values())).get("description", "").split("\n")[0]}
            for path, ops in app.openapi()["paths"].items()
        ]
        routes += [
            {"path": r.path, "methods": sorted((r.methods or set()) - {"HEAD"}), "api": False,
             "summary": (r.endpoint.__doc__ or "").strip().split("\n")[0]}
            for r in app.routes if isinstance(r, APIRoute) and not r.include_in_schema
        ]
        return dash.render(request, "docs.html", routes=routes)

    @app.get("/dyad", include_in_schema=False)
    def dyad_form(a: str | None = None, b: str | None = None) -> RedirectResponse:
        """Redirect the overview's dyad picker to /dyad/{a}/{b}."""
        return RedirectResponse(f"/dyad/{quote((a or '').strip() or '-', safe='')}/"
                                f"{quote((b or '').strip() or '-', safe='')}", status_code=303)
