"""Commands of the intake stage: ``ingest``, ``export``, ``stats`` (registered on flashpoint.cli.cli).

Each command parses options, calls one public function (:func:`flashpoint.ingest.ingest`,
:func:`flashpoint.export.export`, :meth:`flashpoint.store.Store.stats`) and prints.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from flashpoint.cli import cli
from flashpoint.config import load_settings
from flashpoint.errors import ConfigError
from flashpoint.records import Reject


def _echo_reject(rej: Reject) -> None:
    click.echo(str(rej), err=True)


@cli.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default=None, help="DuckDB file to write (default: the 'db' setting)")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="code on a local Dask cluster of N worker processes")
@click.option("--scheduler", default=None, metavar="URL",
              help="code on a running Dask cluster (tcp://HOST:PORT)")
@click.option("--fetch", is_flag=True, help="for feeds, fetch and extract each entry's page")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="a flashpoint.toml")
def ingest_cmd(
    paths: tuple[str, ...], db: str | None, workers: int | None, scheduler: str | None,
    fetch: bool, config: str | None,
) -> None:
    """Read, clean, de-duplicate, code and store PATH... (files, dirs, globs, URLs, -)."""
    from flashpoint.ingest import RunSummary, ingest

    if workers is not None and scheduler is not None:
        raise click.UsageError("give either --workers or --scheduler, not both")
    settings = load_settings(config)
    backend = "dask" if workers or scheduler else "local"
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        # The bar lives on stderr so stdout carries only the summary line.
        with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                      transient=True, console=Console(stderr=True)) as bar:
            task = bar.add_task("reading and coding the first batch", total=None)

            def show(s: RunSummary) -> None:
                bar.update(task, description=(
                    f"read {s.read}  unique {s.unique}  duplicates {s.duplicates}  "
                    f"rejected {s.rejected}  events {s.events}"))

            summary = ingest(list(paths), db=db, settings=settings, backend=backend,
                             workers=workers, scheduler=scheduler, fetch=fetch,
                             on_reject=lambda r: bar.console.print(str(r), style="yellow",
                                                                   markup=False, highlight=False),
                             progress=show)
    else:
        summary = ingest(list(paths), db=db, settings=settings, backend=backend, workers=workers,
                         scheduler=scheduler, fetch=fetch, on_reject=_echo_reject)
    click.echo(summary.line())
    sys.exit(summary.exit_code)


@cli.command("export")
@click.argument("what")
@click.option("--db", default=None, help="DuckDB file to read (default: the 'db' setting)")
@click.option("--format", "fmt", default="jsonl", show_default=True,
              help="jsonl, csv or parquet (and formats other stages register)")
@click.option("-o", "--output", default=None, help="file to write (default stdout)")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="a flashpoint.toml")
def export_cmd(what: str, db: str | None, fmt: str, output: str | None, config: str | None) -> None:
    """Export WHAT (articles, rejects, events, ...) from the store."""
    from flashpoint.export import export

    if fmt == "parquet" and output is None and sys.stdout.isatty():
        raise click.UsageError("parquet is binary: give -o FILE (or redirect stdout)")
    settings = load_settings(config)
    try:
        rows = export(what, db or settings.db, fmt=fmt, out=output)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from exc
    if output is not None:
        click.echo(f"{rows} {what} written to {output}", err=True)


def _fmt(value: Any) -> str:
    if value is None or value != value:  # None or NaN
        return "-"
    if isinstance(value, float):
        return f"{value:.1f}"
    if hasattr(value, "isoformat"):
        return str(value)[:19]  # timestamps to the second
    return str(value)


@cli.command("stats")
@click.option("--db", default=None, help="DuckDB file to read (default: the 'db' setting)")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="a flashpoint.toml")
def stats_cmd(db: str | None, config: str | None) -> None:
    """Rows per table, the last runs and the reasons records were rejected."""
    from flashpoint.store import Store

    settings = load_settings(config)
    with Store(db or settings.db, read_only=True) as store:
        st = store.stats()
    click.echo(f"{st['db']} (schema {st['schema_version']})")
    for table, n in st["counts"].items():
        extra = f"  ({st['duplicates']} duplicates)" if table == "articles" else ""
        click.echo(f"  {table:<13} {n:>8}{extra}")
    click.echo("last runs:")
    cols = ("run_id", "started", "backend", "read", "unique", "duplicates", "rejected", "events",
            "seconds")
    for run in st["runs"]:
        click.echo("  " + "  ".join(f"{c}={_fmt(run.get(c))}" for c in cols))
    if not st["runs"]:
        click.echo("  (none)")
    click.echo("reject reasons:")
    for row in st["reject_reasons"]:
        click.echo(f"  {row['n']:>5}  {row['stage']:<7} {row['reason']}")
    if not st["reject_reasons"]:
        click.echo("  (none)")
