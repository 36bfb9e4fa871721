"""The event coder: triggers in the parse → (source, type, target) events with mode and status.

How it decides, in order:

1. **Trigger**: a verb or noun whose lemma is in ``data/triggers.csv`` (with the object it
   ``requires``: "close" codes only with a consulate/embassy/border, "suspend" only with a
   treaty/talks/...). Two-word entries need their particle.
2. **Arguments** (``arguments.py``): source = the acting subject (or passive agent); target =
   the object, passive subject, or the object of a preposition that marks a target. A noun
   trigger takes its source from its own modifiers ("US sanctions", "China's retaliation") or
   from the light verb that governs it ("*imposed* sanctions on"), and its target from its
   prepositions. Speech acts (warn, accuse, urge) without an actor object look inside the
   reported clause. Either side must resolve to an actor, else there is no event: this is
   what keeps the coder from flooding users with spurious events.
3. **Cancel**: negated acts and acts inside an if/unless clause are dropped.
4. **Mood**: a conflict act under would/could/may/might, or the complement of
   vow/threaten/warn, is a THREATEN by whoever voices it; one under will/plan/decide is
   ``announced``. Words like "retaliate" or "respond" code only as such threats.
5. **Accusation by evaluation**: "X said Y's actions were lies" is ACCUSE X→Y even with no
   accusation verb, when the reported clause carries an evaluative word (``cues.csv``).
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from flashpoint.errors import ModelError
from flashpoint.nlp import arguments as A
from flashpoint.nlp.lexicon import Lexicon, TriggerEntry, load_lexicon
from flashpoint.records import ActorMention, Event, event_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_CONFLICT_MATERIAL = frozenset({"SANCTION", "COERCE", "ASSAULT", "MOBILIZE"})
_CONFLICT = _CONFLICT_MATERIAL | frozenset({"THREATEN", "ACCUSE", "REJECT", "REQUEST", "PROTEST"})


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


# --------------------------------------------------------------------------- triggers


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
        military = _military_context(tok.sent, lex)
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


def _commentary(tok: Token, lex: Lexicon) -> bool:
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


def _requested(tok: Token, lex: Lexicon) -> bool:
    """An act that is only the content of a request or obligation ("urged Israel to withdraw",
    "demanded that Iraq withdraw", "asked the Council to condemn") has not happened."""
    verb = A.clause_verb(tok)
    if _aux_words(verb) & lex.cue("demand_modal"):
        return True  # "Australia should apologise": wanted, not done
    if verb.dep_ not in ("xcomp", "ccomp") or verb.head is verb:
        return False
    gov = verb.head
    if gov.lemma_.lower() in lex.cue("obligation"):
        return True
    return any(e.type == "REQUEST" for e, _r in match_triggers(gov, lex))


def _subsumed(tok: Token, entry: TriggerEntry, lex: Lexicon) -> bool:
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
        return bool(_aux_words(head) & lex.cue("modal_threat"))
    return False


def _mode(entry: TriggerEntry, type_: str) -> str:
    if type_ == entry.type:
        return entry.mode
    if type_ == "THREATEN":
        return entry.mode if entry.mode.startswith("threaten") else f"threaten {entry.mode}"
    if type_ == "AGREE":
        return f"planned {entry.mode}"
    return entry.mode


def _commits_to_conflict(tok: Token, lex: Lexicon) -> bool:
    if tok.lemma_.lower() not in lex.cue("commit"):
        return False
    for c in tok.children:
        if c.dep_ in ("dobj", "xcomp", "ccomp"):
            for e, _r in match_triggers(c, lex):
                if e.type in _CONFLICT:
                    return True
    return False


def _military_context(sent: Span, lex: Lexicon) -> bool:
    words = lex.cue("military")
    return any(t.lower_ in words or t.lemma_.lower() in words for t in sent)


# --------------------------------------------------------------------------- mood


def _aux_words(verb: Token) -> set[str]:
    return {c.lower_ for c in verb.children if c.dep_ in ("aux", "auxpass")}


def _negated(tok: Token, lex: Lexicon) -> bool:
    neg = lex.cue("negation")
    verb = A.clause_verb(tok)
    if verb.dep_ in ("xcomp", "acl", "ccomp") and verb.head.lemma_.lower() in lex.cue("failure"):
        return True  # "failed to cooperate", "Russia's failure to express solidarity"
    for t in {tok, verb}:
        if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in neg) for c in t.children):
            return True
        if any(c.dep_ == "det" and c.lower_ == "no" for c in t.children):
            return True
    return False


def _hypothetical(tok: Token, lex: Lexicon) -> bool:
    marks = lex.cue("hypothetical")
    cur = tok
    for _ in range(8):
        if any(c.dep_ == "mark" and c.lower_ in marks for c in cur.children):
            return True
        if cur.head is cur:
            return False
        cur = cur.head
    return False


def _backshifted(verb: Token, lex: Lexicon) -> bool:
    head = verb.head
    return verb.dep_ in ("ccomp", "conj") and head is not verb and head.lemma_.lower() in lex.cue("backshift")


def _mood(tok: Token, entry: TriggerEntry, lex: Lexicon) -> tuple[str, str] | None:
    """(type, status) after modality, or None when the act is only talked about, not done."""
    verb = A.clause_verb(tok) if entry.pos == "N" else tok
    aux = _aux_words(verb)
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
    if entry.type in _CONFLICT_MATERIAL or entry.has("threatish"):
        if modal or under_commit:
            return "THREATEN", "announced"
    if future or under_plan or modal:
        return entry.type, "announced"
    return entry.type, "occurred"


# --------------------------------------------------------------------------- arguments


def _different(ms: list[tuple[ActorMention, Token]], code: str | None) -> list[tuple[ActorMention, Token]]:
    return [x for x in ms if code is None or x[0].code != code]


def _subtree_actors(tok: Token, index: A.MentionIndex, avoid: str | None) -> list[tuple[ActorMention, Token]]:
    """Any actor inside ``tok``'s subtree with a code other than ``avoid`` (first one wins)."""
    for t in tok.subtree:
        m = index.at(t)
        if m is not None and m.code != avoid and m.code != "UNK":
            return [(m, t)]
    return []


