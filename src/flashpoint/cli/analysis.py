"""Commands of the analysis stage: ``dyads``, ``timeline``, ``chains``, ``link``
(registered on flashpoint.cli.cli). Each is a thin wrapper over flashpoint.analytics or
flashpoint.link."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

import click
import pandas as pd

from flashpoint.cli import cli
from flashpoint.config import load_settings

_DYAD_TABLE_COLS = ["source", "target", "n_events", "pair_hostility_score", "hostility_score",
                    "mean_intensity", "hostility", "escalation_index", "reciprocity",
                    "median_lag_days", "n_responses", "n_escalate", "n_match", "n_deescalate"]


def _db_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--db", "db", type=click.Path(dir_okay=False), default=None,
                        help="DuckDB store written by `flashpoint ingest` (default: the `db` "
                             "setting).")(f)


def _open(db: str | None, read_only: bool = True) -> Any:
    from flashpoint.store import Store

    return Store(db or load_settings().db, read_only=read_only)


def _print_frame(df: pd.DataFrame, fmt: str, title: str = "") -> None:
    if fmt == "jsonl":
        for rec in json.loads(df.to_json(orient="records", date_format="iso")):
            click.echo(json.dumps(rec, ensure_ascii=False))
    elif fmt == "csv":
        df.to_csv(sys.stdout, index=False, lineterminator="\n")
    else:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title or None)
        for c in df.columns:
            table.add_column(str(c), overflow="fold")
        for row in df.itertuples(index=False):
            table.add_row(*("" if pd.isna(v) else f"{v:.3g}" if isinstance(v, float) else str(v)
                            for v in row))
        Console(width=max(120, Console().width)).print(table)


@cli.command("dyads")
@_db_option
@click.option("--since", default=None, help="only events dated on or after this ISO date")
@click.option("--until", default=None, help="only events dated on or before this ISO date")
@click.option("--min-events", default=1, show_default=True, type=click.IntRange(1),
              help="drop pairs with fewer events")
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)
def dyads_cmd(db: str | None, since: str | None, until: str | None, min_events: int,
              fmt: str) -> None:
    """Each ordered pair of states, most hostile first (formulas: docs/responses.md)."""
    from flashpoint.analytics import dyads

    with _open(db) as store:
        df = dyads(store, since=since, until=until, min_events=min_events)
    if fmt == "table":
        df = df[[c for c in _DYAD_TABLE_COLS if c in df]]
    _print_frame(df, fmt, "dyads (source -> target)")


@cli.command("timeline")
@click.argument("a")
@click.argument("b")
@_db_option
@click.option("--format", "fmt", type=click.Choice(["table", "jsonl", "csv"]), default="table",
              show_default=True)
def timeline_cmd(a: str, b: str, db: str | None, fmt: str) -> None:
    """Events between states A and B (ISO-3 codes), both ways, by date."""
    from flashpoint.analytics import timeline

    with _open(db) as store:
        df = timeline(store, a.upper(), b.upper())
    if fmt == "table":
        df = df.assign(date=df["date"].dt.strftime("%Y-%m-%d"))[
            ["date", "source", "target", "type", "mode", "intensity", "link_kind", "answers"]]
    _print_frame(df, fmt, f"{a.upper()} <-> {b.upper()}")


@cli.command("chains")
@click.argument("states", nargs=-1)
@_db_option
@click.option("--format", "fmt", type=click.Choice(["text", "jsonl"]), default="text",
              show_default=True)
def chains_cmd(states: tuple[str, ...], db: str | None, fmt: str) -> None:
    """Response chains (an act, its answer, the answer to that ...), longest first.

    STATES: none, one state (chains it takes part in) or two (chains between them).
    """
    from flashpoint.analytics import chains

    if len(states) > 2:
        raise click.UsageError("give at most two states")
    a, b = (list(s.upper() for s in states) + [None, None])[:2]
    with _open(db) as store:
        found = chains(store, a, b)
    if fmt == "jsonl":
        for ch in found:
            click.echo(json.dumps([e.to_dict() for e in ch], ensure_ascii=False))
        return
    if not found:
        click.echo("no response chains")
        return
    for n, ch in enumerate(found, 1):
        click.echo(f"chain {n} ({len(ch)} acts)")
        for i, e in enumerate(ch):
            arrow = "  " if i == 0 else f"  <- {e.link_kind or ''} "
            sent = " ".join(e.sentence.split())
            sent = sent if len(sent) <= 110 else sent[:107] + "..."
            click.echo(f"{arrow}{e.date or '????-??-??'} {e.source}->{e.target} {e.type} "
                       f"[{e.mode}] {e.doc}: {sent}")


@cli.command("link")
@_db_option
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="a flashpoint.toml")
def link_cmd(db: str | None, config: str | None) -> None:
    """Re-run the linking stage on a store: merge reports, rebuild response links."""
    from flashpoint.link import rebuild

    settings = load_settings(config)
    with _open(db or settings.db, read_only=False) as store:
        counts = rebuild(store, settings)
    click.echo(" ".join(f"{k}={v}" for k, v in counts.items()))
