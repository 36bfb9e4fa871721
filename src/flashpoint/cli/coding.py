"""Commands of the coding stage: ``code`` and ``evaluate`` (registered on flashpoint.cli.cli)."""

from __future__ import annotations

import csv
import json
import sys
from typing import IO

import click

from flashpoint.cli import cli
from flashpoint.config import load_settings
from flashpoint.records import Event, Reject

# Columns of ``code --format csv``: the EVENTS.md record first, then the extensions.
CSV_FIELDS = [
    "id", "doc", "sentence", "source", "source_text", "source_sector", "target", "target_text",
    "target_sector", "type", "mode", "status", "response_to", "date", "confidence", "date_text",
    "link_kind", "cameo_root", "intensity", "quad_class", "trigger", "sentence_index",
]


@cli.command("code")
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="file to write (default stdout)")
@click.option("--fetch", is_flag=True, help="for feeds, fetch and extract each entry's page")
@click.option("--config", type=click.Path(dir_okay=False), default=None, help="a flashpoint.toml")
@click.option("--model", default=None, help="spaCy pipeline to load (default: the 'model' setting)")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="coding processes (default: the 'workers' setting, 2)")
@click.option("--prefilter/--no-prefilter", default=None,
              help="skip parsing sentences with no trigger word: faster, slightly lower recall")
def code_cmd(
    paths: tuple[str, ...], fmt: str, output: IO[str], fetch: bool, config: str | None, model: str | None,
    workers: int | None, prefilter: bool | None,
) -> None:
    """Print the events of PATHS (files, folders, globs, URLs, - for stdin); no database needed."""
    from flashpoint.coding import code

    settings = load_settings(config, model=model, workers=workers, prefilter=prefilter)
    rejects: list[Reject] = []

    def on_reject(r: Reject) -> None:
        rejects.append(r)
        click.echo(f"flashpoint: {r}", err=True)

    writer = csv.DictWriter(output, fieldnames=CSV_FIELDS, extrasaction="ignore") if fmt == "csv" else None
    if writer:
        writer.writeheader()
    n = 0
    for ev in code(paths, settings, on_reject=on_reject, fetch=fetch):
        _write(ev, output, writer)
        n += 1
    output.flush()
    if output is not sys.stdout:
        click.echo(f"{n} events", err=True)
    if rejects:
        sys.exit(1)


def _write(ev: Event, out: IO[str], writer: csv.DictWriter[str] | None) -> None:
    d = ev.to_dict()
    if writer is None:
        out.write(json.dumps(d, ensure_ascii=False) + "\n")
    else:
        writer.writerow(d)


@cli.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.argument("pred", type=click.Path(exists=True, dir_okay=False))
@click.option("--docs", type=click.Path(exists=True, dir_okay=False), default=None,
              help="JSONL of documents: score only these docs (and count docs with no events)")
@click.option("--json", "as_json", is_flag=True, help="print the scores as JSON")
def evaluate_cmd(gold: str, pred: str, docs: str | None, as_json: bool) -> None:
    """Triple (doc, source, target, type) precision/recall/F1 of PRED against GOLD.

    Also a per-type table, response-link scores and a confusion matrix of types.
    """
    from flashpoint.evaluate import evaluate_files

    report = evaluate_files(gold, pred, docs)
    click.echo(json.dumps(report.as_dict(), indent=2) if as_json else report.format())
