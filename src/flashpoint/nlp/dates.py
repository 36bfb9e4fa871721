"""Resolve the date of an event from its sentence and the article's publication date.

News dates acts relative to the day it is published ("on Monday", "earlier this week",
"last July"). :func:`event_date` finds those expressions in the sentence: first the ones
``dateparser`` gets wrong or cannot read (handled by the rules below), then spaCy's DATE
entities, which go to ``dateparser`` with the publication date as the relative base.

Conventions (documented in docs/responses.md):

* An expression that names a period resolves to the *first day* of the period: "this
  month" -> the 1st, "last week" -> the Monday of that week, "in 2017" -> 2017-01-01,
  "at the weekend" -> the Saturday. One rule for every period keeps dates comparable
  (GDELT and dateparser do the same for months).
* A bare weekday is the most recent such day on or before publication for a past-tense
  act ("on Monday" in a Monday paper is that day), the next one on or after it otherwise;
  "last Monday" is strictly before.
* A past-tense act never gets a date after publication: an expression that resolves
  into the future is dropped as unreliable.
* Relative expressions need a publication date; without one they are unknown. A date
  with an explicit year ("21 July 2020", "in 2017") resolves without it.
* No date expression at all: the act is dated on the publication day (news reports acts
  of the last day or two; it is the best single guess, and what GDELT does). An announced
  act with no date of its own gets the same date: that of its announcement. No publication
  date -> ``None``. ``default_offset_days=1`` dates such acts the day before publication
  instead (measured in docs/responses.md).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = tuple(m.lower() for m in calendar.month_name[1:])
_MONTH_RE = "|".join(_MONTHS) + r"|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec"

# Durations are not points in time: "45 years", "the last three decades", "10 years".
# dateparser reads them as "45 years ago", which would date the act decades back.
_DURATION = re.compile(
    r"^(?:the\s+)?(?:(?:past|last|next|previous|coming|first|recent)\s+)?"
    r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|"
    r"thirty|forty|fifty|hundred|several|few|a\s+few|many)?\s*"
    r"(?:days?|weeks?|months?|years?|decades?|centur(?:y|ies))$",
    re.I,
)
# Vague spans that are no date at all ("recent weeks", "times of war", "the coming days").
_VAGUE = re.compile(r"\b(?:recent|coming|every|each|annual|daily|weekly|times?|era|age)\b", re.I)


def _monday(d: date) -> date:
    return d - timedelta(days=d.weekday())


def _month_start(d: date, back: int = 0) -> date:
    y, m = d.year, d.month - back
    while m < 1:
        y, m = y - 1, m + 12
    return date(y, m, 1)


def _weekday_on_or_before(d: date, wd: int, strict: bool) -> date:
    delta = (d.weekday() - wd) % 7
    if strict and delta == 0:
        delta = 7
    return d - timedelta(days=delta)


def _weekday_on_or_after(d: date, wd: int, strict: bool) -> date:
    delta = (wd - d.weekday()) % 7
    if strict and delta == 0:
        delta = 7
    return d + timedelta(days=delta)


def _month_index(name: str) -> int:
    name = name.lower()
    for i, full in enumerate(_MONTHS, start=1):
        if full.startswith(name[:3]):
            return i
    raise ValueError(name)


# Each rule: a pattern over the sentence, and a resolver (match, publication, past) -> date.
# The patterns are anchored on word boundaries and tried before dateparser because these are
# exactly the expressions it returns None for, or resolves differently from our conventions.
Resolver = Callable[[re.Match[str], date, bool], date | None]


def _r_this_week(m: re.Match[str], p: date, past: bool) -> date | None:
    return _monday(p)


def _r_last_week(m: re.Match[str], p: date, past: bool) -> date | None:
    return _monday(p) - timedelta(days=7)


def _r_weekend(m: re.Match[str], p: date, past: bool) -> date | None:
    which = (m.group("which") or "").lower()
    if which == "last":
        return _weekday_on_or_before(p, 5, strict=True) if p.weekday() >= 5 else (
            _weekday_on_or_before(p, 5, strict=False)
        )
    if not past and which in ("this", "next", "coming"):
        return _weekday_on_or_after(p, 5, strict=False)
    # "at the weekend", "over the weekend": the Saturday of the latest weekend so far.
    return _weekday_on_or_before(p, 5, strict=False)


def _r_this_month(m: re.Match[str], p: date, past: bool) -> date | None:
    return _month_start(p)


def _r_last_month(m: re.Match[str], p: date, past: bool) -> date | None:
    return _month_start(p, back=1)


def _r_this_year(m: re.Match[str], p: date, past: bool) -> date | None:
    return date(p.year, 1, 1)


def _r_last_year(m: re.Match[str], p: date, past: bool) -> date | None:
    return date(p.year - 1, 1, 1)


def _r_weekday(m: re.Match[str], p: date, past: bool) -> date | None:
    wd = _WEEKDAYS.index(m.group("wd").lower())
    which = (m.group("which") or "").lower()
    if which == "last" or (past and which != "next"):
        return _weekday_on_or_before(p, wd, strict=which == "last")
    return _weekday_on_or_after(p, wd, strict=which == "next")


def _r_named_month(m: re.Match[str], p: date, past: bool) -> date | None:
    month = _month_index(m.group("month"))
    which = (m.group("which") or "").lower()
    if which == "next" or (not past and which != "last"):
        year = p.year if month >= p.month else p.year + 1
        if which == "next" and month == p.month:
            year += 1
        return date(year, month, 1)
    year = p.year if month <= p.month else p.year - 1
    if which == "last" and month == p.month:
        year -= 1  # "last July" in a July paper is a year ago
    return date(year, month, 1)


def _r_year(m: re.Match[str], p: date | None, past: bool) -> date | None:
    return date(int(m.group("year")), 1, 1)


_WHICH = r"(?:(?P<which>last|this|next|coming|past)\s+)?"
_RULES: tuple[tuple[re.Pattern[str], Resolver], ...] = (
    (re.compile(r"\b(?:earlier|later)?\s*this\s+week\b", re.I), _r_this_week),
    (re.compile(r"\b(?:last|past|previous)\s+week\b", re.I), _r_last_week),
    (re.compile(r"\b(?:at|over|during|on)?\s*(?:the\s+|" + _WHICH + r")weekend\b", re.I),
     _r_weekend),
    (re.compile(r"\b(?:earlier|later)?\s*this\s+month\b", re.I), _r_this_month),
    (re.compile(r"\b(?:last|past|previous)\s+month\b", re.I), _r_last_month),
    (re.compile(r"\b(?:earlier|later)?\s*this\s+year\b", re.I), _r_this_year),
    (re.compile(r"\b(?:last|past|previous)\s+year\b", re.I), _r_last_year),
    # A weekday or a bare month name, not followed by a day number (that is dateparser's).
    (re.compile(r"\b(?:(?P<which>[Ll]ast|[Tt]his|[Nn]ext|[Cc]oming)\s+)?(?P<wd>"
                + "|".join(w.capitalize() for w in _WEEKDAYS) + r")\b(?!\s*,?\s*\d)"), _r_weekday),
    # Only with last/this/next: dateparser reads "in July" well but returns None for "last
    # July"; and a bare "may"/"march" is too often a verb or a noun to trust outside DATE spans.
    (re.compile(r"\b(?P<which>last|this|next|past)\s+(?P<month>"
                + "|".join(m.capitalize() for m in _MONTHS) + r")\b(?!\s*\d)"), _r_named_month),
    # Not "since 2016" (the start of a state of affairs) nor "by 2027" (a deadline).
    (re.compile(r"\b(?:in|during)\s+(?P<year>(?:19|20)\d\d)\b(?!\s*[-/]\d)", re.I),
     _r_year),
)


@lru_cache(maxsize=4096)
def _dateparser(text: str, base: date | None, past: bool) -> date | None:
    import dateparser

    settings: dict[str, Any] = {
        "PREFER_DATES_FROM": "past" if past else "future",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    if base is not None:
        settings["RELATIVE_BASE"] = datetime(base.year, base.month, base.day)
    elif not re.search(r"\b(?:1[5-9]|20)\d\d\b", text):
        # Without a publication date only dates that carry their own year are meaningful
        # (dateparser would read "yesterday" against today's clock).
        return None
    else:
        settings["REQUIRE_PARTS"] = ["year"]
    try:
        parsed = dateparser.parse(text, languages=["en"], settings=settings)
    except (ValueError, OverflowError):
        return None
    return parsed.date() if parsed is not None else None


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        return None


def _month_day(text: str, p: date, past: bool) -> date | None:
    """'September 15' / '15 September' without a year: the nearest such day in the right
    direction (dateparser with prefer-past jumps a year back even for a day already past)."""
    m = re.fullmatch(
        r"(?:on\s+)?(?:(?P<m1>" + _MONTH_RE + r")\.?\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?"
        r"|(?:the\s+)?(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>" + _MONTH_RE + r"))",
        text.strip(),
        re.I,
    )
    if not m:
        return None
    month = _month_index(m.group("m1") or m.group("m2"))
    day = int(m.group("d1") or m.group("d2"))
    for year in (p.year, p.year - 1, p.year + 1) if past else (p.year, p.year + 1):
        try:
            d = date(year, month, day)
        except ValueError:
            return None
        if (past and d <= p) or (not past and d >= p):
            return d
    return None


def resolve_expression(text: str, published: str | None, past: bool = True) -> date | None:
    """Resolve one date expression (as spaCy would mark it) against a publication date.

    Args:
        text: the expression, e.g. ``"earlier this week"`` or ``"on July 21"``.
        published: publication date (ISO), or None.
        past: True for an act reported as done (the result is then never after publication).

    Returns:
        The date, or None when the expression is not a point in time or cannot be resolved.
    """
    p = _parse_published(published)
    found = _candidates_in(text, p, past, ents=((0, len(text)),))
    if past and p is not None:
        found = [c for c in found if c[2] <= p]
    return found[0][2] if found else None


_BARE_YEAR = re.compile(r"^(?:in\s+|the\s+year\s+)?((?:19|20)\d\d)$", re.I)


def _candidates_in(
    text: str, p: date | None, past: bool | Callable[[int], bool], ents: tuple[tuple[int, int], ...]
) -> list[tuple[int, str, date]]:
    """(char offset, expression, date) for every resolvable expression in ``text``: the rule
    patterns anywhere in it, and the spans ``ents`` (spaCy DATE entities) through dateparser."""
    out: list[tuple[int, str, date]] = []
    taken: list[tuple[int, int]] = []
    d: date | None
    for pattern, resolver in _RULES:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if p is None and resolver is not _r_year:
                continue
            tense = past(m.start()) if callable(past) else past
            d = resolver(m, p, tense) if p is not None else _r_year(m, None, tense)
            taken.append((m.start(), m.end()))
            if d is not None:
                out.append((m.start(), m.group(0).strip(), d))
    for s, e in ents:
        if any(s < te and ts < e for ts, te in taken):
            continue
        expr = text[s:e].strip()
        if not expr or _DURATION.match(expr) or _VAGUE.search(expr):
            continue
        tense = past(s) if callable(past) else past
        year = _BARE_YEAR.match(expr)
        if year:
            # dateparser fills a bare year with today's month; a period starts on its first day.
            d = date(int(year.group(1)), 1, 1)
        else:
            d = _month_day(expr, p, tense) if p is not None else None
            if d is None:
                d = _dateparser(expr, p, tense)
        if d is not None:
            out.append((s, expr, d))
    return out


# A wire-story dateline ("WASHINGTON, Dec. 30 (AP) —") dates the filing, not the act.
_DATELINE = re.compile(
    r"^\W*[A-Z][A-Za-z .'-]{1,40},\s+(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8})"
    r"(?:,\s*\d{4})?\s*(?:\([A-Za-z ]+\))?\s*[-\u2013\u2014]"
)
# A DATE that modifies a noun ("the April 5 attack", "last year's agreement") dates that
# thing, not the act the sentence reports.
_MODIFIER_DEPS = frozenset({"poss", "compound", "amod", "nmod"})
# "since 2016", "until Friday", "by 2027": the bound of a span, not the day of the act.
_NOT_A_POINT = frozenset({"since", "until", "till", "by", "before"})
_FUTURE_AUX = frozenset({"will", "would", "shall", "'ll", "wo"})


def _tense_at(sentence: Span | Doc, offset: int) -> bool | None:
    """Whether the verb that governs the words at ``offset`` (within the sentence) is past
    (True), future (False) or unknown (None): "said on Monday it would ..." is past, "will
    meet on Thursday" future, whatever the status of the act the sentence reports."""
    base = getattr(sentence, "start_char", 0)
    tok = next((t for t in sentence if t.idx - base >= offset), None)
    # "said on Monday it would ...": the parser often hangs the date on the later verb; a
    # past verb right before the expression ("said", "announced earlier Monday") decides.
    if tok is not None:
        prev = [t for t in sentence if t.i < tok.i][-3:]
        for t in reversed(prev):
            if t.tag_ == "VBD":
                return True
            if t.pos_ not in ("ADP", "ADV", "PART"):
                break
    steps = 0
    while tok is not None and tok.pos_ not in ("VERB", "AUX") and tok.head is not tok and steps < 6:
        tok, steps = tok.head, steps + 1
    if tok is None or tok.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.dep_ == "aux" and c.lower_ in _FUTURE_AUX for c in tok.children) or (
        tok.lower_ in _FUTURE_AUX
    ):
        return False
    if tok.tag_ in ("VBD", "VBN"):
        return True
    return None


