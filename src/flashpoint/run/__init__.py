"""Execution backends for the coding step of the ingest plan.

Reading, cleaning and de-duplication run in the driver (de-duplication is global);
coding — the expensive part — runs per batch on a backend: ``local`` (in this process)
or ``dask`` (worker processes of a Dask cluster). Each backend is a module with an
``execute(batches, articles_of, settings, ...)`` generator yielding ``(batch, result)``
in batch order, so what gets stored does not depend on the backend.
"""

from __future__ import annotations

from collections.abc import Sequence

from flashpoint.config import Settings
from flashpoint.errors import ConfigError, ModelError
from flashpoint.records import Article, Event, Reject

# Events per article (aligned with the batch) and the articles that failed to code.
CodeResult = tuple[list[list[Event]], list[Reject]]

BACKENDS = ("local", "dask")


def code_safely(articles: Sequence[Article], settings: Settings) -> CodeResult:
    """``code_batch`` over a batch; an article that makes the coder fail is rejected alone.

    The coder is looked up at call time (``flashpoint.nlp.pipeline.code_batch``) so a
    replaced implementation is picked up. A missing model or bad setting stops the run
    (it would fail for every article); any other exception is retried article by article so
    one bad article costs only itself.
    """
    from flashpoint.nlp import pipeline

    if not articles:
        return [], []
    try:
        events = pipeline.code_batch(list(articles), settings)
        if len(events) == len(articles):
            return [list(e) for e in events], []
    except (ModelError, ConfigError):
        raise
    except Exception:  # noqa: BLE001 - isolate the failing article below
        pass
    out: list[list[Event]] = []
    rejects: list[Reject] = []
    for art in articles:
        try:
            got = pipeline.code_batch([art], settings)
            out.append(list(got[0]) if got else [])
        except (ModelError, ConfigError):
            raise
        except Exception as exc:  # noqa: BLE001 - reported as a reject, the batch goes on
            out.append([])
            rejects.append(Reject(art.source or art.doc, art.doc, "code",
                                  f"event coder failed: {type(exc).__name__}: {exc}"))
    return out, rejects
