"""CSV and TSV files with a header row naming ``doc``/``id``, ``title``, ``text``, ``date``...

A row whose number of fields differs from the header's is rejected (it is almost always an
unquoted comma or a cut line, and guessing which column slid would corrupt the record);
the other rows still load.
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator

from flashpoint.config import Settings
from flashpoint.read.base import (
    Decoder,
    Item,
    Source,
    article_from_record,
    decoded_lines,
    reject,
)

# The stdlib's default field limit (128 KiB) is below the article cap; the real cap is
# applied per record by article_from_record.
csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def read_table(src: Source, settings: Settings) -> Iterator[Item]:
    """Articles of a CSV (or, for ``.tsv``, tab-separated) file; ids default to ``<file>#<row>``."""
    decoder = Decoder()
    delimiter = "\t" if src.suffix == ".tsv" else ","
    oversized: list[int] = []

    def lines() -> Iterator[str]:
        for lineno, line in decoded_lines(src, settings, decoder):
            if line is None:
                oversized.append(lineno)
                continue
            yield line

    reader = csv.reader(lines(), delimiter=delimiter)
    header: list[str] | None = None
    row_n = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            yield reject(src, f"line {reader.line_num}", f"malformed CSV: {exc}")
            continue
        if not row or not any(cell.strip() for cell in row):
            continue
        if header is None:
            header = [h.strip().lstrip("\ufeff").lower() for h in row]
            if "text" not in header:
                yield reject(src, "line 1", f"CSV header has no 'text' column (columns: {', '.join(header)})")
                return
            continue
        row_n += 1
        where = f"line {reader.line_num}"
        if len(row) != len(header):
            yield reject(src, where, f"expected {len(header)} fields as in the header, got {len(row)}")
            continue
        rec = {k: v for k, v in zip(header, row, strict=True) if k}
        yield article_from_record(rec, src, row_n, where, settings)
    for lineno in oversized:
        yield reject(src, f"line {lineno}", "line too large: skipped")
    if header is None:
        yield reject(src, "", "CSV file has no header row")
    note = decoder.note(src)
    if note is not None:
        yield note
