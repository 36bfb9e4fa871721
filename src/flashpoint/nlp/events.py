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

The stages live beside this module: ``triggers.py`` (1), ``arguments.py`` (2), ``mood.py``
(3, 4), ``statements.py`` (5), ``inference.py`` (targets the sentence implies), and
``context.py`` (actors only the context gives). This module puts them together.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from flashpoint.errors import ModelError
from flashpoint.nlp import arguments as A
from flashpoint.nlp.candidates import Candidate, different, subtree_actors
from flashpoint.nlp.context import drop_datelines
from flashpoint.nlp.inference import (
    PAIR,
    act_author,
    counterpart,
    expand_pairs,
    lone_other,
    open_object,
    pair_mentions,
    protest_place,
    remember_acts,
)
from flashpoint.nlp.lexicon import Lexicon, TriggerEntry, load_lexicon
from flashpoint.nlp.mood import (
    commentary,
    commits_to_conflict,
    hypothetical,
    mode_name,
    mood,
    negated,
    requested,
    subsumed,
)
from flashpoint.nlp.statements import accusations, demands
from flashpoint.nlp.triggers import match_triggers
from flashpoint.records import ActorMention, Event, event_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token


# --------------------------------------------------------------------------- arguments


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


_ENTRY_VERBS = frozenset({"enter", "visit", "travel", "return", "come", "fly", "land"})


def _destination(verb: Token, index: A.MentionIndex) -> list[tuple[ActorMention, Token]]:
    """Who imposes an entry ban: the state one is "banned from entering"."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "from"):
        for comp in (c for c in prep.children if c.dep_ == "pcomp" and c.lemma_.lower() in _ENTRY_VERBS):
            found = A.actors_of(A.objects(comp) + A.prep_objects(comp, frozenset({"to", "into"})), index)
            if found:
                return found[:1]
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
        sources = _destination(tok, index) or _reporter(tok, index)
        conf -= 0.2
    own_code = sources[0][0].code if sources else None
    targets = _not_own(A.actors_of(A.objects(tok), index), own_code)
    shares_patient = tok.dep_ == "conj" and not any(c.dep_ == "nsubjpass" for c in tok.children)
    if not targets and A.is_passive(tok) and shares_patient:
        # "25 Russians have had their assets frozen and are banned from entering Britain": a
        # coordinated passive shares its patient with the verb it is coordinated with.
        targets = A.actors_of([c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")], index)
    if not targets:
        preps = A.TARGET_PREPS_AGAINST | A.TARGET_PREPS_RECIP | A.TARGET_PREPS_MUTUAL | {"from"}
        targets = A.actors_of(A.prep_objects(tok, frozenset(preps)), index)
    if not targets:
        # "suspended weapons deliveries to Baghdad", "halted talks with Moscow": the object is an
        # act of its own, and its target is the target of this one.
        targets = A.actors_of([p for o in A.objects(tok) for p in A.prep_objects(o, _INNER_PREPS)], index)
    src_code = sources[0][0].code if sources else None
    if not different(targets, src_code) and entry.has("speech"):
        # "warned Beijing could retaliate to US attempts": the target sits in the reported clause.
        for c in tok.children:
            if c.dep_ in ("ccomp", "xcomp"):
                subj = different(A.actors_of(A.subjects(c), index), src_code)
                found = subj or different(A.actors_of(A.objects(c), index), src_code)
                if not found and not entry.has("shallow"):
                    found = subtree_actors(c, index, src_code)
                if found:
                    targets, conf = found, conf - 0.15
                    break
    if not different(targets, src_code) and entry.has("speech"):
        # "denied all accusations against them by the NCSC": the target hides in the object.
        for o in A.objects(tok):
            found = subtree_actors(o, index, src_code)
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
            if negated(tok, lex) or hypothetical(tok, lex) or requested(tok, lex):
                continue
            if entry.pos == "N" and subsumed(tok, entry, lex):
                continue
            if commentary(tok, lex):
                continue
            moods = mood(tok, entry, lex)
            if moods is None:
                continue
            type_, status = moods
            if type_ == "CONSULT" and status == "announced":
                type_ = "AGREE"  # PLOVER codes a planned meeting or visit as AGREE
            elif type_ == "RETREAT" and status == "announced":
                type_ = "CONCEDE"  # and an announced withdrawal or easing as CONCEDE
            if entry.type == "AGREE" and commits_to_conflict(tok, lex):
                continue  # "vows retaliation": the complement is coded, as a threat
            if entry.pos == "V" and tok.pos_ in ("VERB", "AUX"):
                sources, targets, conf = _verb_args(tok, entry, index)
            else:
                sources, targets, conf = _noun_args(tok, entry, index, lex)
            if not sources and type_ == "PROTEST":
                sources = protest_place(tok, index, lex)
            if sources and not targets and type_ == "PROTEST":
                # 'marched through Tehran chanting "Death to America"', 'burned flags outside the
                # British embassy': whom the protest names or besieges.
                targets = subtree_actors(tok, index, sources[0][0].code)
            if sources and not targets and type_ in ("ASSAULT", "MOBILIZE") and entry.pos == "V":
                # "pounded air defences across Afghanistan", "struck targets at Houthi sites": the
                # state where the blows land.
                for o in A.objects(tok):
                    targets = subtree_actors(o, index, sources[0][0].code)
                    if targets:
                        break
            is_open = open_object(tok, lex)
            if sources and not targets and authors and entry.has("speech") and is_open:
                targets = act_author(tok, sources[0][0], authors)
                conf -= 0.2
            if sources and not targets and pair_codes and (entry.has("speech") or type_ == "MOBILIZE") and is_open:
                targets = counterpart(tok, sources[0][0], pair_codes)
                conf -= 0.25
            if sources and not targets:
                targets = lone_other(sent, index, [s for s, _t in sources], tok)
                conf -= 0.3
            mode = mode_name(entry, type_)
            if sources and not targets and sources[0][0].code != PAIR:
                halves.append((sources[0][0], type_, mode, status, tok, conf))
            if not sources or (not targets and not any(s.code == PAIR for s, _ in sources)):
                continue
            mutual = entry.has("mutual") or (entry.pos == "V" and _each_other(tok))
            pairs = expand_pairs(sources, targets, pair_codes if mutual else None)
            if mutual:
                # Talks, clashes and accords are joint acts: annotators (and PETRARCH's CAMEO
                # conventions) code them in both directions.
                pairs += [(t, s) for s, t in pairs]
            for src, tgt in pairs:
                cand = _candidate(src, tgt, type_, mode, status, tok, conf)
                if cand is not None:
                    out.append(cand)
            break  # one entry per token: the first matching entry is the most specific
    out.extend(accusations(sent, index, lex))
    out.extend(demands(sent, index, lex))
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


