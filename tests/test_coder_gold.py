"""Quality gate: the coder against the dev gold (eval/gold), with floors pinned in eval/floors.json.

The gold is the project's own (articles written and annotated by the developers, plus the
bundled example), so this gate runs everywhere; the PLV_test check needs ../shared and skips
without it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from eval.report import load_gold, predict_gold, score_gold, score_plv

ROOT = Path(__file__).resolve().parents[1]
FLOORS = json.loads((ROOT / "eval" / "floors.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def scores():  # type: ignore[no-untyped-def]
    docs, events = load_gold()
    assert len(docs) >= 40, "the dev gold should hold at least 40 articles"
    return score_gold(predict_gold(docs), docs, events)


@pytest.mark.parametrize("split", ["dev", "test"])
def test_triple_floors(scores, split: str) -> None:  # type: ignore[no-untyped-def]
    got = scores[split].triples
    floor = FLOORS[f"gold_{split}"]
    assert got.precision >= floor["precision"], f"{split} precision {got.precision:.3f} < {floor['precision']}"
    assert got.recall >= floor["recall"], f"{split} recall {got.recall:.3f} < {floor['recall']}"
    assert got.f1 >= floor["f1"], f"{split} F1 {got.f1:.3f} < {floor['f1']}"


def test_link_floor(scores) -> None:  # type: ignore[no-untyped-def]
    assert scores["all"].links.f1 >= FLOORS["links_all"]["f1"]


def test_gold_covers_every_type() -> None:
    _docs, events = load_gold()
    types = {e["type"] for e in events}
    from flashpoint.records import EVENT_TYPES

    assert set(EVENT_TYPES) <= types


def test_plv_test_accuracy(shared_dir: Path) -> None:
    res = score_plv(shared_dir / "data" / "zsp" / "PLV_test.tsv")
    assert res["accuracy"] >= FLOORS["plv_test_accuracy"], res
