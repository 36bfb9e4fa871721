"""Linking stage: response links, merged reports, cross-article responses (issue 5)."""
