"""The dashboard: ``flashpoint serve`` (a FastAPI app over a read-only DuckDB store).

``create_app(db)`` builds the ASGI app; ``flashpoint.web.sample.build_sample_store`` writes
a small hand-made store to try it on.
"""

from __future__ import annotations

from flashpoint.web.app import create_app

__all__ = ["create_app"]
