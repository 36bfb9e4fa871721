"""flashpoint.link.within: response links inside one article, on hand-built events."""

from __future__ import annotations

from test_link_data import CHENGDU, MAGNITSKY, Art, chengdu_events, magnitsky_events

from flashpoint.link.cues import domain_match, find_cues
from flashpoint.link.within import find_within_links, link_within
from flashpoint.records import Event


def _answers(events: list[Event], text: str) -> dict[tuple[int, str], tuple[int, str] | None]:
    linked = link_within(events, text)
    by_id = {e.id: e for e in linked}
    out: dict[tuple[int, str], tuple[int, str] | None] = {}
    for e in linked:
        a = by_id.get(e.response_to) if e.response_to else None
        out[(e.sentence_index, e.source)] = (a.sentence_index, a.source) if a else None
        if e.response_to:
            assert e.link_kind == "explicit"
    return out


def test_chengdu_refers_back_and_sanctions_same_sentence() -> None:
    got = _answers(chengdu_events(), CHENGDU.text)
    # "The action was taken by China after the US closed ... Houston": Chengdu answers Houston.
    assert got[(1, "CHN")] == (4, "USA")
    # "... sanctions against US officials ... after the US imposed sanctions".
    assert got[(5, "CHN")] == (5, "USA")
    # The answered acts answer nothing.
    assert got[(4, "USA")] is None and got[(5, "USA")] is None


def test_magnitsky_reciprocal_measures_answer_the_asset_freeze() -> None:
    got = _answers(magnitsky_events(), MAGNITSKY.text)
    assert got[(5, "RUS")] == (2, "GBR")  # nearest same-domain act of the other side
    assert got[(0, "RUS")] is not None  # the headline's "hits back" reaches into the body
    assert got[(6, "RUS")] is None  # no cue: not linked (precision first)


def test_same_sentence_cue_between_acts() -> None:
    a = Art("d1", ["China closed the US consulate in Chengdu after the US closed the Chinese "
                   "consulate in Houston."])
    b = a.ev(0, "CHN", "USA", "SANCTION", "close consulate", "closed")
    x = a.ev(0, "USA", "CHN", "SANCTION", "close consulate", "closed", nth=1)
    linked = {e.id: e for e in link_within([b, x], a.text)}
    assert linked[b.id].response_to == x.id
    assert linked[x.id].response_to is None


def test_sentence_initial_cue() -> None:
    a = Art("d2", ["In response to the expulsion of its diplomats by Britain, Russia expelled "
                   "23 British diplomats."])
    x = a.ev(0, "GBR", "RUS", "SANCTION", "expel diplomats", "expulsion")
    b = a.ev(0, "RUS", "GBR", "SANCTION", "expel diplomats", "expelled")
    linked = {e.id: e for e in link_within([x, b], a.text)}
    assert linked[b.id].response_to == x.id


def test_backward_cue_prompting_backlash() -> None:
    a = Art("d3", ["Last week, the UK Government announced all technology from Huawei must be "
                   "removed from its 5G network, prompting a furious backlash from Beijing which "
                   "condemned the decision."])
    x = a.ev(0, "GBR", "CHN", "SANCTION", "ban", "removed")
    b = a.ev(0, "CHN", "GBR", "ACCUSE", "condemn", "condemned")
    linked = {e.id: e for e in link_within([x, b], a.text)}
    assert linked[b.id].response_to == x.id


def test_no_link_without_cue_or_across_unrelated_pairs() -> None:
    a = Art("d4", [
        "The US imposed tariffs on Chinese steel.",
        "China held talks with Russia after the meeting in Moscow.",
        "India retaliated against Pakistan.",
    ])
    x = a.ev(0, "USA", "CHN", "SANCTION", "tariffs", "imposed")
    y = a.ev(1, "CHN", "RUS", "CONSULT", "talks", "held")
    z = a.ev(2, "IND", "PAK", "SANCTION", "", "retaliated")
    assert all(e.response_to is None for e in link_within([x, y, z], a.text))


def test_carried_cue_from_eventless_sentence() -> None:
    a = Art("d5", [
        "President Reagan ordered economic sanctions against the Soviet Union.",
        "Moscow reacted within hours. Tass denounced the sanctions as gross interference.",
    ], date="1981-12-30")
    x = a.ev(0, "USA", "SUN", "SANCTION", "economic sanctions", "ordered")
    # The coder puts the second sentence on its own; mimic its offsets.
    text = a.text
    start = text.index("Tass")
    b = Event(id="b", doc="d5", sentence=text[start:], source="SUN", source_text="Tass",
              source_sector="MED", target="USA", target_text="", target_sector="",
              type="ACCUSE", mode="denounce", trigger="denounced", sentence_index=2,
              sentence_start=start, trigger_start=text[start:].index("denounced"))
    linked = {e.id: e for e in link_within([x, b], text)}
    assert linked["b"].response_to == x.id
    cues = {lk.cue for lk in find_within_links([x, b], text)}
    assert "reacted" in cues


def test_no_two_event_cycle_and_existing_response_kept() -> None:
    a = Art("d6", ["China retaliated against the US, which hit back at China."])
    x = a.ev(0, "CHN", "USA", "SANCTION", "", "retaliated")
    y = a.ev(0, "USA", "CHN", "SANCTION", "", "hit back")
    linked = link_within([x, y], a.text)
    ans = {e.id: e.response_to for e in linked}
    assert not (ans[x.id] == y.id and ans[y.id] == x.id)
    # An event the coder already linked keeps its link.
    pre = x.__class__(**{**x.__dict__, "response_to": "elsewhere"})
    assert link_within([pre, y], a.text)[0].response_to == "elsewhere"


def test_cues_and_domains_from_data_files() -> None:
    kinds = [c.kind for c in find_cues("Russia hit back with counter-sanctions in response to "
                                       "the asset freeze")]
    assert kinds == ["self", "self", "forward_strong"]
    ev = chengdu_events()
    assert domain_match(ev[0], ev[1]) == 1.0  # closure <-> closure
    assert domain_match(ev[0], ev[2]) == 0.0  # closure vs sanctions: different groups


def test_weak_cue_restated_act_and_headline_not_answered() -> None:
    a = Art("d7", [
        "US retaliation: Trump's law threatens China",
        "The US passed a law which imposes sanctions on Chinese entities.",
        "Earlier this month China announced sanctions against US officials, after the US "
        "imposed sanctions over Xinjiang.",
    ])
    head = a.ev(0, "USA", "CHN", "THREATEN", "threaten", "threatens")
    us = a.ev(1, "USA", "CHN", "SANCTION", "sanctions", "imposes")
    cn = a.ev(2, "CHN", "USA", "SANCTION", "sanctions", "announced")
    linked = {e.id: e for e in link_within([head, us, cn], a.text)}
    # The US act after "after" is not coded in the sentence; the article's earlier US
    # sanctions stand for it (same act type, the other side).
    assert linked[cn.id].response_to == us.id
    # A headline restates the story; it is never the act answered.
    assert all(e.response_to != head.id for e in linked.values())


def test_definite_naming_only() -> None:
    a = Art("d8", [
        "China warned the US over Taiwan.",
        "The US said the companies were a threat to its security.",
    ])
    x = a.ev(0, "CHN", "USA", "THREATEN", "warn", "warned")
    b = a.ev(1, "USA", "CHN", "ACCUSE", "allege", "said")
    # "a threat to its security" names no act: no link.
    assert link_within([x, b], a.text)[1].response_to is None
