"""The event rules on hand-made sentences, with actors given by a small dictionary.

These pin behaviours (voice, negation, mood, control, coordination) independently of the actor
tables; the quality gate on whole articles is test_coder_gold.py.
"""

from __future__ import annotations

import re

import pytest

from flashpoint.nlp.events import code_doc
from flashpoint.records import ActorMention

NAMES = {
    "China": "CHN", "Chinese": "CHN", "Beijing": "CHN", "US": "USA", "Washington": "USA", "American": "USA",
    "Britain": "GBR", "British": "GBR", "UK": "GBR", "Russia": "RUS", "Russian": "RUS", "Moscow": "RUS",
    "India": "IND", "Indian": "IND", "Iran": "IRN", "Iranian": "IRN", "Iraq": "IRQ", "France": "FRA", "Japan": "JPN",
    "Belarus": "BLR", "Germany": "DEU",
}


def mentions(text: str) -> list[ActorMention]:
    out = []
    for name, code in NAMES.items():
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            out.append(ActorMention(code, "GOV", name, m.start(), m.end(), name, "test"))
    return sorted(out, key=lambda m: m.start)


def triples(nlp, text: str) -> set[tuple[str, str, str]]:  # type: ignore[no-untyped-def]
    doc = nlp(text)
    return {(e.source, e.target, e.type) for e, _s in code_doc(doc, mentions(text), "t", use_classifier=False)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Britain expelled 23 Russian diplomats on Wednesday.", {("GBR", "RUS", "SANCTION")}),
        ("Twenty-three Russian diplomats were expelled by Britain.", {("GBR", "RUS", "SANCTION")}),
        ("China ordered US diplomatic staff to leave their consulate in Chengdu.", {("CHN", "USA", "SANCTION")}),
        ("The US closed the Chinese consulate in Houston.", {("USA", "CHN", "SANCTION")}),
        ("The EU and Britain imposed sanctions on Russia and Belarus.", {("GBR", "RUS", "SANCTION"), ("GBR", "BLR", "SANCTION")}),
        ("Iran accused Iraq of shelling Iranian border towns.", {("IRN", "IRQ", "ACCUSE"), ("IRQ", "IRN", "ASSAULT")}),
        ("France urged Germany to reopen the talks.", {("FRA", "DEU", "REQUEST")}),
    ],
)
def test_voice_control_coordination(nlp, text: str, expected: set[tuple[str, str, str]]) -> None:  # type: ignore[no-untyped-def]
    assert expected <= triples(nlp, text)


def test_negated_act_is_not_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    assert not {t for t in triples(nlp, "China has never interfered in Britain's affairs and did not expel British diplomats.") if t[2] == "SANCTION"}


def test_hypothetical_is_not_an_event(nlp) -> None:  # type: ignore[no-untyped-def]
    assert triples(nlp, "If Russia attacked Britain, the alliance would meet.") == set()


def test_modal_conflict_act_is_a_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    got = triples(nlp, "Chinese state media warned Beijing could retaliate against the US.")
    assert ("CHN", "USA", "THREATEN") in got
    assert not any(t[2] == "ASSAULT" for t in got)


def test_retaliate_in_past_is_not_a_threat(nlp) -> None:  # type: ignore[no-untyped-def]
    # The act that answers is coded from its own verb; "retaliated" itself is not a threat.
    got = triples(nlp, "China retaliated by closing the US consulate in Chengdu.")
    assert ("CHN", "USA", "THREATEN") not in got


def test_joint_acts_are_coded_both_ways(nlp) -> None:  # type: ignore[no-untyped-def]
    got = triples(nlp, "India and China held talks on Monday. Indian and Chinese troops clashed on the border.")
    assert {("IND", "CHN", "CONSULT"), ("CHN", "IND", "CONSULT")} <= got


def test_verbal_attack_is_not_assault(nlp) -> None:  # type: ignore[no-untyped-def]
    got = triples(nlp, "China launched a fresh attack on the UK over its Huawei decision.")
    assert ("CHN", "GBR", "ACCUSE") in got and ("CHN", "GBR", "ASSAULT") not in got


def test_accusation_by_evaluation(nlp) -> None:  # type: ignore[no-untyped-def]
    got = triples(nlp, "A Chinese spokesman said Washington's actions were based on lies.")
    assert ("CHN", "USA", "ACCUSE") in got


def test_no_actor_no_event(nlp) -> None:  # type: ignore[no-untyped-def]
    assert triples(nlp, "Experts believe prices will rise and markets could close early.") == set()


def test_reciprocal_and_undergoing_idioms(nlp) -> None:  # type: ignore[no-untyped-def]
    got = triples(nlp, "India and China accused each other of provocations. Japan came under fire from China over the visit.")
    assert {("IND", "CHN", "ACCUSE"), ("CHN", "IND", "ACCUSE"), ("CHN", "JPN", "ACCUSE")} <= got


def test_requested_act_is_not_done(nlp) -> None:  # type: ignore[no-untyped-def]
    got = triples(nlp, "France urged Germany to expel Russian diplomats. Britain said Russia should apologise to France.")
    assert ("DEU", "RUS", "SANCTION") not in got and ("RUS", "FRA", "CONCEDE") not in got
    assert ("FRA", "DEU", "REQUEST") in got and ("GBR", "RUS", "REQUEST") in got
