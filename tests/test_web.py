"""The dashboard in-process: JSON API, HTML pages, errors and safety, on hand-made stores.

Requests go through httpx's ASGI transport (no server, no mocks): the app reads a real
DuckDB file written by flashpoint.store.Store.
"""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from typing import Any

import duckdb
import httpx
import pytest

from flashpoint.errors import StoreError
from flashpoint.web import create_app
from flashpoint.web.sample import build_sample_store, hostile_records, sample_corpus, write_store


class Client:
    """A synchronous client over httpx's ASGI transport."""

    def __init__(self, app: Any, raise_errors: bool = True) -> None:
        self.app = app
        self.raise_errors = raise_errors

    def get(self, url: str) -> httpx.Response:
        async def go() -> httpx.Response:
            transport = httpx.ASGITransport(app=self.app,
                                            raise_app_exceptions=self.raise_errors)
            async with httpx.AsyncClient(transport=transport,
                                         base_url="http://testserver") as c:
                return await c.get(url)

        return asyncio.run(go())


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_sample_store(tmp_path_factory.mktemp("web") / "sample.duckdb")
    write_store(path, *hostile_records())
    return path


@pytest.fixture(scope="module")
def client(store: Path) -> Client:
    return Client(create_app(store))


@pytest.fixture(scope="module")
def ids() -> dict[str, str]:
    """Event ids of the sample by a short name."""
    _, events, _, _ = sample_corpus()
    by_sentence = {e.sentence.split()[0] + e.type: e.id for e in events}
    return {"houston": by_sentence["WashingtonSANCTION"],
            "chengdu": by_sentence["InSANCTION"]}


# -- JSON API ------------------------------------------------------------------------------
def test_summary_counts(client: Client) -> None:
    got = client.get("/api/summary").json()
    assert got == {"articles": 7, "duplicates": 1, "rejects": 2, "events": 14, "links": 4,
                   "states": 6}


def test_events_filter_and_links(client: Client, ids: dict[str, str]) -> None:
    got = client.get("/api/events?state=chn&type=SANCTION&q=consulate").json()
    assert got["total"] == 2
    by_id = {e["id"]: e for e in got["events"]}
    assert set(by_id) == {ids["houston"], ids["chengdu"]}
    chengdu, houston = by_id[ids["chengdu"]], by_id[ids["houston"]]
    assert (chengdu["source"], chengdu["target"]) == ("CHN", "USA")
    assert [a["id"] for a in chengdu["answers"]] == [ids["houston"]]
    assert chengdu["answers"][0]["cue"] == "in retaliation"
    assert [a["id"] for a in houston["answered_by"]] == [ids["chengdu"]]
    assert houston["day"] == "2020-07-22" and chengdu["day"] == "2020-07-24"
    # Newest first.
    assert [e["id"] for e in got["events"]] == [ids["chengdu"], ids["houston"]]


def test_events_date_range_and_pages(client: Client) -> None:
    got = client.get("/api/events?since=2020-07-07&until=2020-07-17").json()
    assert {e["day"] for e in got["events"]} <= {"2020-07-07", "2020-07-17"}
    assert got["total"] == 4
    first = client.get("/api/events?size=5").json()
    second = client.get("/api/events?size=5&page=2").json()
    assert first["total"] == second["total"] == 14 and first["pages"] == 3
    assert len(first["events"]) == 5
    assert not {e["id"] for e in first["events"]} & {e["id"] for e in second["events"]}
    beyond = client.get("/api/events?size=5&page=9").json()
    assert beyond["events"] == [] and beyond["total"] == 14


@pytest.mark.parametrize(("url", "status", "words"), [
    ("/api/events?page=-1", 400, "page=-1 is out of range"),
    ("/api/events?page=abc", 400, "not a whole number"),
    ("/api/events?size=100000", 400, "size=100000 is out of range: use 1..200"),
    ("/api/events?page=99999999999999999999999", 400, "out of range"),
    ("/api/events?since=2020-13-01", 400, "not a valid calendar date"),
    ("/api/events?since=last%20week", 400, "use YYYY-MM-DD"),
    ("/api/events?since=2020-08-01&until=2020-07-01", 400, "is after"),
    ("/api/events?state=ZZZ", 400, "no event in this store involves ZZZ"),
    ("/api/events?source=China", 400, "not an actor code"),
    ("/api/events?type=BOMB", 400, "not a PLOVER event type"),
    ("/api/events?q=" + "x" * 201, 400, "the limit is 200"),
    ("/api/articles?duplicates=maybe", 400, "use one of all, only, hide"),
    ("/api/dyads?limit=0", 400, "limit=0 is out of range"),
    ("/api/dyads/XYZ/USA", 404, "no event in this store involves XYZ"),
    ("/api/dyads/CHN/CHN", 400, "two different states"),
    ("/api/events/ev_nope", 404, "no event with id"),
    ("/api/articles/nope", 404, "no article with doc id"),
    ("/api/nowhere", 404, "no such page"),
])
def test_bad_parameters_get_clear_4xx(client: Client, url: str, status: int, words: str) -> None:
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert words in body["error"] and body["status"] == status


