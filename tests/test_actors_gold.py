"""Accuracy floors of the actor resolver, pinned slightly below the measured numbers.

Measured with ``python -m eval.actors_eval`` (see docs/actors.md); a change that lowers any
of them below its floor fails here.
"""

from __future__ import annotations

import pytest
from eval.actors_eval import (
    HELDOUT,
    SHARED,
    load_gold,
    score_gold,
    score_petrarch,
    score_zsp,
)

from flashpoint.actors import ActorResolver


@pytest.fixture(scope="module")
def resolver(nlp):  # type: ignore[no-untyped-def]
    return ActorResolver(nlp)


def test_gold_has_enough_mentions() -> None:
    records = load_gold()
    assert sum(len(r["mentions"]) for r in records) >= 300
    years = {r["date"][:3] for r in records}
    assert {"198", "199", "200", "201", "202"} <= years


def test_dev_gold_floors(resolver) -> None:
    got = score_gold(resolver, load_gold())
    assert got["code"]["precision"] >= 0.96 and got["code"]["recall"] >= 0.95, got
    assert got["sector"]["precision"] >= 0.95 and got["sector"]["recall"] >= 0.94, got


def test_heldout_gold_floors(resolver) -> None:
    got = score_gold(resolver, load_gold(HELDOUT))
    assert got["code"]["f1"] >= 0.91, got
    assert got["sector"]["f1"] >= 0.85, got


def test_petrarch_unit_records_floor(resolver, shared_dir) -> None:
    path = SHARED / "petrarch2" / "PETR.UnitTest.records.xml"
    if not path.is_file():
        pytest.skip("PETRARCH2 unit-test records absent from ../shared/data")
    got = score_petrarch(resolver, path)
    assert got["expected_codes"] >= 80
    assert got["recall"] >= 0.93, got


def test_zsp_sample_floor(resolver, shared_dir) -> None:
    path = SHARED / "zsp" / "PLV_train.tsv"
    if not path.is_file():
        pytest.skip("ZSP PLV_train.tsv absent from ../shared/data")
    got = score_zsp(resolver, path, sample_only=True)
    assert got["sample"]["n"] >= 50
    assert got["sample"]["code_accuracy"] >= 0.8, got
