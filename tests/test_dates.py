"""flashpoint.nlp.dates: event dates from the sentence and the publication date."""

from __future__ import annotations

import pytest

from flashpoint.nlp.dates import event_date, resolve_expression

FRIDAY = "2020-07-24"  # a Friday


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("China ordered US staff to leave the consulate in Chengdu earlier this week.",
         ("2020-07-20", "earlier this week")),
        ("Mike Pompeo at the weekend said the US will take action.", ("2020-07-18", "at the weekend")),
        ("Mr Trump said in a press conference on Monday that the deal was fine.",
         ("2020-07-20", "Monday")),
        ("Earlier this month the Chinese government announced sanctions against US officials.",
         ("2020-07-01", "Earlier this month")),
        ("The new plant began operating last week.", ("2020-07-13", "last week")),
        ("India protested last July.", ("2019-07-01", "last July")),
        ("The UK expelled two diplomats yesterday.", ("2020-07-23", "yesterday")),
        ("Russia expelled two diplomats on 21 July 2020.", ("2020-07-21", "21 July 2020")),
        ("The US closed the consulate on July 21.", ("2020-07-21", "July 21")),
        ("Sergei Magnitsky died in prison in 2009.", ("2009-01-01", "in 2009")),
        # No date expression: the publication date, with no date text.
        ("China closed the consulate.", (FRIDAY, None)),
        # Durations and vague spans are no dates.
        ("Over the last three decades, several rounds of talks have been held.", (FRIDAY, None)),
        # "may" is a verb here, not the month.
        ("China may respond and has many ways to respond.", (FRIDAY, None)),
    ],
)
def test_event_date_past(nlp, sentence: str, expected: tuple[str | None, str | None]) -> None:
    assert event_date(nlp(sentence)[:], FRIDAY) == expected


def test_weekday_on_publication_day_is_that_day(nlp) -> None:
    assert event_date(nlp("Beijing retaliated on Friday.")[:], FRIDAY) == (FRIDAY, "Friday")
    # "last Friday" is strictly before.
    assert event_date(nlp("Beijing retaliated last Friday.")[:], FRIDAY)[0] == "2020-07-17"


def test_never_future_for_past_act(nlp) -> None:
    # "September 15" after a July paper: a past act cannot be dated ahead of publication.
    got, _ = event_date(nlp("The US banned the app on September 15.")[:], FRIDAY)
    assert got is not None and got <= FRIDAY


def test_future_act_resolves_forward(nlp) -> None:
    assert event_date(nlp("China will close the consulate on Monday.")[:], FRIDAY, past=False) == (
        "2020-07-27", "Monday")


def test_without_publication_date(nlp) -> None:
    assert event_date(nlp("China closed it on Monday.")[:], None) == (None, None)
    assert event_date(nlp("China closed it.")[:], None) == (None, None)
    # A date with its own year needs no publication date.
    assert event_date(nlp("Russia expelled them on 21 July 2020.")[:], None)[0] == "2020-07-21"


def test_dateline_and_noun_modifier_are_skipped(nlp) -> None:
    s = nlp("WASHINGTON, Dec. 30 (AP) — President Reagan on Tuesday ordered sanctions.")
    assert event_date(s[:], "1981-12-30") == ("1981-12-29", "Tuesday")
    s = nlp("Reagan said Libya ordered the April 5 attack on the nightclub.")
    assert event_date(s[:], "1986-04-15") == ("1986-04-15", None)


def test_anchor_picks_nearest_expression(nlp) -> None:
    s = nlp("On Monday the UK expelled diplomats, and Russia answered on Wednesday.")
    text = s.text
    assert event_date(s[:], FRIDAY, anchor=text.index("answered"))[0] == "2020-07-22"
    assert event_date(s[:], FRIDAY, anchor=text.index("expelled"))[0] == "2020-07-20"


def test_resolve_expression() -> None:
    assert resolve_expression("earlier this week", FRIDAY) is not None
    assert str(resolve_expression("September 15", FRIDAY)) == "2019-09-15"
    assert str(resolve_expression("September 15", FRIDAY, past=False)) == "2020-09-15"
    assert resolve_expression("45 years", FRIDAY) is None


def test_offset_applies_only_without_expression(nlp) -> None:
    assert event_date(nlp("China closed the consulate.")[:], FRIDAY, default_offset_days=1) == (
        "2020-07-23", None)
    assert event_date(nlp("China closed it on Monday.")[:], FRIDAY, default_offset_days=1)[0] == (
        "2020-07-20")


def test_announced_act_dated_by_past_verb(nlp) -> None:
    # Announced act, but "said on Monday": the Monday already past.
    s = nlp("Canada said on Monday it would bar Aeroflot from Montreal.")
    assert event_date(s[:], FRIDAY, past=False)[0] == "2020-07-20"
    # "will meet on Thursday": the coming Thursday.
    s = nlp("The envoy will meet the foreign minister on Thursday.")
    assert event_date(s[:], FRIDAY, past=False)[0] == "2020-07-30"


def test_since_and_by_are_not_the_act_date(nlp) -> None:
    s = nlp("Australia abandoned the programme that had bound it to France since 2016.")
    assert event_date(s[:], FRIDAY) == (FRIDAY, None)


def test_relative_words_without_publication_date_are_unknown(nlp) -> None:
    # Never read against the machine's clock.
    for text in ("The minister said yesterday that Britain would act.",
                 "Russia expelled them two days ago.", "China warned the UK last week."):
        assert event_date(nlp(text)[:], None) == (None, None), text