def test_html_pages_answer_errors_in_html(client: Client) -> None:
    r = client.get("/events?since=2020-02-30")
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/html")
    assert "since=&#39;2020-02-30&#39; is not a valid calendar date" in r.text
    assert client.get("/dyad/QQQ/USA").status_code == 404
    assert client.get("/events?size=201").status_code == 400
    assert client.get("/no/such/page").status_code == 404


def test_dyad_api(client: Client, ids: dict[str, str]) -> None:
    got = client.get("/api/dyads/USA/CHN").json()
    assert (got["a"], got["b"]) == ("USA", "CHN")
    assert len(got["events"]) == 6  # 5 sample + the hostile article's expulsion
    assert {"event": ids["chengdu"], "answers": ids["houston"]}.items() <= got["links"][0].items()
    r = got["reciprocity"]
    assert (r["n_ab"], r["n_ba"], r["responses"], r["median_lag_days"]) == (3, 3, 1, 2.0)
    assert r["answered_ab"] == pytest.approx(1 / 3, abs=0.01)  # Houston answered, of 3 hostile
    # flashpoint.analytics supplies per-direction measures.
    assert got["directions"]["ba"]["n_match"] == 1  # Chengdu matches Houston's intensity


def test_dyads_and_chains(client: Client, ids: dict[str, str]) -> None:
    got = client.get("/api/dyads").json()
    assert got["measure"] in ("analytics", "dashboard")
    pairs = {(d["a"], d["b"]) for d in got["dyads"]}
    assert ("USA", "CHN") in pairs or ("CHN", "USA") in pairs
    assert all("escalation" in d for d in got["dyads"])
    chains = client.get("/api/chains").json()
    assert [ids["houston"], ids["chengdu"]] in [[e["id"] for e in c] for c in chains]
    assert len(chains) == 4


def test_articles_duplicates_and_rejects(client: Client) -> None:
    dup = client.get("/api/articles?duplicates=only").json()
    assert [a["doc"] for a in dup["articles"]] == ["consulates-copy"]
    assert dup["rejects"]["total"] == 2
    one = client.get("/api/articles/consulates").json()
    assert [d["doc"] for d in one["duplicates"]] == ["consulates-copy"]
    assert len(one["events"]) == 3
    # A doc id with / ? # in it round-trips when encoded.
    evil = client.get("/api/articles/evil%2F1%3Fx%3D1%23frag").json()
    assert evil["article"]["doc"] == "evil/1?x=1#frag"


def test_event_detail(client: Client, ids: dict[str, str]) -> None:
    got = client.get(f"/api/events/{ids['chengdu']}").json()
    assert got["answers"][0]["id"] == ids["houston"]
    assert got["mention_sentences"][0]["doc"] == "consulates"


def test_openapi_and_docs_page(client: Client) -> None:
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/dyads/{a}/{b}", "/api/articles/{doc}"} <= set(spec["paths"])
    params = {p["name"] for p in spec["paths"]["/api/events"]["get"]["parameters"]}
    assert {"state", "type", "since", "until", "q", "page", "size"} <= params
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/events" in docs.text
    # Nothing is loaded from elsewhere: every src/href of a script or stylesheet is local.
    for page in ("/", "/docs", "/events", "/dyad/CHN/USA"):
        html = client.get(page).text
        for ref in re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', html):
            assert ref.startswith("/"), (page, ref)
    assert client.get("/redoc").status_code == 404


# -- HTML pages -------------------------------------------------------------------------------
def test_overview_page(client: Client) -> None:
    html = client.get("/").text
    for code in ("CHN", "USA", "GBR", "RUS", "IND"):
        assert f'data-code="{code}"' in html
    assert re.search(r'href="/dyad/(CHN/USA|USA/CHN)"', html)
    assert "Recent response chains" in html and "duplicates" in html


def test_dyad_page_draws_timeline_and_link(client: Client, ids: dict[str, str]) -> None:
    html = client.get("/dyad/CHN/USA").text
    assert html.count('class="pt ab"') == 3 and html.count('class="pt ba"') == 3
    assert (f'<g class="link" data-event="{ids["chengdu"]}" '
            f'data-answers="{ids["houston"]}">') in html
    assert "Houston" in html and "Chengdu" in html


def test_events_page_highlights_roles(client: Client) -> None:
    html = client.get("/events?state=CHN&q=Chengdu").text
    assert ('In retaliation, <mark class="hl-source" title="source: CHN">China</mark> '
            '<mark class="hl-trigger" title="trigger: SANCTION">ordered</mark> '
            '<mark class="hl-target" title="target: USA">US diplomats</mark>') in html
    assert '<p class="links answers">answers' in html and '<p class="total">3 events</p>' in html


