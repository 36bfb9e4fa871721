"""Within-article response links: which coded act the article says another act answers.

Shapes handled, each from one kind of evidence (base scores in brackets; the best candidate
per event wins, nothing under ``MIN_SCORE`` is kept):

1. ``B <forward cue> A`` in one sentence: "China closed Chengdu after the US closed Houston",
   "... sanctions on Cruz and Rubio, after the US imposed sanctions" [0.95 strong, 0.9 weak].
2. ``<forward cue> A, B``: "After the US closed Houston, China closed Chengdu" [0.9].
3. A strong forward cue whose act is a noun phrase, not coded in the sentence ("in
   retaliation for the bombing of a discotheque", "in response to the attack"): an act stated
   elsewhere in the article, preferably one the noun names (an attack is an ASSAULT) [0.75].
4. A self cue on B ("retaliated", "hit back", "reciprocal measures", "answered by"), or in the
   eventless sentence just before B ("Moscow reacted within hours."): the best earlier act
   [0.8]. A headline's cue may reach into the body, which tells the story it sums up [0.7].
5. A sentence that refers back: "The action was taken by China after the US closed the Chinese
   consulate in Houston": A is coded after the cue, B is the earlier same-domain act that
   "the action" names [0.72].
6. A reaction that names the act it answers: "Tass denounced the sanctions", "China condemned
   the attacks", "rejected the American demands" [0.7; 0.8 with a verb of condemnation].

Who may answer whom. A's source is B's target (B acts against the one who did A), or, where a
cue says B is a response, A's target is B's source (the one hit hits back, at whomever). Both
together (a reciprocal pair) score higher. A hostile response answers a hostile act.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from flashpoint.link.cues import CueMatch, domain_match, find_cues, is_hostile
from flashpoint.records import Event, Link

# Measured on the dev gold with the gold events as input (docs/responses.md): 0.6 gives
# P 0.59 R 0.52, 0.75 gives P 0.63 R 0.50, 0.85 gives P 0.75 R 0.39. Precision first, at little
# cost in recall.
MIN_SCORE = 0.75
# How far back (in sentences) a self cue or a back-reference may reach. Seed articles put up to
# eight caption and "read more" lines between an act and the sentence that answers it.
SELF_WINDOW = 15
# A weak forward cue ("after") introduces the act right after it, within this many characters.
WEAK_REACH = 100
# A referring-back subject: "The action was taken by China after ...", "The move came after ...".
_BACK_REF = re.compile(
    r"^\W*(?:(?:the|this|that|these|its|their|the latest)\s+(?:[\w-]+\s+)?"
    r"(?:action|move|decision|step|steps|measure|measures|closure|order|expulsion|sanctions|ban|"
    r"response|retaliation)|this|it|that)\b",
    re.I,
)
# Nouns by which a text names an act of each type ("denounced the sanctions", "in response to
# the attack"). Written for flashpoint from the gold articles' wording.
_NAMES = {
    "SANCTION": r"sanctions?|measures|tariffs?|duties|levy|expulsions?|closure|ban|curbs|"
                r"restrictions|embargo|steps|vote|law|decision|move|actions",
    "REQUEST": r"demands?|calls?|requests?|appeals?|ultimatum",
    # No ACCUSE row: a denial of a charge ("dismissed the charge") is a reply in words that the
    # gold annotators mostly do not count as a response to an act.
    "THREATEN": r"threats?|warnings?|ultimatum",
    "COERCE": r"arrests?|detentions?|seizures?|annexation|crackdown|repression|hacking|"
              r"cyber-?attacks?|siphoning|martial law",
    "MOBILIZE": r"drills?|exercises|deployments?|build-?up|missile tests?|tests?",
    "ASSAULT": r"attacks?|strikes?|air strikes|raids?|bombings?|bombardment|aggression|"
               r"invasion|offensive|downing|destruction|shooting|killings?|assault|war|barrage|"
               r"salvo|shelling|incursion|provocation|operation|campaign|people killed",
    "AGREE": r"offers?|proposals?|deal|agreement",
    "CONCEDE": r"apology|concessions?|pause|climbdown",
    "RETREAT": r"withdrawal|release|pause|suspension",
    "PROTEST": r"protests?|demonstrations?|riots?|boycott",
    "REJECT": r"refusal|rejection|veto",
}
# Definite: "the sanctions" names an act; "a threat to security" does not.
# Up to two modifiers may stand between ("the Israeli air strikes"), but no verb or function
# word ("the companies were a threat" names no threat).
_GAP = r"(?:(?!(?:a|an|the|were|was|is|are|be|been|of|to|that|which|who|by|in|on|for|and|or)\b)[\w'-]+\s+)"
_DET = r"\b(?:the|these|those|its|their|all|such|this|that|both)\s+" + _GAP + r"{0,2}?"
_CONDEMN = re.compile(r"\b(?:condemn|denounc|deplor|protest|dismiss|reject|rebuff|slam|"
                      r"criticis|criticiz|turn(?:ed|s)? down|refus|lodg|call(?:ed|s)? the)", re.I)
_REACTIVE = ("ACCUSE", "REJECT", "THREATEN", "PROTEST", "REQUEST")


def _order(ev: Event) -> tuple[int, int]:
    return (ev.sentence_index, max(ev.trigger_start, 0))


def _trig(ev: Event) -> int:
    return max(ev.trigger_start, 0)


def relation(a: Event, b: Event, cued: bool) -> int:
    """How ``b`` may answer ``a``: 2 a reciprocal pair (A: X->Y, B: Y->X), 1 B acts against
    A's doer, 1 (only where a cue marks B itself as a response: "Iraq hit back by firing on
    Kuwait") A's target is B's doer; 0 unrelated."""
    if a.id == b.id or a.source in ("", "UNK") or b.source in ("", "UNK") or a.source == b.source:
        return 0
    # One mutual act coded both ways ("the two governments agreed"): not an answer.
    if (a.sentence_index == b.sentence_index and a.type == b.type and a.trigger_start >= 0
            and a.trigger_start == b.trigger_start):
        return 0
    if a.source == b.target:
        return 2 if a.target == b.source else 1
    if cued and a.target == b.source:
        return 1
    return 0


