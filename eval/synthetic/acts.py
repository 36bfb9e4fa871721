"""What one state does to another, as verb phrases in the base form, by PLOVER type.

``{T}`` marks the target. Every phrase starts with its verb, so the generator can put it in the
past ("expelled"), the perfect ("has expelled"), a headline present ("Expels"), or negate or
hypothesise it for the no-event sentences. ``MUTUAL`` types are joint acts coded both ways.
Written for flashpoint; wording is deliberately varied and often avoids the obvious trigger
verb, because the classifier only sees sentences the rule lexicon did not match.
"""

from __future__ import annotations

MUTUAL = frozenset({"CONSULT", "COOPERATE"})

ACTS: dict[str, list[str]] = {
    "AGREE": [
        "agree to resume talks with {T}",
        "sign off on a framework deal with {T}",
        "pledge to work with {T} on climate",
        "offer {T} a new round of negotiations",
        "promise {T} it would honour the accord",
        "agree with {T} to meet next month",
        "commit to a joint inquiry with {T}",
        "accept {T}'s invitation to a summit",
        "reach an understanding with {T} on fishing rights",
        "shake hands on a deal with {T}",
        "strike a bargain with {T} over grain prices",
        "settle a border dispute with {T}",
        "consent to a ceasefire proposed by {T}",
        "vow to cooperate with {T} on cybercrime",
        "seal a preliminary agreement with {T}",
        "agree to host {T}'s leader in the autumn",
        "come to terms with {T} on debt relief",
    ],
    "CONSULT": [
        "hold talks with {T}",
        "meet {T} on the sidelines of the summit",
        "speak by phone with {T}",
        "host {T} for two days of talks",
        "receive {T} at the presidential palace",
        "sit down with {T} in Geneva",
        "travel to see {T}",
        "confer with {T} about the crisis",
        "welcome {T} to a state dinner",
        "hold a video call with {T}",
        "exchange views with {T} on regional security",
        "huddle with {T} behind closed doors",
        "pay a visit to {T}",
        "open a new channel of dialogue with {T}",
        "brief {T} on the investigation",
        "consult {T} ahead of the vote",
    ],
    "SUPPORT": [
        "praise {T} for its restraint",
        "back {T}'s bid for a seat on the council",
        "endorse {T}'s peace plan",
        "hail {T}'s decision as courageous",
        "throw its weight behind {T}",
        "recognise {T}'s new government",
        "express solidarity with {T}",
        "applaud {T} for releasing the prisoners",
        "stand firmly with {T}",
        "commend {T} on its handling of the election",
        "voice support for {T}'s position",
        "congratulate {T} on the vote",
        "defend {T} against the charges",
        "side with {T} in the dispute",
        "thank {T} for its help",
    ],
    "CONCEDE": [
        "apologise to {T} for the incident",
        "promise {T} to ease the curbs",
        "yield to {T}'s demands",
        "back down in its standoff with {T}",
        "express regret to {T} over the deaths",
        "offer {T} compensation for the damage",
        "drop its objections to {T}'s proposal",
        "give ground to {T} on tariffs",
        "bow to pressure from {T}",
        "acknowledge {T}'s grievances and promise a review",
        "announce it would pull out of the waters claimed by {T}",
    ],
    "COOPERATE": [
        "share intelligence with {T}",
        "extradite a suspect to {T}",
        "stage joint patrols with {T}",
        "pool research with {T}",
        "work alongside {T} to track the smugglers",
        "run a joint investigation with {T}",
        "swap data on fishing stocks with {T}",
        "build a pipeline together with {T}",
        "coordinate its border controls with {T}",
        "team up with {T} on vaccine production",
        "set up a joint task force with {T}",
    ],
    "AID": [
        "send emergency food supplies to {T}",
        "ship weapons to {T}",
        "grant asylum to a dissident wanted by {T}",
        "pledge $2 billion in aid to {T}",
        "fly medical teams to {T}",
        "extend a loan to {T}",
        "deliver air-defence systems to {T}",
        "give {T} humanitarian relief after the earthquake",
        "provide {T} with fuel for the winter",
        "train {T}'s soldiers",
        "donate vaccines to {T}",
        "write off debts owed by {T}",
        "rush tents and blankets to {T}",
    ],
    "RETREAT": [
        "free two sailors held by {T}",
        "pull its troops back from the border with {T}",
        "lift the ban on imports from {T}",
        "hand back a seized tanker to {T}",
        "release a journalist from {T}",
        "reopen its airspace to {T}'s airlines",
        "withdraw its warships from waters near {T}",
        "return the remains of soldiers to {T}",
        "ease visa rules for citizens of {T}",
        "restore landing rights for {T}'s carrier",
        "let inspectors from {T} into the site",
        "unfreeze assets belonging to {T}",
    ],
    "REQUEST": [
        "press {T} to release the detained activists",
        "call on {T} to exercise restraint",
        "urge {T} to return to the talks",
        "demand that {T} withdraw its forces",
        "ask {T} to extradite the suspects",
        "appeal to {T} to reopen the border",
        "implore {T} to halt the executions",
        "lean on {T} to accept the plan",
        "tell {T} to stop meddling",
        "insist that {T} pay compensation",
        "seek assurances from {T} about the missing crew",
        "push {T} for access to the detainees",
        "petition {T} for the return of the artefacts",
    ],
    "ACCUSE": [
        "accuse {T} of spying",
        "blast {T} over its human rights record",
        "charge {T} with violating the truce",
        "lash out at {T} over the arrests",
        "blame {T} for the attack",
        "condemn {T}'s crackdown on protesters",
        "criticise {T} for its handling of the outbreak",
        "denounce {T} as a threat to peace",
        "slam {T} for hypocrisy",
        "rebuke {T} over the missile test",
        "castigate {T} for backing the rebels",
        "allege that {T} rigged the vote",
        "open an inquiry into {T}'s role in the bombing",
        "brand {T} a rogue state",
        "take {T} to task over the detentions",
        "file a complaint against {T} at the WTO",
        "round on {T} for its silence",
    ],
    "REJECT": [
        "reject {T}'s demands",
        "turn down {T}'s offer of talks",
        "dismiss {T}'s proposal as a stunt",
        "rebuff {T}'s overtures",
        "veto a resolution drafted by {T}",
        "refuse to meet {T}",
        "brush off {T}'s complaint",
        "snub {T}'s invitation",
        "call off a planned visit to {T}",
        "spurn {T}'s request for extradition",
        "pour cold water on {T}'s peace plan",
        "refuse {T}'s request for access",
        "scorn {T}'s claims as baseless",
    ],
    "THREATEN": [
        "warn {T} of severe consequences",
        "threaten {T} with sanctions",
        "vow to punish {T}",
        "give {T} an ultimatum",
        "warn {T} it would retaliate",
        "promise {T} a firm response",
        "threaten to expel {T}'s diplomats",
        "caution {T} that it was playing with fire",
        "menace {T} with a trade war",
        "say {T} would pay a heavy price",
        "put {T} on notice",
        "warn {T} against crossing the line",
    ],
    "PROTEST": [
        "rally outside {T}'s embassy",
        "stage a sit-in at {T}'s consulate",
        "burn {T}'s flag",
        "boycott goods made in {T}",
        "march on {T}'s mission",
        "picket the offices of {T}'s airline",
        "pelt {T}'s embassy with eggs",
        "walk out of a speech by {T}",
        "hold a vigil outside {T}'s consulate",
    ],
    "SANCTION": [
        "expel two diplomats from {T}",
        "close {T}'s consulate",
        "slap tariffs on steel from {T}",
        "freeze the assets of {T}'s central bank",
        "cut diplomatic ties with {T}",
        "bar {T}'s airlines from its airspace",
        "blacklist firms linked to {T}",
        "halt arms sales to {T}",
        "recall its ambassador from {T}",
        "suspend a trade pact with {T}",
        "impose an embargo on {T}",
        "kick {T}'s envoy out of the country",
        "downgrade relations with {T}",
        "shut out {T}'s telecom companies from its networks",
        "cancel landing rights for {T}'s carrier",
        "order {T}'s reporters to leave",
        "revoke the licence of {T}'s state broadcaster",
    ],
    "MOBILIZE": [
        "mass troops on the border with {T}",
        "send warships toward {T}",
        "put its forces on alert against {T}",
        "stage war games near {T}",
        "deploy missiles within range of {T}",
        "fortify islands claimed by {T}",
        "scramble jets to shadow {T}'s bombers",
        "move tanks up to the frontier with {T}",
        "call up reservists amid the standoff with {T}",
        "hold naval drills off the coast of {T}",
    ],
    "COERCE": [
        "detain a businessman from {T}",
        "seize a tanker owned by {T}",
        "ban {T}'s social media apps",
        "hack into {T}'s power grid",
        "deport dozens of citizens of {T}",
        "arrest a diplomat from {T} on espionage charges",
        "jam {T}'s broadcasts",
        "censor reports critical of {T}",
        "impound cargo bound for {T}",
        "raid the offices of {T}'s state bank",
        "confiscate property belonging to {T}'s embassy",
    ],
    "ASSAULT": [
        "shell positions held by {T}",
        "shoot down a drone belonging to {T}",
        "bomb targets inside {T}",
        "fire rockets at {T}",
        "kill three soldiers from {T} in a border clash",
        "strike {T}'s air bases",
        "open fire on {T}'s patrol boats",
        "launch an air raid on {T}",
        "sink a vessel from {T}",
        "ambush a convoy from {T}",
        "torpedo {T}'s frigate",
    ],
}