def test_dyad_picker_redirects(client: Client) -> None:
    r = client.get("/dyad?a=chn&b=USA")
    assert r.status_code == 303 and r.headers["location"] == "/dyad/chn/USA"
    assert client.get("/dyad/chn/USA").status_code == 200  # codes are case-insensitive
    assert client.get("/dyad?a=&b=USA").headers["location"] == "/dyad/-/USA"
    assert client.get("/dyad/-/USA").status_code == 400


def test_article_page_marks_events(client: Client) -> None:
    html = client.get("/articles/consulates").text
    assert html.count('<mark class="hl-sent"') >= 3
    assert "Copies of this article" in html and "consulates-copy" in html
    listing = client.get("/articles").text
    assert "empty text after cleaning" in listing and 'class="dup"' in listing


# -- safety -----------------------------------------------------------------------------------
@pytest.mark.parametrize("url", [
    "/", "/events", "/events?state=CHN", "/articles", "/articles/evil%2F1%3Fx%3D1%23frag",
    "/dyad/CHN/USA",
])
def test_untrusted_text_is_escaped(client: Client, url: str) -> None:
    html = client.get(url).text
    assert "<script>window" not in html
    assert "<img" not in html and "<svg onload" not in html and "<i onmouseover" not in html
    assert 'href="javascript:' not in html
    if "evil" in url:
        assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
        assert "onerror=&#34;window.__pwned=2&#34;" in html


def test_security_headers(client: Client) -> None:
    r = client.get("/")
    csp = r.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp
    assert r.headers["x-content-type-options"] == "nosniff"


def test_store_is_opened_read_only(store: Path) -> None:
    app = create_app(store)
    app.state.dashboard.warming.join()
    con = app.state.dashboard.reader._con
    with pytest.raises(duckdb.Error, match="read-only"):
        con.execute("CREATE TABLE intruder (x INTEGER)")
    app.state.dashboard.reader.close()


def test_missing_store_is_a_store_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="flashpoint ingest"):
        create_app(tmp_path / "absent.duckdb")


def test_per_request_mode_lets_a_writer_in(tmp_path: Path) -> None:
    path = build_sample_store(tmp_path / "s.duckdb")
    client = Client(create_app(path, hold=False))
    assert client.get("/api/summary").json()["rejects"] == 2
    before = {(d["a"], d["b"]): d["n"] for d in client.get("/api/dyads").json()["dyads"]}
    with duckdb.connect(str(path)) as con:  # would fail if the dashboard held the file
        con.execute("INSERT INTO rejects VALUES ('x', '1', 'read', 'late', 'r', NULL)")
    assert client.get("/api/summary").json()["rejects"] == 3
    # The cached analytics notice the change too.
    write_store(path, *hostile_records(evil_code=False))
    after = {(d["a"], d["b"]): d["n"] for d in client.get("/api/dyads").json()["dyads"]}
    assert after[("CHN", "USA")] == before[("CHN", "USA")] + 1


def test_minimal_store_without_scores_or_links(tmp_path: Path) -> None:
    """Only the core columns: pages work, scores come from the type table, and the dyad
    measure falls back to the dashboard's SQL when flashpoint.analytics cannot run."""
    path = tmp_path / "minimal.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute('CREATE TABLE events (id VARCHAR, doc VARCHAR, sentence VARCHAR, '
                    'source VARCHAR, target VARCHAR, "type" VARCHAR, mode VARCHAR, '
                    'date VARCHAR, response_to VARCHAR, confidence DOUBLE, '
                    'sentence_index INTEGER)')
        con.execute("INSERT INTO events VALUES "
                    "('e1', 'd', 'The US closed it.', 'USA', 'CHN', 'SANCTION', 'close', "
                    "'2020-07-22', NULL, 0.9, 0), "
                    "('e2', 'd', 'China hit back.', 'CHN', 'USA', 'SANCTION', 'close', "
                    "'2020-07-24', 'e1', 0.9, 1)")
    client = Client(create_app(path))
    got = client.get("/api/dyads").json()
    assert got["measure"] == "dashboard"
    assert got["dyads"][0]["responses"] == 1 and got["dyads"][0]["escalation"] > 0
    assert client.get("/api/summary").json()["links"] == 1
    dyad = client.get("/api/dyads/USA/CHN").json()
    assert [e["score"] for e in dyad["events"]] == [-5.0, -5.0]  # from plover_types.csv
    for page in ("/", "/events", "/dyad/USA/CHN", "/events/e2", "/articles"):
        assert client.get(page).status_code == 200, page


def test_broken_store_gives_500_without_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE events (id VARCHAR, doc VARCHAR)")
        con.execute("INSERT INTO events VALUES ('e1', 'd1')")
    client = Client(create_app(path), raise_errors=False)
    api = client.get("/api/events")
    assert api.status_code == 500 and api.json()["error"].startswith("internal error")
    page = client.get("/events")
    assert page.status_code == 500
    assert "Traceback" not in page.text and "Binder" not in page.text
