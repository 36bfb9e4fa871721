"""Load check of the dashboard: concurrent requests to /events against a /healthz baseline.

Builds a synthetic store (default 100k events, 20k articles), starts ``flashpoint serve`` on
127.0.0.1 in a subprocess (so client and server do not share one interpreter lock), then:

1. times one request to each page (cold and warm), to show pages stay fast on a big store;
2. fires N concurrent requests (default 200) at /healthz, then at /events, from an async
   httpx client, and reports requests/s, p50 and p95 latency and the ratio to the baseline.

Usage:
    python -m benchmarks.bench_web [--events 100000] [--concurrency 200] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from flashpoint.web.sample import synthetic_corpus, write_store

PAGES = ("/", "/events", "/events?state=CHN&type=SANCTION", "/events?q=sanction&page=50",
         "/dyad/CHN/USA", "/articles", "/api/events?size=200")


def build(path: Path, n_events: int) -> float:
    """Write the synthetic store; returns seconds taken."""
    t = time.perf_counter()
    articles, events = synthetic_corpus(n_events)
    write_store(path, articles, events)
    return time.perf_counter() - t


def start_server(db: Path) -> tuple[subprocess.Popen[str], str]:
    """``flashpoint serve --port 0`` in a subprocess; returns it and its base URL."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "flashpoint", "serve", "--db", str(db), "--port", "0"],
        stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    url = proc.stdout.readline().split()[3].rstrip("/")
    for _ in range(200):
        try:
            httpx.get(url + "/healthz", timeout=2)
            return proc, url
        except httpx.TransportError:
            time.sleep(0.05)
    proc.terminate()
    raise RuntimeError("the server did not answer")


async def burst(url: str, n: int) -> dict[str, float]:
    """``n`` concurrent GETs of ``url``; requests/s and latency percentiles in ms."""
    limits = httpx.Limits(max_connections=n, max_keepalive_connections=n)
    async with httpx.AsyncClient(limits=limits, timeout=120) as client:
        async def one() -> float:
            t = time.perf_counter()
            r = await client.get(url)
            r.raise_for_status()
            return time.perf_counter() - t

        t0 = time.perf_counter()
        lat = sorted(await asyncio.gather(*(one() for _ in range(n))))
        wall = time.perf_counter() - t0
    return {"requests": n, "rps": round(n / wall, 1),
            "p50_ms": round(1000 * statistics.median(lat), 1),
            "p95_ms": round(1000 * lat[int(0.95 * (n - 1))], 1),
            "wall_s": round(wall, 2)}


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--events", type=int, default=100_000)
    ap.add_argument("--concurrency", type=int, default=200)
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        built = build(db, args.events)
        proc, base = start_server(db)
        try:
            pages = {}
            for page in PAGES:
                times = []
                for _ in range(3):  # the first call also fills the analytics cache
                    t = time.perf_counter()
                    r = httpx.get(base + page, timeout=120)
                    times.append(round(1000 * (time.perf_counter() - t), 1))
                    assert r.status_code == 200, (page, r.status_code)
                pages[page] = {"first_ms": times[0], "warm_ms": min(times[1:])}
            healthz = asyncio.run(burst(base + "/healthz", args.concurrency))
            events = asyncio.run(burst(base + "/events", args.concurrency))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    result = {"events": args.events, "build_s": round(built, 1), "pages": pages,
              "healthz": healthz, "events_page": events,
              "rps_ratio_events_to_healthz": round(events["rps"] / healthz["rps"], 3)}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(f"store: {args.events} events, built in {result['build_s']} s")
        for page, t in pages.items():
            print(f"  GET {page:<36} first {t['first_ms']:>8} ms   warm {t['warm_ms']:>8} ms")
        for name, r in (("/healthz", healthz), ("/events", events)):
            print(f"{args.concurrency} concurrent GET {name:<9} {r['rps']:>8} req/s   "
                  f"p50 {r['p50_ms']:>7} ms   p95 {r['p95_ms']:>7} ms")
        print(f"ratio /events to /healthz throughput: {result['rps_ratio_events_to_healthz']}")
    return result


if __name__ == "__main__":
    main()