# Irregular verbs: base -> (past, past participle). Others follow the regular rules.
IRREGULAR: dict[str, tuple[str, str]] = {
    "hold": ("held", "held"),
    "meet": ("met", "met"),
    "speak": ("spoke", "spoken"),
    "sit": ("sat", "sat"),
    "send": ("sent", "sent"),
    "give": ("gave", "given"),
    "fly": ("flew", "flown"),
    "write": ("wrote", "written"),
    "shut": ("shut", "shut"),
    "cut": ("cut", "cut"),
    "freeze": ("froze", "frozen"),
    "put": ("put", "put"),
    "shoot": ("shot", "shot"),
    "strike": ("struck", "struck"),
    "sink": ("sank", "sunk"),
    "take": ("took", "taken"),
    "throw": ("threw", "thrown"),
    "stand": ("stood", "stood"),
    "tell": ("told", "told"),
    "seek": ("sought", "sought"),
    "build": ("built", "built"),
    "set": ("set", "set"),
    "run": ("ran", "run"),
    "swap": ("swapped", "swapped"),
    "bar": ("barred", "barred"),
    "slap": ("slapped", "slapped"),
    "ban": ("banned", "banned"),
    "jam": ("jammed", "jammed"),
    "come": ("came", "come"),
    "shake": ("shook", "shaken"),
    "seal": ("sealed", "sealed"),
    "pay": ("paid", "paid"),
    "say": ("said", "said"),
    "let": ("let", "let"),
    "lean": ("leaned", "leaned"),
    "pour": ("poured", "poured"),
    "burn": ("burned", "burned"),
    "pelt": ("pelted", "pelted"),
    "walk": ("walked", "walked"),
    "march": ("marched", "marched"),
    "bow": ("bowed", "bowed"),
    "drop": ("dropped", "dropped"),
    "ship": ("shipped", "shipped"),
    "rebuff": ("rebuffed", "rebuffed"),
    "snub": ("snubbed", "snubbed"),
    "spurn": ("spurned", "spurned"),
    "kick": ("kicked", "kicked"),
    "fire": ("fired", "fired"),
    "stage": ("staged", "staged"),
    "hack": ("hacked", "hacked"),
    "open": ("opened", "opened"),
    "offer": ("offered", "offered"),
    "deliver": ("delivered", "delivered"),
    "pledge": ("pledged", "pledged"),
    "blacklist": ("blacklisted", "blacklisted"),
    "commit": ("committed", "committed"),
    "scramble": ("scrambled", "scrambled"),
    "mass": ("massed", "massed"),
    "rally": ("rallied", "rallied"),
    "veto": ("vetoed", "vetoed"),
    "menace": ("menaced", "menaced"),
    "round": ("rounded", "rounded"),
    "picket": ("picketed", "picketed"),
    "extend": ("extended", "extended"),
    "reopen": ("reopened", "reopened"),
    "refuse": ("refused", "refused"),
    "unfreeze": ("unfroze", "unfrozen"),
    "brief": ("briefed", "briefed"),
    "team": ("teamed", "teamed"),
    "pool": ("pooled", "pooled"),
    "torpedo": ("torpedoed", "torpedoed"),
    "shell": ("shelled", "shelled"),
    "bomb": ("bombed", "bombed"),
    "ambush": ("ambushed", "ambushed"),
    "recall": ("recalled", "recalled"),
}