def _score(base: float, a: Event, b: Event, dist: int, rel: int) -> float:
    s = base + 0.1 * domain_match(a, b) - 0.02 * dist + (0.05 if rel == 2 else 0.0)
    if is_hostile(a):
        s += 0.03
    if a.quad_class and a.quad_class == b.quad_class:
        s += 0.05  # deeds answer deeds, words answer words
    if _order(a) > _order(b):
        s -= 0.05  # an act stated after its answer (a lead sentence) is a little less likely
    return round(min(s, 1.0), 3)


def _fits(a: Event, b: Event) -> bool:
    """A hostile response answers a hostile act: an offer or an apology is answered by a
    refusal or a rebuke, not by a threat or a strike; a cooperative response may answer
    anything."""
    return not (is_hostile(b) and b.type not in ("REJECT", "ACCUSE") and not is_hostile(a))


def _nearest_event(cue: CueMatch, sent_events: Sequence[Event]) -> Event | None:
    if not sent_events:
        return None
    return min(sent_events, key=lambda e: abs(_trig(e) - cue.start))


def _prev_sentence(text: str, start: int) -> tuple[int, str]:
    """The sentence just before offset ``start`` of ``text`` and its offset (a rough split on
    . ! ? and line breaks: enough to read a cue in a short sentence like "Moscow reacted.")."""
    lo = max(0, start - 400)
    head = text[lo:start].rstrip()
    cut = max(head.rfind(". "), head.rfind("! "), head.rfind("? "), head.rfind("\n"))
    s = lo + cut + 1 if cut >= 0 else lo
    return s, text[s:start].strip()


def _names(a: Event, words: str) -> bool:
    pattern = _NAMES.get(a.type)
    return bool(pattern and re.search(_DET + r"(?:" + pattern + r")\b", words, re.I))


def _is_headline(ev: Event) -> bool:
    return ev.sentence_index == 0 and not ev.sentence.rstrip().endswith((".", '"', "”", "'"))


