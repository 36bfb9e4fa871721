"""What every reader shares: the ``Source`` it reads, decoding, line streaming, record mapping.

A reader is a function ``(Source, Settings) -> Iterator[Article | Reject]``: it yields good
articles and, for anything it cannot use, a :class:`~flashpoint.records.Reject` that names the
source, the record and the reason, then carries on with the next record.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from flashpoint.config import Settings
from flashpoint.errors import ParseError
from flashpoint.read.dates import normalize_date
from flashpoint.records import Article, Reject

Item = Article | Reject

# Decoding notes are not rejections (the record is kept) but they are stored beside the
# rejects so that a user can find repaired input; this stage name tells them apart.
DECODE_STAGE = "decode"

# How much of a file is looked at to decide what it is (binary, JSON, HTML, feed...).
SNIFF_BYTES = 8192

# Raw input may carry markup or clutter, so a reader lets a record grow to a few times the
# clean-text cap before giving up on it; the exact cap is applied to the clean text later.
RAW_FACTOR = 4


def raw_cap(settings: Settings) -> int:
    """Largest raw record (bytes) a reader accumulates before rejecting it as too large."""
    return RAW_FACTOR * settings.max_article_bytes


@dataclass
class Source:
    """One input to read: a file, a URL's body or stdin.

    ``name`` is what rejects and ``Article.source`` show (the path, URL or ``-``); ``label``
    is the short name used in article ids (``<label>#<n>``); ``opener`` returns a fresh
    binary stream each time it is called.
    """

    name: str
    label: str
    opener: Callable[[], IO[bytes]]
    suffix: str = ""
    content_type: str = ""
    url: str | None = None
    _head: bytes | None = field(default=None, repr=False)

    def open(self) -> IO[bytes]:
        return self.opener()

    def head(self) -> bytes:
        """The first bytes of the source (cached), for sniffing."""
        if self._head is None:
            with self.open() as fh:
                self._head = fh.read(SNIFF_BYTES)
        return self._head

    @classmethod
    def from_bytes(cls, name: str, label: str, data: bytes, **kw: Any) -> Source:
        return cls(name=name, label=label, opener=lambda: io.BytesIO(data), **kw)

    @classmethod
    def from_path(cls, path: Path) -> Source:
        return cls(
            name=str(path), label=path.name, opener=lambda: open(path, "rb"),
            suffix=path.suffix.lower(),
        )


def reject(src: Source, record: str, reason: str, stage: str = "read") -> Reject:
    return Reject(source=src.name, record=record, stage=stage, reason=reason)


class Decoder:
    """Decodes the lines of one source, repairing invalid UTF-8 and remembering where.

    UTF-8 is tried first; a line that is not valid UTF-8 is decoded as cp1252 (the usual
    culprit: text saved by Windows tools, where curly quotes are single bytes), and if even
    cp1252 fails (it leaves five byte values undefined), as UTF-8 with U+FFFD replacements.
    """

    def __init__(self, encoding: str = "utf-8") -> None:
        self.encoding = encoding
        self.bad_lines: list[int] = []
        self.methods: set[str] = set()

    def decode(self, data: bytes, lineno: int = 0) -> str:
        try:
            return data.decode(self.encoding)
        except UnicodeDecodeError:
            pass
        self.bad_lines.append(lineno)
        try:
            text = data.decode("cp1252")
            self.methods.add("cp1252")
        except UnicodeDecodeError:
            text = data.decode(self.encoding, errors="replace")
            self.methods.add("replacement characters (U+FFFD)")
        return text

    def note(self, src: Source) -> Reject | None:
        """A decode note for ``src`` if any line needed repair, else None."""
        if not self.bad_lines:
            return None
        first = self.bad_lines[0]
        where = f"line {first}" if first else "its content"
        how = " and ".join(sorted(self.methods))
        reason = (
            f"invalid {self.encoding.upper()} in {len(self.bad_lines)} place(s), first at {where}; "
            f"decoded with {how} and kept"
        )
        return reject(src, f"line {first}" if first else "", reason, stage=DECODE_STAGE)


def sniff_encoding(head: bytes) -> tuple[str, int]:
    """(encoding, BOM length) from a byte-order mark; UTF-8 when there is none."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8", 3
    if head.startswith(b"\xff\xfe"):
        return "utf-16-le", 2
    if head.startswith(b"\xfe\xff"):
        return "utf-16-be", 2
    return "utf-8", 0


def iter_lines(fh: IO[bytes], cap: int) -> Iterator[tuple[int, bytes | None]]:
    """(1-based line number, line bytes) for each line; ``None`` for a line longer than ``cap``.

    Reading in bounded pieces keeps memory flat even when a file has one enormous line.
    """
    lineno = 0
    while True:
        line = fh.readline(cap + 1)
        if not line:
            return
        lineno += 1
        if len(line) > cap and not line.endswith(b"\n"):
            # Skip the rest of the oversized line without holding it.
            while True:
                more = fh.readline(cap)
                if not more or more.endswith(b"\n"):
                    break
            yield lineno, None
            continue
        yield lineno, line


def decoded_lines(src: Source, settings: Settings, decoder: Decoder) -> Iterator[tuple[int, str | None]]:
    """Decoded lines of ``src`` (BOM removed); ``None`` marks a line over the raw cap."""
    encoding, bom = sniff_encoding(src.head())
    decoder.encoding = encoding
    with src.open() as fh:
        if encoding.startswith("utf-16"):
            # UTF-16 cannot be split on b"\n"; such files are rare and small: decode whole.
            data = fh.read(raw_cap(settings) * 2 + 1)
            text = decoder.decode(data[bom:])
            yield from enumerate(io.StringIO(text), start=1)
            return
        fh.read(bom)
        for lineno, raw in iter_lines(fh, raw_cap(settings)):
            yield lineno, None if raw is None else decoder.decode(raw, lineno)


def read_capped(src: Source, cap: int) -> bytes:
    """The whole source, or ParseError when it is larger than ``cap`` bytes."""
    with src.open() as fh:
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise ParseError(src.name, f"larger than {cap:,} bytes: too large to be one article or feed")
    return data


def str_field(value: Any) -> str | None:
    """A record field as text: strings stripped, numbers formatted, empties as None."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN from a CSV/pandas round trip
        return None
    text = value.strip() if isinstance(value, str) else str(value)
    return text or None


NAMED_FIELDS = ("doc", "id", "title", "text", "date", "url", "publisher")


def article_from_record(
    rec: dict[str, Any], src: Source, n: int, where: str, settings: Settings
) -> Item:
    """Map a JSON/CSV record to an Article (or a Reject when it has no usable text).

    The input's ``doc`` (else ``id``) is kept as the article id; fields other than the named
    ones go to ``extra`` unchanged, so nothing in the input is lost.
    """
    text = rec.get("text")
    if not isinstance(text, str):
        if text is None:
            return reject(src, where, "record has no 'text' field")
        return reject(src, where, f"'text' is a {type(text).__name__}, not a string")
    if not text.strip():
        return reject(src, where, "record has an empty 'text'")
    if len(text.encode("utf-8", errors="replace")) > raw_cap(settings):
        return reject(src, where, f"text larger than {raw_cap(settings):,} bytes: too large")
    doc = str_field(rec.get("doc")) or str_field(rec.get("id")) or f"{src.label}#{n}"
    extra = {k: v for k, v in rec.items() if k not in NAMED_FIELDS}
    if "doc" in rec and "id" in rec:
        extra["id"] = rec["id"]
    raw_date = str_field(rec.get("date"))
    date = normalize_date(raw_date)
    if raw_date and date is None:
        extra["date_raw"] = raw_date
    body = text.replace("\r\n", "\n").strip()
    return Article(
        doc=doc,
        title=" ".join((str_field(rec.get("title")) or "").split()),
        text=body,
        raw_text=body,
        date=date,
        url=str_field(rec.get("url")),
        publisher=str_field(rec.get("publisher")),
        source=f"{src.name}:{where.removeprefix('line ')}",
        extra=extra,
    )


def stdin_source() -> Source:
    """Standard input as a Source (read once, kept in memory so it can be sniffed)."""
    data = sys.stdin.buffer.read()
    return Source.from_bytes("-", "stdin", data)
