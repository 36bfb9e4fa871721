"""Response links over merged events: explicit ones carried over, cross-article ones inferred.

For a merged event B by Y against X, the candidates are earlier events A by X against Y
within ``response_window_days``. Score of an inferred link (0..1)::

    score = 0.30 * cue + 0.40 * domain + 0.30 * recency

* ``cue`` is 1 when any report of B carries a response cue ("retaliated", "reciprocal",
  "in response to" ...), else 0;
* ``domain`` is :func:`flashpoint.link.cues.domain_match` (1 same domain, 0.5 related);
* ``recency`` is ``1 - lag_days / window`` (an answer tends to follow soon).

Without a cue, the two acts must both be hostile and of a related domain, so that two routine
visits a month apart are not read as tit-for-tat. Candidates scoring at least
``INFERRED_THRESHOLD`` go to the ``links`` table; the best becomes B's ``response_to``
unless B has an explicit link, which always outranks an inferred one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

from flashpoint.link.cues import domain_match, find_cues, is_hostile
from flashpoint.link.merge import _day
from flashpoint.records import Event, Link

# 0.55 admits a same-domain hostile answer up to ~3/4 of the window without a cue, and a
# related-domain one only when it comes soon or carries a cue.
INFERRED_THRESHOLD = 0.55


def has_response_cue(sentences: Sequence[str]) -> str:
    """The first response cue (self or strong forward) in any of the sentences, else ""."""
    for s in sentences:
        for c in find_cues(s):
            if c.kind in ("self", "forward_strong", "backward"):
                return c.text
    return ""


def infer_cross_article(
    events: Sequence[Event],
    window_days: int,
    sentences: Mapping[str, Sequence[str]] | None = None,
) -> list[Link]:
    """Inferred response links between merged events.

    Args:
        events: merged events (dates set where known).
        window_days: how far back an answered act may lie.
        sentences: for each event id, the sentences of all its reports (for cues);
            default: the event's own sentence.

    Returns:
        Links of kind ``inferred`` scoring at least ``INFERRED_THRESHOLD``, best first per event.
    """
    by_pair: dict[tuple[str, str], list[tuple[date, Event]]] = {}
    for e in events:
        d = _day(e.date)
        if d is not None and e.source != e.target and "UNK" not in (e.source, e.target):
            by_pair.setdefault((e.source, e.target), []).append((d, e))
    links: list[Link] = []
    for (x, y), answers in by_pair.items():
        acts = by_pair.get((y, x), [])
        if not acts:
            continue
        for db, b in answers:
            cue = has_response_cue((sentences or {}).get(b.id, [b.sentence]))
            for da, a in acts:
                lag = (db - da).days
                # Same-day answers need a cue: without one the order of two acts on a day is unknown.
                if lag < 0 or lag > window_days or (lag == 0 and not cue):
                    continue
                dm = domain_match(a, b)
                if not cue and (dm == 0.0 or not (is_hostile(a) and is_hostile(b))):
                    continue
                score = 0.3 * (1.0 if cue else 0.0) + 0.4 * dm + 0.3 * (1 - lag / max(window_days, 1))
                if score >= INFERRED_THRESHOLD:
                    links.append(Link(b.id, a.id, "inferred", round(score, 3), cue))
    return sorted(links, key=lambda lk: (lk.event, -lk.score, lk.answers))


def choose_responses(explicit: Sequence[Link], inferred: Sequence[Link]) -> dict[str, Link]:
    """The one link each event keeps as ``response_to``: its best explicit link, else its best
    inferred one; a link that would close a cycle (A answers B answers A) is skipped."""
    chosen: dict[str, Link] = {}
    ranked = sorted(explicit, key=lambda lk: (lk.event, -lk.score)) + sorted(
        inferred, key=lambda lk: (lk.event, -lk.score)
    )
    for lk in ranked:
        if lk.event in chosen or lk.event == lk.answers:
            continue
        # Walk up the chain from the answered act; if it leads back to this event, skip.
        seen, cur = {lk.event}, lk.answers
        cycle = False
        while cur in chosen:
            if cur in seen:
                break
            seen.add(cur)
            cur = chosen[cur].answers
            if cur == lk.event:
                cycle = True
                break
        if not cycle:
            chosen[lk.event] = lk
    return chosen
