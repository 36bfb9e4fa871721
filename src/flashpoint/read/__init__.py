"""Readers: files, directories, globs, URLs and stdin in; :class:`Article` records out.

Each input kind has its own module (``dump``, ``jsonl``, ``table``, ``html``, ``feed``); this
module resolves the inputs and dispatches each one by file extension, then by sniffing its
first bytes. Anything unusable becomes a :class:`Reject` and reading goes on.

Example:
    >>> import flashpoint
    >>> arts = list(flashpoint.read("examples/retaliation_articles.txt"))
    >>> len(arts), arts[0].doc
    (10, 'retaliation_articles.txt#1')
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from flashpoint.config import Settings
from flashpoint.errors import SourceError
from flashpoint.read.base import DECODE_STAGE, Item, Source, reject, stdin_source
from flashpoint.read.dump import read_dump
from flashpoint.read.feed import looks_like_feed, read_feed
from flashpoint.read.html import html_cap, read_html
from flashpoint.read.jsonl import read_json_array, read_jsonl
from flashpoint.read.table import read_table
from flashpoint.read.url import fetch as fetch_url
from flashpoint.read.url import is_url
from flashpoint.records import Article, Reject

__all__ = ["DECODE_STAGE", "Item", "Source", "read", "read_items", "read_source", "sniff_kind"]

# Extension → reader kind. ``.xml`` and unknown extensions are sniffed.
EXTENSIONS = {
    ".txt": "dump", ".text": "dump",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json",
    ".csv": "csv", ".tsv": "csv",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".rss": "feed", ".atom": "feed",
}

# Magic numbers of formats people drop into a corpus folder by mistake.
BINARY_MAGIC = {
    b"%PDF": "a PDF document", b"PK\x03\x04": "a ZIP archive (or .docx/.xlsx)",
    b"\x1f\x8b": "a gzip archive", b"\x89PNG": "a PNG image", b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image", b"DUCK": "a DuckDB database",
}


def sniff_kind(src: Source) -> str:
    """The reader kind for ``src``: dump, jsonl, json, csv, html, feed, or binary/empty."""
    head = src.head()
    if not head.strip():
        return "empty"
    for magic, what in BINARY_MAGIC.items():
        if head.startswith(magic) or head[8:12] == magic:
            return f"binary:{what}"
    if not head.startswith((b"\xff\xfe", b"\xfe\xff")) and b"\x00" in head:
        return "binary:a binary file (it contains NUL bytes)"
    kind = EXTENSIONS.get(src.suffix)
    if kind is not None:
        return kind
    ctype = src.content_type.lower()
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if looks_like_feed(head) and ("html" not in ctype or b"<html" not in head[:2048].lower()):
        return "feed"
    if "html" in ctype or start[:1] == b"<":
        return "html"
    if start[:1] == b"{":
        return "jsonl"
    if start[:1] == b"[":
        return "json"
    first = start.split(b"\n", 1)[0].lower()
    if b"," in first and b"text" in [c.strip(b' "\r') for c in first.split(b",")]:
        return "csv"
    return "dump"


def read_source(src: Source, settings: Settings, fetch: bool = False) -> Iterator[Item]:
    """Items of one resolved source; never raises for bad input (it yields a Reject)."""
    try:
        kind = sniff_kind(src)
    except OSError as exc:
        yield reject(src, "", f"cannot read: {exc.strerror or exc}")
        return
    if kind == "empty":
        yield reject(src, "", "empty file: no text in it")
        return
    if kind.startswith("binary:"):
        yield reject(src, "", f"not a text file: looks like {kind[7:]}")
        return
    reader: Callable[[Source, Settings], Iterator[Item]] = {
        "dump": read_dump, "jsonl": read_jsonl, "json": read_json_array, "csv": read_table,
        "html": read_html,
    }.get(kind, read_dump)
    try:
        if kind == "feed":
            yield from read_feed(src, settings, fetch=fetch)
        else:
            yield from reader(src, settings)
    except SourceError as exc:
        yield reject(src, exc.record, exc.reason)
    except OSError as exc:
        yield reject(src, "", f"cannot read: {exc.strerror or exc}")
    except Exception as exc:  # noqa: BLE001 - a reader bug must not lose the rest of the batch
        yield reject(src, "", f"unexpected {type(exc).__name__} while reading: {exc}")


def resolve(inputs: Iterable[str | os.PathLike[str]], settings: Settings) -> Iterator[Source | Reject]:
    """Sources named by ``inputs``: files, directories (recursive), globs, URLs and ``-``."""
    for item in inputs:
        name = os.fspath(item)
        if name == "-":
            yield stdin_source()
        elif is_url(name):
            try:
                page = fetch_url(name, html_cap(settings))
            except SourceError as exc:
                yield Reject(name, "", "read", exc.reason)
                continue
            label = page.url
            yield Source.from_bytes(name, label, page.body, content_type=page.content_type,
                                    url=page.url)
        else:
            path = Path(name)
            if path.is_dir():
                files = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
                if not files:
                    yield Reject(name, "", "read", "directory holds no files")
                yield from (Source.from_path(p) for p in files)
            elif path.exists():
                yield Source.from_path(path)
            elif glob.has_magic(name):
                matches = sorted(Path(m) for m in glob.glob(name, recursive=True))
                files = [m for m in matches if m.is_file()]
                if not files:
                    yield Reject(name, "", "read", "no file matches this pattern")
                yield from (Source.from_path(p) for p in files)
            else:
                yield Reject(name, "", "read", "no such file or directory")


def _hidden(path: Path, root: Path) -> bool:
    """Dot-files and dot-folders under a directory (.git, .DS_Store) are not articles."""
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def read_items(
    inputs: Iterable[str | os.PathLike[str]], settings: Settings | None = None, fetch: bool = False
) -> Iterator[Item]:
    """Articles and Rejects of all ``inputs``, in order (the stream the ingest plan consumes)."""
    settings = settings or Settings()
    for src in resolve(inputs, settings):
        if isinstance(src, Reject):
            yield src
            continue
        yield from read_source(src, settings, fetch)


def read(
    path: str | os.PathLike[str] | Iterable[str | os.PathLike[str]],
    settings: Settings | None = None,
    fetch: bool = False,
    on_reject: Callable[[Reject], None] | None = None,
) -> Iterator[Article]:
    """Articles read from a path, directory, glob, URL or ``-`` (stdin), as read (not cleaned).

    Args:
        path: One input or a list of inputs.
        settings: Size caps come from here (default: :class:`Settings` defaults).
        fetch: For feeds, fetch each entry's page and extract its text.
        on_reject: Called with each Reject; by default they are printed on stderr.

    Yields:
        Article: one per article, in input order.
    """
    inputs = [path] if isinstance(path, str | os.PathLike) else list(path)
    report = on_reject or (lambda r: print(str(r), file=sys.stderr))
    for item in read_items(inputs, settings, fetch):
        if isinstance(item, Reject):
            report(item)
        else:
            yield item
