"""The event coder's word lists, loaded from the data files beside this module.

``triggers.csv`` maps a trigger lemma (verb or noun) to a PLOVER type and a mode;
``cues.csv`` holds the smaller word lists the rules consult (light verbs, speech verbs,
evaluative words that make a statement an accusation, ...). Keeping them as data lets a
user extend the coder without touching code, and lets the tests check the tables.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from flashpoint.errors import ModelError
from flashpoint.records import EVENT_TYPES


@dataclass(frozen=True)
class TriggerEntry:
    lemma: str  # head lemma (first word for "verb particle" entries)
    particle: str  # second word of a two-word entry, else ""
    pos: str  # "V" or "N"
    type: str
    mode: str
    requires: frozenset[str]
    flags: frozenset[str]

    def has(self, flag: str) -> bool:
        return flag in self.flags


@dataclass(frozen=True)
class Lexicon:
    triggers: dict[tuple[str, str], tuple[TriggerEntry, ...]]  # (lemma, pos) -> entries
    cues: dict[str, frozenset[str]]  # list name -> words

    def entries(self, lemma: str, pos: str) -> tuple[TriggerEntry, ...]:
        return self.triggers.get((lemma, pos), ())

    def cue(self, name: str) -> frozenset[str]:
        return self.cues.get(name, frozenset())


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("flashpoint.nlp").joinpath("data", name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    return list(csv.DictReader(lines))


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Read and check the packaged tables (once per process)."""
    triggers: dict[tuple[str, str], list[TriggerEntry]] = defaultdict(list)
    for n, row in enumerate(_rows("triggers.csv"), start=1):
        words = row["lemma"].strip().lower().split()
        if not words or row["pos"] not in ("V", "N") or row["type"] not in EVENT_TYPES:
            raise ModelError(f"triggers.csv row {n} is malformed: {row}")
        entry = TriggerEntry(
            lemma=words[0],
            particle=words[1] if len(words) > 1 else "",
            pos=row["pos"],
            type=row["type"],
            mode=row["mode"].strip(),
            requires=frozenset(w for w in (row.get("requires") or "").lower().split("|") if w),
            flags=frozenset(w for w in (row.get("flags") or "").lower().split("|") if w),
        )
        triggers[(entry.lemma, entry.pos)].append(entry)
    cues: dict[str, set[str]] = defaultdict(set)
    for row in _rows("cues.csv"):
        cues[row["list"].strip()].add(row["word"].strip().lower())
    # Entries that require a complement are more specific ("ban imports" is an embargo, a bare
    # "ban" a coercive act): try them first, in file order otherwise.
    return Lexicon(
        triggers={k: tuple(sorted(v, key=lambda e: not (e.requires or e.particle))) for k, v in triggers.items()},
        cues={k: frozenset(v) for k, v in cues.items()},
    )
