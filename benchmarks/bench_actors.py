"""Speed of the actor resolver against the bare spaCy pass on the same texts.

Run ``python -m benchmarks.bench_actors [--repeat N]``: parses the seed articles plus the
actor gold texts (repeated N times) with ``nlp.pipe``, then resolves every parsed doc, and
prints both times and their ratio. The issue's budget: resolution adds at most 15 %.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

from flashpoint.actors import ActorResolver
from flashpoint.nlp.pipeline import get_nlp

ROOT = Path(__file__).resolve().parents[1]


def texts(repeat: int) -> list[str]:
    """Seed articles (split on blank-line runs) and gold texts, ``repeat`` times over."""
    seed = (ROOT / "examples" / "retaliation_articles.txt").read_text(encoding="utf-8")
    parts = [p for p in seed.split("\n\n\n\n") if p.strip()]
    for name in ("actors.jsonl", "actors_heldout.jsonl"):
        with (ROOT / "eval" / "gold" / name).open(encoding="utf-8") as fh:
            parts += [json.loads(line)["text"] for line in fh if line.strip()]
    return parts * repeat


def run(repeat: int = 3) -> dict[str, Any]:
    """Times (seconds) of the spaCy pass and of resolution, words, and the ratio."""
    nlp = get_nlp()
    resolver = ActorResolver(nlp)
    corpus = texts(repeat)
    t0 = time.perf_counter()
    resolver.resolve_doc(nlp("Warm-up: China and the UK."))  # builds the matchers once
    build = time.perf_counter() - t0
    t0 = time.perf_counter()
    docs = list(nlp.pipe(corpus, batch_size=32))
    spacy_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    mentions = sum(len(resolver.resolve_doc(d)) for d in docs)
    resolve_s = time.perf_counter() - t0
    words = sum(len(d) for d in docs)
    return {"docs": len(docs), "tokens": words, "mentions": mentions,
            "matcher_build_s": round(build, 3), "spacy_s": round(spacy_s, 2),
            "resolve_s": round(resolve_s, 3), "ratio": round(resolve_s / spacy_s, 3),
            "tokens_per_s_spacy": round(words / spacy_s)}


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    ap.add_argument("--repeat", type=int, default=3, help="copies of the corpus (default 3)")
    print(json.dumps(run(ap.parse_args().repeat), indent=2))


if __name__ == "__main__":
    main()