def _law_owner(verb: Token, index: A.MentionIndex) -> list[tuple[ActorMention, Token]]:
    """The actor behind a law or decision that acts in a relative clause.

    "The US passed the Autonomy Act, which imposes sanctions on Chinese entities": the act
    imposes, but the US is the one sanctioning.
    """
    if verb.dep_ != "relcl":
        return []
    owner = verb.head
    if owner.dep_ in ("dobj", "nsubjpass", "pobj") and owner.head.pos_ in ("VERB", "AUX"):
        return A.actors_of(A.subjects(owner.head), index)
    return []


def _reporter(verb: Token, index: A.MentionIndex) -> list[tuple[ActorMention, Token]]:
    """The government that announces its own agentless act.

    "Negotiations were postponed, the White House said": in a passive with no agent, a
    government reporting the act is the one that did it. Only governments (GOV, or a capital
    or state standing for one) are trusted with this: a newspaper reporting is not the actor.
    """
    head = verb.head
    if verb.dep_ not in ("ccomp", "parataxis") or head.lemma_.lower() not in _SPEECH_REPORTERS:
        # The reporting verb may also hang below the act ("..., officials said").
        cands = [c for c in verb.children if c.dep_ in ("parataxis", "ccomp") and c.lemma_.lower() in _SPEECH_REPORTERS]
        if not cands:
            return []
        head = cands[0]
    found = A.actors_of(A.subjects(head), index)
    return [x for x in found if x[0].sector in ("GOV", "") and not x[0].code.startswith("IGO")][:1]


_SPEECH_REPORTERS = frozenset({"say", "announce", "state", "confirm", "declare", "report", "tell"})