def _regular(base: str) -> str:
    if base.endswith("e"):
        return base + "d"
    if base.endswith("y") and base[-2:-1] not in "aeiou":
        return base[:-1] + "ied"
    return base + "ed"


def past(vp: str) -> str:
    """'expel two diplomats' -> 'expelled two diplomats'."""
    verb, _, rest = vp.partition(" ")
    p = IRREGULAR.get(verb, (None, None))[0] or ("expelled" if verb == "expel" else _regular(verb))
    return f"{p} {rest}".strip()


def participle(vp: str) -> str:
    verb, _, rest = vp.partition(" ")
    p = IRREGULAR.get(verb, (None, None))[1] or ("expelled" if verb == "expel" else _regular(verb))
    return f"{p} {rest}".strip()


def third(vp: str) -> str:
    """'expel two diplomats' -> 'expels two diplomats' (headline present)."""
    verb, _, rest = vp.partition(" ")
    if verb in ("say",):
        v = "says"
    elif verb.endswith(("s", "sh", "ch", "x", "z", "o")):
        v = verb + "es"
    elif verb.endswith("y") and verb[-2] not in "aeiou":
        v = verb[:-1] + "ies"
    else:
        v = verb + "s"
    return f"{v} {rest}".strip()


def gerund(vp: str) -> str:
    verb, _, rest = vp.partition(" ")
    doubled = {
        "bar": "barring",
        "ban": "banning",
        "slap": "slapping",
        "cut": "cutting",
        "shut": "shutting",
        "put": "putting",
        "sit": "sitting",
        "swap": "swapping",
        "jam": "jamming",
        "drop": "dropping",
        "ship": "shipping",
        "snub": "snubbing",
        "set": "setting",
        "run": "running",
        "let": "letting",
        "expel": "expelling",
        "commit": "committing",
    }
    if verb in doubled:
        g = doubled[verb]
    elif verb.endswith("ie"):
        g = verb[:-2] + "ying"
    elif verb.endswith("e") and not verb.endswith(("ee", "ye")):
        g = verb[:-1] + "ing"
    else:
        g = verb + "ing"
    return f"{g} {rest}".strip()
