"""Who acts and who is acted upon: source and target arguments of a trigger, from the parse.

The rules follow the dependency structure spaCy's English models produce (ClearNLP labels):
active subjects (``nsubj``), passive patients (``nsubjpass``) and agents (``agent`` → ``pobj``),
objects, datives and the prepositions that mark a target ("sanctions *against*", "aid *to*",
"talks *with*"). They climb through control and coordination ("ordered staff *to leave*",
"met and *agreed*") because news sentences stack verbs, and PETRARCH-style coders that read
only the nearest noun are exactly the ones users say swap roles.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import TYPE_CHECKING

from flashpoint.records import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Token

# Inside a noun phrase, which dependents still describe the same entity ("China's ambassador",
# "US officials", "the government of China", "the ambassador, Liu Xiaoming").
_NP_DEPS = frozenset({"compound", "amod", "poss", "nmod", "appos", "npadvmod", "nummod", "det", "prep", "pobj"})
# Prepositions inside a noun phrase that keep us on the same entity.
_NP_PREPS = frozenset({"of", "from", "for"})

# Prepositions that introduce the target of an act, by how the act relates to it.
TARGET_PREPS_AGAINST = frozenset({"against", "on", "upon", "at", "into", "targeting", "over", "toward", "towards"})
TARGET_PREPS_RECIP = frozenset({"to", "for"})
TARGET_PREPS_MUTUAL = frozenset({"with", "between"})
TARGET_PREPS_NOUN = frozenset(
    {"of", "against", "on", "upon", "at", "into", "targeting", "toward", "towards", "with", "to", "in", "between"}
)


class MentionIndex:
    """Maps tokens to the actor mentions that cover them."""

    def __init__(self, mentions: Iterable[ActorMention], doc_tokens: Iterable[Token]) -> None:
        self.by_token: dict[int, ActorMention] = {}
        spans = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
        for tok in doc_tokens:
            for m in spans:
                if m.start <= tok.idx < m.end:
                    # The longest mention starting earliest wins: it is the whole actor phrase.
                    self.by_token.setdefault(tok.i, m)
                    break

    def at(self, tok: Token) -> ActorMention | None:
        return self.by_token.get(tok.i)


def conjuncts(tok: Token) -> list[Token]:
    """The token and the tokens coordinated with it ("Russia and Belarus")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN", "PRON", "ADJ"):
            out.extend(conjuncts(c))
    return out


def actor_in_np(tok: Token, index: MentionIndex, depth: int = 0) -> ActorMention | None:
    """The actor that a noun phrase headed by ``tok`` names, if any.

    Preference: a mention covering the head ("the Kremlin"); then its possessor ("China's
    ambassador"); then modifiers ("US officials", "Chinese consulate"); then an apposition
    ("the ambassador, Liu Xiaoming") or an "of"-phrase ("the government of China").
    """
    m = index.at(tok)
    if m is not None:
        return m
    if depth > 3:
        return None
    if tok.pos_ == "PRON" and tok.dep_ == "poss":
        ante = pronoun_antecedent(tok, index)
        if ante is None:
            return None
        # Stands at the pronoun ("its relations"), marked so that a state's own possessions are
        # never taken for the target of its act.
        return dataclasses.replace(ante, start=tok.idx, end=tok.idx + len(tok.text), text=tok.text, kind="pronoun")
    ranked = sorted(
        (c for c in tok.children if c.dep_ in _NP_DEPS),
        key=lambda c: {"poss": 0, "compound": 1, "amod": 1, "nmod": 2, "appos": 3, "prep": 4}.get(c.dep_, 5),
    )
    for c in ranked:
        if c.dep_ == "prep":
            if c.lower_ not in _NP_PREPS:
                continue
            for p in c.children:
                if p.dep_ == "pobj":
                    found = actor_in_np(p, index, depth + 1)
                    if found is not None:
                        return found
            continue
        if c.dep_ == "det":
            continue
        found = actor_in_np(c, index, depth + 1)
        if found is not None:
            return found
    return None


_PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her"})


def pronoun_antecedent(tok: Token, index: MentionIndex) -> ActorMention | None:
    """The actor a subject pronoun stands for in reported speech.

    "Russia has declared it will sanction ...", "Moscow announced they will respond ...",
    "British firms have been warned they could face ...": the pronoun opening a reported clause
    is the subject of the clause that reports it. This is the one pronoun pattern news uses all
    the time; anything subtler is left to the actor resolver's coreference.
    """
    if tok.lower_ not in _PRONOUNS:
        return None
    verb = tok.head
    for _ in range(3):  # "its warplanes had bombed": climb from the possessive to its clause
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    if verb.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or verb.head is verb:
        return None
    gov = verb.head
    for c in gov.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c is not tok:
            m = actor_in_np(c, index)
            if m is not None:
                return m
    return None


