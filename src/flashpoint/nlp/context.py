"""Actor mentions that only the sentence's context can give, added before events are coded.

The actor resolver deliberately refuses two kinds of phrase, because out of context they are
usually not actors, and the event rules know the context that makes them actors:

* A role with no country ("the Foreign Ministry", "officials", "the government") in a sentence
  that opens with a place: "In Tokyo, the Foreign Ministry summoned the Soviet ambassador" —
  wire copy names the capital first and the institution after it.
* A capital or country after "to"/"in" is a location for the resolver, but for a visit it is
  the host: "Rice will travel to Tokyo", "arrived in Moscow for talks".
* A definite description ("the North", "the Kingdom", "the alliance", "the country") stands
  for the latest matching actor named before it (``data/descriptions.csv``).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

from flashpoint.records import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from flashpoint.actors.tables import Tables

# Verbs of travel whose "to"/"in" object is the host of a visit.
_TRAVEL = frozenset({"travel", "fly", "go", "visit", "arrive", "head", "come", "jet", "land", "tour", "trip"})
# Role kinds that make a phrase an actor (a "head" like "firms" or a "place" like "city" does not).
_ACTOR_ROLES = frozenset({"person", "group", "body"})


def _place_code(span: Span, tables: Tables, date: str | None) -> str | None:
    from flashpoint.actors.tables import pick, strip_the

    entries = tables.forms.get(strip_the(span.text.strip()))
    if not entries:
        return None
    e = pick(entries, date)
    return e.code if e.kind in ("capital", "country") else None


def place_code(span: Span, date: str | None = None) -> str | None:
    """The state a capital or country name in ``span`` stands for, if it is one."""
    from flashpoint.actors.tables import load_tables

    return _place_code(span, load_tables(), date)


def _opening_place(sent: Span, tables: Tables, date: str | None) -> str | None:
    first = sent[0]
    if first.lower_ != "in" or first.dep_ != "prep":
        return None
    for p in first.children:
        if p.dep_ == "pobj":
            return _place_code(sent.doc[p.left_edge.i : p.right_edge.i + 1], tables, date)
    return None


def _role(tok: Token, tables: Tables) -> tuple[int, str] | None:
    """(start token, sector) of a role phrase headed by ``tok`` ("the Foreign Ministry")."""
    doc = tok.doc
    start = tok.i
    while start > tok.sent.start and doc[start - 1].dep_ in ("compound", "amod") and doc[start - 1].head is tok:
        start -= 1
    for s in range(start, tok.i + 1):
        role = tables.roles.get(doc[s : tok.i + 1].text.lower()) or tables.roles.get(
            " ".join(t.lemma_.lower() for t in doc[s : tok.i + 1])
        )
        if role is not None and role.kind in _ACTOR_ROLES:
            return s, role.sector
    return None


@lru_cache(maxsize=1)
def _descriptions() -> dict[str, tuple[str, ...]]:
    text = resources.files("flashpoint.nlp").joinpath("data", "descriptions.csv").read_text(encoding="utf-8")
    rows = csv.DictReader(ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    return {r["word"]: tuple(r["codes"].split("|")) for r in rows}


def _description(tok: Token, earlier: list[ActorMention]) -> ActorMention | None:
    """The earlier actor that "the North", "the Kingdom", "the country" stands for."""
    if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
        return None
    if any(c.dep_ in ("amod", "compound", "poss", "prep") for c in tok.children):
        return None  # "the Chinese government", "the country's leaders": not a bare description
    codes = _descriptions().get(tok.lower_)
    if codes is None:
        return None
    for m in reversed(earlier):
        if m.code in codes or (codes == ("*",) and len(m.code) == 3 and m.code.isalpha() and m.code != "UNK"):
            a = tok.left_edge.idx
            b = tok.idx + len(tok.text)
            sector = m.sector if codes != ("*",) else ""
            return ActorMention(m.code, sector, m.name, a, b, tok.doc.text[a:b], "description", 0.6)
    return None


def context_mentions(doc: Doc, mentions: Sequence[ActorMention], date: str | None) -> list[ActorMention]:
    """Extra mentions for role phrases under an opening place, visit destinations and
    definite descriptions ("the North", "the Kingdom", "the country")."""
    from flashpoint.actors.tables import load_tables

    tables = load_tables()
    covered = {t.i for m in mentions for t in doc.char_span(m.start, m.end, alignment_mode="expand") or ()}
    out: list[ActorMention] = []
    for sent in doc.sents:
        place = _opening_place(sent, tables, date)
        for tok in sent:
            if tok.i in covered or tok.pos_ not in ("NOUN", "PROPN"):
                continue
            if place and tok.dep_ != "pobj":
                found = _role(tok, tables)
                if found is not None:
                    s, sector = found
                    a, b = doc[s].idx, tok.idx + len(tok.text)
                    name = doc[s : tok.i + 1].text
                    out.append(ActorMention(place, sector, name, a, b, doc.text[a:b], "context-role", 0.7))
                    continue
            # Only actors named in earlier sentences: in "the UAE and Bahrain declared solidarity
            # with the Kingdom", the Kingdom is not Bahrain.
            desc = _description(tok, [m for m in mentions if m.end <= sent.start_char][-12:])
            if desc is not None:
                out.append(desc)
                continue
            root = tok
            while root.dep_ == "conj" and root.head is not root:
                root = root.head  # "to Tokyo, Seoul and Beijing"
            prep = root.head
            if root.dep_ == "pobj" and prep.lower_ in ("to", "in") and prep.head.lemma_.lower() in _TRAVEL:
                span = doc[min(t.i for t in tok.children if t.dep_ == "compound") if any(
                    t.dep_ == "compound" for t in tok.children) else tok.i : tok.i + 1]
                code = _place_code(span, tables, date)
                if code:
                    a, b = span.start_char, span.end_char
                    out.append(ActorMention(code, "GOV", span.text, a, b, span.text, "host", 0.8))
    return out


# Wire datelines: "NICOSIA, July 4 (AFP) -", "WASHINGTON (AP) —", "UNITED NATIONS —",
# "NEW DELHI, MAY 13." The place is where the story was filed and the agency who filed it:
# neither acts in the story, though the parser makes them the subject of the first verb.
_DATELINE = re.compile(
    r"(?m)^(?:[A-Z][A-Z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z]{2,9}\.?\s+\d{1,2})?\s*(?:\([^)\n]{1,40}\))?\s*(?:—|–|--|-)\s"
    r"|[A-Z][A-Za-z.'\- ]{1,40}(?:,\s*[A-Z][A-Za-z]{2,9}\.?\s+\d{1,2})?\s*\([A-Z][^)\n]{1,30}\)\s*(?:—|–|--|-|:)?\s"
    r"|[A-Z][A-Z .'\-]{2,30},\s*[A-Z][A-Za-z]{2,8}\.?\s+\d{1,2}\.\s)"
)


def drop_datelines(text: str, mentions: Sequence[ActorMention]) -> list[ActorMention]:
    """Mentions outside wire datelines."""
    spans = [(m.start(), m.end()) for m in _DATELINE.finditer(text)]
    if not spans:
        return list(mentions)
    return [m for m in mentions if not any(a <= m.start < b for a, b in spans)]
