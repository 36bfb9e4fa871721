"""Exact and near-duplicate detection, within a batch and against what is stored."""

from __future__ import annotations

from pathlib import Path

from flashpoint import read
from flashpoint.clean import clean
from flashpoint.config import Settings
from flashpoint.dedupe import Deduper, content_hash, dedupe, from_bytes, signature, to_bytes
from flashpoint.records import Article

STORY = (
    "Russia said on Friday it would expel ten diplomats from the embassy of the United States "
    "in Moscow, answering the expulsion of ten Russian diplomats from Washington earlier in the "
    "week. The foreign ministry summoned the American ambassador and handed him a note. "
    "Officials in Washington said the step was regrettable and that they would consider a "
    "response together with their allies in Europe over the coming days. The expelled "
    "Russians had been accused of working for the intelligence services under diplomatic "
    "cover, a charge the Kremlin rejected as absurd and insulting. Both sides have closed "
    "consulates and cut staff in several rounds since the spring, and analysts in both "
    "capitals expect the tit-for-tat to continue until the leaders meet in person, which "
    "neither government has yet agreed to, although a call between the two foreign ministers "
    "is planned for next month according to people familiar with the preparations."
)


def test_example_has_eight_unique_and_two_linked_copies(example_path: Path) -> None:
    arts = dedupe([clean(a) for a in read(example_path)])
    dups = {a.doc: a.duplicate_of for a in arts if a.duplicate_of}
    assert len(arts) == 10 and len(arts) - len(dups) == 8
    assert dups == {"retaliation_articles.txt#3": "retaliation_articles.txt#2",
                    "retaliation_articles.txt#5": "retaliation_articles.txt#4"}


def test_exact_duplicate_ignores_case_spacing_and_quotes() -> None:
    a = Article("a", "Moscow expels US diplomats", STORY)
    b = Article("b", "MOSCOW  expels US diplomats", STORY.replace("American", "American ")
                .replace("said", "said "))
    assert content_hash(a) == content_hash(b)


def test_near_duplicate_found_and_distinct_story_not() -> None:
    edited = STORY.replace("on Friday", "late on Friday").replace("ten diplomats", "10 diplomats")
    other = ("China and India agreed to pull back troops from the disputed Galwan Valley after "
             "talks between their commanders, officials in both capitals said on Monday.")
    arts = dedupe([Article("a", "Moscow expels", STORY), Article("b", "Moscow expels", edited),
                   Article("c", "Border pull-back", other)])
    assert [x.duplicate_of for x in arts] == [None, "a", None]


def test_threshold_comes_from_settings() -> None:
    edited = STORY.replace("on Friday", "late on Friday").replace("ten diplomats", "10 diplomats")
    strict = Settings(near_duplicate_threshold=0.99)
    arts = dedupe([Article("a", "T", STORY), Article("b", "T", edited)], strict)
    assert arts[1].duplicate_of is None


def test_duplicate_points_to_first_copy_not_to_a_copy() -> None:
    arts = dedupe([Article(d, "T", STORY) for d in ("a", "b", "c")])
    assert [x.duplicate_of for x in arts] == [None, "a", "a"]


def test_known_articles_from_the_store_are_matched() -> None:
    first = Article("stored-1", "Moscow expels", STORY)
    sig = to_bytes(signature(first))
    assert from_bytes(sig).jaccard(signature(first)) == 1.0
    d = Deduper(Settings(), known=[("stored-1", content_hash(first), sig)])
    later = d.check(Article("new-1", "Moscow expels", STORY.replace("Friday", "Saturday")))
    assert later.duplicate_of == "stored-1"
