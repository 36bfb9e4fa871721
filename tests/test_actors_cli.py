"""``flashpoint actors``: prints the mentions of any readable input."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from flashpoint.cli import cli


def test_actors_command_prints_mentions(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "note.txt"
    src.write_text("Moscow expelled two British diplomats.\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["actors", str(src), "--date", "1985-05-01"])
    assert res.exit_code == 0, res.output
    rows = [line.split("\t") for line in res.output.splitlines() if line.strip()]
    assert [(r[3], r[4], r[5]) for r in rows] == [
        ("Moscow", "SUN", "GOV"), ("British diplomats", "GBR", "GOV")]
    assert rows[0][1:3] == ["0", "6"]


def test_actors_command_json_and_bad_date(tmp_path: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    src = tmp_path / "note.txt"
    src.write_text("The Kremlin denied it.\n", encoding="utf-8")
    res = CliRunner().invoke(cli, ["actors", str(src), "--json"])
    assert res.exit_code == 0, res.output
    rec = json.loads(res.output.splitlines()[0])
    assert (rec["code"], rec["sector"], rec["kind"]) == ("RUS", "GOV", "institution")
    bad = CliRunner().invoke(cli, ["actors", str(src), "--date", "May 1985"])
    assert bad.exit_code == 2
    assert "YYYY-MM-DD" in bad.output
