"""eval/link_eval.py: link and date scoring on small hand-made gold and prediction files."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from flashpoint.errors import ConfigError
from flashpoint.link.types import type_info, type_table
from flashpoint.records import EVENT_TYPES

# eval/ is a top-level folder of the repository, not part of the installed package.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from eval.link_eval import main, score_dates, score_links  # noqa: E402


def _ev(id_: str, doc: str, s: str, t: str, ty: str, resp: str | None = None,
        date: str | None = None) -> dict[str, object]:
    return {"id": id_, "doc": doc, "source": s, "target": t, "type": ty, "response_to": resp,
            "date": date}


GOLD = [
    _ev("g1", "d1", "USA", "CHN", "SANCTION", date="2020-07-21"),
    _ev("g2", "d1", "CHN", "USA", "SANCTION", "g1", date="2020-07-24"),
    _ev("g3", "d1", "CHN", "USA", "THREATEN", "g1", date="2020-07-24"),
    _ev("g4", "d2", "GBR", "RUS", "SANCTION", date="2020-07-06"),
]


def test_link_scoring_by_triples() -> None:
    pred = [
        # Ids differ from gold: links match through the triples of both ends.
        _ev("p1", "d1", "USA", "CHN", "SANCTION", date="2020-07-24"),
        _ev("p2", "d1", "CHN", "USA", "SANCTION", "p1", date="2020-07-24"),
        # A repeat of the same triple with the same link counts once.
        _ev("p2b", "d1", "CHN", "USA", "SANCTION", "p1"),
        # A wrong link (answers the threat instead): a false positive.
        _ev("p3", "d1", "CHN", "USA", "THREATEN"),
        _ev("p4", "d2", "GBR", "RUS", "SANCTION", "p3"),
        # A doc without gold is not scored.
        _ev("p5", "d9", "USA", "CHN", "SANCTION", "p1"),
    ]
    prf = score_links(GOLD, pred)
    assert (prf.tp, prf.fp, prf.fn) == (1, 1, 1)
    assert prf.precision == 0.5 and prf.recall == 0.5


def test_date_scoring() -> None:
    pred = [
        _ev("p1", "d1", "USA", "CHN", "SANCTION", date="2020-07-24"),  # 3 days off
        _ev("p1b", "d1", "USA", "CHN", "SANCTION", date="2020-07-22"),  # closest: 1 day off
        _ev("p2", "d1", "CHN", "USA", "SANCTION", date="2020-07-24"),  # exact
        _ev("p3", "d1", "CHN", "USA", "THREATEN"),  # matched triple, no date
    ]
    rep = score_dates(GOLD, pred)
    assert rep["n"] == 3 and rep["no_date"] == 1
    assert rep["exact"] == pytest.approx(1 / 3, abs=1e-3)
    assert rep["within_1_day"] == pytest.approx(2 / 3, abs=1e-3)


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    gold = tmp_path / "x_events.jsonl"
    gold.write_text("".join(json.dumps(e) + "\n" for e in GOLD))
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(e) + "\n" for e in GOLD[:2]))
    assert main([str(pred), "--gold", str(gold), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["links"]["precision"] == 1.0 and out["links"]["recall"] == 0.5
    assert out["dates"]["exact"] == 1.0
    assert main([str(pred), "--gold", str(tmp_path / "none_*.jsonl")]) == 2


def test_type_table_covers_plover() -> None:
    assert set(type_table()) == set(EVENT_TYPES)
    assert type_info("sanction") == (4, "16", -5.0)
    assert type_info("ASSAULT").intensity == -9.0 and type_info("AID").intensity == 7.0
    for ty in EVENT_TYPES:
        q, root, inten = type_info(ty)
        assert (q >= 3) == (inten < 0) and len(root) == 2
    with pytest.raises(ConfigError, match="unknown PLOVER event type"):
        type_info("YIELD")
