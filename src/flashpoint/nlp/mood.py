"""Whether an act happened, will happen, is threatened, or is only talked about.

Negation, if-clauses, requests ("urged X to"), failures ("failed to"), commentary by analysts
and noun acts governed by another act cancel an event; modals make conflict acts threats;
future, plans and schedules make them ``announced`` (EVENTS.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flashpoint.nlp import arguments as A
from flashpoint.nlp.lexicon import Lexicon, TriggerEntry
from flashpoint.nlp.triggers import match_triggers

if TYPE_CHECKING:
    from spacy.tokens import Token


CONFLICT_MATERIAL = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE"})


CONFLICT = CONFLICT_MATERIAL | frozenset({"THREATEN", "ACCUSE", "REJECT", "REQUEST", "PROTEST"})


def aux_words(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def negated(tok: Token, lex: Lexicon) -> bool:
    neg = lex.cue("negation")
    verb = A.clause_verb(tok)
    first = verb
    while first.dep_ == "conj" and first.head is not first:
        first = first.head  # "failure to cooperate and (to) express solidarity"
    if first.dep_ in ("xcomp", "acl", "ccomp") and first.head.lemma_.lower() in lex.cue("failure"):
        return True  # "failed to cooperate", "Russia's failure to express solidarity"
    for t in {tok, verb}:
        if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in neg) for c in t.children):
            return True
        if any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
            return True
    return False


def hypothetical(tok: Token, lex: Lexicon) -> bool:
    marks = lex.cue("hypothetical")
    cur = tok
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in marks for c in cur.children):
            return True
        if cur.head is cur:
            return False
        cur = cur.head
    return False


def requested(tok: Token, lex: Lexicon) -> bool:
    """An act that is only the content of a request or obligation ("urged Israel to withdraw",
    "demanded that Iraq withdraw", "asked the Council to condemn") has not happened."""
    verb = A.clause_verb(tok)
    if aux_words(verb) & lex.cue("demand_modal"):
        return True  # "Australia should apologise": wanted, not done
    if verb.dep_ not in ("xcomp", "ccomp") or verb.head is verb:
        return False
    gov = verb.head
    if gov.lemma_.lower() in lex.cue("obligation"):
        return True
    return any(e.type == "REQUEST" for e, _r in match_triggers(gov, lex))


def subsumed(tok: Token, entry: TriggerEntry, lex: Lexicon) -> bool:
    """A noun act governed by another act's verb is part of that act, not an act of its own.

    "Reagan halts talks with Moscow" is a halt, not talks; "cancelled a visit" a rejection.
    Light verbs ("held talks") carry the noun's act instead. A noun act that a modal verb
    only speculates about ("loans could be reviewed") is not an act either.
    """
    head = tok.head
    if head is tok or head.pos_ not in ("VERB", "AUX"):
        return False
    lemma = head.lemma_.lower()
    if lemma in lex.cue("light") or lemma in lex.cue("patient_light"):
        return False
    if any(e.type != entry.type for e, _r in match_triggers(head, lex)):
        return True
    if tok.dep_ in ("nsubj", "nsubjpass") and not entry.has("threatish"):
        return bool(aux_words(head) & lex.cue("modal_threat"))
    return False


def commentary(tok: Token, lex: Lexicon) -> bool:
    """An act inside what a professor or analyst says is analysis, not news of an act."""
    cur = tok
    for _ in range(10):
        head = cur.head
        if head is cur:
            return False
        if cur.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in lex.cue("speech"):
            for s in A.subjects(head):
                words = {w.lower_ for w in s.subtree} | {s.lemma_.lower()}
                if words & lex.cue("commentator"):
                    return True
        cur = head
    return False


def commits_to_conflict(tok: Token, lex: Lexicon) -> bool:
    if tok.lemma_.lower() not in lex.cue("commit"):
        return False
    for c in tok.children:
        if c.dep_ in ("dobj", "xcomp", "ccomp"):
            for e, _r in match_triggers(c, lex):
                if e.type in CONFLICT:
                    return True
    return False


def _backshifted(verb: Token, lex: Lexicon) -> bool:
    head = verb.head
    return verb.dep_ in ("ccomp", "conj") and head is not verb and head.lemma_.lower() in lex.cue("backshift")


def mood(tok: Token, entry: TriggerEntry, lex: Lexicon) -> tuple[str, str] | None:
    """(type, status) after modality, or None when the act is only talked about, not done."""
    verb = A.clause_verb(tok) if entry.pos == "N" else tok
    aux = aux_words(verb)
    modal = bool(aux & lex.cue("modal_threat"))
    future = bool(aux & lex.cue("future"))
    head = verb.head
    under_commit = verb.dep_ == "xcomp" and head.lemma_.lower() in lex.cue("commit")
    under_plan = verb.dep_ == "xcomp" and head.lemma_.lower() in lex.cue("plan")
    if entry.pos == "N" and tok.dep_ in ("dobj", "pobj", "xcomp"):
        # "vows retaliation", "considers retaliation against Russia"
        under_commit = under_commit or tok.head.lemma_.lower() in lex.cue("commit")
        under_plan = under_plan or tok.head.lemma_.lower() in lex.cue("plan")
    if entry.has("modal-only") and not (modal or future or under_commit or under_plan):
        return None
    if modal and aux & {"would"} and not aux & {"could", "may", "might"} and _backshifted(verb, lex):
        # "Canada said it would bar Aeroflot": a reported "will", a decision, not a threat.
        modal, future = False, True
    if any(c.dep_ == "acomp" and c.lemma_.lower() in lex.cue("scheduled") for c in verb.children):
        future = True  # "is due in Washington next week for talks"
    if entry.type in CONFLICT_MATERIAL or entry.has("threatish"):
        if modal or under_commit:
            return "THREATEN", "announced"
    if future or under_plan or modal:
        return entry.type, "announced"
    return entry.type, "occurred"


def mode_name(entry: TriggerEntry, type_: str) -> str:
    if type_ == entry.type:
        return entry.mode
    if type_ == "THREATEN":
        return entry.mode if entry.mode.startswith("threaten") else f"threaten {entry.mode}"
    if type_ == "AGREE":
        return f"planned {entry.mode}"
    return entry.mode
