"""Pieces of the dashboard on their own: highlighting, SVG layout, parameter parsing, CLI."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from flashpoint.cli import cli
from flashpoint.web.highlight import article_spans, clip, render_spans, role_spans, safe_url
from flashpoint.web.params import ClientError, parse_code, parse_date, parse_paging, parse_range
from flashpoint.web.sample import build_sample_store
from flashpoint.web.svg import balance_colour, circular_layout, network_svg, timeline_svg


def test_render_spans_escapes_and_nests() -> None:
    text = "Beijing <b>closed</b> it"
    html = render_spans(text, [(0, 7, "hl-source", "source: CHN"), (0, 24, "hl-sent", "")])
    assert str(html) == ('<mark class="hl-source hl-sent" title="source: CHN">Beijing</mark>'
                         '<mark class="hl-sent"> &lt;b&gt;closed&lt;/b&gt; it</mark>')
    # Spans outside the text are dropped, not an error.
    assert str(render_spans("abc", [(2, 9, "x", ""), (-1, 1, "y", "")])) == "abc"


def test_role_spans_use_offsets_then_words() -> None:
    ev = {"sentence": "China ordered US diplomats to leave.", "source": "CHN", "target": "USA",
          "type": "SANCTION", "source_start": 0, "source_end": 5, "target_start": -1,
          "target_end": -1, "target_text": "US diplomats", "trigger": "ordered",
          "trigger_start": -1, "trigger_end": -1}
    spans = {c: (s, e) for s, e, c, _ in role_spans(ev)}
    assert spans == {"hl-source": (0, 5), "hl-target": (14, 26), "hl-trigger": (6, 13)}


def test_article_spans_relocate_wrong_offsets() -> None:
    full = "Title\n\nFirst line. China acted."
    ev = {"sentence": "China acted.", "sentence_start": 3, "source": "CHN", "target": "USA",
          "type": "ACCUSE", "source_start": 0, "source_end": 5}
    spans, missing = article_spans(full, [ev, {"sentence": "not there"}])
    assert missing == 1
    assert (19, 31, "hl-sent", "CHN \u2192 USA ACCUSE") in spans
    assert clip(spans, 7, len(full))[0][:2] == (12, 24)


@pytest.mark.parametrize(("url", "ok"), [
    ("https://example.org/a", True), ("http://x.y", True), ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False), ("data:text/html,x", False), ("//evil.org", False),
    (None, False),
])
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (safe_url(url) is not None) is ok


def test_circular_layout_is_deterministic_and_starts_at_top() -> None:
    pos = circular_layout(["CHN", "USA", "RUS", "GBR"], 100, 100, 50)
    assert pos == circular_layout(["CHN", "USA", "RUS", "GBR"], 100, 100, 50)
    assert pos["CHN"] == pytest.approx((100, 50))
    assert pos["USA"] == pytest.approx((150, 100))  # clockwise


def test_balance_colour() -> None:
    assert balance_colour(0, 5) == "#c82828"
    assert balance_colour(5, 0) == "#1e9650"
    assert balance_colour(2, 2) == "#8c8c8c"


def test_network_svg_escapes_codes_and_links_dyads() -> None:
    svg = str(network_svg(
        [{"code": "CHN", "n": 3}, {"code": "<x onload=1>", "n": 1}],
        [{"source": "CHN", "target": "<x onload=1>", "n": 1, "coop": 0, "conflict": 1,
          "weight": 5.0, "mean_score": -5.0}]))
    assert "<x onload" not in svg and "&lt;x onload=1&gt;" in svg
    assert 'href="/dyad/CHN/%3Cx%20onload%3D1%3E"' in svg


def test_network_svg_draws_only_the_heaviest_edges() -> None:
    nodes = [{"code": c, "n": 5} for c in ("CHN", "USA", "RUS")]
    edges = [{"source": a, "target": b, "n": 1, "coop": 0, "conflict": 1, "weight": w,
              "mean_score": -w} for a, b, w in (("CHN", "USA", 9.0), ("USA", "RUS", 1.0),
                                                 ("RUS", "CHN", 5.0))]
    svg = str(network_svg(nodes, edges, max_edges=2))
    assert svg.count('class="edge"') == 2 and 'data-target="RUS"' not in svg
    assert "the 2 heaviest of 3 links" in svg


def test_timeline_svg_places_events_by_date_and_score() -> None:
    events = [
        {"id": "a", "source": "USA", "target": "CHN", "type": "SANCTION", "day": "2020-07-22",
         "score": -5.0},
        {"id": "b", "source": "CHN", "target": "USA", "type": "SANCTION", "day": "2020-07-24",
         "score": -5.0},
        {"id": "c", "source": "CHN", "target": "USA", "type": "ACCUSE", "day": None},
    ]
    svg = str(timeline_svg("USA", "CHN", events, [{"event": "b", "answers": "a"}]))
    assert svg.count('class="pt ab"') == 1 and svg.count('class="pt ba"') == 1
    assert 'data-event="c"' not in svg  # undated: listed on the page, not drawn
    assert '<g class="link" data-event="b" data-answers="a">' in svg
    # With no date at all, events are drawn in article order instead.
    undated = str(timeline_svg("USA", "CHN", events[2:], []))
    assert 'data-event="c"' in undated and "no dates known" in undated
    assert "No events" in str(timeline_svg("USA", "CHN", [], []))


def test_params() -> None:
    assert parse_paging(None, None).offset == 0
    assert parse_paging("3", "20").offset == 40
    assert parse_paging("1", "10").pages(21) == 3
    assert parse_code("state", " igo:eu ", None) == "IGO:EU"
    assert parse_date("since", "2020-02-29") == dt.date(2020, 2, 29)
    with pytest.raises(ClientError, match="is after"):
        parse_range("2020-02-02", "2020-02-01")
    with pytest.raises(ClientError) as err:
        parse_code("state", "XYZ", ["CHN", "USA"])
    assert err.value.status == 400 and "known codes: CHN, USA" in err.value.message


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert "no store at" in result.output and "flashpoint ingest" in result.output


def test_serve_prints_its_address_and_serves(tmp_path: Path) -> None:
    db = build_sample_store(tmp_path / "s.duckdb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "flashpoint", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        assert line.startswith("flashpoint dashboard on http://127.0.0.1:"), line
        url = line.split()[3]
        for _ in range(100):  # the socket is bound before the line; uvicorn needs a moment
            try:
                r = httpx.get(url + "healthz", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        assert r.json() == {"status": "ok"}
        assert "CHN" in httpx.get(url, timeout=5).text
    finally:
        proc.terminate()
        proc.wait(timeout=10)
