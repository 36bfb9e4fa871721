"""Export events as PLOVER JSON lines and as a GDELT-2.0-style event table.

* ``plover``: one JSON object per line with the PLOVER field names (``id``, ``date``,
  ``event``/``event_type``, ``mode``, ``context``, ``actor`` and ``recipient`` as lists of
  entities with a country ``code`` and a ``sector``, ``quad_code``, ``event_scale``, ``text``)
  plus flashpoint's own ``response_to`` and ``link_kind``.
* ``gdelt``: tab-separated, the 61 columns of a GDELT 2.0 event record in codebook order
  (``data/gdelt_event_columns.txt``), with a header line so pandas and DuckDB read it by name
  (``header=False`` writes a bare GDELT file). CAMEO codes are the type's two-digit root.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import IO, Any

import pandas as pd

from flashpoint.link.cues import domain_of_words
from flashpoint.link.types import type_info

# PLOVER context for each domain group of flashpoint.link.cues (others get none).
_CONTEXT = {"diplomatic": "diplomatic", "economic": "economic", "cyber": "cyber",
            "force": "military"}


def gdelt_columns() -> list[str]:
    """The 61 GDELT 2.0 event column names, in order."""
    text = resources.files("flashpoint.link").joinpath("data/gdelt_event_columns.txt").read_text("utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def _con(store: Any) -> Any:
    return getattr(store, "con", store)


def _events(store: Any) -> list[dict[str, Any]]:
    """Merged events (or the coder's events before linking), with their first article's URL."""
    con = _con(store)
    names = {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}
    table = "events"
    if "events" not in names or con.execute("SELECT count(*) FROM events").fetchone()[0] == 0:
        table = "coded_events"
    sql = f"SELECT e.* FROM {table} e"
    if "articles" in names:
        sql = f"SELECT e.*, a.url AS article_url FROM {table} e LEFT JOIN articles a ON a.doc = e.doc"
    cur = con.execute(sql + " ORDER BY e.date NULLS LAST, e.doc, e.sentence_index, e.id")
    cols = [d[0] for d in cur.description]
    rows = [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]
    for r in rows:
        m = r.get("mentions")
        r["mentions"] = json.loads(m) if isinstance(m, str) and m else (m or [])
        if r.get("date") is not None:
            r["date"] = str(r["date"])[:10]
    return rows


def _entity(code: str, sector: str, text: str) -> dict[str, Any]:
    ent: dict[str, Any] = {"code": code, "sector": sector or None, "raw_text": text}
    if code.startswith("IGO:"):
        ent = {**ent, "code": "IGO", "entity_name": code[4:]}
    return ent


def plover_record(r: dict[str, Any]) -> dict[str, Any]:
    """One event row as a PLOVER-JSON record."""
    group = domain_of_words(r.get("mode") or "", r.get("trigger") or "", r.get("type") or "")[1]
    mentions = r.get("mentions") or []
    return {
        "id": r["id"],
        "date": r.get("date"),
        "event_type": r["type"],
        "event": [r["type"]],
        "mode": [r["mode"]] if r.get("mode") else [],
        "context": [_CONTEXT[group]] if group in _CONTEXT else [],
        "actor": [_entity(r["source"], r.get("source_sector") or "", r.get("source_text") or "")],
        "recipient": [_entity(r["target"], r.get("target_sector") or "", r.get("target_text") or "")],
        "quad_code": r.get("quad_class"),
        "event_scale": r.get("intensity"),
        "event_text": [r["trigger"]] if r.get("trigger") else [],
        "text": r.get("sentence"),
        "status": r.get("status"),
        "cite_info": {"doc": r["doc"], "url": r.get("article_url"),
                      "mentions": [list(m) for m in mentions]},
        "coder": "flashpoint",
        "response_to": r.get("response_to"),
        "link_kind": r.get("link_kind"),
        "confidence": r.get("confidence"),
    }


def plover_records(store: Any) -> Iterator[dict[str, Any]]:
    """Every event of the store as a PLOVER-JSON record."""
    for r in _events(store):
        yield plover_record(r)


def _gdelt_actor(code: str, sector: str, text: str) -> dict[str, str]:
    if code in ("", "UNK"):
        return {"Code": "", "Name": text.upper(), "CountryCode": ""}
    if code.startswith("IGO:"):
        name = code[4:]
        return {"Code": "IGO" + name, "Name": name, "CountryCode": "", "KnownGroupCode": name,
                "Type1Code": "IGO"}
    out = {"Code": code + (sector if sector and sector != "IGO" else ""), "Name": text.upper(),
           "CountryCode": code}
    if sector:
        out["Type1Code"] = sector
    return out


def _global_id(event_id: str) -> int:
    """A stable integer id from our hex id (GDELT ids are integers)."""
    digits = "".join(ch for ch in event_id.split("_")[-1] if ch in "0123456789abcdef")
    return int(digits[:12] or "0", 16)


def gdelt_row(r: dict[str, Any], cols: list[str] | None = None) -> dict[str, str]:
    """One event row as a GDELT 2.0 event record (every value text; unknown fields empty)."""
    cols = cols or gdelt_columns()
    row = dict.fromkeys(cols, "")
    row["GLOBALEVENTID"] = str(_global_id(r["id"]))
    d = r.get("date")
    if d:
        y, m, day = int(d[:4]), int(d[5:7]), int(d[8:10])
        row.update(SQLDATE=f"{y:04d}{m:02d}{day:02d}", MonthYear=f"{y:04d}{m:02d}",
                   Year=f"{y:04d}", FractionDate=f"{y + (m * 30 + day) / 365:.4f}",
                   DATEADDED=f"{y:04d}{m:02d}{day:02d}000000")
    for n, (code, sector, text) in (
        (1, (r["source"], r.get("source_sector") or "", r.get("source_text") or "")),
        (2, (r["target"], r.get("target_sector") or "", r.get("target_text") or "")),
    ):
        for k, v in _gdelt_actor(code, sector, text).items():
            row[f"Actor{n}{k}"] = v
    info = type_info(r["type"])
    root = r.get("cameo_root") or info.cameo_root
    intensity = r.get("intensity")
    mentions = r.get("mentions") or []
    row.update(
        IsRootEvent="1" if int(r.get("sentence_index") or 0) <= 1 else "0",
        EventCode=root, EventBaseCode=root, EventRootCode=root,
        QuadClass=str(int(r.get("quad_class") or info.quad_class)),
        GoldsteinScale=str(float(intensity if intensity is not None else info.intensity)),
        NumMentions=str(int(r.get("n_mentions") or len(mentions) or 1)),
        NumSources=str(int(r.get("n_docs") or 1)), NumArticles=str(int(r.get("n_docs") or 1)),
        SOURCEURL=r.get("article_url") or r["doc"],
    )
    return row


def gdelt_frame(store: Any) -> pd.DataFrame:
    """The store's events as a GDELT 2.0 event table (61 text columns)."""
    cols = gdelt_columns()
    return pd.DataFrame([gdelt_row(r, cols) for r in _events(store)], columns=cols)


def write_plover(store: Any, out: str | Path | IO[str]) -> int:
    """Write PLOVER JSON lines to a path or an open text stream; returns the record count."""
    n = 0
    fh: IO[str] = open(out, "w", encoding="utf-8") if isinstance(out, str | Path) else out  # noqa: SIM115
    try:
        for rec in plover_records(store):
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            n += 1
    finally:
        if isinstance(out, str | Path):
            fh.close()
    return n


def write_gdelt(store: Any, out: str | Path | IO[str], header: bool = True) -> int:
    """Write the GDELT-style table (tab-separated) to a path or stream; returns the row count."""
    df = gdelt_frame(store)
    df.to_csv(out, sep="\t", index=False, header=header, lineterminator="\n")
    return len(df)


# -- registration with flashpoint.export (``flashpoint export events --format plover``) --------

def _clean(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for k, v in row.items():
        if isinstance(v, float) and v != v:
            v = None
        elif hasattr(v, "item") and not isinstance(v, str | list | dict):
            v = v.item()
        out[k] = v
    if out.get("date") is not None:
        out["date"] = str(out["date"])[:10]
    m = out.get("mentions")
    if isinstance(m, str):
        out["mentions"] = json.loads(m) if m else []
    return out


def _events_only(what: str, fmt: str) -> None:
    from flashpoint.errors import ConfigError

    if what != "events":
        raise ConfigError(f"the {fmt} format holds events only: use `flashpoint export events "
                          f"--format {fmt}` (or jsonl/csv/parquet for {what})")


def _write_plover_frame(frame: pd.DataFrame, out: IO[bytes], what: str) -> None:
    _events_only(what, "plover")
    for row in frame.to_dict("records"):
        rec = plover_record(_clean(row))
        out.write(json.dumps(rec, ensure_ascii=False).encode("utf-8") + b"\n")


def _write_gdelt_frame(frame: pd.DataFrame, out: IO[bytes], what: str) -> None:
    _events_only(what, "gdelt")
    cols = gdelt_columns()
    table = pd.DataFrame([gdelt_row(_clean(r), cols) for r in frame.to_dict("records")],
                         columns=cols)
    out.write(table.to_csv(sep="\t", index=False, lineterminator="\n").encode("utf-8"))


def export_links(store: Any) -> pd.DataFrame:
    """Every response-link candidate (event, answers, kind, score, cue), best first."""
    return _con(store).execute(
        "SELECT * FROM links ORDER BY event, score DESC, answers").df()


def export_dyads(store: Any) -> pd.DataFrame:
    """The dyad table of :func:`flashpoint.analytics.dyads` (all columns)."""
    from flashpoint.analytics import dyads

    return dyads(store)


def register() -> None:
    """Add ``links`` and ``dyads`` exports and the ``plover``/``gdelt`` formats to the
    registries of :mod:`flashpoint.export` (a no-op where that module is absent)."""
    try:
        from flashpoint import export as ex
    except ImportError:  # pragma: no cover - the intake stage ships it
        return
    ex.EXPORTERS.setdefault("links", export_links)
    ex.EXPORTERS.setdefault("dyads", export_dyads)
    ex.FORMATS.setdefault("plover", _write_plover_frame)
    ex.FORMATS.setdefault("gdelt", _write_gdelt_frame)