def _excluded_ranges(sentence: Span | Doc, text: str) -> list[tuple[int, int]]:
    base = getattr(sentence, "start_char", 0)
    out = []
    m = _DATELINE.match(text)
    if m:
        out.append((0, m.end()))
    for ent in sentence.ents:
        if ent.label_ != "DATE":
            continue
        if ent.start > 0 and ent.doc[ent.start - 1].lower_ in _NOT_A_POINT:
            out.append((ent.start_char - base, ent.end_char - base))
            continue
        root = ent.root
        if (root.dep_ in _MODIFIER_DEPS and root.head.pos_ in ("NOUN", "PROPN")
                and not (ent.start <= root.head.i < ent.end)):
            out.append((ent.start_char - base, ent.end_char - base))
    return out


def event_date(
    sentence: Span | Doc,
    published: str | None,
    past: bool = True,
    anchor: int | None = None,
    default_offset_days: int = 0,
) -> tuple[str | None, str | None]:
    """The date of the act a sentence reports, and the words it was read from.

    Args:
        sentence: the spaCy sentence (a ``Span``; a ``Doc`` also works) stating the event.
        published: the article's publication date, ISO ``YYYY-MM-DD`` (a time part is ignored).
        past: True for an act reported as done; False for an announced or threatened one.
        anchor: optional character offset (within the sentence) of the event's trigger: when
            the sentence holds several date expressions the one nearest the trigger wins,
            else the first one.
        default_offset_days: with no date expression, a past-tense act is dated this many
            days before publication (0: the publication day; see docs/responses.md for the
            measured trade-off: wire stories mostly report the previous day's acts).

    Returns:
        ``(iso_date, date_text)``: ``date_text`` is the expression used, or None when the date
        is the publication date by default; ``(None, None)`` when unknown.

    Example:
        >>> event_date(nlp("China closed the consulate on Monday.")[:], "2020-07-24")
        ('2020-07-20', 'Monday')
    """
    p = _parse_published(published)
    base = getattr(sentence, "start_char", 0)
    text = sentence.text
    ents = tuple(
        (ent.start_char - base, ent.end_char - base)
        for ent in sentence.ents
        if ent.label_ == "DATE"
    )
    def past_at(offset: int) -> bool:
        # An announced act may be dated by a past verb ("said on Monday it would ..."); a done
        # act is never dated ahead of publication, so only announced ones follow the verb.
        if past:
            return True
        tense = _tense_at(sentence, offset)
        return bool(tense)

    # dateparser only ever sees DATE spans: over a whole sentence it finds junk ("to", "on").
    found = _candidates_in(text, p, past_at, ents=ents)
    skip = _excluded_ranges(sentence, text)
    found = [c for c in found if not any(s <= c[0] < e for s, e in skip)]
    if past and p is not None:
        found = [c for c in found if c[2] <= p]
    if found:
        if anchor is not None:
            found.sort(key=lambda c: abs(c[0] - anchor))
        else:
            found.sort(key=lambda c: c[0])
        return found[0][2].isoformat(), found[0][1]
    if p is not None:
        # An announced act with no date of its own is dated by its announcement, which the
        # article reports as news: the same default as for a past act.
        return (p - timedelta(days=default_offset_days)).isoformat(), None
    return None, None
