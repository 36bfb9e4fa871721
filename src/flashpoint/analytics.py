"""Dyad analytics over the linked events: who is hostile to whom, who answers, and how hard.

Every function takes a :class:`flashpoint.store.Store` (its ``con``) or a DuckDB connection
and reads tables ``events`` (merged events with final ``response_to``) — or, before the
linking stage has run, ``coded_events``. Formulas are documented in docs/responses.md.

Example:
    >>> import duckdb
    >>> from flashpoint.analytics import dyads
    >>> dyads(duckdb.connect("flashpoint.duckdb", read_only=True)).head()
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from flashpoint.config import Settings
from flashpoint.errors import StoreError
from flashpoint.records import EVENT_TYPES, Event

# A response within this many intensity points of the act it answers "matches" it; beyond,
# it escalates (more hostile) or de-escalates. Half a point separates adjacent PLOVER types.
MATCH_TOLERANCE = 0.5
_NO_ACTOR = ("", "UNK")


def _con(store: Any) -> Any:
    return getattr(store, "con", store)


def load_events(store: Any, since: str | None = None, until: str | None = None) -> pd.DataFrame:
    """Events as a DataFrame (``date`` as datetime64, NaT when unknown).

    Args:
        store: a Store or a DuckDB connection.
        since: keep events dated on or after this ISO date (undated events drop out).
        until: keep events dated on or before this ISO date.

    Raises:
        StoreError: the store holds neither ``events`` nor ``coded_events``.
    """
    con = _con(store)
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    table = "events" if "events" in names else "coded_events" if "coded_events" in names else None
    if table is None:
        raise StoreError("the store has no events: run `flashpoint ingest` first")
    df: pd.DataFrame = con.execute(f"SELECT * FROM {table}").df()
    if table == "events" and df.empty and "coded_events" in names:
        df = con.execute("SELECT * FROM coded_events").df()
    df["date"] = pd.to_datetime(df["date"].astype("string"), errors="coerce", format="ISO8601")
    if "n_mentions" not in df:
        df["n_mentions"] = 1
    if since:
        df = df[df["date"] >= pd.Timestamp(since)]
    if until:
        df = df[df["date"] <= pd.Timestamp(until)]
    return df.reset_index(drop=True)


def _between_states(df: pd.DataFrame) -> pd.DataFrame:
    keep = (df["source"] != df["target"]) & ~df["source"].isin(_NO_ACTOR) & ~df["target"].isin(_NO_ACTOR)
    return df[keep & df["source"].notna() & df["target"].notna()]


def _responses(df: pd.DataFrame) -> pd.DataFrame:
    """One row per response link between states: the answering act B and the answered act A."""
    a = df[["id", "source", "target", "date", "intensity"]].rename(
        columns=lambda c: f"a_{c}"
    )
    b = df[df["response_to"].notna()][["id", "source", "target", "date", "intensity", "response_to"]]
    r = b.merge(a, left_on="response_to", right_on="a_id", how="inner")
    r = r[(r["source"] == r["a_target"]) & (r["target"] == r["a_source"])]
    lag = (r["date"] - r["a_date"]).dt.days
    # A negative lag is a dating error (an answer cannot precede its act): count it unknown.
    r = r.assign(lag_days=lag.where(lag >= 0))
    diff = r["intensity"] - r["a_intensity"]
    r["response"] = "match"
    r.loc[diff < -MATCH_TOLERANCE, "response"] = "escalate"
    r.loc[diff > MATCH_TOLERANCE, "response"] = "de-escalate"
    return r


def _escalation(group: pd.DataFrame) -> float:
    """Mean intensity of the earlier half of the dated acts minus that of the later half:
    positive when the later acts are more hostile."""
    dated = group.dropna(subset=["date"]).sort_values("date")
    if len(dated) < 2:
        return 0.0
    half = len(dated) // 2
    early, late = dated["intensity"].iloc[:half], dated["intensity"].iloc[len(dated) - half:]
    return round(float(early.mean() - late.mean()), 3)


def dyads(
    store: Any,
    since: str | None = None,
    until: str | None = None,
    min_events: int = 1,
    response_days: int | None = None,
) -> pd.DataFrame:
    """One row per ordered pair of states (source -> target, source != target), most hostile first.

    Columns: ``source, target, n_events``, one ``n_<TYPE>`` per PLOVER type, ``quad1..quad4``,
    ``mean_intensity, sum_intensity, hostility`` (share of conflict acts, quad 3-4),
    ``hostility_score`` (sum of the magnitudes of negative intensities: volume times severity),
    ``pair_hostility_score`` (that of both directions together: the sort key),
    ``escalation_index``, ``reciprocity`` (share of the source's hostile acts that the target
    answered within ``response_days``), ``median_lag_days``, and the source's own answers to the
    target: ``n_responses, n_escalate, n_match, n_deescalate``.

    Args:
        store: a Store or a DuckDB connection.
        since: only events dated on or after this ISO date.
        until: only events dated on or before this ISO date.
        min_events: drop pairs with fewer events.
        response_days: window for reciprocity (default ``Settings.response_window_days``).
    """
    window = response_days if response_days is not None else Settings().response_window_days
    df = _between_states(load_events(store, since, until))
    if df.empty:
        return pd.DataFrame(columns=["source", "target", "n_events", "hostility_score"])
    df = df.assign(hostile=df["quad_class"] >= 3, neg=df["intensity"].clip(upper=0).abs())
    g = df.groupby(["source", "target"])
    out = g.agg(
        n_events=("id", "size"),
        mean_intensity=("intensity", "mean"),
        sum_intensity=("intensity", "sum"),
        hostility=("hostile", "mean"),
        hostility_score=("neg", "sum"),
    )
    types = df.pivot_table(index=["source", "target"], columns="type", values="id",
                           aggfunc="size", fill_value=0)
    for t in EVENT_TYPES:
        out[f"n_{t}"] = types[t] if t in types else 0
    quads = df.pivot_table(index=["source", "target"], columns="quad_class", values="id",
                           aggfunc="size", fill_value=0)
    for q in (1, 2, 3, 4):
        out[f"quad{q}"] = quads[q] if q in quads else 0
    out["escalation_index"] = g[["date", "intensity"]].apply(_escalation)

    resp = _responses(df)
    # Reciprocity of X->Y: X's hostile acts against Y answered by Y (lag within the window, or
    # unknown: an explicit link without dates still says the act was answered).
    ok = resp[resp["lag_days"].isna() | (resp["lag_days"] <= window)]
    answered_ids = set(ok["a_id"])
    hostile = df[df["hostile"]]
    rec = hostile.assign(answered=hostile["id"].isin(answered_ids)).groupby(
        ["source", "target"])["answered"].mean()
    out["reciprocity"] = rec.reindex(out.index).fillna(0.0)
    lag = ok.groupby(["a_source", "a_target"])["lag_days"].median()
    lag.index = lag.index.set_names(["source", "target"])
    out["median_lag_days"] = lag.reindex(out.index)
    by = resp.groupby(["source", "target"])["response"]
    out["n_responses"] = by.size().reindex(out.index).fillna(0).astype(int)
    for label, col in (("escalate", "n_escalate"), ("match", "n_match"),
                       ("de-escalate", "n_deescalate")):
        cnt = resp[resp["response"] == label].groupby(["source", "target"]).size()
        out[col] = cnt.reindex(out.index).fillna(0).astype(int)
    # The pair's hostility both ways: the ranking key, so the two directions of the most
    # hostile pair come first together.
    back = out["hostility_score"].copy()
    back.index = back.index.set_names(["target", "source"])
    back = back.reorder_levels(["source", "target"])
    out["pair_hostility_score"] = out["hostility_score"] + back.reindex(out.index).fillna(0.0)
    out = out[out["n_events"] >= min_events].reset_index()
    for c in ("mean_intensity", "sum_intensity", "hostility", "hostility_score", "reciprocity",
              "pair_hostility_score"):
        out[c] = out[c].astype(float).round(3)
    return out.sort_values(
        ["pair_hostility_score", "hostility_score", "n_events", "source", "target"],
        ascending=[False, False, False, True, True]).reset_index(drop=True)


_TIMELINE_COLS = ["date", "id", "source", "target", "type", "mode", "intensity", "quad_class",
                  "response_to", "link_kind", "n_mentions", "doc", "sentence"]


def timeline(store: Any, a: str, b: str) -> pd.DataFrame:
    """Events between states ``a`` and ``b`` (both ways) by date, with their response links.

    Undated events come last, in article order. ``answers`` gives the answered act's type and
    date in words ("SANCTION of 2020-07-21") where the event answers one.
    """
    df = load_events(store)
    pair = df[((df["source"] == a) & (df["target"] == b)) | ((df["source"] == b) & (df["target"] == a))]
    pair = pair.sort_values(["date", "doc", "sentence_index"], na_position="last")
    by_id = df.set_index("id")
    answers: list[str | None] = []
    for r in pair["response_to"]:
        if isinstance(r, str) and r in by_id.index:
            x = by_id.loc[r]
            d = x["date"].date().isoformat() if pd.notna(x["date"]) else "unknown date"
            answers.append(f"{x['source']} {x['type']} of {d}")
        else:
            answers.append(None)
    out = pair[[c for c in _TIMELINE_COLS if c in pair]].assign(answers=answers)
    return out.reset_index(drop=True)


def chains(store: Any, a: str | None = None, b: str | None = None) -> list[list[Event]]:
    """Response chains A -> B -> A -> ...: each a list of events, the first act first.

    A chain runs from an act that answers nothing (among states) through each act answering
    the previous one; branches give one chain per leaf. Longest chains come first.

    Args:
        store: a Store or a DuckDB connection.
        a: only chains that involve state ``a`` (and ``b``, when given: then only chains
            between the two of them).
        b: see ``a``.
    """
    from flashpoint.link import row_to_event

    df = load_events(store)
    df = df.assign(date=df["date"].dt.strftime("%Y-%m-%d"))
    events = {str(r["id"]): row_to_event(r) for r in df.to_dict("records")}
    children: dict[str, list[str]] = {}
    for e in events.values():
        if e.response_to and e.response_to in events and e.source != e.target:
            children.setdefault(e.response_to, []).append(e.id)
    roots = [i for i in children if events[i].response_to not in events]
    out: list[list[Event]] = []

    def walk(path: list[str]) -> None:
        kids = [k for k in children.get(path[-1], []) if k not in path]
        if not kids:
            out.append([events[i] for i in path])
        for k in sorted(kids, key=lambda i: (events[i].date or "", i)):
            walk([*path, k])

    for r in sorted(roots, key=lambda i: (events[i].date or "", i)):
        walk([r])
    want = {x for x in (a, b) if x}

    def keep(chain: list[Event]) -> bool:
        states = {s for e in chain for s in (e.source, e.target)}
        if a and b:
            return states <= want
        return not want or bool(states & want)

    out = [c for c in out if len(c) >= 2 and keep(c)]
    return sorted(out, key=lambda c: (-len(c), c[0].date or "", c[0].id))


def intensity(store: Any, freq: str = "week", a: str | None = None,
              b: str | None = None) -> pd.DataFrame:
    """Intensity per week (starting Monday) or month for each ordered pair of states.

    Columns: ``period, source, target, n_events, sum_intensity, mean_intensity``. Undated
    events are left out. With ``a`` (and ``b``) only those states' pairs are kept.
    """
    if freq not in ("week", "month"):
        raise ValueError(f"freq must be 'week' or 'month', not {freq!r}")
    df = _between_states(load_events(store)).dropna(subset=["date"])
    if a:
        df = df[(df["source"] == a) | (df["target"] == a)]
    if b:
        df = df[(df["source"] == b) | (df["target"] == b)]
    if freq == "week":
        period = (df["date"] - pd.to_timedelta(df["date"].dt.day_of_week, unit="D")).dt.normalize()
    else:
        period = df["date"].dt.to_period("M").dt.to_timestamp()
    df = df.assign(period=period)
    out = df.groupby(["period", "source", "target"]).agg(
        n_events=("id", "size"), sum_intensity=("intensity", "sum"),
        mean_intensity=("intensity", "mean"),
    ).reset_index()
    out["mean_intensity"] = out["mean_intensity"].round(3)
    return out
