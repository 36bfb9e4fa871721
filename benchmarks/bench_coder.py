"""Speed and memory of ``flashpoint code`` against a bare spaCy full parse of the same texts.

    python -m benchmarks.bench_coder [--articles 2000]

Both sides run in fresh subprocesses (so peak RSS is each one's own), on the same corpus:
articles assembled deterministically from the paragraphs of the bundled example and the dev
gold, so the text is news-like and the event density realistic. The baseline is
``nlp.pipe`` over every article with the full pipeline (tok2vec, tagger, parser, NER, ...),
one process, which is what a user would write; flashpoint's figure is its whole coding run
(read-side work excluded; actors, events, dates and links included). Reported: articles/s,
words/s, peak RSS (including worker processes), and the ratio flashpoint / baseline.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "results"


def corpus(n: int, seed: int = 7) -> list[dict[str, Any]]:
    """``n`` articles of 6–14 paragraphs drawn from the example and the dev gold."""
    paras: list[str] = []
    titles: list[str] = []
    seedfile = ROOT / "examples" / "retaliation_articles.txt"
    for block in seedfile.read_text(encoding="utf-8").split("\n\n\n\n"):
        lines = [p.strip() for p in block.strip().split("\n\n") if p.strip()]
        if lines:
            titles.append(lines[0])
            paras += lines[1:]
    for p in sorted((ROOT / "eval" / "gold").glob("*_docs.jsonl")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                titles.append(d.get("title") or "")
                paras += [x.strip() for x in (d.get("text") or "").split("\n\n") if x.strip()]
    rng = random.Random(seed)
    out = []
    for i in range(n):
        body = "\n\n".join(rng.sample(paras, k=min(len(paras), rng.randint(6, 14))))
        out.append({"doc": f"bench-{i}", "title": rng.choice(titles), "text": body, "date": "2020-07-24"})
    return out


class _MemorySampler:
    """Peak memory of this process and its children, sampled every 50 ms.

    ``rss`` sums resident sets (pages shared between forked workers count once per process,
    so it overstates); ``pss`` shares each page among the processes that map it (the honest
    total). Both are reported.
    """

    def __init__(self) -> None:
        import threading

        import psutil

        self.proc = psutil.Process()
        self.rss = self.pss = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psutil

        while not self._stop.is_set():
            rss = pss = 0
            for p in [self.proc, *self.proc.children(recursive=True)]:
                try:
                    info = p.memory_full_info()
                except (psutil.Error, OSError):
                    continue
                rss += info.rss
                pss += getattr(info, "pss", info.rss)
            self.rss, self.pss = max(self.rss, rss), max(self.pss, pss)
            self._stop.wait(0.05)

    def stop(self) -> tuple[float, float]:
        self._stop.set()
        self._thread.join()
        return self.rss / 2**20, self.pss / 2**20


def _child(kind: str, path: str, workers: int) -> None:
    docs = [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines()]
    sampler = _MemorySampler()
    t0 = time.perf_counter()
    n_events = 0
    if kind == "bare":
        import spacy

        from flashpoint.config import Settings

        nlp = spacy.load(Settings().model)
        t0 = time.perf_counter()
        for _doc in nlp.pipe((f"{d['title']}\n\n{d['text']}" for d in docs), batch_size=64):
            pass
    else:
        from flashpoint.config import Settings
        from flashpoint.nlp.pipeline import code_stream
        from flashpoint.records import Article

        arts = [Article(doc=d["doc"], title=d["title"], text=d["text"], date=d["date"]) for d in docs]
        for events in code_stream(arts, Settings(workers=workers), workers=workers):
            n_events += len(events)
    secs = time.perf_counter() - t0
    rss, pss = sampler.stop()
    print(json.dumps({"seconds": secs, "peak_rss_mb": rss, "peak_pss_mb": pss, "events": n_events}))


def run(n: int, workers: int) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    docs = corpus(n)
    path = OUT / "corpus.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    words = sum(len((d["title"] + " " + d["text"]).split()) for d in docs)
    res: dict[str, Any] = {"articles": n, "words": words, "workers": workers}
    for kind in ("bare", "flashpoint"):
        out = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_coder", "--child", kind, str(path), "--workers", str(workers)],
            cwd=ROOT, capture_output=True, text=True, check=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        r["articles_per_s"] = n / r["seconds"]
        r["words_per_s"] = words / r["seconds"]
        res[kind] = r
    res["speed_ratio"] = res["flashpoint"]["articles_per_s"] / res["bare"]["articles_per_s"]
    res["rss_ratio"] = res["flashpoint"]["peak_rss_mb"] / res["bare"]["peak_rss_mb"]
    res["pss_ratio"] = res["flashpoint"]["peak_pss_mb"] / res["bare"]["peak_pss_mb"]
    path.unlink()
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="flashpoint code vs bare spaCy parse")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--child", nargs=2, metavar=("KIND", "CORPUS"))
    ns = ap.parse_args(argv)
    if ns.child:
        _child(ns.child[0], ns.child[1], ns.workers)
        return 0
    res = run(ns.articles, ns.workers)
    (OUT / "coder.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    b, f = res["bare"], res["flashpoint"]
    print(f"{res['articles']} articles, {res['words']} words")
    print(f"bare nlp.pipe full parse : {b['articles_per_s']:7.1f} articles/s  {b['words_per_s']:8.0f} words/s  "
          f"peak RSS {b['peak_rss_mb']:6.0f} MB  PSS {b['peak_pss_mb']:6.0f} MB")
    print(f"flashpoint code          : {f['articles_per_s']:7.1f} articles/s  {f['words_per_s']:8.0f} words/s  "
          f"peak RSS {f['peak_rss_mb']:6.0f} MB  PSS {f['peak_pss_mb']:6.0f} MB  ({f['events']} events)")
    print(f"ratio flashpoint/bare    : speed x{res['speed_ratio']:.2f}   RSS x{res['rss_ratio']:.2f}   PSS x{res['pss_ratio']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
