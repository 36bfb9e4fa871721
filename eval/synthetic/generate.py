"""Write eval/synthetic/sentences.jsonl: synthetic news sentences for the pair classifier.

    python eval/synthetic/generate.py [--n-per-type 170] [--n-none 1400] [--seed 7]

Each line: {"text", "source": [start, end], "target": [start, end], "type", "mutual"} with
character spans of the marked actors. Typed sentences wrap an act of ``acts.py`` in one of many
newsroom frames (wire datelines, attribution after the fact, appositions, reported speech,
headlines, fronted times). "NONE" sentences name two actors with no act from one to the other:
negated and hypothetical acts, commentary, comparisons, locations, memberships, sport, trade
statistics, acts by a third party. All wording is written for flashpoint.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from actors import actor, adjective, capital, name, pick_codes  # noqa: E402
from acts import ACTS, MUTUAL, gerund, participle, past, third  # noqa: E402

DAYS = [
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "late on Tuesday",
    "early on Friday",
    "this week",
    "last week",
    "overnight",
    "on March 3",
    "in June",
    "yesterday",
    "today",
    "at the weekend",
    "earlier this month",
]
ATTRIB = [
    "officials said",
    "a government spokesman said",
    "state television reported",
    "diplomats said",
    "according to a statement",
    "the ministry said in a statement",
    "sources familiar with the matter said",
    "the news agency reported",
    "witnesses said",
    "a senior official told reporters",
]
WIRES = ["(AP)", "(Reuters)", "(AFP)", "(UPI)", "(Xinhua)", "—", "-"]
APPOS = [
    "already under pressure at home",
    "which had been silent for days",
    "in its sharpest move yet",
    "seeking to regain the initiative",
    "acting after a cabinet meeting",
    "long wary of its neighbour",
    "in a sharp change of tone",
    "keen to avoid further escalation",
]
COMMENT = [
    "the latest sign of strain",
    "a move likely to deepen the rift",
    "raising the stakes in the dispute",
    "a step analysts had not expected",
    "ending months of speculation",
    "a rare gesture",
    "in a development that surprised diplomats",
]
EXPERTS = [
    "analysts",
    "one Western diplomat",
    "a professor at Georgetown University",
    "economists",
    "a former ambassador",
    "commentators",
    "observers in the region",
    "a think-tank researcher",
]
REPORTERS = [
    "Officials said",
    "Diplomats said",
    "State media reported that",
    "Sources said",
    "A spokeswoman confirmed that",
    "The foreign ministry said",
    "Reports said",
]

SLOT = re.compile(r"\{(S|T|C)\}")

# Clauses that name a third state without it acting on either marked actor: real sentences
# carry such bystanders, and the classifier must learn to leave their pairs alone.
DISTRACTORS = [
    ", weeks before elections in {C}.",
    ", according to {C} media.",
    ", while {C} kept silent.",
    ", diplomats in {C} said.",
    " as leaders gathered in {C} for an economic forum.",
    ", a day after a storm hit {C}.",
    ", even as trade with {C} boomed.",
]


def render(template: str, s: str, t: str, c: str = "") -> tuple[str, list[int], list[int], list[int] | None] | None:
    """Fill {S}, {T} (and {C}); returns the text and the character spans of the actors."""
    out, pos = "", 0
    spans: dict[str, list[int]] = {}
    for m in SLOT.finditer(template):
        out += template[pos : m.start()]
        phrase = {"S": s, "T": t, "C": c}[m.group(1)]
        if out == "" or out.endswith(("— ", ". ", '"', "- ", ") ")):
            phrase = phrase[0].upper() + phrase[1:]
        spans.setdefault(m.group(1), [len(out), len(out) + len(phrase)])
        out += phrase
        pos = m.end()
    out += template[pos:]
    if "S" not in spans or "T" not in spans:
        return None
    out = out[0].upper() + out[1:]
    return out, spans["S"], spans["T"], spans.get("C")


def _dateline(rng: random.Random, code: str) -> str:
    city = capital(code).upper()
    return (
        f"{city} {rng.choice(WIRES)} "
        if rng.random() < 0.7
        else f"{city}, {rng.choice(['Jan.', 'March', 'Oct.', 'Dec.'])} {rng.randint(1, 28)} {rng.choice(WIRES)} "
    )


def typed_frame(rng: random.Random, vp: str, s_code: str) -> str:
    """A sentence frame around the act phrase ``vp`` (base form, contains {T})."""
    day = rng.choice(DAYS)
    k = rng.randrange(13)
    if k == 0:
        return f"{{S}} {past(vp)} {day}."
    if k == 1:
        return f"{_dateline(rng, s_code)}{{S}} {past(vp)} {day}, {rng.choice(ATTRIB)}."
    if k == 2:
        return f"{{S}} {day} {past(vp)}, {rng.choice(COMMENT)}."
    if k == 3:
        return f"{{S}}, {rng.choice(APPOS)}, {past(vp)} {day}."
    if k == 4:
        return f"{rng.choice(REPORTERS)} {{S}} had {participle(vp)} {day}."
    if k == 5:
        return f"{day[0].upper() + day[1:] if not day.startswith('on ') else day[3:]}, {{S}} {past(vp)}."
    if k == 6:
        return (
            f"In a move that {rng.choice(['stunned', 'angered', 'surprised', 'worried'])} observers, {{S}} {past(vp)}."
        )
    if k == 7:
        return f"{{S}} has {participle(vp)}, {rng.choice(ATTRIB)}."
    if k == 8:
        return f"{{S}} {third(vp)}".replace(".", "")  # headline: present tense, no full stop
    if k == 9:
        return f"{{S}} {past(vp)} and said more steps could follow."
    if k == 10:
        return f"After weeks of {rng.choice(['wrangling', 'tension', 'silence', 'pressure'])}, {{S}} {past(vp)} {day}."
    if k == 11:
        return f"{{S}} {past(vp)}, the {rng.choice(['Times', 'Post', 'wire service', 'broadcaster'])} reported {day}."
    return f"{{S}} {past(vp)} {day} — {rng.choice(COMMENT)}."


# Frames with no act from {S} to {T}. Some take an act phrase ({vp}) that is negated,
# hypothetical or done by a third party; the rest name both actors in passing.
NONE_WITH_ACT = [
    "{S} did not {vp}, officials stressed.",
    "{S} has so far stopped short of {ger}.",
    "It is unclear whether {S} will {vp}, {expert} said.",
    "If {S} were to {vp}, markets would fall sharply, {expert} wrote.",
    "{Expert} argued that {S} should {vp}.",
    "{S} has no plans to {vp}, a spokesman said.",
    "Rumours that {S} would {vp} proved unfounded.",
    "{S} denied reports that it was preparing to {vp}.",
    "{C} {pastc}, a step {S} itself has long avoided.",
    "Weeks after {S} held elections, {C} {pastc}.",
    "Few expect {S} to {vp} any time soon.",
    "{Expert} said there was little chance {S} would {vp} before the election.",
]
NONE_PASSING = [
    "{S} and {T}, which are both members of {igo}, {statepred}.",
    "Ties between {S} and {T} {tiespred}.",
    "{S}'s economy, unlike {T}'s, {econpred}.",
    "{S} and {T} are the world's {rank} largest {product} producers.",
    "Exports from {S} to {T} rose {pct} percent last year.",
    "Like {T}, {S} {econpred}.",
    "{S} beat {T} 2-1 in the World Cup qualifier {day}.",
    "The storm that battered {S} moved on toward {T} {day}.",
    "{S} spends more on its military than {T} does.",
    "Trade between {S} and {T} reached ${pct} billion in {year}.",
    "{S} and {T} both voted in favour of the resolution, which passed 140 to 5.",
    "Prices in {S} have risen faster than in {T} for three years.",
    "{S} and {T} fought on opposite sides in the war of {year}, {expert} noted.",
    "The conference in {Tcap} drew delegates from dozens of countries, among them {S}.",
    "A film about life in {S} won the top prize at the festival in {Tcap}.",
    "Tourism from {S} to {T} has doubled since {year}.",
    "{S}, whose population is three times that of {T}, {econpred}.",
    "Analysts compared {S}'s approach with {T}'s.",
    "The pipeline runs from {S} across {T} to the coast.",
    "Students from {S} make up the largest group of foreigners in {T}.",
    "{S} and {T} will both hold elections next year.",
    "The summit, hosted by {C}, was attended by leaders including those of {S} and {T}.",
]
STATEPRED = [
    "have seen their economies slow this year",
    "will send delegations to the meeting",
    "face rising energy costs",
    "are expected to back the budget",
]
TIESPRED = [
    "have been strained for years",
    "date back centuries",
    "remain a subject of academic debate",
    "were the focus of a conference in Vienna",
    "have rarely been closer, analysts say",
]
ECONPRED = [
    "grew strongly in the last quarter",
    "has struggled with inflation",
    "depends heavily on oil exports",
    "shrank for a second year",
    "has an ageing population",
]
IGO_NAMES = [
    "the G20",
    "the World Trade Organization",
    "the United Nations",
    "the Group of Seven",
    "the IMF",
    "the OSCE",
]


SOURCE_ROLES = {
    t: "verbal" for t in ("AGREE", "CONSULT", "SUPPORT", "CONCEDE", "REQUEST", "ACCUSE", "REJECT", "THREATEN")
}
SOURCE_ROLES.update({"MOBILIZE": "military", "ASSAULT": "military"})
# "{T}" after these words is where something is or whom it belongs to: only a state's name fits.
_PLACE_SLOT = re.compile(r"(from|of|in|inside|near|belonging to|owned by|bound for|held by|claimed by|by|with) \{T\}")


def target_roles(vp: str) -> str:
    """The role set a target phrase is drawn from, given the act phrase it fills."""
    m = _PLACE_SLOT.search(vp)
    if m is None:
        return "verbal" if "{T}'s" not in vp else "place"
    return (
        "verbal"
        if m.group(1) == "with" and any(w in vp for w in ("talks", "meet", "call", "phone", "agree", "views", "sit"))
        else "place"
    )


def possessor(rng: random.Random, code: str) -> str:
    """A phrase that takes a possessive "'s" well: the state, its capital or its government."""
    if code.startswith("IGO:"):
        return name(code)
    return rng.choice([name(code), name(code), capital(code), f"the {adjective(code)} government"])


def none_sentence(rng: random.Random) -> tuple[str, str, str] | None:
    """A no-event template with its two actor phrases filled in later; returns (template, S, T)."""
    a, b, c = pick_codes(rng, 3)
    s_phrase, t_phrase = actor(rng, a, roles="place"), actor(rng, b, roles="place")
    fill = {
        "expert": rng.choice(EXPERTS),
        "Expert": rng.choice(EXPERTS).capitalize(),
        "igo": rng.choice(IGO_NAMES),
        "statepred": rng.choice(STATEPRED),
        "tiespred": rng.choice(TIESPRED),
        "econpred": rng.choice(ECONPRED),
        "rank": rng.choice(["two", "three", "second and third"]),
        "product": rng.choice(["oil", "wheat", "steel", "rice"]),
        "pct": str(rng.randint(3, 90)),
        "day": rng.choice(DAYS),
        "year": str(rng.randint(1950, 2020)),
    }
    if rng.random() < 0.45:
        tpl = rng.choice(NONE_WITH_ACT)
        type_ = rng.choice(list(ACTS))
        vp = rng.choice(ACTS[type_])
        if "{C}" in tpl:
            # A third party acts on {T}; the marked pair is (S, T) but S does nothing to T.
            fill["C"] = actor(rng, c).replace("{", "")
            fill["pastc"] = past(vp)
        else:
            fill["vp"], fill["ger"] = vp, gerund(vp)
            s_phrase = actor(rng, a, roles=SOURCE_ROLES.get(type_, "state"))
        t_phrase = actor(rng, b, roles=target_roles(vp))
        tpl = tpl.replace("{C}", fill.get("C", ""))
    else:
        tpl = rng.choice(NONE_PASSING)
        if "{Tcap}" in tpl:
            t_phrase = capital(b)  # the capital as a place, not as the government
            tpl = tpl.replace("{Tcap}", "{T}")
        tpl = tpl.replace("{C}", name(c))
    if "{T}'s" in tpl:
        t_phrase = possessor(rng, b)
    for k, v in fill.items():
        tpl = tpl.replace("{" + k + "}", v)
    if "{T}" not in tpl:
        return None
    return tpl, s_phrase, t_phrase


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n-per-type", type=int, default=170)
    ap.add_argument("--n-none", type=int, default=1400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--out", type=Path, default=HERE / "sentences.jsonl")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    rows, seen = [], set()
    for type_, vps in ACTS.items():
        made = 0
        while made < args.n_per_type:
            s_code, t_code = pick_codes(rng)
            vp = rng.choice(vps)
            tpl = typed_frame(rng, vp, s_code)
            if type_ == "PROTEST" and rng.random() < 0.7:
                # Protesters are the state's citizens, not its government.
                s_phrase = rng.choice(
                    ["{a} protesters", "thousands of {a} students", "{a} demonstrators", "angry {a} crowds"]
                ).format(a=adjective(s_code))
            else:
                s_phrase = actor(rng, s_code, roles=SOURCE_ROLES.get(type_, "state"))
            t_phrase = actor(rng, t_code, leaders=rng.random() < 0.5, roles=target_roles(vp))
            if "{T}'s" in tpl:
                t_phrase = possessor(rng, t_code)
            c_phrase = ""
            if tpl.endswith(".") and rng.random() < 0.35:
                c_code = next(c for c in pick_codes(rng, 3) if c not in (s_code, t_code))
                tpl = tpl[:-1] + rng.choice(DISTRACTORS)
                c_phrase = capital(c_code) if rng.random() < 0.5 else name(c_code)
                if "{C} media" in tpl:
                    c_phrase = adjective(c_code)
            r = render(tpl, s_phrase, t_phrase, c_phrase)
            if r is None or r[0] in seen:
                continue
            seen.add(r[0])
            row = {"text": r[0], "source": r[1], "target": r[2], "type": type_, "mutual": type_ in MUTUAL}
            if r[3] is not None:
                row["others"] = [r[3]]
            rows.append(row)
            made += 1
    made = 0
    while made < args.n_none:
        got = none_sentence(rng)
        if got is None:
            continue
        r = render(*got)
        if r is None or r[0] in seen:
            continue
        seen.add(r[0])
        rows.append({"text": r[0], "source": r[1], "target": r[2], "type": "NONE", "mutual": False})
        made += 1
    rng.shuffle(rows)
    with args.out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"wrote {len(rows)} sentences to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
