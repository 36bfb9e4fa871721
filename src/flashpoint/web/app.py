"""The dashboard application: ``create_app(db)`` returns an ASGI app over a read-only store.

HTML pages (server-rendered with Jinja2, autoescaped; SVG drawn in Python) and a JSON API
under ``/api`` share the functions of :mod:`flashpoint.web.service`. Errors are answered in
the form the caller reads: JSON under ``/api``, an HTML page elsewhere; a client mistake is
a 4xx with a message, a server fault a bare 500 (the traceback goes to the log only).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from flashpoint.errors import StoreError
from flashpoint.records import EVENT_TYPES
from flashpoint.web import api, highlight
from flashpoint.web.bridge import Analytics
from flashpoint.web.params import ClientError
from flashpoint.web.queries import Queries
from flashpoint.web.reader import StoreReader

log = logging.getLogger("flashpoint.web")
HERE = Path(__file__).resolve().parent

# Nothing is loaded from elsewhere and no inline script or style runs: even if some text
# escaped escaping, the browser would refuse to execute it.
SECURITY_HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", b"default-src 'self'; img-src 'self' data:; style-src 'self';"
     b" script-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none';"
     b" form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]


class SecurityHeaders:
    """ASGI middleware adding :data:`SECURITY_HEADERS` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *SECURITY_HEADERS]
            await send(message)

        await self.app(scope, receive, add)


def _env() -> Environment:
    env = Environment(loader=FileSystemLoader(str(HERE / "templates")), autoescape=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(
        sentence=highlight.event_sentence, safe_url=highlight.safe_url,
        q=lambda s: quote(str(s), safe=""), event_types=EVENT_TYPES,
    )
    return env


class Dashboard:
    """The store handle and template environment shared by all routes."""

    def __init__(self, reader: StoreReader) -> None:
        self.reader = reader
        self.env = _env()
        self.analytics = Analytics(reader.version)
        self._states: list[str] | None = None
        self.warming: threading.Thread | None = None

    @contextmanager
    def queries(self) -> Iterator[Queries]:
        """A :class:`Queries` over a fresh cursor."""
        with self.reader.cursor() as (cur, lay):
            yield Queries(cur, lay)

    def warm(self) -> None:
        """Compute the cached analytics once (run in a background thread at start)."""
        try:
            with self.queries() as q:
                if q.has_events:
                    self.analytics.dyads(q.cur)
        except Exception:  # a broken store shows up on the first request instead
            log.debug("warm-up failed", exc_info=True)

    def states(self, q: Queries) -> list[str]:
        """Actor codes in the store (cached while the store is held open: it cannot change)."""
        if not self.reader.hold:
            return q.states()
        if self._states is None:
            self._states = q.states()
        return self._states

    def render(self, request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        """Render a template with the request's path and a page-link helper."""
        def page_url(**changes: Any) -> str:
            params = dict(request.query_params)
            params.update({k: str(v) for k, v in changes.items()})
            return f"{request.url.path}?{urlencode(params)}"

        html = self.env.get_template(name).render(request=request, page_url=page_url, **ctx)
        return HTMLResponse(html, status_code=status)


def _error(dash: Dashboard, request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/healthz":
        return JSONResponse({"error": message, "status": status}, status_code=status)
    return dash.render(request, "error.html", status=status, status_code=status,
                       message=message)


def _install_errors(app: FastAPI, dash: Dashboard) -> None:
    async def client_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, ClientError)
        return _error(dash, request, exc.status, exc.message)

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        msg = "no such page" if exc.status_code == 404 else str(exc.detail)
        return _error(dash, request, exc.status_code, f"{msg}: {request.url.path}")

    async def validation_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        parts = [f"{'.'.join(str(x) for x in e.get('loc', ())[1:])}: {e.get('msg')}"
                 for e in exc.errors()]
        return _error(dash, request, 400, "invalid parameter " + "; ".join(parts))

    async def store_error(request: Request, exc: Exception) -> Response:
        return _error(dash, request, 503, str(exc))

    async def server_error(request: Request, exc: Exception) -> Response:
        log.exception("error serving %s", request.url.path, exc_info=exc)
        return _error(dash, request, 500, "internal error; the server log has the details")

    app.add_exception_handler(ClientError, client_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(Exception, server_error)


def create_app(db: str | Path | StoreReader, hold: bool = True) -> FastAPI:
    """The dashboard over the store at ``db``, opened read-only.

    Args:
        db: a DuckDB file written by ``flashpoint ingest`` (or an open :class:`StoreReader`).
        hold: keep one read-only connection open (fast) instead of one per request (lets
            ``flashpoint ingest`` write the file between requests).

    Returns:
        A FastAPI app; serve it with uvicorn.

    Raises:
        StoreError: the store is missing or cannot be opened read-only.

    Example:
        >>> app = create_app("flashpoint.duckdb")  # doctest: +SKIP
        >>> uvicorn.run(app, host="127.0.0.1", port=8000)  # doctest: +SKIP
    """
    reader = db if isinstance(db, StoreReader) else StoreReader(db, hold=hold)
    dash = Dashboard(reader)
    app = FastAPI(title="flashpoint dashboard", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Events between states coded from news, and the response links "
                              "between them. All endpoints are read-only.")
    app.state.dashboard = dash
    app.add_middleware(SecurityHeaders)
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _install_errors(app, dash)
    app.include_router(api.router(dash))
    _pages(app, dash)
    if reader.hold:
        # Fill the analytics cache now, so the first visitor does not wait for it.
        dash.warming = threading.Thread(target=dash.warm, name="flashpoint-web-warm",
                                        daemon=True)
        dash.warming.start()
    return app


def _pages(app: FastAPI, dash: Dashboard) -> None:
    from flashpoint.web import pages

    pages.register(app, dash)