# Prepositions of an act noun that name who it is aimed at ("deliveries to", "talks with").
_INNER_PREPS = frozenset({"to", "with", "against", "on", "for", "from", "toward", "towards"})


def _each_other(verb: Token) -> bool:
    """Whether the verb's object is "each other" or "one another"."""
    for o in A.objects(verb) + A.prep_objects(verb, frozenset({"against", "on", "with", "at"})):
        if o.lower_ == "other" and any(c.lower_ == "each" for c in o.children):
            return True
        if o.lower_ == "another" and any(c.lower_ == "one" for c in o.children):
            return True
    return False


def _not_own(found: list[tuple[ActorMention, Token]], code: str | None) -> list[tuple[ActorMention, Token]]:
    """Drop "its"/"their" that point back at the actor itself ("severed its relations with")."""
    return [x for x in found if not (x[0].kind == "pronoun" and x[0].code == code)]


def _verb_args(
    tok: Token, entry: TriggerEntry, index: A.MentionIndex
) -> tuple[list[tuple[ActorMention, Token]], list[tuple[ActorMention, Token]], float]:
    conf = 0.8
    sources = A.actors_of(A.subjects(tok), index) or _law_owner(tok, index)
    if not sources and tok.dep_ in ("xcomp", "conj", "advcl"):
        conf -= 0.1
    if not sources and A.is_passive(tok):
        sources = _reporter(tok, index)
        conf -= 0.2
    own_code = sources[0][0].code if sources else None
    targets = _not_own(A.actors_of(A.objects(tok), index), own_code)
    if not targets:
        preps = A.TARGET_PREPS_AGAINST | A.TARGET_PREPS_RECIP | A.TARGET_PREPS_MUTUAL | {"from"}
        targets = A.actors_of(A.prep_objects(tok, frozenset(preps)), index)
    if not targets:
        # "suspended weapons deliveries to Baghdad", "halted talks with Moscow": the object is an
        # act of its own, and its target is the target of this one.
        targets = A.actors_of([p for o in A.objects(tok) for p in A.prep_objects(o, _INNER_PREPS)], index)
    src_code = sources[0][0].code if sources else None
    if not _different(targets, src_code) and entry.has("speech"):
        # "warned Beijing could retaliate to US attempts": the target sits in the reported clause.
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp"):
                subj = _different(A.actors_of(A.subjects(c), index), src_code)
                found = subj or _different(A.actors_of(A.objects(c), index), src_code)
                if not found:
                    found = _subtree_actors(c, index, src_code)
                if found:
                    targets, conf = found, conf - 0.15
                    break
    if not _different(targets, src_code) and entry.has("speech"):
        # "denied all accusations against them by the NCSC": the target hides in the object.
        for o in A.objects(tok):
            found = _subtree_actors(o, index, src_code)
            if found:
                targets, conf = found, conf - 0.15
                break
    if entry.has("mutual") and not targets and len(sources) > 1:
        # "China and India clashed": the coordinated subjects act on each other.
        sources, targets = sources[:1], sources[1:2]
    elif not targets and len(sources) > 1 and _each_other(tok):
        # "Armenia and Azerbaijan accused each other of shelling": both ways.
        sources, targets = sources[:1], sources[1:2]
    return sources, targets, conf


