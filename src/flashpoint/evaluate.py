"""Scoring events against gold, as ../shared/EVENTS.md defines it.

Each event reduces to its document-level triple (doc, source, target, type); repeats within a
document collapse. Precision, recall and F1 are over those triples. A response link counts when
both of its triples match: the answering event's and the answered event's. The confusion matrix
compares types on the (doc, source, target) pairs both sides coded, so it shows type errors
apart from actor errors.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from flashpoint.errors import ParseError
from flashpoint.records import EVENT_TYPES

Triple = tuple[str, str, str, str]


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Report:
    triples: PRF
    per_type: dict[str, PRF]
    confusion: dict[str, Counter[str]]
    links: PRF
    docs: int
    false_positives: list[Triple] = field(default_factory=list)
    false_negatives: list[Triple] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "docs": self.docs,
            "triples": self.triples.as_dict(),
            "links": self.links.as_dict(),
            "per_type": {t: p.as_dict() for t, p in self.per_type.items()},
            "confusion": {g: dict(c) for g, c in self.confusion.items()},
        }

    def format(self) -> str:
        """Plain-text tables for a terminal."""
        t = self.triples
        lines = [
            f"documents: {self.docs}",
            f"triples  P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f}   (tp {t.tp}, fp {t.fp}, fn {t.fn})",
            f"links    P {self.links.precision:.3f}  R {self.links.recall:.3f}  F1 {self.links.f1:.3f}"
            f"   (tp {self.links.tp}, fp {self.links.fp}, fn {self.links.fn})",
            "",
            f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}",
        ]
        for ty in EVENT_TYPES:
            p = self.per_type.get(ty)
            if p is None or p.tp + p.fp + p.fn == 0:
                continue
            lines.append(f"{ty:<10} {p.precision:6.3f} {p.recall:6.3f} {p.f1:6.3f} {p.tp + p.fn:5d} {p.tp + p.fp:5d}")
        present = [ty for ty in EVENT_TYPES if ty in self.confusion or any(ty in c for c in self.confusion.values())]
        if present:
            lines += ["", "confusion on matched (doc, source, target) pairs: rows gold, columns predicted"]
            short = [ty[:4] for ty in present]
            lines.append(" " * 10 + " ".join(f"{s:>4}" for s in short))
            for g in present:
                row = self.confusion.get(g, Counter())
                lines.append(f"{g:<10}" + " ".join(f"{row.get(p, 0) or '.':>4}" for p in present))
        return "\n".join(lines)


def load_jsonl(path: str | Path) -> list[dict[str, Any]]:
    """Records of a JSON Lines file; a malformed line is an error naming the line."""
    out = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                out.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ParseError(str(path), f"invalid JSON ({exc.msg})", record=str(n)) from exc
    return out


def _triple(e: Mapping[str, Any]) -> Triple:
    return (str(e["doc"]), str(e["source"]), str(e["target"]), str(e["type"]).upper())


def _links(events: Iterable[Mapping[str, Any]]) -> set[tuple[Triple, Triple]]:
    evs = list(events)
    by_id = {e.get("id"): _triple(e) for e in evs if e.get("id")}
    out = set()
    for e in evs:
        ans = e.get("response_to")
        if ans and ans in by_id:
            out.add((_triple(e), by_id[ans]))
    return out


def evaluate(
    gold: Iterable[Mapping[str, Any]],
    pred: Iterable[Mapping[str, Any]],
    docs: Iterable[str] | None = None,
) -> Report:
    """Score predicted events against gold events (dicts with doc, source, target, type, id, response_to).

    Args:
        gold: gold event records.
        pred: predicted event records.
        docs: restrict scoring to these document ids (default: every doc that has gold events
            or appears in ``docs``; predictions for other docs are ignored only when ``docs`` is given).
    """
    gold_l, pred_l = list(gold), list(pred)
    if docs is not None:
        keep = set(docs)
        gold_l = [e for e in gold_l if str(e["doc"]) in keep]
        pred_l = [e for e in pred_l if str(e["doc"]) in keep]
        n_docs = len(keep)
    else:
        n_docs = len({str(e["doc"]) for e in gold_l} | {str(e["doc"]) for e in pred_l})
    g, p = {_triple(e) for e in gold_l}, {_triple(e) for e in pred_l}
    per_type = {}
    for ty in EVENT_TYPES:
        gt, pt = {x for x in g if x[3] == ty}, {x for x in p if x[3] == ty}
        per_type[ty] = PRF(len(gt & pt), len(pt - gt), len(gt - pt))
    confusion: dict[str, Counter[str]] = defaultdict(Counter)
    g_pairs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    p_pairs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for d, s, t, ty in g:
        g_pairs[(d, s, t)].add(ty)
    for d, s, t, ty in p:
        p_pairs[(d, s, t)].add(ty)
    for pair in g_pairs.keys() & p_pairs.keys():
        gold_types, pred_types = g_pairs[pair], p_pairs[pair]
        for same in gold_types & pred_types:
            confusion[same][same] += 1
        for gty in gold_types - pred_types:
            for pty in pred_types - gold_types:
                confusion[gty][pty] += 1
    gl, pl = _links(gold_l), _links(pred_l)
    return Report(
        triples=PRF(len(g & p), len(p - g), len(g - p)),
        per_type=per_type,
        confusion=dict(confusion),
        links=PRF(len(gl & pl), len(pl - gl), len(gl - pl)),
        docs=n_docs,
        false_positives=sorted(p - g),
        false_negatives=sorted(g - p),
    )


def evaluate_files(gold: str | Path, pred: str | Path, docs: str | Path | None = None) -> Report:
    """``flashpoint evaluate GOLD PRED [--docs DOCS]``: DOCS is a JSONL of documents (their ``doc``)."""
    doc_ids = [str(d["doc"]) for d in load_jsonl(docs)] if docs else None
    return evaluate(load_jsonl(gold), load_jsonl(pred), doc_ids)
