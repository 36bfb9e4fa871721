"""Publication dates to ISO ``YYYY-MM-DD``, whatever shape the input gives them in."""

from __future__ import annotations

import re
import time
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any

_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_COMPACT = re.compile(r"^\s*(\d{4})(\d{2})(\d{2})\s*$")  # 20200724, the GDELT style
_YEAR = re.compile(r"\b(1[89]|20)\d\d\b")


def normalize_date(value: Any) -> str | None:
    """ISO date (``YYYY-MM-DD``) for a date given as text, datetime, date or time tuple.

    Cheap exact formats (ISO 8601, RFC 2822 as in RSS, ``YYYYMMDD``) are tried before
    dateparser, which is slow and guesses; a value nothing understands gives ``None``
    (the caller keeps the raw value so nothing is lost). Aware datetimes are taken in UTC.

    Examples:
        >>> normalize_date("Fri, 24 Jul 2020 09:00:00 GMT")
        '2020-07-24'
        >>> normalize_date("24 July 2020")
        '2020-07-24'
    """
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC)
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time.struct_time):
        return f"{value.tm_year:04d}-{value.tm_mon:02d}-{value.tm_mday:02d}"
    text = str(value).strip()
    if not text:
        return None
    return _parse_text(text)


@lru_cache(maxsize=4096)
def _parse_text(text: str) -> str | None:
    m = _ISO.match(text) or _COMPACT.match(text)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
        except ValueError:
            return None
    try:
        return normalize_date(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    # Absolute dates only: a publication date written as "yesterday" has no anchor here,
    # so text without a four-digit year is not guessed at.
    if not _YEAR.search(text):
        return None
    import dateparser

    parsed = dateparser.parse(
        text,
        settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year", "month"]},
    )
    return parsed.date().isoformat() if parsed else None
