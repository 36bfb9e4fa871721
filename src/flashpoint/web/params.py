"""Validation of request parameters: every bad value becomes a clear 4xx, never a 500.

Values are taken as strings and parsed here (not by FastAPI's coercion) so the message can
say what was wrong and what is accepted.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from flashpoint.records import EVENT_TYPES

MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 100_000  # 200 x 100k = 20M rows: beyond any store this dashboard is meant for
MAX_QUERY_CHARS = 200

# ISO 3166-1 alpha-3, IGO:<name> or UNK (EVENTS.md).
_CODE = re.compile(r"^(?:[A-Z]{3}|IGO:[A-Z][A-Z0-9_-]{0,23})$")


class ClientError(Exception):
    """A request the server will not answer as asked: status 4xx and a message saying why."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Paging:
    """A 1-based page of at most ``size`` rows."""

    page: int = 1
    size: int = DEFAULT_PAGE_SIZE

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    def pages(self, total: int) -> int:
        """How many pages ``total`` rows fill (at least 1)."""
        return max(1, -(-total // self.size))


def _int(name: str, raw: str | None, default: int, lo: int, hi: int) -> int:
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        raise ClientError(400, f"{name}={raw!r} is not a whole number") from None
    if not lo <= value <= hi:
        raise ClientError(400, f"{name}={value} is out of range: use {lo}..{hi}")
    return value


def parse_paging(page: str | None, size: str | None) -> Paging:
    """``page`` (1..100000) and ``size`` (1..200, default 50)."""
    return Paging(_int("page", page, 1, 1, MAX_PAGE),
                  _int("size", size, DEFAULT_PAGE_SIZE, 1, MAX_PAGE_SIZE))


def parse_int(name: str, raw: str | None, default: int, lo: int, hi: int) -> int:
    """A bounded whole-number parameter."""
    return _int(name, raw, default, lo, hi)


def parse_code(name: str, raw: str | None, known: list[str] | None = None) -> str | None:
    """An actor code (``CHN``, ``IGO:EU``, ``UNK``), upper-cased; None when empty.

    Args:
        name: the parameter's name, for the message.
        raw: the value as sent.
        known: codes present in the store; a well-formed code not among them is refused
            (status 400) so a typo does not silently give an empty page.
    """
    if raw is None or raw.strip() == "":
        return None
    code = raw.strip().upper()
    if not _CODE.match(code):
        raise ClientError(400, f"{name}={raw!r} is not an actor code: use an ISO 3166-1 "
                               "alpha-3 code such as CHN or USA, IGO:<NAME>, or UNK")
    if known is not None and code not in known:
        shown = ", ".join(known[:40]) + (" ..." if len(known) > 40 else "")
        raise ClientError(400, f"{name}={code}: no event in this store involves {code}; "
                               f"known codes: {shown or 'none'}")
    return code


def parse_type(raw: str | None) -> str | None:
    """A PLOVER event type, upper-cased; None when empty."""
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip().upper()
    if value not in EVENT_TYPES:
        raise ClientError(400, f"type={raw!r} is not a PLOVER event type; use one of "
                               + ", ".join(EVENT_TYPES))
    return value


def parse_date(name: str, raw: str | None) -> dt.date | None:
    """An ISO date ``YYYY-MM-DD``; None when empty."""
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ClientError(400, f"{name}={raw!r} is not a date: use YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ClientError(400, f"{name}={raw!r} is not a valid calendar date") from None


def parse_range(since: str | None, until: str | None) -> tuple[dt.date | None, dt.date | None]:
    """``since``/``until`` dates, with ``since`` not after ``until``."""
    lo, hi = parse_date("since", since), parse_date("until", until)
    if lo and hi and lo > hi:
        raise ClientError(400, f"since={lo} is after until={hi}")
    return lo, hi


def parse_text(name: str, raw: str | None) -> str | None:
    """A free-text search string of at most 200 characters; None when empty."""
    if raw is None or raw.strip() == "":
        return None
    if len(raw) > MAX_QUERY_CHARS:
        raise ClientError(400, f"{name} is {len(raw)} characters long; the limit is "
                               f"{MAX_QUERY_CHARS}")
    return raw.strip()


def parse_choice(name: str, raw: str | None, choices: tuple[str, ...]) -> str:
    """One of ``choices`` (the first is the default)."""
    if raw is None or raw.strip() == "":
        return choices[0]
    if raw.strip() not in choices:
        raise ClientError(400, f"{name}={raw!r}: use one of {', '.join(choices)}")
    return raw.strip()
