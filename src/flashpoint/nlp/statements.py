"""Statements that are acts without an act verb.

"X said Y's actions were lies" is ACCUSE X→Y (an evaluative word in the reported clause);
"X said Y should apologise" is REQUEST X→Y (should/must/ought).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flashpoint.nlp import arguments as A
from flashpoint.nlp.candidates import Candidate, different
from flashpoint.nlp.inference import PAIR
from flashpoint.nlp.lexicon import Lexicon
from flashpoint.nlp.mood import aux_words
from flashpoint.records import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


def _clause_actors(comp: Token, index: A.MentionIndex, avoid: str) -> list[tuple[ActorMention, Token]]:
    skip = {t.i for c in comp.children if c.dep_ == "conj" for t in c.subtree}
    for t in comp.subtree:
        m = index.at(t)
        if t.i not in skip and m is not None and m.code not in (avoid, "UNK", PAIR):
            return [(m, t)]
    return []


def demands(sent: Span, index: A.MentionIndex, lex: Lexicon) -> list[Candidate]:
    """Reported clauses with should/must: "said Australia should apologise" is a demand."""
    out: list[Candidate] = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in lex.cue("speech"):
            continue
        sources = A.actors_of(A.subjects(tok), index)
        if not sources:
            continue
        for comp in (c for c in tok.children if c.dep_ == "ccomp"):
            if not aux_words(comp) & lex.cue("demand_modal") or any(c.dep_ == "neg" for c in comp.children):
                continue
            for tgt, _t in different(A.actors_of(A.subjects(comp), index), sources[0][0].code)[:1]:
                out.append(Candidate(sources[0][0], tgt, "REQUEST", "demand", "occurred", tok, 0.5))
    return out


def accusations(sent: Span, index: A.MentionIndex, lex: Lexicon) -> list[Candidate]:
    """Speech verbs whose reported clause condemns another actor ("said ... were lies")."""
    out: list[Candidate] = []
    speech, evaluative = lex.cue("speech"), lex.cue("evaluative")
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in speech:
            continue
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        if not comps:
            continue
        sources = A.actors_of(A.subjects(tok), index)
        if not sources:
            continue
        for comp in comps:
            words = {t.lemma_.lower() for t in comp.subtree} | {t.lower_ for t in comp.subtree}
            if not words & evaluative or any(c.dep_ == "neg" for c in comp.children):
                continue
            src = sources[0][0]
            # The accused is who the reported clause is about: its subject (or object), else an
            # actor inside it ("it is regrettable that the US chose ..."), never one in a clause
            # coordinated with it ("said the test was a threat, and praised Beijing").
            targets = different(A.actors_of(A.subjects(comp), index), src.code)
            targets = targets or different(A.actors_of(A.objects(comp), index), src.code)
            targets = targets or _clause_actors(comp, index, src.code)
            for tgt, _t in targets:
                out.append(Candidate(src, tgt, "ACCUSE", "criticise", "occurred", tok, 0.5))
    return out
