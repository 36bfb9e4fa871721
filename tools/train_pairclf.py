"""Rebuild the pair classifier shipped in src/flashpoint/nlp/data/pairclf/.

    python tools/train_pairclf.py                 # train, tune the threshold by CV, write the model
    python tools/train_pairclf.py --limit 40 --out /tmp/m --folds 2   # a quick run on a sample

Training data, each turned into (ordered mention pair, features, label) rows:

1. eval/synthetic/*.jsonl: sentences written for this purpose, one marked (source, target) pair
   each, typed or "NONE"; the reverse pair is NONE unless the act is mutual.
2. ../shared/data/zsp/PLV_train.tsv when present: marked <s>/<t> pairs with a gold PLOVER root
   (YIELD becomes CONCEDE for accepted demands, RETREAT otherwise).
3. The "dev" split of eval/gold: every pair of actor mentions in every sentence, labelled from
   the gold events of that sentence (pairs whose triple the gold states elsewhere in the article
   are left out: they are neither clearly events here nor clearly not).

The "test" split is never read. The threshold is tuned by grouped cross-validation over the dev
documents: each fold's model never saw the documents it is scored on, and the score is the real
one (rule triples plus classifier triples against gold triples).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from flashpoint.nlp import pairclf as P  # noqa: E402
from flashpoint.records import EVENT_TYPES, ActorMention  # noqa: E402

SYNTH = ROOT / "eval" / "synthetic"
PLV = ROOT.parent / "shared" / "data" / "zsp" / "PLV_train.tsv"
MUTUAL = frozenset({"CONSULT", "COOPERATE", "AGREE"})
CLASSES = [*EVENT_TYPES, P.NONE]


@dataclass
class Row:
    feats: list[str]
    label: str
    weight: float
    group: str  # source of the row: "synth", "plv" or a dev doc id


@dataclass
class Slot:
    """A no-rule sentence of a dev doc with its candidate pairs (for the CV simulation)."""

    doc: str
    pairs: list[tuple[str, str]]
    feats: list[list[str]]
    text: str = ""
    blocked: list[bool] = field(default_factory=list)  # negated or conditional act: never coded


@dataclass
class DevDoc:
    doc: str
    rule_triples: set[tuple[str, str, str]] = field(default_factory=set)
    gold_triples: set[tuple[str, str, str]] = field(default_factory=set)
    slots: list[Slot] = field(default_factory=list)


# ----------------------------------------------------------------------------- marked sentences


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


Item = tuple[str, tuple[int, int], tuple[int, int], str, bool, list[tuple[int, int]]]


def marked_rows(items: Sequence[Item], group: str, weight: float) -> list[Row]:
    """Rows from sentences with one marked pair.

    Each item is (text, source span, target span, type, mutual, bystander spans); every pair of a
    bystander with a marked actor is a NONE row.
    """
    from flashpoint.nlp.pipeline import _default_finder, get_nlp

    nlp, find = get_nlp(), _default_finder()
    rows: list[Row] = []
    from flashpoint.nlp.arguments import MentionIndex

    for (text, s_sp, t_sp, label, mutual, others), doc in zip(
        items, nlp.pipe([x[0] for x in items], batch_size=64), strict=True
    ):
        found = find(doc, None)

        def pick(span: tuple[int, int], code: str, found: list[ActorMention] = found, text: str = text) -> ActorMention:
            # The resolver's mention where it found the marked actor (so kind and sector look as
            # they will at run time); else the marked span itself.
            for m in found:
                if _overlap((m.start, m.end), span):
                    return ActorMention(code, m.sector, m.name, span[0], span[1], text[span[0] : span[1]], m.kind)
            return ActorMention(code, "", text[span[0] : span[1]], span[0], span[1], text[span[0] : span[1]], "")

        src, tgt = pick(s_sp, "SRC"), pick(t_sp, "TGT")
        extra = [pick(sp, f"OTH{k}") for k, sp in enumerate(others)]
        index = MentionIndex([src, tgt, *extra], doc)
        ms = {m.mention.code: m for m in P.sentence_mentions(doc[:], index.by_token)}
        if "SRC" not in ms or "TGT" not in ms:
            continue
        sent = doc[:]
        sf = P.sentence_features(sent)
        rows.append(Row(P.pair_features(sent, ms["SRC"], ms["TGT"], sf), label, weight, group))
        if label != P.NONE and not mutual:
            rows.append(Row(P.pair_features(sent, ms["TGT"], ms["SRC"], sf), P.NONE, weight * 0.7, group))
        elif label == P.NONE or label in MUTUAL:
            rows.append(Row(P.pair_features(sent, ms["TGT"], ms["SRC"], sf), label, weight * 0.7, group))
        for k in range(len(others)):
            if f"OTH{k}" not in ms:
                continue
            o = ms[f"OTH{k}"]
            for a, b in ((o, ms["SRC"]), (ms["SRC"], o), (o, ms["TGT"]), (ms["TGT"], o)):
                rows.append(Row(P.pair_features(sent, a, b, sf), P.NONE, weight * 0.5, group))
    return rows


def synthetic_items(limit: int | None = None) -> list[Item]:
    out: list[Item] = []
    for p in sorted(SYNTH.glob("*.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            d = json.loads(line)
            src, tgt = (int(d["source"][0]), int(d["source"][1])), (int(d["target"][0]), int(d["target"][1]))
            others = [(int(a), int(b)) for a, b in d.get("others", [])]
            out.append((d["text"], src, tgt, d["type"], bool(d.get("mutual", False)), others))
    return out[:limit] if limit else out


_TAG = re.compile(r"</?[st]>")
_CONCEDE = re.compile(r"\b(conced|accept|agreed to|demand|apologi[sz])", re.I)


def plv_items(limit: int | None = None) -> list[Item]:
    if not PLV.is_file():
        print(f"note: {PLV} absent, training without it", file=sys.stderr)
        return []
    out: list[Item] = []
    with PLV.open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            text, pos = "", 0
            spans: dict[str, tuple[int, int]] = {}
            open_: dict[str, int] = {}
            marked = r["marked_sentence"]
            for m in _TAG.finditer(marked):
                text += marked[pos : m.start()]
                tag = m.group()
                if tag.startswith("</"):
                    spans.setdefault(tag[2], (open_.get(tag[2], len(text)), len(text)))
                else:
                    open_[tag[1]] = len(text)
                pos = m.end()
            text += marked[pos:]
            if "s" not in spans or "t" not in spans or _overlap(spans["s"], spans["t"]):
                continue
            label = r["gold_root"]
            if label == "YIELD":
                label = "CONCEDE" if _CONCEDE.search(text) else "RETREAT"
            if label not in EVENT_TYPES:
                continue
            out.append((text, spans["s"], spans["t"], label, label in MUTUAL, []))
    return out[:limit] if limit else out


# ----------------------------------------------------------------------------- dev gold


def rule_pass(doc: Any, doc_id: str, date: str | None) -> tuple[set[tuple[str, str, str]], Any, list[Any]]:
    """Run the real coder (``events.code_doc``) with the classifier replaced by a recorder.

    Returns the rules' triples, the coder's mention index (None when no sentence reached the
    classifier) and the sentences the rules left to the classifier — exactly what it sees at
    run time, however the coder builds its index or decides what it leaves.
    """
    from flashpoint.nlp.events import code_doc
    from flashpoint.nlp.pipeline import _default_finder

    left: list[Any] = []
    index: list[Any] = [None]

    def record(sent: Any, idx: Any, *_a: Any, **_k: Any) -> list[Any]:
        left.append(sent)
        index[0] = idx
        return []

    real = P.classify_pairs
    P.classify_pairs = record  # type: ignore[assignment]  # events._classified imports it per call
    try:
        pairs = code_doc(doc, _default_finder()(doc, date), doc_id, date=date)
    finally:
        P.classify_pairs = real
    return {(e.source, e.target, e.type) for e, _s in pairs}, index[0], left


def _own_index(doc: Any, date: str | None) -> Any:
    """The coder's mention index, rebuilt (for an article no sentence of which reached the classifier)."""
    from flashpoint.nlp.arguments import MentionIndex
    from flashpoint.nlp.context import context_mentions, drop_datelines
    from flashpoint.nlp.inference import pair_mentions
    from flashpoint.nlp.pipeline import _default_finder

    mentions = drop_datelines(doc.text, _default_finder()(doc, date))
    extra, _ = pair_mentions(doc.text, mentions)
    return MentionIndex([*mentions, *extra, *context_mentions(doc, mentions, date)], doc)


