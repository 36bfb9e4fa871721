"""Merge repeated reports of one act across articles into one event.

Two coded events are reports of the same act when they have the same source, target and
type, compatible modes, come from different articles, and their dates lie within
``merge_window_days`` of the first report's date. Undated reports (a dump without
publication dates, such as the seed) merge only when their sentences are near copies.
Two acts in one article stay two events: the coder already folds repeats within an
article, so two events there are two acts.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from flashpoint.link.cues import domain_of
from flashpoint.records import Event

_STOP = frozenset("a an the of to on in for with and or its their his her new".split())


def _day(s: str | None) -> date | None:
    if not s:
        return None
    try:
        return date.fromisoformat(str(s)[:10])
    except ValueError:
        return None


def _words(mode: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", mode.lower()) if w not in _STOP}


def modes_compatible(a: Event, b: Event) -> bool:
    """Same act by mode: equal modes, one of them empty, the same named domain, or mostly
    the same words ("close consulate" / "closure of the consulate" share a domain)."""
    if not a.mode or not b.mode or a.mode.strip().lower() == b.mode.strip().lower():
        return True
    da, db = domain_of(a)[0], domain_of(b)[0]
    if da == db and da not in ("any",) and da != a.type.lower():
        return True
    wa, wb = _words(a.mode), _words(b.mode)
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.5


def _similar(a: str, b: str) -> bool:
    """Two sentences that share most of their words (a syndicated copy, a light rewrite)."""
    wa, wb = set(re.findall(r"\w+", a.lower())), set(re.findall(r"\w+", b.lower()))
    return bool(wa and wb) and len(wa & wb) / len(wa | wb) >= 0.6


def _report_key(e: Event) -> tuple[str, str, int, int]:
    return (e.date or "9999-99-99", e.doc, e.sentence_index, max(e.trigger_start, 0))


@dataclass
class Cluster:
    """Reports of one act; the first (earliest) report gives the merged event its id."""

    reports: list[Event] = field(default_factory=list)

    @property
    def first(self) -> Event:
        return self.reports[0]

    @property
    def docs(self) -> set[str]:
        return {r.doc for r in self.reports}


def cluster_reports(events: Iterable[Event], window_days: int) -> list[Cluster]:
    """Group coded events into acts. Deterministic: the same input gives the same clusters."""
    groups: dict[tuple[str, str, str], list[Event]] = {}
    for e in events:
        groups.setdefault((e.source, e.target, e.type), []).append(e)
    out: list[Cluster] = []
    for key in sorted(groups):
        clusters: list[Cluster] = []
        for e in sorted(groups[key], key=_report_key):
            d = _day(e.date)
            home = None
            for c in clusters:
                # The window runs from the first report, so a long run of daily reports of
                # similar acts cannot chain into one event.
                d0 = _day(c.first.date)
                if d is None and d0 is None:
                    # Undated reports (a dateless dump) merge only when they are copies of one
                    # report: two undated threats in two articles are not known to be one act.
                    same_time = _similar(c.first.sentence, e.sentence)
                else:
                    same_time = d is not None and d0 is not None and abs((d - d0).days) <= window_days
                if same_time and e.doc not in c.docs and modes_compatible(c.first, e):
                    home = c
                    break
            if home is None:
                clusters.append(Cluster([e]))
            else:
                home.reports.append(e)
        out.extend(clusters)
    return out


def merged_event(c: Cluster) -> Event:
    """The merged record of a cluster: the first report, with every report's mentions."""
    mentions: set[tuple[str, int]] = set()
    for r in c.reports:
        mentions.update(tuple(m) for m in (r.mentions or ((r.doc, r.sentence_index),)))  # type: ignore[misc]
    status = "occurred" if any(r.status == "occurred" for r in c.reports) else c.first.status
    return dataclasses.replace(
        c.first,
        mentions=tuple(sorted(mentions)),
        status=status,
        confidence=max(r.confidence for r in c.reports),
        response_to=None,
        link_kind=None,
    )


def merge_reports(events: Sequence[Event], window_days: int) -> tuple[list[Event], dict[str, str]]:
    """Merge repeated reports.

    Args:
        events: coded events of every article.
        window_days: reports whose dates differ by at most this many days may merge.

    Returns:
        ``(merged, id_map)``: merged events (``mentions`` filled, ``response_to`` cleared: links
        are rebuilt over merged ids) and a map from every coded event id to its merged id.
    """
    merged: list[Event] = []
    id_map: dict[str, str] = {}
    for c in cluster_reports(events, window_days):
        m = merged_event(c)
        merged.append(m)
        for r in c.reports:
            id_map[r.id] = m.id
    return merged, id_map
