"""The example dump end to end: ingest, then the response chains and dyads a reader expects.

The three retaliation chains the articles state must come out with explicit links, and
CHN–USA must rank as the most hostile pair (issue "Responses and escalation", done-when).
"""

from __future__ import annotations

from pathlib import Path

import pytest

import flashpoint
from flashpoint import analytics
from flashpoint.store import Store


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, example_path: Path):  # type: ignore[no-untyped-def]
    db = tmp_path_factory.mktemp("seed") / "seed.duckdb"
    flashpoint.ingest([str(example_path)], db=str(db))
    with Store(str(db), read_only=True) as st:
        yield st


def _has_answer(chains: list[list[flashpoint.Event]], first: tuple[str, str, str], answer: tuple[str, str, str]) -> bool:
    for chain in chains:
        for a, b in zip(chain, chain[1:], strict=False):
            if (a.source, a.target, a.type) == first and (b.source, b.target, b.type)[:2] == answer[:2] \
                    and b.type in answer[2].split("|") and b.link_kind == "explicit":
                return True
    return False


def test_three_retaliation_chains(store) -> None:  # type: ignore[no-untyped-def]
    chains = analytics.chains(store)
    # Houston closed by the US -> Chengdu closed by China.
    assert _has_answer(chains, ("USA", "CHN", "SANCTION"), ("CHN", "USA", "SANCTION"))
    # UK Magnitsky sanctions -> Moscow's "reciprocal measures".
    assert _has_answer(chains, ("GBR", "RUS", "SANCTION"), ("RUS", "GBR", "THREATEN|SANCTION"))
    # US sanctions (Xinjiang, Hong Kong) -> China's sanctions on Cruz and Rubio.
    cruz = [c for c in chains if any("Cruz" in e.sentence and e.source == "CHN" for e in c)]
    assert cruz and _has_answer(cruz, ("USA", "CHN", "SANCTION"), ("CHN", "USA", "SANCTION"))


def test_chn_usa_is_the_most_hostile_pair(store) -> None:  # type: ignore[no-untyped-def]
    top = analytics.dyads(store).iloc[0]
    assert {top["source"], top["target"]} == {"CHN", "USA"}
