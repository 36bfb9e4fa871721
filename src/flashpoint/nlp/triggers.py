"""Triggers: the words that state an act, matched against ``data/triggers.csv``.

An entry may require a complement ("close" a consulate), a particle ("hit out"), or a military
or civil context ("attack" among troops vs. at a press conference). Entries with a
requirement are tried first: they are the more specific reading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flashpoint.nlp.lexicon import Lexicon, TriggerEntry

if TYPE_CHECKING:
    from spacy.tokens import Span, Token


_COMP_DEPS = frozenset(
    {"dobj", "nsubjpass", "attr", "xcomp", "prt", "compound", "amod", "dative", "oprd", "nsubj", "acomp", "ccomp"}
)


def _comp_lemmas(tok: Token, pos: str) -> dict[str, Token]:
    """Lemmas of the words an entry's ``requires`` may refer to, mapped to their token."""
    out: dict[str, Token] = {}

    def add(t: Token) -> None:
        out.setdefault(t.lemma_.lower(), t)
        out.setdefault(t.lower_, t)
        for c in t.children:
            if c.dep_ in ("compound", "amod"):
                out.setdefault(c.lemma_.lower(), t)
                out.setdefault(c.lower_, t)

    for c in tok.children:
        if c.dep_ in _COMP_DEPS:
            if pos == "V" and c.dep_ == "nsubj":
                continue
            add(c)
            if c.dep_ == "xcomp":
                for cc in c.children:
                    if cc.dep_ in ("dobj", "prt"):
                        add(cc)
        elif c.dep_ in ("prep", "agent"):
            out.setdefault(c.lower_, c)
            for p in c.children:
                if p.dep_ == "pobj":
                    add(p)
    if pos == "N":
        head = tok.head
        if head is not tok:
            out.setdefault(head.lemma_.lower(), head)
    return out


def match_triggers(tok: Token, lex: Lexicon) -> list[tuple[TriggerEntry, Token | None]]:
    """Lexicon entries that ``tok`` triggers, each with the required complement it matched."""
    lemma = tok.lemma_.lower()
    if tok.pos_ in ("VERB", "AUX"):
        order = ("V", "N")
    elif tok.pos_ in ("NOUN", "PROPN"):
        order = ("N", "V")
    else:
        return []
    found: list[tuple[TriggerEntry, Token | None]] = []
    for i, pos in enumerate(order):
        entries = lex.entries(lemma, pos) or (lex.entries(tok.lower_, pos) if pos == "N" else ())
        if not entries:
            continue
        # The other part of speech is a fallback for tagger errors ("sanctions" tagged VBZ);
        # it is trusted only where the token's syntactic role fits that part of speech.
        if i == 1:
            nounish = tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass", "attr", "conj", "appos")
            if (pos == "N") != nounish:
                continue
        comps = _comp_lemmas(tok, pos)
        military = military_context(tok.sent, lex)
        for e in entries:
            if (e.has("military") and not military) or (e.has("civil") and military):
                continue
            if e.particle and e.particle not in comps:
                continue
            req_tok: Token | None = None
            if e.requires:
                hit = next((w for w in e.requires if w in comps), None)
                if hit is None:
                    continue
                req_tok = comps[hit]
            found.append((e, req_tok))
        if found:
            break
    return found


def military_context(sent: Span, lex: Lexicon) -> bool:
    words = lex.cue("military")
    return any(t.lower_ in words or t.lemma_.lower() in words for t in sent)
