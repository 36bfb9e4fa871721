"""Response cues and act domains, read from the data files of this package.

``data/response_cues.tsv`` holds the phrases that say one act answers another;
``data/domains.tsv`` the keywords that put an act in a domain (closure, expulsion,
sanctions, ...). Both linkers (within an article and across articles) use them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from flashpoint.records import Event

CUE_KINDS = ("forward_strong", "forward_weak", "self", "backward")


@dataclass(frozen=True)
class CueMatch:
    """One cue found in a text: its kind, where it is, and the words."""

    kind: str
    start: int
    end: int
    text: str


def _data_rows(name: str) -> list[list[str]]:
    text = resources.files("flashpoint.link").joinpath(f"data/{name}").read_text("utf-8")
    lines = text.splitlines()
    return [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def _cue_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    out = []
    for row in _data_rows("response_cues.tsv"):
        kind, pattern = row[0].strip(), row[1].strip()
        if kind not in CUE_KINDS:
            raise ValueError(f"response_cues.tsv: unknown cue kind {kind!r}")
        out.append((kind, re.compile(r"\b(?:" + pattern + r")\b", re.I)))
    return tuple(out)


def find_cues(text: str) -> list[CueMatch]:
    """Every response cue in ``text``, in order; overlapping matches keep the earlier row's.

    Example:
        >>> [c.kind for c in find_cues("China closed Chengdu after the US closed Houston")]
        ['forward_weak']
    """
    found: list[CueMatch] = []
    for kind, pattern in _cue_patterns():
        for m in pattern.finditer(text):
            if any(m.start() < c.end and c.start < m.end() for c in found):
                continue
            found.append(CueMatch(kind, m.start(), m.end(), m.group(0)))
    return sorted(found, key=lambda c: c.start)


@lru_cache(maxsize=1)
def _domain_patterns() -> tuple[tuple[str, str, re.Pattern[str]], ...]:
    return tuple(
        (row[0].strip(), row[1].strip(), re.compile(row[2].strip(), re.I))
        for row in _data_rows("domains.tsv")
    )


def domain_of(ev: Event) -> tuple[str, str]:
    """``(domain, group)`` of an event, from its mode and trigger; else from its type.

    A SANCTION with mode "close consulate" is a ``closure``; an ACCUSE with no keyword is in
    domain ``accuse`` of group ``verbal``. Domain ``any`` is a response that names no domain.
    """
    return domain_of_words(ev.mode, ev.trigger, ev.type)


def domain_of_words(mode: str, trigger: str, type_: str) -> tuple[str, str]:
    """:func:`domain_of` for an act given by its mode, trigger and PLOVER type."""
    words = f"{mode} {trigger}"
    for domain, group, pattern in _domain_patterns():
        if pattern.search(words):
            return domain, group
    t = type_.lower()
    if type_ in ("REQUEST", "ACCUSE", "REJECT", "THREATEN"):
        return t, "verbal"
    if type_ in ("MOBILIZE", "ASSAULT"):
        return "military", "force"
    if type_ == "SANCTION":
        return "sanction", "economic"
    return t, t


def domain_match(a: Event, b: Event) -> float:
    """How well response ``b`` matches act ``a`` by domain: 1 same, 0.5 related, 0 unrelated.

    "Related" is the same group (a ban answered by sanctions), or a response that names no
    domain of its own ("reciprocal measures"), or two verbal acts of different kinds.
    """
    da, ga = domain_of(a)
    db, gb = domain_of(b)
    if da == db and da != "any":
        return 1.0
    if "any" in (da, db) or ga == gb:
        return 0.5
    return 0.0


def is_hostile(ev: Event) -> bool:
    """Conflict acts (quad class 3 or 4, or a conflict type when the class is unset)."""
    if ev.quad_class:
        return ev.quad_class >= 3
    return ev.type in (
        "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
        "COERCE", "ASSAULT",
    )
