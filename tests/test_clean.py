"""Cleaning removes site clutter and keeps every sentence of the story."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint import read
from flashpoint.clean import clean, clean_text
from flashpoint.records import Article

DATA = Path(__file__).resolve().parent / "data" / "intake"


@pytest.fixture(scope="module")
def cleaned(example_path: Path) -> list[Article]:
    return [clean(a) for a in read(example_path)]


def test_no_clutter_left_in_the_example(cleaned: list[Article]) -> None:
    for art in cleaned:
        for clutter in ("READ MORE", "JUST IN:", "DON\u2019T MISS", "(Image:", "[UPDATE]",
                        "[INSIGHT]", "[OPINION]", "More to follow"):
            assert clutter not in art.text, (art.doc, clutter)
        assert "\n.\n" not in f"\n{art.text}\n"
        assert not any(p.strip() in {"Donald Trump", "China", "China US"}
                       for p in art.text.split("\n\n"))


def test_every_story_sentence_is_kept(cleaned: list[Article]) -> None:
    """Every line of the raw text that is not clutter survives, word for word."""
    by_doc = {a.doc: a for a in cleaned}
    kept = [
        ("#4", "China ordered US diplomatic staff to leave their consulate in the Chinese city "
               "of Chengdu earlier this week."),
        ("#4", "Tensions have also heightened in recent weeks over trade, the coronavirus "
               "pandemic and other issues to dramatic levels not experienced between the two "
               "countries in decades."),
        ("#4", "The action was taken by China after the US closed the Chinese consulate in "
               "Houston, Texas, over claims it was a hub for spying."),
        ("#8", "Therefore we keep our response under review"),
        ("#10", "Protests erupted across India as Chinese flags and products were burnt in the "
                "streets."),
        ("#10", "Images show construction has taken place on the tip of \u2018finger four\u2019"),
        ("#1", "\u201cPerhaps a veiled threat of retaliation here."),
    ]
    for doc, sentence in kept:
        assert sentence in by_doc[f"retaliation_articles.txt{doc}"].text


def test_only_clutter_lines_are_removed(cleaned: list[Article]) -> None:
    for art in cleaned:
        raw_lines = [ln.strip() for ln in art.raw_text.split("\n") if ln.strip()]
        clean_lines = {ln.strip() for ln in art.text.split("\n") if ln.strip()}
        gone = [ln for ln in raw_lines if ln not in clean_lines]
        assert len(gone) == sum(art.removed.values()), art.doc
        for line in gone:
            assert ("(Image:" in line or line.startswith(("READ MORE", "JUST IN", "DON\u2019T"))
                    or line.endswith("]") or line in {".", "More to follow.."}
                    or len(line.split()) <= 12), line


def test_removed_counts_by_kind(cleaned: list[Article]) -> None:
    by_doc = {a.doc.split("#")[1]: a.removed for a in cleaned}
    assert by_doc["1"] == {"just_in": 1, "read_more": 1}
    assert by_doc["4"] == {"image_caption": 6, "bare_caption": 6, "read_more": 1,
                           "dont_miss": 1, "link_list": 1}
    assert by_doc["8"] == {"more_to_follow": 1, "lone_punctuation": 1}
    assert by_doc["10"]["link_list"] == 3 and by_doc["10"]["bare_caption"] == 6


def test_one_line_story_paragraphs_are_kept() -> None:
    art = clean(next(iter(read(DATA / "dump.txt"))))
    paras = art.text.split("\n\n")
    # "Talks failed" is a one-line paragraph with no caption under it: story, kept.
    assert "Talks failed" in paras
    # "Moon Jae-in" sits right above its "(Image: ...)" caption: removed with it.
    assert "Moon Jae-in" not in paras and art.removed == {"image_caption": 1, "bare_caption": 1}


def test_sentence_above_a_caption_is_kept() -> None:
    text = ("The envoy left on Friday.\n\nTroops at the border (Image: Getty)\n\n"
            "\u201cWe will answer,\u201d he said\n\nThe minister (Image: AP)")
    clean_text_, removed = clean_text(text)
    assert clean_text_ == "The envoy left on Friday.\n\n\u201cWe will answer,\u201d he said"
    assert removed == {"image_caption": 2}


def test_repeated_paragraphs_and_idempotence() -> None:
    para = "Beijing announced sanctions on three American defence companies on Monday."
    text, removed = clean_text(f"{para}\n\nSecond paragraph here.\n\n{para}\n\nNo.\n\nNo.")
    assert text == f"{para}\n\nSecond paragraph here.\n\nNo.\n\nNo."
    assert removed == {"repeated_paragraph": 1}
    art = clean(Article("d", "t", f"{para}\n\nREAD MORE: x"))
    assert clean(art) == art and art.raw_text.endswith("READ MORE: x")
