"""Commands of the actor stage: ``actors`` (registered on flashpoint.cli.cli).

``flashpoint actors PATH... [--date YYYY-MM-DD]`` prints every actor mention the resolver
finds, one per line: doc, offsets, text, code, sector, name and kind.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import click

from flashpoint.cli import cli
from flashpoint.errors import ConfigError, SourceError
from flashpoint.records import Reject

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _articles(paths: tuple[str, ...]) -> Iterator[tuple[str, str, str | None]]:
    """(doc id, text, date) of every article in ``paths``: through the readers when present."""
    try:
        from flashpoint.read import read
    except ImportError:  # readers not installed in this build: plain text files
        for p in paths:
            try:
                yield p, Path(p).read_text(encoding="utf-8"), None
            except OSError as exc:
                raise SourceError(p, f"cannot read: {exc}") from exc
        return
    for p in paths:
        rejects: list[Reject] = []
        arts = list(read(p, on_reject=rejects.append))
        if not arts and Path(p).is_file():
            # A short note the article readers refuse (a headline without body) is still
            # text worth resolving: read it whole.
            yield p, Path(p).read_text(encoding="utf-8", errors="replace"), None
            continue
        for rej in rejects:
            click.echo(str(rej), err=True)
        for art in arts:
            yield art.doc, art.full_text, art.date


@cli.command("actors")
@click.argument("paths", nargs=-1, required=True)
@click.option("--date", default=None, metavar="YYYY-MM-DD",
              help="article date for every input (default: each article's own date, if any)")
@click.option("--json", "as_json", is_flag=True, help="print JSON Lines instead of a table")
def actors_cmd(paths: tuple[str, ...], date: str | None, as_json: bool) -> None:
    """Find and resolve the state actors mentioned in PATH... (files, dirs, globs, URLs, -)."""
    from flashpoint.actors import ActorResolver

    if date is not None and not _DATE.match(date):
        raise ConfigError(f"--date {date!r} is not an ISO date: write it as YYYY-MM-DD")
    resolver = ActorResolver()
    for doc_id, text, art_date in _articles(paths):
        for m in resolver.resolve(text, date or art_date):
            if as_json:
                click.echo(json.dumps({"doc": doc_id, **m.to_dict()}, ensure_ascii=False))
            else:
                shown = m.text.replace("\n", " ")
                click.echo(f"{doc_id}\t{m.start}\t{m.end}\t{shown}\t{m.code}\t{m.sector or '-'}"
                           f"\t{m.name}\t{m.kind}")
