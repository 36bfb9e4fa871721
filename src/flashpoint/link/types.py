"""The per-type table: quad class, CAMEO root and default intensity of each PLOVER type.

The coder calls :func:`type_info` for every event; the exporters use it to fill CAMEO and
GDELT columns. The numbers live in ``data/plover_types.csv`` (its header says where they
come from), not in code.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from flashpoint.errors import ConfigError


class TypeInfo(NamedTuple):
    """What the table says about one PLOVER type."""

    quad_class: int
    cameo_root: str
    intensity: float


@lru_cache(maxsize=1)
def type_table() -> dict[str, TypeInfo]:
    """The whole table, keyed by PLOVER type (upper case), read once per process."""
    text = resources.files("flashpoint.link").joinpath("data/plover_types.csv").read_text("utf-8")
    rows = csv.DictReader(line for line in text.splitlines() if line and not line.startswith("#"))
    table: dict[str, TypeInfo] = {}
    for row in rows:
        table[row["type"].strip().upper()] = TypeInfo(
            int(row["quad_class"]), row["cameo_root"].strip(), float(row["intensity_default"])
        )
    return table


def type_info(type_: str) -> TypeInfo:
    """Quad class, two-digit CAMEO root and default intensity of a PLOVER type.

    Args:
        type_: one of the 16 PLOVER types (case-insensitive), e.g. ``"SANCTION"``.

    Returns:
        ``TypeInfo(quad_class, cameo_root, intensity)``, e.g. ``(4, "16", -5.0)``.

    Raises:
        ConfigError: the type is not one of the 16 PLOVER types.
    """
    info = type_table().get(type_.strip().upper())
    if info is None:
        raise ConfigError(
            f"unknown PLOVER event type {type_!r}; expected one of {', '.join(type_table())}"
        )
    return info
