"""One exception tree for flashpoint. Every message says what went wrong and what to do.

    FlashpointError
     ├── ConfigError        a setting or option is wrong
     ├── SourceError        an input cannot be read (the batch goes on; the record is rejected)
     │    ├── FetchError    a URL could not be fetched
     │    └── ParseError    a file or record is malformed
     ├── StoreError         the DuckDB store cannot be opened, migrated or written
     ├── ModelError         the spaCy model or a shipped classifier cannot be loaded
     └── PipelineError      a stage failed in a way that stops the run

The CLI turns these into one-line messages and exit codes in one place (cli/__init__.py):
0 all well, 1 some records rejected, 2 usage or configuration error.
"""

from __future__ import annotations


class FlashpointError(Exception):
    """Base class: catch this to handle any flashpoint failure."""


class ConfigError(FlashpointError):
    pass


class SourceError(FlashpointError):
    def __init__(self, source: str, reason: str, record: str = "") -> None:
        self.source = source
        self.record = record
        self.reason = reason
        where = f"{source}:{record}" if record else source
        super().__init__(f"{where}: {reason}")


class FetchError(SourceError):
    pass


class ParseError(SourceError):
    pass


class StoreError(FlashpointError):
    pass


class ModelError(FlashpointError):
    pass


class PipelineError(FlashpointError):
    pass
