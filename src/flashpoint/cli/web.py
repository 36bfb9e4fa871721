"""``flashpoint serve``: the dashboard over a store (registered on flashpoint.cli.cli)."""

from __future__ import annotations

import click

from flashpoint.cli import cli
from flashpoint.config import load_settings


@cli.command()
@click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
              help="DuckDB store written by `flashpoint ingest` (default: the `db` setting).")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind. The default serves this machine only; the dashboard has "
                   "no login, so think before binding 0.0.0.0.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on (0: any free port).")
@click.option("--hold/--no-hold", default=True, show_default=True,
              help="Keep one read-only connection open (fast), or open the file per request "
                   "so `flashpoint ingest` can write it while the dashboard runs.")
def serve(db: str | None, host: str, port: int, hold: bool) -> None:
    """Serve the dashboard (overview, dyads, events, articles, JSON API) over a store."""
    import socket

    import uvicorn

    from flashpoint.web import create_app

    path = db or load_settings().db
    app = create_app(path, hold=hold)  # raises StoreError (exit 2) when the store is unusable
    # Bind the socket here so the printed address is the real one, also with --port 0.
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror}; "
                                   "pick another --port") from exc
    bound = sock.getsockname()[1]
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    click.echo(f"flashpoint dashboard on http://{shown}:{bound}/ (store {path}, read-only); "
               "Ctrl+C to stop")
    config = uvicorn.Config(app, log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
