"""Reproduce the quality figures in the README: ``python -m eval.report`` (or ``make eval``).

1. Dev gold (eval/gold/*_docs.jsonl + *_events.jsonl): triple P/R/F1 per split (dev, test),
   link F1, per-type table.
2. ZSP PLV_test (../shared/data/zsp/PLV_test.tsv): type accuracy of the marked source→target
   pair (CONCEDE and RETREAT scored as YIELD). Never tuned on; PLV_train is the dev side.
3. PETRARCH2 unit-test sentences (../shared/data/petrarch2/PETR.UnitTest.records.xml), their
   CAMEO codes mapped to PLOVER with ../shared/data/plover/CAMEO2PLOVER-2021.txt, actors from
   the suite's own dictionary (its countries are fictional): triple P/R/F1 per sentence.

Writes eval/results.json. Sections whose data is absent are skipped with a note.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from flashpoint.config import Settings
from flashpoint.evaluate import PRF, Report, evaluate, load_jsonl
from flashpoint.nlp.pipeline import code_docs
from flashpoint.records import ActorMention, Article

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "eval" / "gold"
SHARED = ROOT.parent / "shared" / "data"


# ----------------------------------------------------------------------------- dev gold


def load_gold(gold_dir: Path = GOLD) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    docs: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for p in sorted(gold_dir.glob("*_docs.jsonl")):
        docs += load_jsonl(p)
    for p in sorted(gold_dir.glob("*_events.jsonl")):
        events += load_jsonl(p)
    return docs, events


def gold_articles(docs: Sequence[dict[str, Any]]) -> list[Article]:
    """Gold documents as articles, cleaned as the readers would clean them."""
    try:
        from flashpoint.clean import clean as clean_article
    except ImportError:  # cleaning not available: code the text as it is
        clean_article = None
    out = []
    for d in docs:
        a = Article(doc=str(d["doc"]), title=d.get("title") or "", text=d.get("text") or "",
                    raw_text=d.get("text") or "", date=d.get("date"), publisher=d.get("publisher"))
        out.append(clean_article(a) if clean_article else a)
    return out


def predict_gold(docs: Sequence[dict[str, Any]], settings: Settings | None = None) -> list[dict[str, Any]]:
    arts = gold_articles(docs)
    return [e.to_dict() for _a, _d, _m, evs in code_docs(arts, settings) for e in evs]


def score_gold(
    pred: list[dict[str, Any]], docs: list[dict[str, Any]], events: list[dict[str, Any]]
) -> dict[str, Report]:
    out = {}
    for split in ("dev", "test", None):
        ids = [str(d["doc"]) for d in docs if split is None or d.get("split", "dev") == split]
        if ids:
            out[split or "all"] = evaluate(events, pred, ids)
    return out


def score_links_and_dates(
    pred: list[dict[str, Any]], docs: list[dict[str, Any]], events: list[dict[str, Any]]
) -> dict[str, Any]:
    """Date accuracy of the coder's events, and the linker alone on the gold events (eval/link_eval.py)."""
    from eval.link_eval import score_dates, score_oracle

    by_doc = {str(d["doc"]): d for d in docs}
    return {
        "dates_all": score_dates(events, pred),
        "linker_oracle_all": score_oracle(events, by_doc),
    }


# ----------------------------------------------------------------------------- PLV


_TAG = re.compile(r"</?[st]>")


def _plv_mentions(marked: str) -> tuple[str, list[ActorMention]]:
    text, spans, pos, open_ = "", {}, 0, {}
    for m in _TAG.finditer(marked):
        text += marked[pos:m.start()]
        tag = m.group()
        if tag.startswith("</"):
            spans[tag[2]] = (open_.pop(tag[2], len(text)), len(text))
        else:
            open_[tag[1]] = len(text)
        pos = m.end()
    text += marked[pos:]
    ms = []
    for key, code in (("s", "SRC"), ("t", "TGT")):
        if key in spans:
            a, b = spans[key]
            ms.append(ActorMention(code, "", text[a:b], a, b, text[a:b], "marked"))
    return text, ms


def _plv_type(t: str) -> str:
    return "YIELD" if t in ("CONCEDE", "RETREAT") else t


def score_plv(path: Path, limit: int | None = None) -> dict[str, Any]:
    from flashpoint.nlp.lexicon import load_lexicon
    from flashpoint.nlp.triggers import match_triggers

    rows = list(csv.DictReader(open(path, encoding="utf-8"), delimiter="\t"))[:limit]
    arts, finders = [], {}
    for i, r in enumerate(rows):
        text, ms = _plv_mentions(r["marked_sentence"])
        arts.append(Article(doc=f"plv{i}", title="", text=text))
        finders[f"plv{i}"] = ms
    lex = load_lexicon()
    current: dict[str, str] = {}

    def finder(doc: Any, _date: str | None) -> list[ActorMention]:
        return finders[current["id"]]

    correct, by_rule = 0, 0
    per_gold: Counter[str] = Counter()
    per_ok: Counter[str] = Counter()
    for a, r in zip(arts, rows, strict=True):
        current["id"] = a.doc
        [(_, doc, _, evs)] = code_docs([a], finder=finder)
        pred = next((e.type for e in evs if e.source == "SRC" and e.target == "TGT"), None)
        if pred is not None:
            by_rule += 1
        else:
            # No coded event for the marked pair: fall back to the first trigger's type.
            pred = next((es[0][0].type for t in doc if (es := match_triggers(t, lex))), "ACCUSE")
        gold = r["gold_root"]
        per_gold[gold] += 1
        if _plv_type(pred) == gold:
            correct += 1
            per_ok[gold] += 1
    n = len(rows)
    return {
        "rows": n,
        "accuracy": round(correct / n, 4) if n else 0.0,
        "coded_pair_share": round(by_rule / n, 4) if n else 0.0,
        "per_type_recall": {k: round(per_ok[k] / v, 3) for k, v in sorted(per_gold.items())},
    }


