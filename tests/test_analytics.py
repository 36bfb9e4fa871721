"""flashpoint.analytics: dyads, timeline, chains and intensity series over a real store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from test_link_data import Art

from flashpoint.analytics import chains, dyads, intensity, timeline
from flashpoint.cli import cli
from flashpoint.link import rebuild
from flashpoint.records import Event
from flashpoint.store import Store


def _events() -> dict[str, Event]:
    a = Art("x1", [
        "The US imposed sanctions on Chinese officials over Xinjiang.",
        "China sanctioned Senators Cruz and Rubio in retaliation.",
        "The US then closed the Chinese consulate in Houston in response.",
        "China criticised the US.",
    ])
    b = Art("x2", [
        "Britain froze the assets of 25 Russians.",
        "Russia accused Britain of hostility.",
    ])
    ev = {
        "us_sanc": a.ev(0, "USA", "CHN", "SANCTION", "sanctions", "imposed", date="2020-07-01"),
        "cn_sanc": a.ev(1, "CHN", "USA", "SANCTION", "sanctions", "sanctioned",
                        date="2020-07-13"),
        "us_close": a.ev(2, "USA", "CHN", "SANCTION", "close consulate", "closed",
                         date="2020-07-22"),
        "cn_acc": a.ev(3, "CHN", "USA", "ACCUSE", "criticise", "criticised", date="2020-07-23"),
        "uk_freeze": b.ev(0, "GBR", "RUS", "SANCTION", "asset freeze", "froze",
                          date="2020-07-06"),
        "ru_acc": b.ev(1, "RUS", "GBR", "ACCUSE", "accuse", "accused", date="2020-07-07"),
    }
    link = {"cn_sanc": "us_sanc", "us_close": "cn_sanc", "ru_acc": "uk_freeze"}
    for k, v in link.items():
        ev[k] = dataclasses.replace(ev[k], response_to=ev[v].id, link_kind="explicit")
    return ev


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("an") / "an.duckdb"
    with Store(path) as st:
        st.add_coded_events(list(_events().values()))
        rebuild(st)
    return path


@pytest.fixture()
def store(db: Path):  # type: ignore[no-untyped-def]
    st = Store(db, read_only=True)
    yield st
    st.close()


def test_dyads_rank_and_measures(store: Store) -> None:
    df = dyads(store)
    top = df.iloc[0]
    # USA->CHN: two sanctions at -5 each: hostility score 10, the highest.
    assert (top["source"], top["target"]) == ("USA", "CHN")
    assert top["hostility_score"] == 10.0 and top["n_SANCTION"] == 2 and top["quad4"] == 2
    usa = df.set_index(["source", "target"])
    # Reciprocity of USA->CHN: both US acts hostile; China answered the first (12 days).
    assert usa.loc[("USA", "CHN"), "reciprocity"] == 0.5
    assert usa.loc[("USA", "CHN"), "median_lag_days"] == 12
    # CHN->USA: China's sanctions answered by the US 9 days later; its accusation was not.
    assert usa.loc[("CHN", "USA"), "reciprocity"] == 0.5
    assert usa.loc[("CHN", "USA"), "median_lag_days"] == 9
    # China's one response matched the US sanctions' intensity; Russia's accusation (-3)
    # answering an asset freeze (-5) de-escalates.
    assert usa.loc[("CHN", "USA"), "n_match"] == 1
    assert usa.loc[("RUS", "GBR"), "n_deescalate"] == 1
    # Escalation of CHN->USA: sanctions (-5) then accusation (-3): later acts milder.
    assert usa.loc[("CHN", "USA"), "escalation_index"] == -2.0


def test_dyads_filters(store: Store) -> None:
    assert set(dyads(store, since="2020-07-20")["source"]) == {"USA", "CHN"}
    assert dyads(store, until="2020-07-01")["n_events"].tolist() == [1]
    assert dyads(store, min_events=2)[["source", "target"]].values.tolist() == [
        ["USA", "CHN"], ["CHN", "USA"]]


def test_timeline_both_ways_by_date(store: Store) -> None:
    df = timeline(store, "CHN", "USA")
    assert df["date"].is_monotonic_increasing and len(df) == 4
    assert df["answers"].tolist()[1] == "USA SANCTION of 2020-07-01"


def test_chains_longest_first(store: Store) -> None:
    got = chains(store)
    assert [len(c) for c in got] == [3, 2]
    assert [(e.source, e.mode) for e in got[0]] == [
        ("USA", "sanctions"), ("CHN", "sanctions"), ("USA", "close consulate")]
    assert [len(c) for c in chains(store, "GBR")] == [2]
    assert chains(store, "GBR", "USA") == []


def test_intensity_series(store: Store) -> None:
    weekly = intensity(store, "week", "CHN", "USA")
    assert set(weekly["period"].dt.day_of_week) == {0}  # weeks start on Monday
    assert weekly["n_events"].sum() == 4
    monthly = intensity(store, "month")
    assert (monthly["period"] == pd.Timestamp("2020-07-01")).all()
    assert monthly["sum_intensity"].sum() == pytest.approx(-26.0)


def test_cli_commands(db: Path) -> None:
    r = CliRunner().invoke(cli, ["dyads", "--db", str(db), "--format", "csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[1].startswith("USA,CHN,")
    r = CliRunner().invoke(cli, ["chains", "CHN", "USA", "--db", str(db)])
    assert r.exit_code == 0 and "chain 1 (3 acts)" in r.output
    r = CliRunner().invoke(cli, ["timeline", "chn", "usa", "--db", str(db), "--format", "jsonl"])
    assert r.exit_code == 0 and len(r.output.splitlines()) == 4
    r = CliRunner().invoke(cli, ["dyads", "--db", str(db.parent / "missing.duckdb")])
    assert r.exit_code == 2 and "ingest" in r.output


def test_worked_example_of_the_docs(tmp_path: Path) -> None:
    """docs/responses.md, "Worked example": the seed's three exchanges with their 2020 dates."""
    arts = {
        "xinjiang": ("The US imposed sanctions on Chinese officials over Xinjiang.", "2020-07-09"),
        "cruz": ("China announced sanctions on Senators Ted Cruz and Marco Rubio in retaliation.",
                 "2020-07-13"),
        "houston": ("The US ordered China to close its consulate in Houston.", "2020-07-22"),
        "chengdu": ("China ordered the US to close its consulate in Chengdu.", "2020-07-24"),
        "magnitsky": ("Britain froze the assets of 25 Russians under its new Magnitsky sanctions.",
                      "2020-07-06"),
        "moscow": ("Moscow said it would respond to the UK with reciprocal measures.", "2020-07-07"),
    }
    a = {k: Art(k, [s], date=d) for k, (s, d) in arts.items()}
    evs = [
        a["xinjiang"].ev(0, "USA", "CHN", "SANCTION", "sanctions", "imposed"),
        a["cruz"].ev(0, "CHN", "USA", "SANCTION", "sanctions", "announced"),
        a["houston"].ev(0, "USA", "CHN", "SANCTION", "close consulate", "ordered"),
        a["chengdu"].ev(0, "CHN", "USA", "SANCTION", "close consulate", "ordered"),
        a["magnitsky"].ev(0, "GBR", "RUS", "SANCTION", "asset freeze", "froze"),
        a["moscow"].ev(0, "RUS", "GBR", "THREATEN", "reciprocal measures", "respond",
                       status="announced"),
    ]
    with Store(tmp_path / "w.duckdb") as st:
        st.add_coded_events(evs)
        assert rebuild(st)["inferred"] == 3
        scores = dict(st.con.execute(
            "SELECT e.doc, l.score FROM links l JOIN events e ON e.id = l.event").fetchall())
        assert scores == {"cruz": 0.98, "moscow": 0.795, "chengdu": 0.69}
        df = dyads(st).set_index(["source", "target"])
        assert list(df.index[:2]) == [("CHN", "USA"), ("USA", "CHN")]
        assert df.loc[("USA", "CHN"), "pair_hostility_score"] == 20.0
        assert df.loc[("USA", "CHN"), "reciprocity"] == 1.0
        assert df.loc[("USA", "CHN"), "median_lag_days"] == 3
        assert df.loc[("CHN", "USA"), "n_match"] == 2
        assert df.loc[("RUS", "GBR"), "n_escalate"] == 1
        assert sorted(len(c) for c in chains(st)) == [2, 2, 2]
