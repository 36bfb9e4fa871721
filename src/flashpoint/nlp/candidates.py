"""An event found in a sentence before it becomes an Event, and small helpers on argument lists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashpoint.nlp import arguments as A
from flashpoint.records import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Token


@dataclass
class Candidate:
    """An event found in one sentence, before ids, dates and links are attached."""

    source: ActorMention
    target: ActorMention
    type: str
    mode: str
    status: str
    trigger: Token
    confidence: float


def different(ms: list[tuple[ActorMention, Token]], code: str | None) -> list[tuple[ActorMention, Token]]:
    return [x for x in ms if code is None or x[0].code != code]


def subtree_actors(tok: Token, index: A.MentionIndex, avoid: str | None) -> list[tuple[ActorMention, Token]]:
    """Any actor inside ``tok``'s subtree with a code other than ``avoid`` (first one wins)."""
    for t in tok.subtree:
        m = index.at(t)
        if m is not None and m.code != avoid and m.code != "UNK":
            return [(m, t)]
    return []
