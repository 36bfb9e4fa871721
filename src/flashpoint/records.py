"""The records that flow through flashpoint's pipeline.

Every stage is a plain function over these records, so the same plan runs on the
local backend and on Dask. They are frozen dataclasses: a stage that changes a record
returns a new one (``dataclasses.replace``), which keeps the plan free of hidden state.

The field names of :class:`Event` are the JSONL output contract of ``../shared/EVENTS.md``:
extend them, never rename them.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
    "COERCE", "ASSAULT",
]

EVENT_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
    "COERCE", "ASSAULT",
)

SECTORS: tuple[str, ...] = (
    "GOV", "LEG", "MIL", "JUD", "MED", "BUS", "CVL", "OPP", "PTY", "REB", "SPY", "IGO", "",
)


@dataclass(frozen=True)
class Article:
    """One news article, as read and (after ``clean``) cleaned.

    ``doc`` is the article's id: the input's own id where it has one, else
    ``<file name>#<n>`` for the n-th article of a dump, or the URL.
    ``text`` is the clean text once the article went through ``clean``; ``raw_text``
    is always the text as read. ``source`` names where it came from (path plus line
    or record number) so a rejection or an event can be traced back.
    """

    doc: str
    title: str
    text: str
    raw_text: str = ""
    date: str | None = None  # ISO date (YYYY-MM-DD) of publication, if known
    url: str | None = None
    publisher: str | None = None
    source: str = ""
    duplicate_of: str | None = None
    removed: dict[str, int] = field(default_factory=dict)  # clutter removed, by kind
    extra: dict[str, Any] = field(default_factory=dict)  # input fields not named above

    @property
    def full_text(self) -> str:
        """Headline and body, as the coder reads them (headlines carry events too)."""
        return f"{self.title}\n\n{self.text}" if self.title else self.text

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class ActorMention:
    """A mention of a state actor in a text, resolved to a code and a sector.

    ``start``/``end`` are character offsets into the text that was resolved.
    ``code`` is an ISO 3166-1 alpha-3 code, ``IGO:<name>`` or ``UNK``; ``name`` is the
    normalised name ("Mike Pompeo", "China"); ``kind`` says how it was recognised
    (country, adjective, capital, institution, person, role, organisation, pronoun, ...).
    """

    code: str
    sector: str
    name: str
    start: int
    end: int
    text: str
    kind: str = ""
    confidence: float = 1.0

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Event:
    """One coded event: who did what to whom, in the record format of EVENTS.md."""

    id: str
    doc: str
    sentence: str
    source: str
    source_text: str
    source_sector: str
    target: str
    target_text: str
    target_sector: str
    type: str
    mode: str
    status: str = "occurred"  # occurred | announced
    response_to: str | None = None
    date: str | None = None
    confidence: float = 0.5
    # Extensions beyond EVENTS.md's table (all additive):
    date_text: str | None = None
    link_kind: str | None = None  # explicit | inferred, when response_to is set
    cameo_root: str = ""  # two-digit CAMEO root code, e.g. "17"
    intensity: float = 0.0  # PLOVER/Goldstein-style intensity, -10 (conflict) .. +10
    quad_class: int = 0  # 1 verbal coop, 2 material coop, 3 verbal conflict, 4 material conflict
    trigger: str = ""
    sentence_index: int = 0  # index of the sentence in the article's full text
    sentence_start: int = 0  # char offset of the sentence in the article's full text
    # Character offsets relative to ``sentence``: [start, end), -1 when unknown.
    source_start: int = -1
    source_end: int = -1
    target_start: int = -1
    target_end: int = -1
    trigger_start: int = -1
    trigger_end: int = -1
    negated: bool = False
    mentions: tuple[tuple[str, int], ...] = ()  # (doc, sentence_index) of every report

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["mentions"] = [list(m) for m in self.mentions]
        return d

    @property
    def triple(self) -> tuple[str, str, str, str]:
        return (self.doc, self.source, self.target, self.type)


def event_id(doc: str, sentence_index: int, source: str, target: str, type_: str, trigger_start: int) -> str:
    """A stable id: the same input gives the same id on every run and every backend."""
    key = f"{doc}\x1f{sentence_index}\x1f{source}\x1f{target}\x1f{type_}\x1f{trigger_start}"
    return "ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class Link:
    """Event ``event`` answers event ``answers``."""

    event: str
    answers: str
    kind: str  # explicit | inferred
    score: float
    cue: str = ""

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class Reject:
    """A record a stage dropped, with the reason: stored in ``rejects`` and counted."""

    source: str  # file, URL or "-" for stdin
    record: str  # line, record number or article id within the source ("" for the whole file)
    stage: str  # read | clean | dedupe | code | store
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)

    def __str__(self) -> str:
        where = f"{self.source}:{self.record}" if self.record else self.source
        return f"rejected {where} ({self.stage}): {self.reason}"
