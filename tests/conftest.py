"""Shared fixtures. The spaCy model is loaded once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EXAMPLE = ROOT / "examples" / "retaliation_articles.txt"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """../shared beside the clone; tests that read it skip where it is absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared/data is absent beside this clone: reference-data test skipped")
    return SHARED


@pytest.fixture(scope="session")
def example_path() -> Path:
    return EXAMPLE


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from flashpoint.nlp.pipeline import get_nlp

    return get_nlp()
