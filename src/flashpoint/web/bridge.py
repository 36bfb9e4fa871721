"""Use the project's analytics (:mod:`flashpoint.analytics`) where it is there.

The dyad table and the per-direction figures of the dyad page come from
``flashpoint.analytics.dyads`` (the numbers ``flashpoint dyads`` prints). It reads every
event into pandas (about 1 s for 100k events), so results are cached until the store
changes. ``analytics.chains`` is not called from pages: it builds an Event per stored event
(4.3 s on 100k); the overview's "recent chains" come from SQL
(:func:`flashpoint.web.service.chains`). When the module is missing or fails, ``dyads``
returns None and the pages use their own SQL measure instead.
"""

from __future__ import annotations

import logging
import math
import threading
from collections.abc import Callable
from typing import Any

import duckdb

from flashpoint.web.queries import Row

log = logging.getLogger("flashpoint.web")


def _num(value: Any) -> float | None:
    try:
        x = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(x) else round(x, 3)


class Analytics:
    """Cached calls into :mod:`flashpoint.analytics`.

    Args:
        version: returns a token that changes whenever the store may have changed (constant
            while the store is held open, the file's size and mtime otherwise); a cached
            result is reused only while the token is the same.
    """

    def __init__(self, version: Callable[[], Any]) -> None:
        self.version = version
        self._memo: dict[tuple[Any, ...], tuple[Any, Any]] = {}
        self._lock = threading.Lock()
        # One computation at a time: concurrent first visitors wait for it instead of each
        # loading every event into pandas.
        self._compute = threading.Lock()

    def _call(self, key: tuple[Any, ...], fn: Callable[[], Any]) -> Any:
        token = self.version()
        with self._lock:
            hit = self._memo.get(key)
        if hit is not None and hit[0] == token:
            return hit[1]
        with self._compute:
            with self._lock:
                hit = self._memo.get(key)
            if hit is not None and hit[0] == token:
                return hit[1]
            try:
                value = fn()
            except Exception as exc:  # any failure: fall back to the dashboard's own SQL
                log.warning("flashpoint.analytics.%s failed (%s); using the dashboard's SQL",
                            key[0], exc)
                value = None
            with self._lock:
                if len(self._memo) > 64:  # distinct date filters are few; bound it anyway
                    self._memo.clear()
                self._memo[key] = (token, value)
        return value

    def dyads(self, cur: duckdb.DuckDBPyConnection, since: str | None = None,
              until: str | None = None, min_events: int = 1) -> list[Row] | None:
        """Ordered pairs (``a`` acts on ``b``) with the analytics' measures, or None."""
        try:
            from flashpoint import analytics
        except ImportError:
            return None
        if not hasattr(analytics, "dyads"):
            return None

        def run() -> list[Row]:
            df = analytics.dyads(cur, since=since, until=until, min_events=min_events)
            rows = []
            for r in df.to_dict("records"):
                rows.append({
                    "a": r["source"], "b": r["target"], "directed": True,
                    "n": int(r["n_events"]),
                    "conflict": int((r.get("quad3") or 0) + (r.get("quad4") or 0)),
                    "responses": int(r.get("n_responses") or 0),
                    "escalation": _num(r.get("escalation_index")),
                    "hostility": _num(r.get("hostility_score")),
                    "reciprocity": _num(r.get("reciprocity")),
                    "median_lag_days": _num(r.get("median_lag_days")),
                    "mean_intensity": _num(r.get("mean_intensity")),
                    "n_escalate": int(r.get("n_escalate") or 0),
                    "n_match": int(r.get("n_match") or 0),
                    "n_deescalate": int(r.get("n_deescalate") or 0),
                })
            return rows

        result: list[Row] | None = self._call(("dyads", since, until, min_events), run)
        return result
