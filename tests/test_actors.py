"""The actor resolver on the seed articles and on the traps named in issue 3."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint.actors import ActorResolver, resolve
from flashpoint.records import ActorMention

PEOPLE_TEST = Path(__file__).parent / "data" / "people_test.csv"


@pytest.fixture(scope="module")
def resolver(nlp):  # type: ignore[no-untyped-def]
    return ActorResolver(nlp, people=[PEOPLE_TEST])


@pytest.fixture(scope="module")
def example(resolver, example_path):  # type: ignore[no-untyped-def]
    text = example_path.read_text(encoding="utf-8")
    return text, resolver.resolve(text)


def find(mentions: list[ActorMention], text: str) -> list[ActorMention]:
    return [m for m in mentions if text in m.text]


def codes(resolver: ActorResolver, text: str, date: str | None = None) -> dict[str, tuple[str, str]]:
    return {m.text: (m.code, m.sector) for m in resolver.resolve(text, date)}


@pytest.mark.parametrize(
    ("phrase", "code", "sector"),
    [
        ("China’s ambassador", "CHN", "GOV"),
        ("Mr Pompeo", "USA", "GOV"),
        ("Chinese state media", "CHN", "MED"),
        ("Moscow", "RUS", "GOV"),
        ("Brexit Britain", "GBR", ""),
        ("Rahul Gandhi", "IND", "OPP"),
        ("Xi Jinping", "CHN", "GOV"),
        ("Narendra Modi", "IND", "GOV"),
        ("Dominic Raab", "GBR", "GOV"),
        ("Vladimir Putin", "RUS", "GOV"),
        ("Liu Xiaoming", "CHN", "GOV"),
        ("Mr Xiaoming", "CHN", "GOV"),
        ("South China Morning Post", "HKG", "MED"),
        ("Huawei", "CHN", "BUS"),
        ("Microsoft", "USA", "BUS"),
    ],
)
def test_seed_actors_resolve(example, phrase: str, code: str, sector: str) -> None:
    _, mentions = example
    found = find(mentions, phrase)
    assert found, f"no mention of {phrase!r}"
    assert {(m.code, m.sector) for m in found} == {(code, sector)}


def test_seed_traps_are_not_actors(example) -> None:
    text, mentions = example
    assert not find(mentions, "Law"), "Professor (David) Law is a commentator, not an actor"
    assert not find(mentions, "Chengdu")
    assert not [m for m in mentions if m.text in ("Brexit", "London")
                and text[m.end:m.end + 2] == ", " and "ambassador to" in text[m.start - 14:m.start]]
    assert not find(mentions, "Tensions"), "caption lines glued to a name"
    assert not find(mentions, "University"), "the University of Hong Kong is no actor"
    for m in mentions:
        assert text[m.start:m.end] == m.text
        assert "Autonomy Act" not in text[m.start:m.end + 14] or m.text != "Hong Kong"


def test_ambassador_to_london_is_the_sending_state(resolver) -> None:
    ms = resolver.resolve("China's ambassador to London, Liu Xiaoming, warned the UK.")
    assert [(m.text, m.code) for m in ms if m.code == "CHN"][:2] == [
        ("China's ambassador", "CHN"), ("Liu Xiaoming", "CHN")]
    assert not [m for m in ms if m.text == "London"]
    ms = resolver.resolve("The British ambassador in Moscow was summoned.", "2010-05-01")
    assert [(m.text, m.code, m.sector) for m in ms] == [("British ambassador", "GBR", "GOV")]


def test_capital_acts_only_when_it_acts(resolver) -> None:
    got = codes(resolver, "Beijing warned Washington. Talks were held in Beijing.")
    assert got == {"Beijing": ("CHN", "GOV"), "Washington": ("USA", "GOV")}
    ms = resolver.resolve("Talks were held in Beijing, and officials flew to Tokyo.")
    assert ms == []
    ms = resolver.resolve("Protesters gathered in Chengdu and in Shanghai.")
    assert ms == []


def test_forms_change_owner_by_date(resolver) -> None:
    assert codes(resolver, "Moscow rejected the note.", "1985-03-01")["Moscow"][0] == "SUN"
    assert codes(resolver, "Moscow rejected the note.", "2015-03-01")["Moscow"][0] == "RUS"
    assert codes(resolver, "Moscow rejected the note.")["Moscow"][0] == "RUS"
    assert codes(resolver, "The Kremlin said no.", "1987-01-01")["The Kremlin"][0] == "SUN"
    assert codes(resolver, "Belgrade protested.", "1995-01-01")["Belgrade"][0] == "YUG"
    assert codes(resolver, "Belgrade protested.", "2015-01-01")["Belgrade"][0] == "SRB"
    assert codes(resolver, "The Soviet Union vetoed it.")["The Soviet Union"][0] == "SUN"


def test_people_resolve_by_date(resolver) -> None:
    text = "Aurelio Vantreska criticised Paris."
    assert codes(resolver, text, "2003-01-01")["Aurelio Vantreska"] == ("ITA", "GOV")
    assert codes(resolver, text, "2010-01-01")["Aurelio Vantreska"] == ("ITA", "LEG")
    assert codes(resolver, text, "2020-01-01")["Aurelio Vantreska"] == ("ITA", "PTY")
    assert codes(resolver, text)["Aurelio Vantreska"] == ("ITA", "LEG")  # most recent office
    assert codes(resolver, "Mr Vantreska said so.", "2003-01-01")["Mr Vantreska"] == ("ITA", "GOV")


def test_surnames_and_pronouns_refer_back(resolver) -> None:
    text = ("Mirela Quostanj met officials on Monday. Ms Quostanj said she was worried.\n\n"
            "“We will not accept this,” the ambassador added.")
    ms = resolver.resolve(text, "2001-01-01")
    got = [(m.text, m.code, m.kind) for m in ms]
    assert ("Mirela Quostanj", "FRA", "person") in got
    assert [(m.code, m.kind) for m in ms if m.text == "Ms Quostanj"] in (
        [("FRA", "coref")], [("FRA", "person")])
    assert ("she", "FRA", "pronoun") in got
    assert ("ambassador", "FRA", "coref") in got
    assert all(m.confidence < 0.9 for m in ms if m.kind in ("coref", "pronoun"))


def test_commentator_pronouns_are_not_actors(resolver) -> None:
    text = "Professor David Law said China acted. He said the US would respond."
    got = [(m.text, m.code) for m in resolver.resolve(text)]
    assert got == [("China", "CHN"), ("the US", "USA")]


def test_adjectives_give_their_head_noun(resolver) -> None:
    ms = resolver.resolve("Indian soldiers burned Chinese flags and shunned Chinese goods "
                          "while US officials met Chinese firms.")
    got = {m.text: (m.code, m.sector, m.kind) for m in ms}
    assert got["Indian soldiers"] == ("IND", "MIL", "adjective:soldiers")
    assert got["Chinese flags"] == ("CHN", "", "adjective:flags")
    assert got["Chinese goods"] == ("CHN", "", "adjective:goods")
    assert got["US officials"] == ("USA", "GOV", "adjective:officials")
    assert got["Chinese firms"] == ("CHN", "BUS", "adjective:firms")


def test_named_places_inside_other_names(resolver) -> None:
    got = codes(resolver, "The Bank of England and the University of Hong Kong disagreed "
                "about the Hong Kong Autonomy Act and the South China Sea.")
    assert got == {"The Bank of England": ("GBR", "GOV")}
    assert codes(resolver, "anti-Chinese lies") == {}


def test_congress_depends_on_context(resolver) -> None:
    us = codes(resolver, "The US Senate and Congress passed the bill.")
    assert us["Congress"] == ("USA", "LEG")
    india = codes(resolver, "In India, the Congress Party attacked the BJP. Congress said no.",
                  "2020-06-01")
    assert india["the Congress Party"] == ("IND", "OPP")
    assert india["Congress"][0] == "IND"


def test_resolve_accepts_text_or_doc(nlp) -> None:
    text = "Japanese officials met the EU in Brussels."
    a = resolve(text)
    b = resolve(nlp(text))
    assert a == b
    assert [(m.code, m.text) for m in a] == [("JPN", "Japanese officials"), ("IGO:EU", "the EU")]


@pytest.mark.parametrize(
    ("text", "date", "want"),
    [
        ("President Reagan spoke.", "1987-05-01", ("USA", "GOV")),
        ("Reagan spoke.", "2020-05-01", ("USA", "PTY")),  # out of office: default sector
        ("Vladimir Putin spoke.", "2005-05-01", ("RUS", "GOV")),
        ("Mr Gorbachev spoke.", "1988-05-01", ("SUN", "GOV")),
    ],
)
def test_packaged_leaders_resolve_by_date(resolver, text: str, date: str,
                                          want: tuple[str, str]) -> None:
    name = text.split(" spoke")[0]
    last = name.split()[-1]
    if resolver.tables.surname_person(last, date) is None:
        pytest.skip(f"{last} is not in the packaged people tables")
    assert codes(resolver, text, date)[name] == want
