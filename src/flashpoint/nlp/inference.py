"""Targets and sources that the sentence implies rather than names, used sparingly.

The article's main pair of states ("the two countries", the counterpart of a verbal act aimed
at an act), the author of an earlier act ("condemned the invasion"), the one other state in an
act's clause, and the place of a protest. Each was kept only because it raised triple F1 on
both splits of the gold (docs/coder.md).
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from flashpoint.nlp import arguments as A
from flashpoint.nlp.candidates import Candidate
from flashpoint.nlp.lexicon import Lexicon
from flashpoint.nlp.triggers import match_triggers
from flashpoint.records import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


PAIR = "PAIR"  # code of a phrase naming the article's two main states ("the two countries")


_PAIR_RE = re.compile(
    r"\b(?:the two|both) (?:countries|nations|sides|militaries|armies|powers|neighbou?rs|governments|states"
    r"|capitals|rivals)\b",
    re.IGNORECASE,
)


def pair_mentions(text: str, mentions: Sequence[ActorMention]) -> tuple[list[ActorMention], tuple[str, str] | None]:
    """Mentions for "the two countries"/"both sides", standing for the article's two main states.

    The two states named most often in the article (IGOs aside) are the pair; with fewer than
    two, such phrases stay unresolved.
    """
    counts = Counter(m.code for m in mentions if len(m.code) == 3 and m.code != "UNK")
    top = [c for c, _ in counts.most_common(2)]
    if len(top) < 2:
        return [], None
    out = [ActorMention(PAIR, "GOV", "+".join(top), m.start(), m.end(), m.group(), "pair", 0.7)
           for m in _PAIR_RE.finditer(text)]
    return out, (top[0], top[1])


def expand_pairs(
    sources: list[tuple[ActorMention, Token]],
    targets: list[tuple[ActorMention, Token]],
    pair_codes: tuple[str, str] | None,
) -> list[tuple[ActorMention, ActorMention]]:
    out = []
    for s, _s in sources[:6]:
        if s.code == PAIR:
            if pair_codes is None:
                continue
            a, b = (dataclasses.replace(s, code=c) for c in pair_codes)
            if not targets:
                out += [(a, b), (b, a)]
                continue
            s = a  # "both sides accused X": rare; keep the first state
        for t, _t in targets[:6]:
            if t.code == PAIR:
                if pair_codes is None:
                    continue
                other = pair_codes[1] if s.code == pair_codes[0] else pair_codes[0]
                t = dataclasses.replace(t, code=other)
            out.append((s, t))
    return out


def open_object(tok: Token, lex: Lexicon) -> bool:
    """Whether a verbal act's object leaves its target open: none, or an act ("the shooting").

    "condemned the invasion" is aimed at whoever invaded; "instructed the country's chip
    makers" is aimed at the chip makers, whom no rule should replace with a state.
    """
    objs = [o for o in A.objects(tok) if o.pos_ in ("NOUN", "PROPN", "PRON")]
    if not objs:
        return True
    acts = lex.cue("act_noun")
    return all(o.lemma_.lower() in acts or o.lower_ in acts or match_triggers(o, lex) for o in objs)


def _act_key(tok: Token) -> str:
    # Four letters of the lemma join an act's verb and noun: invade/invasion, shoot/shooting,
    # test/tests, sanction/sanctions, annex/annexation.
    return tok.lemma_.lower()[:4]


def act_author(tok: Token, src: ActorMention, authors: dict[str, str]) -> list[tuple[ActorMention, Token]]:
    """The author of an earlier act that a verbal act is about ("condemned the invasion")."""
    for o in A.objects(tok):
        if o.pos_ != "NOUN":
            continue
        code = authors.get(_act_key(o))
        if code and code != src.code:
            return [(ActorMention(code, "", code, -1, -1, "", "act-author", 0.6), o)]
    return []


def remember_acts(sent: Span, index: A.MentionIndex, cands: list[Candidate], authors: dict[str, str]) -> None:
    """Record who did the acts of a sentence, for later sentences that refer to them."""
    for c in cands:
        authors[_act_key(c.trigger)] = c.source.code
    for tok in sent:
        if tok.pos_ != "VERB":
            continue
        subj = A.actors_of(A.subjects(tok), index)
        if not subj:
            continue
        code = subj[0][0].code
        if code in (PAIR, "UNK"):
            continue
        authors.setdefault(_act_key(tok), code)
        for o in A.objects(tok):
            if o.pos_ == "NOUN":
                authors.setdefault(_act_key(o), code)


def lone_other(
    sent: Span, index: A.MentionIndex, sources: Sequence[ActorMention], tok: Token
) -> list[tuple[ActorMention, Token]]:
    """The one other state a sentence names, for an act whose target the parse did not reach.

    Only inside the clause of the act, where the parse merely failed to attach the target, and
    never a co-actor ("Canada and Australia offered to contribute troops"). (Leaving out
    relative clauses and appositions lost more right targets than wrong ones on the gold.)
    """
    clause = A.clause_verb(tok)
    own = {s.code for s in sources}
    others: dict[str, tuple[ActorMention, Token]] = {}
    for t in clause.subtree:
        m = index.at(t)
        if m is None or m.code in own or m.code in (PAIR, "UNK") or m.code.startswith("IGO"):
            continue
        others.setdefault(m.code, (m, t))
    return list(others.values()) if len(others) == 1 else []


def counterpart(
    tok: Token, src: ActorMention, pair_codes: tuple[str, str]
) -> list[tuple[ActorMention, Token]]:
    """The other side of the article's main dyad, for a verbal act aimed at no named actor.

    "The Soviet Union condemned the shooting", "Washington rejected the charge": the object is
    an act whose author the article has named before, almost always the other main state.
    Only a source that is one of the two main states gets this.
    """
    if src.code not in pair_codes:
        return []
    other = pair_codes[1] if src.code == pair_codes[0] else pair_codes[0]
    return [(ActorMention(other, "", other, -1, -1, "", "counterpart", 0.5), tok)]


def protest_place(tok: Token, index: A.MentionIndex, lex: Lexicon) -> list[tuple[ActorMention, Token]]:
    """Protests with no named protester: the people of the country where they happen.

    "Protests erupted across India as Chinese flags were burnt": India's citizens protest.
    """
    from flashpoint.nlp.context import place_code

    places = lex.cue("protest_place")
    for t in tok.sent:
        if t.dep_ == "prep" and t.lower_ in places:
            for p in t.children:
                if p.dep_ != "pobj":
                    continue
                m = index.at(p)
                if m is not None and m.kind in ("country", "state", "name", "capital", ""):
                    return [(dataclasses.replace(m, sector="CVL"), p)]
                # "rallied in Seoul": the resolver leaves a capital used as a place unresolved.
                span = p.doc[min([c.i for c in p.children if c.dep_ == "compound"] + [p.i]) : p.i + 1]
                code = place_code(span)
                if code:
                    a, b = span.start_char, span.end_char
                    return [(ActorMention(code, "CVL", span.text, a, b, span.text, "place", 0.7), p)]
    return []
