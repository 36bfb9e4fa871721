"""The public API is small and pinned: a name that disappears breaks users' scripts."""

from __future__ import annotations

from pathlib import Path

import flashpoint

PUBLIC = {
    "ActorMention", "Article", "ConfigError", "Event", "FetchError", "FlashpointError", "Link",
    "ModelError", "ParseError", "PipelineError", "Reject", "SourceError", "Store", "StoreError",
    "__version__", "code", "evaluate", "ingest", "read",
}


def test_exported_names() -> None:
    assert set(flashpoint.__all__) == PUBLIC
    for name in PUBLIC:
        assert hasattr(flashpoint, name), name


def test_readme_python_example(example_path: Path, tmp_path: Path) -> None:
    from flashpoint import analytics

    events = list(flashpoint.code(example_path))
    assert {(e.source, e.type, e.target) for e in events} >= {("USA", "SANCTION", "CHN"), ("CHN", "SANCTION", "USA")}
    summary = flashpoint.ingest([str(example_path)], db=str(tmp_path / "news.duckdb"))
    assert summary.exit_code == 0
    with flashpoint.Store(str(tmp_path / "news.duckdb"), read_only=True) as st:
        assert not analytics.dyads(st).empty
