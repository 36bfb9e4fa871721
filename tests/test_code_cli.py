"""`flashpoint code`: events of any readable input, no database; the record contract of EVENTS.md."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from flashpoint.cli import cli
from flashpoint.config import Settings
from flashpoint.nlp.pipeline import code_batch, code_stream, prefilter
from flashpoint.records import Article

EVENTS_MD_FIELDS = {
    "id", "doc", "sentence", "source", "source_text", "source_sector", "target", "target_text",
    "target_sector", "type", "mode", "status", "response_to", "date", "confidence",
}


@pytest.fixture(scope="module")
def seed_events(example_path: Path) -> list[dict[str, object]]:
    res = CliRunner().invoke(cli, ["code", str(example_path), "--workers", "1"])
    assert res.exit_code == 0, res.output
    return [json.loads(line) for line in res.stdout.splitlines() if line.strip()]


def test_records_follow_events_md(seed_events: list[dict[str, object]]) -> None:
    assert seed_events
    for ev in seed_events:
        assert EVENTS_MD_FIELDS <= set(ev)
        assert ev["status"] in ("occurred", "announced")
        assert 0.0 <= float(ev["confidence"]) <= 1.0  # type: ignore[arg-type]
        s = str(ev["sentence"])
        a, b = int(ev["trigger_start"]), int(ev["trigger_end"])  # type: ignore[call-overload]
        assert s[a:b] == ev["trigger"]
    assert len({ev["id"] for ev in seed_events}) == len(seed_events)


def test_seed_consulates_and_sanctions(seed_events: list[dict[str, object]]) -> None:
    got = {(e["doc"], e["source"], e["target"], e["type"]) for e in seed_events}
    doc4 = "retaliation_articles.txt#4"
    assert (doc4, "USA", "CHN", "SANCTION") in got  # Houston closed
    assert (doc4, "CHN", "USA", "SANCTION") in got  # Chengdu closed
    assert ("retaliation_articles.txt#9", "GBR", "RUS", "SANCTION") in got  # Magnitsky sanctions
    assert ("retaliation_articles.txt#2", "CHN", "GBR", "THREATEN") in got  # "pay the price"
    assert ("retaliation_articles.txt#10", "IND", "CHN", "PROTEST") in got  # flags burnt
    # The repeats (#3, #5) are not coded again, and the helium story (#6) has no event.
    docs = {e["doc"] for e in seed_events}
    assert not docs & {"retaliation_articles.txt#3", "retaliation_articles.txt#5", "retaliation_articles.txt#6"}


def test_csv_format(example_path: Path) -> None:
    res = CliRunner().invoke(cli, ["code", str(example_path), "--format", "csv", "--workers", "1"])
    assert res.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(res.stdout)))
    assert rows and {"id", "doc", "source", "target", "type", "mode"} <= set(rows[0])


def test_bad_input_is_named_and_the_rest_is_coded(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text(json.dumps({"doc": "g1", "title": "", "text": "Britain expelled 23 Russian diplomats on Wednesday."}) + "\n"
                    + "{not json\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["code", str(good), str(tmp_path / "missing.txt"), "--workers", "1"])
    assert res.exit_code == 1
    assert "good.jsonl:line 2" in res.stderr and "missing.txt" in res.stderr
    evs = [json.loads(x) for x in res.stdout.splitlines()]
    assert ("g1", "GBR", "RUS", "SANCTION") in {(e["doc"], e["source"], e["target"], e["type"]) for e in evs}


def test_prefilter_keeps_offsets_and_blanks_eventless_sentences() -> None:
    text = "Markets rose on Monday. Britain expelled Russian diplomats.\n\nThe weather was fine."
    out, kept, seen = prefilter(text)
    assert len(out) == len(text) and (kept, seen) == (1, 3)
    assert out[text.index("Britain"):].startswith("Britain expelled Russian diplomats.")
    assert "Markets" not in out and "weather" not in out


@pytest.mark.slow
def test_worker_processes_give_the_same_events(example_path: Path) -> None:
    import flashpoint

    arts = [a for a in flashpoint.read(example_path)] * 3
    arts = [Article(doc=f"{a.doc}/{i}", title=a.title, text=a.text) for i, a in enumerate(arts)]
    settings = Settings(batch_size=4)
    one = [[e.id for e in evs] for evs in code_stream(arts, settings, workers=1)]
    two = [[e.id for e in evs] for evs in code_stream(arts, settings, workers=2)]
    assert one == two and sum(map(len, one)) > 0
    assert [[e.id for e in evs] for evs in code_batch(arts[:4], settings)] == one[:4]