def dev_docs(limit: int | None = None) -> tuple[list[Row], list[DevDoc]]:
    """Rows and CV slots from the dev split of the gold (the test split is never read)."""
    from eval.report import gold_articles, load_gold

    from flashpoint.nlp.pipeline import get_nlp

    docs, events = load_gold()
    docs = [d for d in docs if d.get("split", "dev") == "dev"][:limit]
    gold_by_doc: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        gold_by_doc.setdefault(str(e["doc"]), []).append(e)
    arts = gold_articles(docs)
    rows: list[Row] = []
    out: list[DevDoc] = []
    for art, doc in zip(arts, get_nlp().pipe([a.full_text for a in arts], batch_size=8), strict=True):
        gold = gold_by_doc.get(art.doc, [])
        dd = DevDoc(art.doc, gold_triples={(e["source"], e["target"], e["type"]) for e in gold})
        # Where each gold event's sentence lies in the article text.
        spans: list[tuple[int, int, tuple[str, str], str]] = []
        for e in gold:
            at = doc.text.find(e["sentence"].strip()[:80])
            if at >= 0:
                spans.append((at, at + len(e["sentence"].strip()), (e["source"], e["target"]), e["type"]))
        doc_pairs = {(e["source"], e["target"]) for e in gold}
        dd.rule_triples, index, left = rule_pass(doc, art.doc, art.date)
        index = index or _own_index(doc, art.date)
        left_at = {s.start for s in left}
        for sent in doc.sents:
            pairs = P.candidate_pairs(P.sentence_mentions(sent, index.by_token))
            if not pairs:
                continue
            here = {pc: ty for a, b, pc, ty in spans if _overlap((a, b), (sent.start_char, sent.end_char))}
            sf = P.sentence_features(sent)
            feats = [P.pair_features(sent, s, t, sf) for s, t in pairs]
            codes = [(s.mention.code, t.mention.code) for s, t in pairs]
            for f, pc in zip(feats, codes, strict=True):
                if pc in here:
                    rows.append(Row(f, here[pc], 1.0, art.doc))
                elif pc not in doc_pairs:
                    rows.append(Row(f, P.NONE, 1.0, art.doc))
            if sent.start in left_at:
                blocked = [P.excluded(sent, s, t, P.act_token(sent, s, t)) for s, t in pairs]
                dd.slots.append(Slot(art.doc, codes, feats, sent.text, blocked))
        out.append(dd)
    return rows, out