# ----------------------------------------------------------------------------- PETRARCH2


def _cameo2plover(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^\s*(\d{2,4}):\s*([A-Z]+)", line)
        if m:
            out[m.group(1)] = m.group(2)
    return out


def _plover_of(code: str, table: dict[str, str]) -> str | None:
    for k in range(len(code), 1, -1):
        if code[:k] in table:
            return table[code[:k]]
    return None


def _petr_actors(path: Path) -> list[tuple[str, str]]:
    out = []
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        m = re.match(r"^\s*([A-Z0-9_.'\- ]+?)_?\s+\[([A-Za-z~\-]{3})[^\]]*\]", line)
        if m and not line.startswith(("#", "<", "+")):
            out.append((m.group(1).replace("_", " ").strip(), m.group(2).upper()))
    return sorted(set(out), key=lambda x: -len(x[0]))


def _dict_finder(actors: list[tuple[str, str]]) -> Callable[[Any, str | None], list[ActorMention]]:
    def find(doc: Any, _date: str | None) -> list[ActorMention]:
        text = doc.text.upper()
        out: list[ActorMention] = []
        for name, code in actors:
            for m in re.finditer(r"(?<![A-Z])" + re.escape(name) + r"(?:S|N|NS|ESE|ISH|IAN)?(?![A-Z])", text):
                if any(o.start < m.end() and m.start() < o.end for o in out):
                    continue
                out.append(ActorMention(code, "", name, m.start(), m.end(), doc.text[m.start():m.end()], "dict"))
        return sorted(out, key=lambda x: x.start)

    return find


def score_petrarch(records: Path, actors_file: Path, c2p: Path) -> dict[str, Any]:
    table = _cameo2plover(c2p)
    find = _dict_finder(_petr_actors(actors_file))
    root = ET.parse(records).getroot()
    gold: set[tuple[str, str, str, str]] = set()
    arts = []
    for s in root.iter("Sentence"):
        sid = s.get("id") or ""
        text = " ".join((s.findtext("Text") or "").split())
        codings = s.findall("EventCoding")
        if not text or not codings:
            continue
        for ec in codings:
            ev = ec.get("eventcode") or ""
            src, tgt = (ec.get("sourcecode") or "")[:3].upper(), (ec.get("targetcode") or "")[:3].upper()
            typ = _plover_of(ev, table)
            if typ and src and tgt and "-" not in src + tgt and not ec.get("noevents"):
                gold.add((sid, src, tgt, typ))
        arts.append(Article(doc=sid, title="", text=text))
    pred = {e.triple for _a, _d, _m, evs in code_docs(arts, finder=find) for e in evs}
    docs = {a.doc for a in arts}
    pred = {p for p in pred if p[0] in docs}
    prf = PRF(len(gold & pred), len(pred - gold), len(gold - pred))
    return {"sentences": len(arts), "gold_triples": len(gold), **prf.as_dict()}


# ----------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--skip-plv", action="store_true")
    ap.add_argument("--skip-petrarch", action="store_true")
    ap.add_argument("--pred-out", default=None, help="write the dev-gold predictions to this JSONL file")
    ap.add_argument("--show-errors", action="store_true")
    ns = ap.parse_args(argv)
    results: dict[str, Any] = {}
    t0 = time.perf_counter()
    docs, events = load_gold()
    pred = predict_gold(docs)
    if ns.pred_out:
        with open(ns.pred_out, "w", encoding="utf-8") as fh:
            for e in pred:
                fh.write(json.dumps(e, ensure_ascii=False) + "\n")
    for split, rep in score_gold(pred, docs, events).items():
        print(f"== dev gold, split {split}\n{rep.format()}\n")
        results[f"gold_{split}"] = rep.as_dict()
    results.update(score_links_and_dates(pred, docs, events))
    for key in ("dates_all", "linker_oracle_all"):
        print(f"== {key}", json.dumps(results[key]), "\n")
        if ns.show_errors and split == "dev":
            print("false positives:", *rep.false_positives, sep="\n  ")
            print("false negatives:", *rep.false_negatives, sep="\n  ")
    if not ns.skip_plv:
        if (SHARED / "zsp" / "PLV_test.tsv").is_file():
            results["plv_test"] = score_plv(SHARED / "zsp" / "PLV_test.tsv")
            print("== PLV_test", json.dumps(results["plv_test"]), "\n")
        else:
            print("== PLV_test skipped: ../shared/data/zsp/PLV_test.tsv is absent")
    if not ns.skip_petrarch:
        rec = SHARED / "petrarch2" / "PETR.UnitTest.records.xml"
        if rec.is_file():
            results["petrarch2"] = score_petrarch(
                rec, SHARED / "petrarch2" / "dictionaries" / "PETR.Validate.actors.txt",
                SHARED / "plover" / "CAMEO2PLOVER-2021.txt")
            print("== PETRARCH2 unit tests", json.dumps(results["petrarch2"]), "\n")
        else:
            print("== PETRARCH2 skipped: ../shared/data/petrarch2 is absent")
    results["seconds"] = round(time.perf_counter() - t0, 1)
    (ROOT / "eval" / "results.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
