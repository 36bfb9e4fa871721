"""flashpoint: read news, code who did what to whom, and link each act to the act it answers.

The public API is small and stable; everything else may change between versions.
"""

from __future__ import annotations

# The functions shadow their modules' names on the package (flashpoint.read is the function);
# import module contents with ``from flashpoint.read import ...``.
from flashpoint.coding import code
from flashpoint.errors import (
    ConfigError,
    FetchError,
    FlashpointError,
    ModelError,
    ParseError,
    PipelineError,
    SourceError,
    StoreError,
)
from flashpoint.evaluate import evaluate
from flashpoint.ingest import ingest
from flashpoint.read import read
from flashpoint.records import ActorMention, Article, Event, Link, Reject
from flashpoint.store import Store

__version__ = "0.1.0"

__all__ = [
    "ActorMention",
    "Article",
    "ConfigError",
    "Event",
    "FetchError",
    "FlashpointError",
    "Link",
    "ModelError",
    "ParseError",
    "PipelineError",
    "Reject",
    "SourceError",
    "Store",
    "StoreError",
    "__version__",
    "code",
    "evaluate",
    "ingest",
    "read",
]
