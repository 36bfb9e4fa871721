"""Speed and memory of ``flashpoint code`` against a bare spaCy full parse of the same texts.

    python -m benchmarks.bench_coder [--articles 2000]   (make bench)

Both sides run in fresh subprocesses (so peak RSS is each one's own), on the same corpus:
articles assembled deterministically from the paragraphs of the bundled example and the dev
gold, so the text is news-like and the event density realistic. The baseline is
``nlp.pipe`` over every article with the full pipeline (tok2vec, tagger, parser, NER, ...),
one process, which is what a user would write; flashpoint's figure is its whole coding run
(read-side work excluded; actors, events, dates and links included) in three configurations:
one process, two worker processes, and two workers with the sentence prefilter. Reported:
articles/s, words/s, peak RSS and PSS summed over the process and its workers, and the ratios
to the baseline measured in the same run. Results go to benchmarks/results/coder.json.
"""

from __future__ import annotations

import argparse
import json
import os
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


# name -> (workers, prefilter) of each flashpoint configuration measured beside the baseline
CONFIGS = {"flashpoint-1": (1, False), "flashpoint-2": (2, False), "flashpoint-2-prefilter": (2, True)}


def _child(kind: str, path: str) -> None:
    docs = [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines()]
    sampler = _MemorySampler()
    t0 = time.perf_counter()
    n_events = 0
    if kind == "bare":
        import spacy

        from flashpoint.config import Settings

        nlp = spacy.load(Settings().model)
        t0 = time.perf_counter()  # model load is not parsing: both sides exclude start-up
        for _doc in nlp.pipe((f"{d['title']}\n\n{d['text']}" for d in docs), batch_size=64):
            pass
    else:
        from flashpoint.config import Settings
        from flashpoint.nlp.pipeline import code_stream
        from flashpoint.records import Article

        workers, prefilter = CONFIGS[kind]
        arts = [Article(doc=d["doc"], title=d["title"], text=d["text"], date=d["date"]) for d in docs]
        for events in code_stream(arts, Settings(workers=workers, prefilter=prefilter), workers=workers):
            n_events += len(events)
    secs = time.perf_counter() - t0
    rss, pss = sampler.stop()
    print(json.dumps({"seconds": secs, "peak_rss_mb": rss, "peak_pss_mb": pss, "events": n_events}))


def run(n: int) -> dict[str, Any]:
    OUT.mkdir(parents=True, exist_ok=True)
    docs = corpus(n)
    path = OUT / "corpus.jsonl"
    path.write_text("".join(json.dumps(d) + "\n" for d in docs), encoding="utf-8")
    words = sum(len((d["title"] + " " + d["text"]).split()) for d in docs)
    res: dict[str, Any] = {"articles": n, "words": words, "runs": {}}
    try:
        for kind in ("bare", *CONFIGS):
            out = subprocess.run(
                [sys.executable, "-m", "benchmarks.bench_coder", "--child", kind, str(path)],
                cwd=ROOT, capture_output=True, text=True, check=True,
            )
            r = json.loads(out.stdout.strip().splitlines()[-1])
            r["articles_per_s"] = n / r["seconds"]
            r["words_per_s"] = words / r["seconds"]
            res["runs"][kind] = r
    finally:
        path.unlink(missing_ok=True)
    base = res["runs"]["bare"]
    for r in res["runs"].values():
        r["speed_ratio"] = r["articles_per_s"] / base["articles_per_s"]
        r["pss_ratio"] = r["peak_pss_mb"] / base["peak_pss_mb"]
    return res


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="flashpoint code vs bare spaCy parse")
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--child", nargs=2, metavar=("KIND", "CORPUS"))
    ns = ap.parse_args(argv)
    if ns.child:
        _child(ns.child[0], ns.child[1])
        return 0
    res = run(ns.articles)
    (OUT / "coder.json").write_text(json.dumps(res, indent=2) + "\n", encoding="utf-8")
    print(f"{res['articles']} articles, {res['words']} words (load {os.getloadavg()[0]:.1f} at the end)")
    print(f"{'run':<24} {'articles/s':>10} {'words/s':>8} {'RSS MB':>7} {'PSS MB':>7} {'speed':>6} {'PSS':>6}")
    for kind, r in res["runs"].items():
        print(f"{kind:<24} {r['articles_per_s']:10.1f} {r['words_per_s']:8.0f} {r['peak_rss_mb']:7.0f} "
              f"{r['peak_pss_mb']:7.0f} {r['speed_ratio']:5.2f}x {r['pss_ratio']:5.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
