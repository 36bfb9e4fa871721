"""Quad class and default intensity of each PLOVER type, as SQL the pages can use.

The numbers are the project's one table, ``flashpoint/link/data/plover_types.csv`` (read by
:func:`flashpoint.link.types.type_table`); the coder stores them on every event, and the
dashboard falls back on them for an event stored without (``intensity`` 0, ``quad_class`` 0).
"""

from __future__ import annotations

from flashpoint.link.types import type_table


def sql_case(column: str, field: str) -> str:
    """A SQL ``CASE`` mapping an event-type column to ``quad_class`` or ``intensity``.

    The values come from the packaged table, never from a request, so inlining them is safe.
    """
    whens = " ".join(
        f"WHEN '{t}' THEN {float(getattr(info, field))!r}"
        for t, info in sorted(type_table().items())
    )
    return f"(CASE {column} {whens} ELSE 0.0 END)"
