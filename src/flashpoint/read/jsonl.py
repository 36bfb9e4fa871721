"""JSON Lines (one object per line) and JSON files holding an array of objects.

Fields ``doc`` (or ``id``), ``title``, ``text``, ``date``, ``url`` and ``publisher`` map onto
:class:`~flashpoint.records.Article`; every other field is kept in ``extra``. A malformed
line is rejected on its own and the lines around it still load.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from flashpoint.config import Settings
from flashpoint.read.base import (
    Decoder,
    Item,
    Source,
    article_from_record,
    decoded_lines,
    raw_cap,
    read_capped,
    reject,
    sniff_encoding,
)


def read_jsonl(src: Source, settings: Settings) -> Iterator[Item]:
    """Articles of a JSON Lines file; ids default to ``<file name>#<line number>``."""
    decoder = Decoder()
    for lineno, line in decoded_lines(src, settings, decoder):
        where = f"line {lineno}"
        if line is None:
            yield reject(src, where, f"line larger than {raw_cap(settings):,} bytes: too large")
            continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            yield reject(src, where, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        yield _record(rec, src, lineno, where, settings)
    yield from _decode_note(decoder, src)


def read_json_array(src: Source, settings: Settings) -> Iterator[Item]:
    """Articles of a ``.json`` file: an array of objects, one (pretty-printed) object, or
    JSON Lines under a ``.json`` name (read whole: such files are small)."""
    data = read_capped(src, raw_cap(settings) * 16)
    encoding, bom = sniff_encoding(data)
    decoder = Decoder(encoding)
    text = decoder.decode(data[bom:])
    try:
        recs = json.loads(text)
    except json.JSONDecodeError as exc:
        if exc.msg == "Extra data":  # several documents: it is JSON Lines after all
            yield from read_jsonl(src, settings)
            return
        yield reject(src, f"line {exc.lineno}", f"malformed JSON: {exc.msg} (column {exc.colno})")
        return
    if not isinstance(recs, list):
        recs = [recs]
    for n, rec in enumerate(recs, start=1):
        where = f"record {n}"
        yield _record(rec, src, n, where, settings)
    yield from _decode_note(decoder, src)


def _record(rec: object, src: Source, n: int, where: str, settings: Settings) -> Item:
    """An article from one parsed record, or a reject when it is not a JSON object."""
    if not isinstance(rec, dict):
        return reject(src, where, f"expected a JSON object, got {type(rec).__name__}")
    return article_from_record(rec, src, n, where, settings)


def _decode_note(decoder: Decoder, src: Source) -> Iterator[Item]:
    """The note saying how an invalid encoding was decoded, if one was needed."""
    note = decoder.note(src)
    if note is not None:
        yield note
