"""Score the actor resolver: dev gold, ZSP PLV source/target spans, PETRARCH2 unit tests.

Run ``python -m eval.actors_eval`` from the repository root (``--json`` prints the numbers
as JSON, ``--errors`` lists the gold mistakes). The two reference sets under ``../shared/data``
are scored when present and skipped otherwise.

* **gold** (eval/gold/actors.jsonl, the dev set the rules were tuned on) and **heldout**
  (eval/gold/actors_heldout.jsonl, written blind and never tuned on): a predicted mention matches a gold one when their
  character spans overlap and the codes agree (code P/R/F1) — and the sectors agree too
  (sector P/R/F1). Predictions with code ``UNK`` are not counted.
* **zsp**: PLV_train.tsv marks ``<s>source</s>`` and ``<t>target</t>``; we report the share
  of spans in which the resolver finds any actor (many are not state actors: the ACLU,
  Siemens), plus code accuracy on a hand-labelled sample (``ZSP_SAMPLE`` below).
* **petrarch**: PETR.UnitTest.records.xml codes most sentences with invented states (Arnor,
  Gondor); only actor codes whose first three letters are a real ISO-3 code (or IGO) are
  scored: recall = share of expected (sentence, code) pairs the resolver finds.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flashpoint.actors import ActorResolver
from flashpoint.records import ActorMention

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold" / "actors.jsonl"
# Written after the resolver and scored once without tuning on it: the honest estimate.
HELDOUT = ROOT / "eval" / "gold" / "actors_heldout.jsonl"
SHARED = ROOT.parent / "shared" / "data"

# Hand-labelled ZSP spans (sentence_id, "s"|"t") -> the code a human gives the span, with the
# whole sentence in view ("-": no state actor, e.g. an NGO, a sum of money, an unknown person).
# Labelled for flashpoint from the first 69 marked spans of PLV_train.tsv; only the spans
# with a state code are scored.
ZSP_SAMPLE: dict[tuple[str, str], str] = {
    ("4", "s"): "IRN", ("4", "t"): "USA", ("8", "s"): "USA", ("8", "t"): "USA",
    ("19", "s"): "DEU", ("19", "t"): "DEU", ("24", "s"): "USA", ("24", "t"): "-",
    ("29", "s"): "UKR", ("29", "t"): "RUS", ("58", "s"): "NGA", ("58", "t"): "NGA",
    ("71", "s"): "IND", ("71", "t"): "IND", ("72", "s"): "FRA", ("72", "t"): "SAU",
    ("94", "s"): "-", ("94", "t"): "-", ("95", "s"): "TUR", ("95", "t"): "SYR",
    ("102", "s"): "SAU", ("102", "t"): "ISR", ("134", "s"): "RUS", ("134", "t"): "GBR",
    ("135", "s"): "CAN", ("135", "t"): "IRQ", ("139", "s"): "USA", ("144", "t"): "IRN",
    ("144", "s"): "IGO:UN", ("153", "s"): "PAK", ("153", "t"): "IND", ("166", "s"): "IGO:OIC",
    ("166", "t"): "ISR", ("183", "s"): "NGA", ("183", "t"): "-", ("204", "s"): "AFG",
    ("204", "t"): "-", ("205", "s"): "FRA", ("205", "t"): "CHN", ("206", "s"): "-",
    ("206", "t"): "TUR", ("212", "s"): "USA", ("212", "t"): "USA", ("227", "s"): "IGO:OIC",
    ("227", "t"): "-", ("233", "s"): "IGO:UN", ("233", "t"): "-", ("236", "s"): "DEU",
    ("236", "t"): "DEU", ("238", "s"): "USA", ("238", "t"): "-", ("247", "s"): "USA",
    ("247", "t"): "USA", ("254", "t"): "PSE", ("254", "s"): "USA", ("269", "s"): "AUS",
    ("269", "t"): "AUS", ("279", "s"): "DEU", ("279", "t"): "CHN", ("284", "s"): "ISR",
    ("284", "t"): "PSE", ("289", "s"): "USA", ("289", "t"): "USA", ("292", "s"): "ISR",
    ("292", "t"): "ISR", ("296", "s"): "AUS", ("296", "t"): "AUS", ("301", "s"): "USA",
    ("301", "t"): "GBR",
}


def load_gold(path: Path = GOLD) -> list[dict[str, Any]]:
    """Gold records: {"id", "text", "date", "mentions": [{start, end, text, code, sector}]}."""
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match(pred: list[ActorMention], gold: list[dict[str, Any]], sector: bool) -> tuple[int, int]:
    """(true positives among predictions, gold mentions found), one-to-one by overlap."""
    used: set[int] = set()
    tp = 0
    for p in pred:
        for k, g in enumerate(gold):
            if k in used or not _overlap((p.start, p.end), (g["start"], g["end"])):
                continue
            if p.code == g["code"] and (not sector or p.sector == g["sector"]):
                used.add(k)
                tp += 1
                break
    return tp, len(used)


def prf(tp: int, n_pred: int, found: int, n_gold: int) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = found / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3)}


def score_gold(resolver: ActorResolver, records: list[dict[str, Any]],
               errors: list[str] | None = None) -> dict[str, Any]:
    """Code and sector precision/recall/F1 over the gold records."""
    n_pred = n_gold = 0
    tp_c = found_c = tp_s = found_s = 0
    for rec in records:
        pred = [m for m in resolver.resolve(rec["text"], rec.get("date")) if m.code != "UNK"]
        gold = rec["mentions"]
        n_pred += len(pred)
        n_gold += len(gold)
        a, b = match(pred, gold, sector=False)
        tp_c, found_c = tp_c + a, found_c + b
        a, b = match(pred, gold, sector=True)
        tp_s, found_s = tp_s + a, found_s + b
        if errors is not None:
            errors.extend(_diff(rec, pred))
    return {"texts": len(records), "gold_mentions": n_gold, "predicted": n_pred,
            "code": prf(tp_c, n_pred, found_c, n_gold),
            "sector": prf(tp_s, n_pred, found_s, n_gold)}


def _diff(rec: dict[str, Any], pred: list[ActorMention]) -> list[str]:
    out = []
    for g in rec["mentions"]:
        hit = [p for p in pred if _overlap((p.start, p.end), (g["start"], g["end"]))]
        if not any(p.code == g["code"] and p.sector == g["sector"] for p in hit):
            got = ", ".join(f"{p.text!r} {p.code} {p.sector or '-'}" for p in hit) or "nothing"
            out.append(f"{rec['id']} MISS {g['text']!r} {g['code']} {g['sector'] or '-'} ← {got}")
    for p in pred:
        if not any(_overlap((p.start, p.end), (g["start"], g["end"])) for g in rec["mentions"]):
            out.append(f"{rec['id']} EXTRA {p.text!r} {p.code} {p.sector or '-'} ({p.kind})")
    return out


_MARK = re.compile(r"<(s|t)>(.*?)</\1>")


def zsp_spans(path: Path) -> Iterable[tuple[str, str, str, int, int]]:
    """(sentence id, s|t, clean sentence, start, end) of each marked span."""
    csv.field_size_limit(10**7)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            marked = row["marked_sentence"]
            clean, spans, pos = "", [], 0
            for m in _MARK.finditer(marked):
                clean += marked[pos:m.start()]
                spans.append((m.group(1), len(clean), len(clean) + len(m.group(2))))
                clean += m.group(2)
                pos = m.end()
            clean += marked[pos:]
            for role, s, e in spans:
                yield row["sentence_id"], role, clean, s, e


def score_zsp(resolver: ActorResolver, path: Path, sample_only: bool = False) -> dict[str, Any]:
    """Share of marked spans with an actor found inside; code accuracy on the sample."""
    cache: dict[str, list[ActorMention]] = {}
    total = found = sample_n = sample_ok = 0
    for sid, role, text, s, e in zsp_spans(path):
        if sample_only and (sid, role) not in ZSP_SAMPLE:
            continue
        if sid not in cache:
            cache[sid] = resolver.resolve(text)
        hits = [m for m in cache[sid] if _overlap((m.start, m.end), (s, e)) and m.code != "UNK"]
        total += 1
        found += bool(hits)
        want = ZSP_SAMPLE.get((sid, role))
        if want is not None and want != "-":  # "-" spans may still name a state inside
            sample_n += 1
            sample_ok += any(m.code == want for m in hits)
    out: dict[str, Any] = {"spans": total, "with_actor": found,
                           "share_with_actor": round(found / total, 3) if total else 0.0}
    if sample_n:
        out["sample"] = {"n": sample_n, "code_accuracy": round(sample_ok / sample_n, 3)}
    return out


# Codes the unit tests give invented states although they are real ISO-3 codes.
PETRARCH_FICTIONAL = {"ERI"}  # Eriador, not Eritrea


def petrarch_records(path: Path, known: set[str]) -> Iterable[tuple[str, str, str, set[str]]]:
    """(id, date, text, expected real codes) of unit-test sentences with a real-state actor."""
    known = known - PETRARCH_FICTIONAL
    root = ET.parse(path).getroot()
    for sent in root.iter("Sentence"):
        text_el = sent.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        want: set[str] = set()
        for ev in sent.iter("EventCoding"):
            for attr in ("sourcecode", "targetcode"):
                code = (ev.get(attr) or "")[:3]
                if code == "IGO":
                    want.add("IGO")
                elif code in known:
                    want.add(code)
        if want:
            raw = sent.get("date", "")
            date = f"{raw[:4]}-{raw[4:6]}-{raw[6:8]}" if len(raw) == 8 else None
            yield sent.get("id", ""), date or "", " ".join((text_el.text or "").split()), want


def score_petrarch(resolver: ActorResolver, path: Path) -> dict[str, Any]:
    """Recall of expected real-state codes (first three letters of CAMEO actor codes)."""
    known = {c for c in resolver.tables.country_names if len(c) == 3}
    pairs = hits = sentences = 0
    for _id, date, text, want in petrarch_records(path, known):
        sentences += 1
        got = {m.code[:3] if m.code.startswith("IGO:") else m.code
               for m in resolver.resolve(text, date or None)}
        pairs += len(want)
        hits += len(want & got)
    return {"sentences": sentences, "expected_codes": pairs, "found": hits,
            "recall": round(hits / pairs, 3) if pairs else 0.0}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--json", action="store_true", help="print the numbers as JSON")
    ap.add_argument("--errors", action="store_true", help="list gold misses and extras")
    args = ap.parse_args(argv)
    resolver = ActorResolver()
    t0 = time.perf_counter()
    errors: list[str] | None = [] if args.errors else None
    report: dict[str, Any] = {"gold": score_gold(resolver, load_gold(), errors),
                              "heldout": score_gold(resolver, load_gold(HELDOUT), errors)}
    zsp = SHARED / "zsp" / "PLV_train.tsv"
    petr = SHARED / "petrarch2" / "PETR.UnitTest.records.xml"
    report["zsp"] = score_zsp(resolver, zsp) if zsp.is_file() else "skipped: ../shared absent"
    report["petrarch"] = (score_petrarch(resolver, petr) if petr.is_file()
                          else "skipped: ../shared absent")
    report["seconds"] = round(time.perf_counter() - t0, 1)
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        for k, v in report.items():
            print(f"{k}: {v}")
    for line in errors or []:
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
