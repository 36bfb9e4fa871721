"""Score response links and event dates against the gold events.

    python -m eval.link_eval PRED_EVENTS.jsonl [--gold 'eval/gold/*_events.jsonl'] [--split dev|test] [--json]
    python -m eval.link_eval --resolver        # date resolver alone, on the gold sentences
    python -m eval.link_eval --oracle          # linker alone, on the gold events

Links: each event reduces to its triple (doc, source, target, type); a predicted link
(B.response_to = A) counts as correct when gold has a link between the same two triples
(EVENTS.md). Scored only on documents that have gold events.

Dates: for every gold event with a date and a predicted event of the same triple, the
predicted date closest to gold's is compared: exact, within 1 day, within 3 days
(``merge_window_days``). ``--resolver`` instead runs :func:`flashpoint.nlp.dates.event_date` on
each gold event's own sentence with its document's date, which measures the resolver apart
from the coder (needs the spaCy model).
"""

from __future__ import annotations

import argparse
import glob
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from flashpoint.evaluate import PRF, load_jsonl

ROOT = Path(__file__).resolve().parents[1]
GOLD_GLOB = str(ROOT / "eval" / "gold" / "*_events.jsonl")
Triple = tuple[str, str, str, str]


def triple(e: Mapping[str, Any]) -> Triple:
    """The document-level triple of an event record."""
    return (str(e["doc"]), str(e["source"]), str(e["target"]), str(e["type"]).upper())


def link_pairs(events: Iterable[Mapping[str, Any]]) -> set[tuple[Triple, Triple]]:
    """(answering triple, answered triple) for every event whose response_to resolves."""
    evs = list(events)
    by_id = {str(e["id"]): triple(e) for e in evs if e.get("id")}
    out = set()
    for e in evs:
        ans = e.get("response_to")
        if ans and str(ans) in by_id:
            out.add((triple(e), by_id[str(ans)]))
    return out


def score_links(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]) -> PRF:
    """Link precision/recall/F1 over the documents that have gold events."""
    docs = {str(e["doc"]) for e in gold}
    g = link_pairs(gold)
    p = link_pairs([e for e in pred if str(e["doc"]) in docs])
    return PRF(len(g & p), len(p - g), len(g - p))


def _day(s: Any) -> date | None:
    try:
        return date.fromisoformat(str(s)[:10]) if s else None
    except ValueError:
        return None