def actors_of(tokens: Iterable[Token], index: MentionIndex) -> list[tuple[ActorMention, Token]]:
    """Actors named by each token and its coordinated tokens, without repeats."""
    out: list[tuple[ActorMention, Token]] = []
    seen: set[tuple[int, int]] = set()
    for tok in tokens:
        for t in conjuncts(tok):
            # "American and British forces": coordinated modifiers name several actors.
            head_m = index.at(t)
            for mod in (c for c in t.children if c.dep_ in ("amod", "compound", "poss")):
                mm = index.at(mod)
                if mod.dep_ == "poss" and mm is not None and head_m is not None:
                    # "Azerbaijan's Ilham Aliyev and Armenia's Nikol Pashinyan" parsed as one
                    # phrase: a possessor that is an actor of its own is one more actor.
                    if (mm.start, mm.end) not in seen and mm.code != head_m.code:
                        seen.add((mm.start, mm.end))
                        out.append((mm, mod))
                if mm is not None:
                    continue
                for cj in conjuncts(mod)[1:]:
                    cm = index.at(cj)
                    if cm is not None and (cm.start, cm.end) not in seen:
                        seen.add((cm.start, cm.end))
                        out.append((cm, cj))
            m = actor_in_np(t, index)
            if m is None and t.pos_ == "PRON":
                m = pronoun_antecedent(t, index)
            if m is not None and (m.start, m.end) not in seen:
                seen.add((m.start, m.end))
                out.append((m, t))
    return out


def is_passive(verb: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)


def subjects(verb: Token, depth: int = 0) -> list[Token]:
    """The acting subject(s) of ``verb``, climbing through control, coordination and clauses."""
    if depth > 4:
        return []
    if is_passive(verb):
        for c in verb.children:
            if c.dep_ == "agent":
                return [p for p in c.children if p.dep_ == "pobj"]
        # A passive with no agent: the actor is unknown at this verb, unless it shares the
        # agent of a passive it is coordinated with ("were expelled by Britain and banned from
        # returning"). The subject of an active head is this verb's patient, never its agent
        # ("Russians have had their assets frozen and are banned from entering Britain").
        if verb.dep_ in ("xcomp", "conj") and verb.head.pos_ in ("VERB", "AUX") and is_passive(verb.head):
            return subjects(verb.head, depth + 1)
        return []
    if verb.dep_ == "advcl" and verb.tag_ == "VBN" and not any(c.dep_ == "nsubj" for c in verb.children):
        # "Asked whether ..., the minister said": a bare participle clause is passive; the
        # main clause's subject is the one acted upon, not the actor.
        return []
    direct = [c for c in verb.children if c.dep_ in ("nsubj", "csubj", "expl")]
    if direct:
        return [c for c in direct if c.dep_ != "expl"] or []
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        # "China was accused of impeding a patrol" / "accused India of violating": the accused
        # (passive subject, or object) is who does the gerund.
        gov = head.head
        objs = [c for c in gov.children if c.dep_ in ("dobj", "nsubjpass")]
        return objs or subjects(gov, depth + 1)
    if verb.dep_ == "xcomp":
        # Object control ("ordered US staff to leave", "urged the UK to ..."): the object of the
        # governing verb is the one who acts in the complement, not its subject.
        objs = [c for c in head.children if c.dep_ in ("dobj", "dative")]
        if objs:
            return objs
        return subjects(head, depth + 1)
    if verb.dep_ in ("conj", "advcl", "ccomp") and head.pos_ in ("VERB", "AUX") and head is not verb:
        return subjects(head, depth + 1)
    if verb.dep_ in ("relcl", "acl") and head is not verb:
        return [head]
    return []


def objects(verb: Token) -> list[Token]:
    """Direct patients of a verb: its object, or its passive subject."""
    out = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass", "dative", "attr", "oprd")]
    return out


def prep_objects(head: Token, preps: frozenset[str]) -> list[Token]:
    """Objects of the given prepositions attached to ``head`` ("against X but also against Y")."""
    out: list[Token] = []
    for c in head.children:
        if c.dep_ in ("prep", "agent") and c.lower_ in preps:
            out.extend(p for p in c.children if p.dep_ == "pobj")
            for cc in c.children:
                if cc.dep_ == "conj" and cc.pos_ == "ADP":
                    out.extend(p for p in cc.children if p.dep_ == "pobj")
        elif c.dep_ == "acl" and c.lower_ == "targeting":
            out.extend(p for p in c.children if p.dep_ == "dobj")
    return out


def clause_verb(tok: Token) -> Token:
    """The verb that governs a noun (the clause it stands in)."""
    cur = tok
    for _ in range(6):
        if cur.pos_ in ("VERB", "AUX") or cur.dep_ == "ROOT":
            return cur
        cur = cur.head
    return cur
