"""The scorer: triples collapse within a document, links need both triples, --docs restricts."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from flashpoint.cli import cli
from flashpoint.evaluate import evaluate


def ev(doc: str, s: str, t: str, ty: str, id_: str = "", resp: str | None = None) -> dict[str, object]:
    return {"id": id_ or f"{doc}{s}{t}{ty}", "doc": doc, "source": s, "target": t, "type": ty, "response_to": resp}


def test_triples_collapse_and_score() -> None:
    gold = [ev("d1", "USA", "CHN", "SANCTION"), ev("d1", "CHN", "USA", "SANCTION"), ev("d2", "GBR", "RUS", "ACCUSE")]
    pred = [
        ev("d1", "USA", "CHN", "SANCTION", "a"),
        ev("d1", "USA", "CHN", "SANCTION", "b"),  # a restatement: still one triple
        ev("d1", "CHN", "USA", "THREATEN"),
        ev("d2", "GBR", "RUS", "ACCUSE"),
    ]
    rep = evaluate(gold, pred)
    assert (rep.triples.tp, rep.triples.fp, rep.triples.fn) == (2, 1, 1)
    assert abs(rep.triples.f1 - 2 / 3) < 1e-9
    assert rep.per_type["SANCTION"].recall == 0.5
    assert rep.confusion["SANCTION"]["THREATEN"] == 1


def test_links_need_both_triples() -> None:
    gold = [ev("d", "USA", "CHN", "SANCTION", "g1"), ev("d", "CHN", "USA", "SANCTION", "g2", "g1")]
    right = [ev("d", "USA", "CHN", "SANCTION", "p1"), ev("d", "CHN", "USA", "SANCTION", "p2", "p1")]
    wrong = [ev("d", "USA", "CHN", "ACCUSE", "p1"), ev("d", "CHN", "USA", "SANCTION", "p2", "p1")]
    assert evaluate(gold, right).links.f1 == 1.0
    assert evaluate(gold, wrong).links.tp == 0


def test_docs_restrict_scoring() -> None:
    gold = [ev("d1", "USA", "CHN", "SANCTION"), ev("d2", "GBR", "RUS", "ACCUSE")]
    pred = [ev("d1", "USA", "CHN", "SANCTION"), ev("d3", "FRA", "DEU", "CONSULT")]
    rep = evaluate(gold, pred, docs=["d1"])
    assert (rep.triples.tp, rep.triples.fp, rep.triples.fn) == (1, 0, 0)


def test_evaluate_command(tmp_path: Path) -> None:
    g, p = tmp_path / "gold.jsonl", tmp_path / "pred.jsonl"
    g.write_text("\n".join(json.dumps(e) for e in [ev("d1", "USA", "CHN", "SANCTION")]) + "\n")
    p.write_text("\n".join(json.dumps(e) for e in [ev("d1", "USA", "CHN", "SANCTION"), ev("d1", "CHN", "USA", "ACCUSE")]))
    res = CliRunner().invoke(cli, ["evaluate", str(g), str(p)])
    assert res.exit_code == 0, res.output
    assert "P 0.500  R 1.000" in res.output
    res = CliRunner().invoke(cli, ["evaluate", str(g), str(p), "--json"])
    assert json.loads(res.output)["triples"]["tp"] == 1


def test_malformed_gold_is_a_clear_error(tmp_path: Path) -> None:
    g = tmp_path / "gold.jsonl"
    g.write_text('{"doc": "d1"\n')
    res = CliRunner().invoke(cli, ["evaluate", str(g), str(g)])
    assert res.exit_code == 2
    assert "gold.jsonl:1" in res.output and "invalid JSON" in res.output