# ----------------------------------------------------------------------------- model


def fit(rows: Sequence[Row], c: float, min_count: int = 2) -> P.PairModel:
    """Multinomial logistic regression over binary features seen at least ``min_count`` times."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    counts = Counter(x for r in rows for x in set(r.feats))
    feats = sorted(k for k, v in counts.items() if v >= min_count)
    vocab = {k: i for i, k in enumerate(feats)}
    ind, ptr = [], [0]
    for r in rows:
        ind += sorted({vocab[x] for x in r.feats if x in vocab})
        ptr.append(len(ind))
    x = csr_matrix((np.ones(len(ind), dtype=np.float32), ind, ptr), shape=(len(rows), len(vocab)))
    y = np.array([CLASSES.index(r.label) for r in rows])
    w = np.array([r.weight for r in rows])
    clf = LogisticRegression(C=c, max_iter=3000)
    clf.fit(x, y, sample_weight=w)
    weights = np.zeros((len(CLASSES), len(vocab)), dtype=np.float32)
    bias = np.full(len(CLASSES), -30.0, dtype=np.float32)  # a class absent from training never wins
    for k, cls in enumerate(clf.classes_):
        weights[cls] = clf.coef_[k]
        bias[cls] = clf.intercept_[k]
    return P.PairModel(vocab, list(CLASSES), weights, bias, 0.5, 2, {})


def simulate(
    docs: Iterable[DevDoc], probs: dict[str, list[np.ndarray]], thr: float, max_pairs: int
) -> tuple[int, int, int, int, int]:
    """Triple tp/fp/fn over docs with the classifier at (thr, max_pairs), as code_doc would run it."""
    tp = fp = fn = add_tp = add_fp = 0
    none_i = CLASSES.index(P.NONE)
    for dd in docs:
        pred = set(dd.rule_triples)
        for slot, pr in zip(dd.slots, probs[dd.doc], strict=True):
            if len(pr) == 0:
                continue
            best: dict[tuple[str, str], tuple[float, str]] = {}
            for pc, p, off in zip(slot.pairs, pr, slot.blocked, strict=True):
                if off:
                    continue
                q = p.copy()
                q[none_i] = -1
                k = int(np.argmax(q))
                if q[k] >= thr and (pc not in best or q[k] > best[pc][0]):
                    best[pc] = (float(q[k]), CLASSES[k])
            for pc, (_p, ty) in sorted(best.items(), key=lambda x: -x[1][0])[:max_pairs]:
                t = (pc[0], pc[1], ty)
                if t not in pred:
                    add_tp += t in dd.gold_triples
                    add_fp += t not in dd.gold_triples
                pred.add(t)
        tp += len(pred & dd.gold_triples)
        fp += len(pred - dd.gold_triples)
        fn += len(dd.gold_triples - pred)
    return tp, fp, fn, add_tp, add_fp


def f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cross_validate(
    base: list[Row], dev_rows: list[Row], docs: list[DevDoc], folds: int, c: float
) -> dict[str, list[np.ndarray]]:
    """Held-out class probabilities for every CV slot, folds grouped by document."""
    names = [d.doc for d in docs]
    probs: dict[str, list[np.ndarray]] = {}
    for k in range(folds):
        held = set(names[k::folds])
        model = fit(base + [r for r in dev_rows if r.group not in held], c)
        for dd in docs:
            if dd.doc in held:
                probs[dd.doc] = [model.proba(s.feats) for s in dd.slots]
    return probs


def bench() -> int:
    """Time :func:`classify_pairs` on every dev-gold sentence the rules leave to it."""
    from eval.report import gold_articles, load_gold

    from flashpoint.nlp.pipeline import get_nlp

    docs, _ = load_gold()
    arts = gold_articles([d for d in docs if d.get("split", "dev") == "dev"])
    P._model()  # load once, outside the timing
    calls, pairs, found, spent, sents = 0, 0, 0, 0.0, 0
    for art, doc in zip(arts, get_nlp().pipe([a.full_text for a in arts]), strict=True):
        sents += len(list(doc.sents))
        _, index, left = rule_pass(doc, art.doc, art.date)
        for sent in left:
            t = time.perf_counter()
            out = P.classify_pairs(sent, index)
            spent += time.perf_counter() - t
            calls += 1
            pairs += len(P.candidate_pairs(P.sentence_mentions(sent, index.by_token)))
            found += len(out)
    print(
        f"{len(arts)} dev docs, {sents} sentences; classifier called on {calls} (rules found nothing), "
        f"{pairs} candidate pairs, {found} events; {1000 * spent / max(calls, 1):.2f} ms per call, "
        f"{1000 * spent / max(pairs, 1):.2f} ms per pair, {spent:.2f} s in all"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=P.MODEL_DIR, help="model directory to write")
    ap.add_argument("--limit", type=int, default=None, help="use at most this many items of each source")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=0.5, dest="c")
    ap.add_argument("--dev-weight", type=float, default=2.0, help="weight of dev-gold rows vs written ones")
    ap.add_argument("--no-plv", action="store_true")
    ap.add_argument(
        "--min-precision",
        type=float,
        default=0.55,  # in CV the added triples sit at 0.55-0.6 precision for every threshold above 0.5
        help="least precision of the triples the classifier adds (precision matters more than recall)",
    )
    ap.add_argument("--f1-slack", type=float, default=0.005, help="CV F1 given up for a stricter threshold")
    ap.add_argument("--bench", action="store_true", help="only time the shipped model on the dev gold")
    args = ap.parse_args(argv)
    if args.bench:
        return bench()
    t0 = time.time()
    synth = marked_rows(synthetic_items(args.limit), "synth", 1.0)
    plv = [] if args.no_plv else marked_rows(plv_items(args.limit), "plv", 1.0)
    dev_rows, docs = dev_docs(args.limit)
    for r in dev_rows:
        r.weight *= args.dev_weight
    print(
        f"rows: synthetic {len(synth)}, PLV {len(plv)}, dev {len(dev_rows)} "
        f"({sum(r.label != P.NONE for r in dev_rows)} events); {time.time() - t0:.0f}s",
        file=sys.stderr,
    )
    base = synth + plv
    probs = cross_validate(base, dev_rows, docs, args.folds, args.c)
    tp, fp, fn, _, _ = simulate(docs, probs, 2.0, 0)
    rule = f1(tp, fp, fn)
    print(f"rules only (dev, CV sim): P {rule[0]:.3f} R {rule[1]:.3f} F1 {rule[2]:.3f}", file=sys.stderr)
    best: tuple[float, float, int] = (rule[2], 2.0, 0)
    points: list[tuple[float, float, int]] = []
    for max_pairs in (1, 2):
        for thr in np.arange(0.30, 0.96, 0.025):
            tp, fp, fn, atp, afp = simulate(docs, probs, float(thr), max_pairs)
            prec, rec, f = f1(tp, fp, fn)
            ok = atp + afp > 0 and atp / (atp + afp) >= args.min_precision
            print(
                f"  max_pairs {max_pairs} thr {thr:.3f}: P {prec:.3f} R {rec:.3f} F1 {f:.3f}  added tp {atp} fp {afp}"
                f"{'' if ok else '  (below min precision)'}",
                file=sys.stderr,
            )
            if ok:
                points.append((f, float(thr), max_pairs))
    if points:
        top = max(p[0] for p in points)
        # F1 is flat near its top while precision still rises with the threshold: among the points
        # within `--f1-slack` of the best, take the strictest (fewest pairs, highest threshold).
        near = [p for p in points if p[0] >= top - args.f1_slack]
        best = max(near, key=lambda p: (p[1], -p[2]))
    print(f"chosen: threshold {best[1]:.3f}, max_pairs {best[2]} (CV dev F1 {best[0]:.3f})", file=sys.stderr)
    model = fit(base + dev_rows, args.c)
    model.threshold, model.max_pairs = round(best[1], 3), max(best[2], 1)
    model.meta = {
        "C": args.c,
        "dev_weight": args.dev_weight,
        "rows": {"synthetic": len(synth), "plv": len(plv), "dev": len(dev_rows)},
        "cv_dev_f1": round(best[0], 4),
        "cv_rules_only_f1": round(rule[2], 4),
        "folds": args.folds,
    }
    model.save(args.out)
    print(f"wrote {args.out} ({len(model.vocab)} features) in {time.time() - t0:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
