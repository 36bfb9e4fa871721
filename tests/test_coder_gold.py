"""Quality gate: the coder against the dev gold (eval/gold), with floors pinned in eval/floors.json.

The gold is the project's own (articles written and annotated by the developers, plus the
bundled example), so this gate runs everywhere; the PLV_test check needs ../shared and skips
without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval.report import load_gold, predict_gold, score_gold, score_links_and_dates, score_plv

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def coded():  # type: ignore[no-untyped-def]
    docs, events = load_gold()
    assert len(docs) >= 40, "the dev gold should hold at least 40 articles"
    return docs, events, predict_gold(docs)


@pytest.fixture(scope="module")
def scores(coded):  # type: ignore[no-untyped-def]
    docs, events, pred = coded
    return score_gold(pred, docs, events)


@pytest.mark.parametrize("split", ["dev", "test"])
def test_triple_floors(scores, split: str) -> None:  # type: ignore[no-untyped-def]
    got = scores[split].triples
    floor = FLOORS[f"gold_{split}"]
    assert got.precision >= floor["precision"], f"{split} precision {got.precision:.3f} < {floor['precision']}"
    assert got.recall >= floor["recall"], f"{split} recall {got.recall:.3f} < {floor['recall']}"
    assert got.f1 >= floor["f1"], f"{split} F1 {got.f1:.3f} < {floor['f1']}"


def test_link_floor(scores) -> None:  # type: ignore[no-untyped-def]
    # End to end: a link counts only when the coder got both of its events right.
    assert scores["all"].links.f1 >= FLOORS["links_all"]["f1"], scores["all"].links


def test_linker_and_date_floors(coded) -> None:  # type: ignore[no-untyped-def]
    docs, events, pred = coded
    res = score_links_and_dates(pred, docs, events)
    # The linker alone, on the gold events with their links removed.
    assert res["linker_oracle_all"]["f1"] >= FLOORS["linker_oracle_all"]["f1"], res["linker_oracle_all"]
    # Dates of the coder's events that match a dated gold event.
    assert res["dates_all"]["within_1_day"] >= FLOORS["dates_all"]["within_1_day"], res["dates_all"]
    assert res["dates_all"]["exact"] >= FLOORS["dates_all"]["exact"], res["dates_all"]


def test_gold_covers_every_type() -> None:
    _docs, events = load_gold()
    types = {e["type"] for e in events}
    from flashpoint.records import EVENT_TYPES

    assert set(EVENT_TYPES) <= types


def test_plv_test_accuracy(shared_dir: Path) -> None:
    res = score_plv(shared_dir / "data" / "zsp" / "PLV_test.tsv")
    assert res["accuracy"] >= FLOORS["plv_test_accuracy"], res
