"""The Dask backend: code batches on the worker processes of a Dask cluster.

``workers=N`` starts a ``distributed.LocalCluster`` of N single-threaded worker processes on
127.0.0.1 for the run; ``scheduler="tcp://host:port"`` uses a running cluster. Each batch
(a partition of unique articles) is one task; the spaCy pipeline is loaded once per worker
process (``get_nlp`` is cached per process). Results come back in submission order, and at
most a few batches per worker are in flight, so the driver's memory stays bounded.
"""

from __future__ import annotations

import logging
import os
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack
from typing import Any, TypeVar

from flashpoint.config import Settings
from flashpoint.errors import ConfigError, ModelError
from flashpoint.records import Article, Reject
from flashpoint.run import CodeResult, code_safely

B = TypeVar("B")

# Batches queued per worker: enough to keep workers busy while the driver reads and writes.
INFLIGHT_PER_WORKER = 2


def _client(stack: ExitStack, workers: int | None, scheduler: str | None) -> Any:
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            return stack.enter_context(Client(scheduler, timeout="10s"))
        except (OSError, TimeoutError) as exc:
            raise ConfigError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}); start one "
                "(`dask scheduler` and `dask worker`) or use --workers N for a local cluster"
            ) from exc
    n = workers or max(1, (os.cpu_count() or 2) - 1)
    with warnings.catch_warnings():
        # With the dashboard off the scheduler still serves /health on 8787 and warns when
        # another cluster holds that port; it moves to a free one, so the warning is noise.
        warnings.filterwarnings("ignore", message="Port .* is already in use", category=UserWarning)
        cluster = stack.enter_context(LocalCluster(
            n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
            host="127.0.0.1", silence_logs=logging.ERROR,
        ))
    return stack.enter_context(Client(cluster))


def execute(
    batches: Iterable[B],
    articles_of: Callable[[B], list[Article]],
    settings: Settings,
    workers: int | None = None,
    scheduler: str | None = None,
) -> Iterator[tuple[B, CodeResult]]:
    """``(batch, (events per article, rejects))`` for each batch, in submission order."""
    if workers is not None and workers < 1:
        raise ConfigError(f"--workers must be at least 1, got {workers}")
    with ExitStack() as stack:
        client = _client(stack, workers, scheduler)
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        limit = INFLIGHT_PER_WORKER * n_workers
        inflight: deque[tuple[B, Any]] = deque()

        def collect() -> tuple[B, CodeResult]:
            batch, fut = inflight.popleft()
            if fut is None:
                return batch, ([], [])
            try:
                return batch, fut.result()
            except (ConfigError, ModelError):
                raise
            except Exception as exc:  # noqa: BLE001 - a lost worker rejects its batch only
                arts = articles_of(batch)
                return batch, ([[] for _ in arts], [
                    Reject(a.source or a.doc, a.doc, "code",
                           f"Dask task failed: {type(exc).__name__}: {exc}") for a in arts
                ])

        for batch in batches:
            arts = articles_of(batch)
            fut = client.submit(code_safely, arts, settings, pure=False) if arts else None
            inflight.append((batch, fut))
            while len(inflight) > limit:
                yield collect()
        while inflight:
            yield collect()