def _noun_args(
    tok: Token, entry: TriggerEntry, index: A.MentionIndex, lex: Lexicon
) -> tuple[list[tuple[ActorMention, Token]], list[tuple[ActorMention, Token]], float]:
    conf = 0.7
    own = [c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    sources = A.actors_of(own, index)
    targets = A.actors_of(A.prep_objects(tok, A.TARGET_PREPS_NOUN), index)
    if not targets:
        inner = A.prep_objects(tok, frozenset({"to", "of", "on"}))
        targets = A.actors_of([p for o in inner for p in A.prep_objects(o, _INNER_PREPS)], index)
    by = A.actors_of(A.prep_objects(tok, frozenset({"by", "from"})), index)
    base = tok
    while base.dep_ == "conj" and base.head is not base:
        base = base.head  # "declared martial law and a general mobilisation": the verb governs both
    head = base.head
    head_lemma = head.lemma_.lower()
    if (
        not sources
        and base.dep_ == "pobj"
        and head.head.pos_ in ("VERB", "AUX")
        and A.is_passive(head.head)
        and not any(c.dep_ == "agent" for c in head.head.children)
    ):
        # "Taiwan's armed forces were placed on heightened alert": the patient is the actor.
        sources = A.actors_of([c for c in head.head.children if c.dep_ == "nsubjpass"], index)
    if base.dep_ == "attr" and head_lemma not in lex.cue("light"):
        # "companies believed to be a threat to US security": a description, not an act.
        return ([], [], 0.0) if not sources else (sources, targets, conf)
    if head.pos_ in ("VERB", "AUX") and base.dep_ in ("dobj", "nsubjpass", "attr", "pobj"):
        if head_lemma in lex.cue("patient_light"):
            # "British firms could face retaliation from Beijing": the subject undergoes the act.
            targets = targets or A.actors_of(A.subjects(head), index)
            sources = by or sources or A.actors_of(A.prep_objects(head, frozenset({"from", "by"})), index)
        else:
            if not sources:
                sources = by or A.actors_of(A.subjects(head), index) or _law_owner(head, index)
                conf -= 0.05
            if not targets:
                preps = A.TARGET_PREPS_AGAINST | A.TARGET_PREPS_RECIP | A.TARGET_PREPS_MUTUAL
                targets = A.actors_of(A.prep_objects(head, frozenset(preps)), index)
                targets = targets or A.actors_of([c for c in head.children if c.dep_ == "dative"], index)
    elif base.dep_ == "pobj" and head.lower_ == "under" and head.head.pos_ in ("VERB", "AUX"):
        # "Tokyo came under criticism from Seoul", "the convoy came under attack": the subject
        # undergoes the act, "from" names its author.
        sources = sources or by or A.actors_of(A.prep_objects(head.head, frozenset({"from", "by"})), index)
        targets = targets or A.actors_of(A.subjects(head.head), index)
    elif not sources:
        sources = by
        if not sources and entry.has("mutual") and base.dep_ == "pobj" and head.head.pos_ in ("VERB", "AUX"):
            # "will go ahead with a meeting with Gromyko", "took part in talks with Iran"
            if head.lower_ in ("with", "in", "at", "into", "on"):
                sources = A.actors_of(A.subjects(head.head), index)
    if not sources and entry.has("nosubj-ok"):
        conf -= 0.2
    if entry.has("mutual") and not targets and len(sources) > 1:
        sources, targets = sources[:1], sources[1:2]
    if entry.has("mutual") and not sources and targets:
        # "clashes between the two militaries", "talks between India and China"
        if targets[0][0].code == PAIR:
            sources, targets = targets[:1], []
        elif len(targets) > 1:
            sources, targets = targets[:1], targets[1:2]
    return sources, targets, conf


# --------------------------------------------------------------------------- sentences


def _open_object(tok: Token, lex: Lexicon) -> bool:
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


def _act_author(tok: Token, src: ActorMention, authors: dict[str, str]) -> list[tuple[ActorMention, Token]]:
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


def _lone_other(
    sent: Span, index: A.MentionIndex, src: ActorMention, tok: Token
) -> list[tuple[ActorMention, Token]]:
    """The one other state a sentence names, for an act whose target the parse did not reach."""
    others: dict[str, tuple[ActorMention, Token]] = {}
    # Only inside the clause of the act, where the parse merely failed to attach the target.
    for t in A.clause_verb(tok).subtree:
        m = index.at(t)
        if m is not None and m.code not in (src.code, PAIR, "UNK") and not m.code.startswith("IGO"):
            others.setdefault(m.code, (m, t))
    return list(others.values()) if len(others) == 1 else []


def _counterpart(
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


def _protest_place(tok: Token, index: A.MentionIndex, lex: Lexicon) -> list[tuple[ActorMention, Token]]:
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


def _clause_actors(comp: Token, index: A.MentionIndex, avoid: str) -> list[tuple[ActorMention, Token]]:
    skip = {t.i for c in comp.children if c.dep_ == "conj" for t in c.subtree}
    for t in comp.subtree:
        m = index.at(t)
        if t.i not in skip and m is not None and m.code not in (avoid, "UNK", PAIR):
            return [(m, t)]
    return []


def _demands(sent: Span, index: A.MentionIndex, lex: Lexicon) -> list[Candidate]:
    """Reported clauses with should/must: "said Australia should apologise" is a demand."""
    out: list[Candidate] = []
    for tok in sent:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in lex.cue("speech"):
            continue
        sources = A.actors_of(A.subjects(tok), index)
        if not sources:
            continue
        for comp in (c for c in tok.children if c.dep_ == "ccomp"):
            if not _aux_words(comp) & lex.cue("demand_modal") or any(c.dep_ == "neg" for c in comp.children):
                continue
            for tgt, _t in _different(A.actors_of(A.subjects(comp), index), sources[0][0].code)[:1]:
                out.append(Candidate(sources[0][0], tgt, "REQUEST", "demand", "occurred", tok, 0.5))
    return out


def _accusations(sent: Span, index: A.MentionIndex, lex: Lexicon) -> list[Candidate]:
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
            targets = _different(A.actors_of(A.subjects(comp), index), src.code)
            targets = targets or _different(A.actors_of(A.objects(comp), index), src.code)
            targets = targets or _clause_actors(comp, index, src.code)
            for tgt, _t in targets:
                out.append(Candidate(src, tgt, "ACCUSE", "criticise", "occurred", tok, 0.5))
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


def _expand_pairs(
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


def code_sentence(
    sent: Span,
    index: A.MentionIndex,
    lex: Lexicon,
    pair_codes: tuple[str, str] | None = None,
    authors: dict[str, str] | None = None,
) -> list[Candidate]:
    """All events a sentence states. ``authors`` maps earlier acts to who did them."""
    out: list[Candidate] = []
    halves: list[tuple[ActorMention, str, str, str, Token, float]] = []
    for tok in sent:
        for entry, _req in match_triggers(tok, lex):
            if _negated(tok, lex) or _hypothetical(tok, lex) or _requested(tok, lex):
                continue
            if entry.pos == "N" and _subsumed(tok, entry, lex):
                continue
            if _commentary(tok, lex):
                continue
            mood = _mood(tok, entry, lex)
            if mood is None:
                continue
            type_, status = mood
            if type_ == "CONSULT" and status == "announced":
                type_ = "AGREE"  # PLOVER codes a planned meeting or visit as AGREE
            if entry.type == "AGREE" and _commits_to_conflict(tok, lex):
                continue  # "vows retaliation": the complement is coded, as a threat
            if entry.pos == "V" and tok.pos_ in ("VERB", "AUX"):
                sources, targets, conf = _verb_args(tok, entry, index)
            else:
                sources, targets, conf = _noun_args(tok, entry, index, lex)
            if not sources and type_ == "PROTEST":
                sources = _protest_place(tok, index, lex)
            if sources and not targets and type_ == "PROTEST":
                # 'marched through Tehran chanting "Death to America"', 'burned flags outside the
                # British embassy': whom the protest names or besieges.
                targets = _subtree_actors(tok, index, sources[0][0].code)
            if sources and not targets and type_ in ("ASSAULT", "MOBILIZE") and entry.pos == "V":
                # "pounded air defences across Afghanistan", "struck targets at Houthi sites": the
                # state where the blows land.
                for o in A.objects(tok):
                    targets = _subtree_actors(o, index, sources[0][0].code)
                    if targets:
                        break
            open_object = _open_object(tok, lex)
            if sources and not targets and authors and entry.has("speech") and open_object:
                targets = _act_author(tok, sources[0][0], authors)
                conf -= 0.2
            if sources and not targets and pair_codes and (entry.has("speech") or type_ == "MOBILIZE") and open_object:
                targets = _counterpart(tok, sources[0][0], pair_codes)
                conf -= 0.25
            if sources and not targets:
                targets = _lone_other(sent, index, sources[0][0], tok)
                conf -= 0.3
            mode = _mode(entry, type_)
            if sources and not targets and sources[0][0].code != PAIR:
                halves.append((sources[0][0], type_, mode, status, tok, conf))
            if not sources or (not targets and not any(s.code == PAIR for s, _ in sources)):
                continue
            mutual = entry.has("mutual") or (entry.pos == "V" and _each_other(tok))
            pairs = _expand_pairs(sources, targets, pair_codes if mutual else None)
            if mutual:
                # Talks, clashes and accords are joint acts: annotators (and PETRARCH's CAMEO
                # conventions) code them in both directions.
                pairs += [(t, s) for s, t in pairs]
            for src, tgt in pairs:
                cand = _candidate(src, tgt, type_, mode, status, tok, conf)
                if cand is not None:
                    out.append(cand)
            break  # one entry per token: the first matching entry is the most specific
    out.extend(_accusations(sent, index, lex))
    out.extend(_demands(sent, index, lex))
    out.extend(_answered(halves, out))
    return out


def _candidate(
    src: ActorMention, tgt: ActorMention, type_: str, mode: str, status: str, tok: Token, conf: float
) -> Candidate | None:
    """A candidate event, unless the pair cannot be one."""
    if (src.start, src.end, src.code) == (tgt.start, tgt.end, tgt.code):
        return None
    if src.code == "UNK" or tgt.code == "UNK":
        return None
    if type_ in ("CONSULT", "AGREE") and (tgt.sector == "MED" or src.sector in ("CVL", "MED")):
        return None  # citizens travelling, a minister speaking to a broadcaster: no consultation
    c = conf * min(src.confidence, 1.0) * (0.5 + 0.5 * min(tgt.confidence, 1.0))
    if src.code == tgt.code:
        if tgt.kind == "pronoun" or (src.sector or "GOV") == (tgt.sector or "GOV"):
            return None  # "recalled its own envoy", one capacity acting on itself: resolution errors
        if type_ in ("CONSULT", "AGREE", "SUPPORT") and {src.sector, tgt.sector} & {"BUS", "MED"}:
            return None  # "met the Gazprom chief": no act between political actors
        c *= 0.8  # domestic: real (opposition vs government), but errors land here too
    return Candidate(src, tgt, type_, mode, status, tok, round(c, 3))


def _quad(type_: str) -> int:
    from flashpoint.link.types import type_info

    return type_info(type_).quad_class


def _answered(
    halves: list[tuple[ActorMention, str, str, str, Token, float]], full: list[Candidate]
) -> list[Candidate]:
    """Targetless acts aimed back at whoever acts on their source in the same sentence.

    "China announced sanctions against US officials after the US imposed sanctions": the
    answered act's target goes unsaid because the sentence already names it.
    """
    out = []
    for src, type_, mode, status, tok, conf in halves:
        for c in full:
            if c.type != type_ and _quad(c.type) != _quad(type_):
                continue  # an answer is in kind: sanctions for sanctions, not a threat for a strike
            if c.target.code == src.code and c.source.code != src.code and c.trigger is not tok:
                cand = _candidate(src, c.source, type_, mode, status, tok, conf - 0.15)
                if cand is not None:
                    out.append(cand)
                break
    return out


def code_doc(
    doc: Doc,
    mentions: Sequence[ActorMention],
    doc_id: str,
    lex: Lexicon | None = None,
    date: str | None = None,
    use_classifier: bool = True,
) -> list[tuple[Event, Span]]:
    """Events of one parsed article (``doc`` = the article's full text), with their sentence span.

    One event per (sentence-independent) distinct act: candidates with the same source, target,
    type and mode collapse into the most confident one, keeping its first sentence.
    """
    from flashpoint.nlp.context import context_mentions

    lex = lex or load_lexicon()
    mentions = drop_datelines(doc.text, mentions)
    extra, pair_codes = pair_mentions(doc.text, mentions)
    extra += context_mentions(doc, mentions, date)
    index = A.MentionIndex([*mentions, *extra], doc)
    best: dict[tuple[str, str, str, str], tuple[Candidate, Span, int]] = {}
    authors: dict[str, str] = {}
    order: list[tuple[str, str, str, str]] = []
    for s_i, sent in enumerate(doc.sents):
        if not any(index.at(t) for t in sent):
            continue
        cands = code_sentence(sent, index, lex, pair_codes, authors)
        if not cands and use_classifier:
            cands = _classified(sent, index)
        remember_acts(sent, index, cands, authors)
        for cand in cands:
            key = (cand.source.code, cand.target.code, cand.type, cand.mode)
            if key not in best:
                best[key] = (cand, sent, s_i)
                order.append(key)
            elif cand.confidence > best[key][0].confidence + 0.1:
                best[key] = (cand, sent, s_i)
    return [_to_event(doc_id, *best[k]) for k in order]


def _to_event(doc_id: str, cand: Candidate, sent: Span, s_i: int) -> tuple[Event, Span]:
    base = sent.start_char
    trig = cand.trigger
    return (
        Event(
            id=event_id(doc_id, s_i, cand.source.code, cand.target.code, cand.type, trig.idx - base),
            doc=doc_id,
            sentence=sent.text,
            source=cand.source.code,
            source_text=cand.source.text,
            source_sector=cand.source.sector,
            target=cand.target.code,
            target_text=cand.target.text,
            target_sector=cand.target.sector,
            type=cand.type,
            mode=cand.mode,
            status=cand.status,
            confidence=cand.confidence,
            trigger=trig.text,
            sentence_index=s_i,
            sentence_start=base,
            source_start=_rel(cand.source.start, base),
            source_end=_rel(cand.source.end, base),
            target_start=_rel(cand.target.start, base),
            target_end=_rel(cand.target.end, base),
            trigger_start=trig.idx - base,
            trigger_end=trig.idx + len(trig.text) - base,
        ),
        sent,
    )


def _classified(sent: Span, index: A.MentionIndex) -> list[Candidate]:
    """Events the trained pair classifier finds in a sentence the rules found nothing in.

    The classifier (``pairclf.py``) is optional: without its model file, nothing is added.
    """
    try:
        from flashpoint.nlp.pairclf import classify_pairs
    except ImportError:
        return []
    try:
        found = classify_pairs(sent, index)
    except ModelError as exc:
        _warn_once(f"flashpoint: pair classifier disabled: {exc}")
        return []
    out = []
    for src, tgt, type_, prob, trig in found:
        # The mode names the word that carries the act; the classifier does not name acts itself.
        out.append(Candidate(src, tgt, type_, trig.lemma_.lower(), "occurred", trig, round(prob * 0.8, 3)))
    return out


@lru_cache(maxsize=8)
def _warn_once(message: str) -> None:
    warnings.warn(message, RuntimeWarning, stacklevel=3)


def _rel(offset: int, base: int) -> int:
    """Offset relative to the sentence; -1 for an actor inferred from context, not the text."""
    return offset - base if offset >= 0 else -1


def iter_trigger_words(lex: Lexicon | None = None) -> Iterable[str]:
    """Every trigger lemma (for the cheap sentence prefilter)."""
    lex = lex or load_lexicon()
    return {k[0] for k in lex.triggers}