def score_dates(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Accuracy of predicted dates on gold events whose triple was also predicted."""
    pred_dates: dict[Triple, list[date]] = defaultdict(list)
    for e in pred:
        d = _day(e.get("date"))
        if d is not None:
            pred_dates[triple(e)].append(d)
    n = exact = within1 = within3 = missing = 0
    for e in gold:
        gd = _day(e.get("date"))
        if gd is None or triple(e) not in {triple(p) for p in pred}:
            continue
        n += 1
        cands = pred_dates.get(triple(e), [])
        if not cands:
            missing += 1
            continue
        diff = min(abs((d - gd).days) for d in cands)
        exact += diff == 0
        within1 += diff <= 1
        within3 += diff <= 3
    return _date_report(n, exact, within1, within3, missing)


def _date_report(n: int, exact: int, within1: int, within3: int, missing: int) -> dict[str, Any]:
    def share(k: int) -> float:
        return round(k / n, 4) if n else 0.0

    return {"n": n, "exact": share(exact), "within_1_day": share(within1),
            "within_3_days": share(within3), "no_date": missing}


def score_resolver(
    gold: Sequence[Mapping[str, Any]],
    docs: Mapping[str, Mapping[str, Any]],
    always_past: bool = False,
    offset: int = 0,
) -> dict[str, Any]:
    """Run the date resolver on each dated gold event's sentence; compare with gold's date.

    ``always_past`` resolves announced acts like past ones (gold dates an announcement by
    when it was made); ``offset`` is the resolver's ``default_offset_days``."""
    from flashpoint.nlp.dates import event_date
    from flashpoint.nlp.pipeline import get_nlp

    nlp = get_nlp()
    n = exact = within1 = within3 = missing = 0
    errors: list[tuple[Any, str | None, str, str | None]] = []
    for e in gold:
        gd = _day(e.get("date"))
        if gd is None:
            continue
        published = (docs.get(str(e["doc"])) or {}).get("date")
        sent = nlp(str(e["sentence"]))
        past = always_past or e.get("status", "occurred") == "occurred"
        got, text = event_date(sent[:], published, past=past, default_offset_days=offset)
        n += 1
        d = _day(got)
        if d is None:
            missing += 1
            errors.append((e.get("id"), None, str(gd), text))
            continue
        diff = abs((d - gd).days)
        exact += diff == 0
        within1 += diff <= 1
        within3 += diff <= 3
        if diff:
            errors.append((e.get("id"), got, str(gd), text))
    rep = _date_report(n, exact, within1, within3, missing)
    rep["errors"] = errors
    return rep


def oracle_events(gold: Sequence[Mapping[str, Any]], docs: Mapping[str, Mapping[str, Any]]) -> list[Any]:
    """Gold events as coder output, without their links: offsets found in the document text.

    The trigger is not annotated; the position of the source's words in the sentence stands in
    for it (it orders the acts around a cue the same way in nearly every sentence)."""
    from flashpoint.link.types import type_info
    from flashpoint.records import Event

    out = []
    starts: dict[str, list[int]] = defaultdict(list)
    placed: list[tuple[Mapping[str, Any], int]] = []
    for e in gold:
        d = docs.get(str(e["doc"])) or {}
        full = f"{d.get('title', '')}\n\n{d.get('text', '')}" if d.get("title") else str(d.get("text", ""))
        at = full.find(str(e["sentence"]))
        start = at if at >= 0 else len(full) + len(placed)
        starts[str(e["doc"])].append(start)
        placed.append((e, start))
    for e, start in placed:
        index = sorted(set(starts[str(e["doc"])])).index(start)
        sent = str(e["sentence"])
        trig = sent.find(str(e.get("source_text") or "")) if e.get("source_text") else 0
        try:
            q, root, inten = type_info(str(e["type"]))
        except Exception:  # noqa: BLE001 - an unknown type in gold is scored as given
            q, root, inten = 0, "", 0.0
        out.append(Event(
            id=str(e["id"]), doc=str(e["doc"]), sentence=sent, source=str(e["source"]),
            source_text=str(e.get("source_text") or ""), source_sector=str(e.get("source_sector") or ""),
            target=str(e["target"]), target_text=str(e.get("target_text") or ""),
            target_sector=str(e.get("target_sector") or ""), type=str(e["type"]),
            mode=str(e.get("mode") or ""), status=str(e.get("status") or "occurred"),
            date=e.get("date"), quad_class=q, cameo_root=root, intensity=inten,
            sentence_index=index, sentence_start=start, trigger_start=max(trig, 0),
        ))
    return out


def score_oracle(gold: Sequence[Mapping[str, Any]], docs: Mapping[str, Mapping[str, Any]]) -> dict[str, Any]:
    """Link scores of :func:`flashpoint.link.within.link_within` run on the gold events
    themselves (links removed): the linker's quality apart from the coder's."""
    from flashpoint.link.within import link_within

    evs = oracle_events(gold, docs)
    by_doc: dict[str, list[Any]] = defaultdict(list)
    for ev in evs:
        by_doc[ev.doc].append(ev)
    pred: list[dict[str, Any]] = []
    for doc, doc_evs in by_doc.items():
        d = docs.get(doc) or {}
        full = f"{d.get('title', '')}\n\n{d.get('text', '')}" if d.get("title") else str(d.get("text", ""))
        pred.extend(e.to_dict() for e in link_within(doc_evs, full))
    return score_links(gold, pred).as_dict()


def load_gold(pattern: str, split: str | None = None) -> tuple[list[dict[str, Any]], dict[str, dict[str, Any]]]:
    """Gold events of every file matching ``pattern`` and the documents beside them; with
    ``split`` ("dev" or "test"), only documents whose ``split`` field says so."""
    events: list[dict[str, Any]] = []
    docs: dict[str, dict[str, Any]] = {}
    for path in sorted(glob.glob(pattern)):
        events.extend(load_jsonl(path))
        doc_path = Path(path.replace("_events.jsonl", "_docs.jsonl"))
        if doc_path.is_file():
            docs.update({str(d["doc"]): d for d in load_jsonl(doc_path)})
    if split:
        docs = {k: d for k, d in docs.items() if d.get("split", "dev") == split}
        events = [e for e in events if str(e["doc"]) in docs]
    return events, docs


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m eval.link_eval", description=__doc__.split("\n")[0])
    ap.add_argument("pred", nargs="?", help="predicted events, JSON lines")
    ap.add_argument("--gold", default=GOLD_GLOB, help="glob of gold *_events.jsonl files")
    ap.add_argument("--split", choices=["dev", "test"], default=None,
                    help="only gold documents of this split (default: all)")
    ap.add_argument("--resolver", action="store_true",
                    help="score the date resolver on the gold sentences instead")
    ap.add_argument("--oracle", action="store_true",
                    help="score the within-article linker on the gold events themselves")
    ap.add_argument("--errors", action="store_true", help="with --resolver: list the misses")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    gold, docs = load_gold(args.gold, args.split)
    if not gold:
        print(f"no gold events match {args.gold}", file=sys.stderr)
        return 2
    if args.oracle:
        print(json.dumps(score_oracle(gold, docs)))
        return 0
    if args.resolver:
        runs = {}
        for always_past in (False, True):
            for offset in (0, 1):
                rep = score_resolver(gold, docs, always_past, offset)
                key = f"past={'always' if always_past else 'occurred-only'} offset={offset}"
                runs[key] = rep if args.errors else {k: v for k, v in rep.items() if k != "errors"}
        print(json.dumps(runs, indent=None if args.json else 1))
        return 0
    if not args.pred:
        ap.error("PRED is required unless --resolver is given")
    pred = load_jsonl(args.pred)
    lk, dt = score_links(gold, pred).as_dict(), score_dates(gold, pred)
    out: dict[str, Any] = {"gold_docs": len({e["doc"] for e in gold}), "links": lk, "dates": dt}
    if args.json:
        print(json.dumps(out))
    else:
        print(f"links  P {lk['precision']:.3f}  R {lk['recall']:.3f}  F1 {lk['f1']:.3f}  "
              f"(tp {lk['tp']}, fp {lk['fp']}, fn {lk['fn']}) over {out['gold_docs']} gold docs")
        print(f"dates  exact {dt['exact']:.3f}  ±1 day {dt['within_1_day']:.3f}  "
              f"±3 days {dt['within_3_days']:.3f}  (n {dt['n']}, undated {dt['no_date']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