def find_within_links(events: Sequence[Event], text: str = "") -> list[Link]:
    """Every candidate response link in one article, best first per event.

    Args:
        events: the events of one article (``sentence_index``, ``sentence_start`` and
            ``trigger_start`` set by the coder).
        text: the article's full text (title + blank line + body); used to read cues in
            sentences that hold no event. May be empty.

    Returns:
        Links (``kind="explicit"``) with a score in (0, 1] and the cue words, every candidate
        at or above ``MIN_SCORE``, sorted by event then descending score.
    """
    evs = sorted(events, key=_order)
    by_sent: dict[int, list[Event]] = {}
    for e in evs:
        by_sent.setdefault(e.sentence_index, []).append(e)
    starts = {e.sentence_start for e in evs}
    cands: dict[tuple[str, str], Link] = {}

    def add(b: Event, a: Event, score: float, cue: str) -> None:
        # A headline restates an act of the body; the body's own report is the one answered.
        if score < MIN_SCORE or a.id == b.id or not _fits(a, b) or _is_headline(a):
            return
        key = (b.id, a.id)
        prev = cands.get(key)
        if prev is None or prev.score < score:
            # Keep the words of a cue that also supports this pair, for the reader.
            cands[key] = Link(b.id, a.id, "explicit", score, cue or (prev.cue if prev else ""))
        elif cue and not prev.cue:
            cands[key] = dataclasses.replace(prev, cue=cue)

    def self_cue(b: Event, cue: str, base: float) -> None:
        """Shape 4: ``b`` carries a self cue; link it to the best earlier act."""
        if not is_hostile(b):
            return  # "retaliated", "hit back": a cooperative act near the cue is not the reply
        pool = [a for a in evs if _order(a) < _order(b)
                and b.sentence_index - a.sentence_index <= SELF_WINDOW]
        # "The EU retaliated against American tariffs with duties": A named after the cue.
        pool += [a for a in by_sent[b.sentence_index] if _trig(a) > _trig(b)
                 and relation(a, b, cued=False)]
        if _is_headline(b):
            # A headline sums up the story its body tells: the answered act comes later.
            pool = [a for a in evs if a.sentence_index > 0]
            base -= 0.1
        for a in pool:
            rel = relation(a, b, cued=True)
            dist = abs(b.sentence_index - a.sentence_index)
            # Far-off acts count only when they are of the same domain as the response.
            if rel and (domain_match(a, b) > 0.0 or dist <= 3):
                add(b, a, _score(base, a, b, dist, rel), cue)

    for idx, sent_events in by_sent.items():
        sentence = sent_events[0].sentence
        for cue in find_cues(sentence):
            before = [e for e in sent_events if _trig(e) < cue.start]
            after = [e for e in sent_events if _trig(e) >= cue.end]
            if cue.kind.startswith("forward"):
                strong = cue.kind == "forward_strong"
                if not strong:
                    after = [a for a in after if _trig(a) - cue.end <= WEAK_REACH]
                # Shape 1: B before the cue, A after it; the act right after the cue first.
                # The cue names A, so A is by B's target (not merely an act against B).
                linked = False
                for b in before:
                    for rank, a in enumerate(after):
                        rel = relation(a, b, cued=False)
                        if rel:
                            base = (0.95 if strong else 0.9) - 0.02 * rank
                            add(b, a, _score(base, a, b, 0, rel), cue.text)
                            linked = True
                # Shape 2: the cue opens the sentence, A then B.
                if not before:
                    for i, a in enumerate(after):
                        for b in after[i + 1:]:
                            rel = relation(a, b, cued=False)
                            if rel:
                                add(b, a, _score(0.9 if strong else 0.85, a, b, 0, rel), cue.text)
                                linked = True
                # Shape 3b: "..., after the US imposed sanctions" with that act not coded here:
                # the same act of the other side stated elsewhere in the article.
                if not strong and not linked:
                    tail = sentence[cue.end:cue.end + 60]
                    # "The day after the shooting, Israeli aircraft bombed ...": B follows.
                    for b in before or after:
                        for a in evs:
                            if (a.sentence_index != idx and relation(a, b, cued=False) == 2
                                    and domain_match(a, b) == 1.0
                                    and re.search(_NAMES.get(a.type, "^$"), tail, re.I)):
                                # The restated act may be far back; distance matters little.
                                dist = min(abs(idx - a.sentence_index), 5)
                                add(b, a, _score(0.72, a, b, dist, 2), cue.text)
                # Shape 3: strong cue whose act is a noun phrase: an act stated elsewhere.
                if strong and not linked:
                    tail = sentence[cue.end:cue.end + 80]
                    for b in before or sent_events:
                        for a in evs:
                            named = _names(a, tail)
                            # "In response to the sanctions, he warned ...": an act the cue
                            # names may be one against B's doer by anyone.
                            rel = relation(a, b, cued=named)
                            if not rel or a.sentence_index == idx:
                                continue
                            # A noun phrase names the story's main act, stated early, more
                            # often than the nearest one: rank by position in the article.
                            dist = a.sentence_index if named else abs(idx - a.sentence_index)
                            if named or domain_match(a, b) == 1.0 or dist <= 2:
                                base = 0.75 + (0.15 if named else 0.0)
                                add(b, a, _score(base, a, b, dist, rel), cue.text)
                # Shape 5: "The action was taken by China after the US closed ...".
                if after and not before and _BACK_REF.search(sentence[:cue.start]):
                    for a in after:
                        for b in evs:
                            if (b.sentence_index < idx and idx - b.sentence_index <= SELF_WINDOW
                                    and relation(a, b, cued=False) == 2
                                    and domain_match(a, b) >= 0.5):
                                # The nearest earlier act of the right kind is "the action".
                                add(b, a, _score(0.8, a, b, idx - b.sentence_index, 2), cue.text)
            elif cue.kind == "self":
                b_ = _nearest_event(cue, sent_events)
                if b_ is not None:
                    self_cue(b_, cue.text, 0.8)
            elif cue.kind == "backward":
                for b in after:
                    for a in before:
                        rel = relation(a, b, cued=True)
                        if rel:
                            add(b, a, _score(0.85, a, b, 0, rel), cue.text)
        # Shape 4 (carried): a self cue in the preceding sentence that holds no event.
        if text:
            first = sent_events[0]
            p_start, prev = _prev_sentence(text, first.sentence_start)
            if prev and not any(p_start <= st < first.sentence_start for st in starts):
                for cue in find_cues(prev):
                    if cue.kind == "self":
                        for b in sent_events:
                            self_cue(b, cue.text, 0.75)
        # Shape 6: a reaction naming the act it answers.
        for b in sent_events:
            if b.type not in _REACTIVE:
                continue
            base = 0.8 if _CONDEMN.search(b.sentence) else 0.7
            for a in evs:
                if a.sentence_index == idx and _trig(a) >= _trig(b):
                    continue  # the named act must not be coded after it in the same sentence
                if relation(a, b, cued=False) and _names(a, b.sentence):
                    dist = a.sentence_index  # the main act, stated early (see shape 3)
                    add(b, a, _score(base, a, b, dist, relation(a, b, cued=False)), "")
    return sorted(cands.values(), key=lambda lk: (lk.event, -lk.score, lk.answers))


def link_within(events: list[Event], text: str = "") -> list[Event]:
    """Set ``response_to`` and ``link_kind="explicit"`` where the text says an act answers another.

    Args:
        events: the events of one article, as the coder emits them.
        text: the article's full text (``Article.full_text``).

    Returns:
        The same events in the same order, those that answer another with ``response_to`` set
        to the answered event's id (the best-scoring candidate; never a two-event cycle).
        Events that already have a ``response_to`` keep it.

    Example:
        >>> linked = link_within(events, article.full_text)
        >>> [(e.id, e.response_to) for e in linked if e.response_to]
    """
    best: dict[str, Link] = {}
    for lk in find_within_links(events, text):
        if lk.event not in best:
            best[lk.event] = lk
    # Break two-event cycles (A answers B and B answers A): keep the stronger direction.
    for ev_id, lk in sorted(best.items(), key=lambda kv: -kv[1].score):
        back = best.get(lk.answers)
        if ev_id in best and back is not None and back.answers == ev_id:
            best.pop(lk.answers)
    out = []
    for e in events:
        chosen = best.get(e.id)
        if chosen is not None and e.response_to is None:
            e = dataclasses.replace(e, response_to=chosen.answers, link_kind="explicit")
        out.append(e)
    return out
