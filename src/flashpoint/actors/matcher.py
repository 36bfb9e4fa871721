"""Find table forms in a parsed doc: one spaCy PhraseMatcher over every table, built once.

The matcher compares the NORM attribute (lower case, typographic apostrophes folded), so one
pattern finds "Kremlin", "KREMLIN" and "kremlin"; :func:`case_ok` then rejects case variants
that change the meaning ("us" is not "US", "law" is not "Law").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.matcher import PhraseMatcher

from flashpoint.actors.tables import Tables

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

FORM, ROLE, PERSON = "F", "R", "P"


@dataclass(frozen=True)
class Candidate:
    """A table form found at tokens [start, end)."""

    cat: str  # F (country/institution form), R (role), P (person name)
    key: str  # the form as written in the table
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start


def _fold(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u2018", "'")


def case_ok(form: str, text: str, cat: str) -> bool:
    """Whether ``text`` (as found) is an acceptable spelling of table ``form``.

    Roles are lower case in the table and match in any case. A form with capitals must be
    written as in the table or, when it has four letters or more, fully upper case
    (headlines). Acronyms such as "US" or "WHO" must match
    exactly, otherwise "us" and "who" would become actors.
    """
    if cat == ROLE:
        return True
    text = _fold(text)
    form = _fold(form)
    if text == form:
        return True
    if not any(c.isupper() for c in form):
        return text.lower() == form
    # Headlines and datelines in capitals ("CHINA", "MOSCOW"); acronyms only match exactly.
    return len(form) >= 4 and not form.isupper() and text == form.upper()


class TableMatcher:
    """A PhraseMatcher over all tables for one vocab."""

    def __init__(self, vocab: Vocab, tables: Tables) -> None:
        from spacy.lang.en import English

        # Patterns are tokenised by the blank English tokenizer: same rules as the model's.
        make = English(vocab=vocab).make_doc
        self.tables = tables
        self.matcher = PhraseMatcher(vocab, attr="NORM")
        groups: list[tuple[str, list[str]]] = [
            (FORM, list(tables.forms)),
            (ROLE, list(tables.roles)),
            (PERSON, list(tables.person_forms)),
        ]
        for cat, forms in groups:
            for form in forms:
                self.matcher.add(f"{cat}|{form}", [make(form)])
        self.strings = vocab.strings

    def __call__(self, doc: Doc) -> list[Candidate]:
        """Candidates in doc order, case-checked; overlapping ones are all kept."""
        out = []
        for match_id, start, end in self.matcher(doc):
            label = self.strings[match_id]
            cat, key = label.split("|", 1)
            if case_ok(key, doc[start:end].text, cat):
                out.append(Candidate(cat, key, start, end))
        return out


@lru_cache(maxsize=8)
def _cached(vocab_id: int, tables_id: int, vocab: Vocab, tables: Tables) -> TableMatcher:
    return TableMatcher(vocab, tables)


def get_matcher(vocab: Vocab, tables: Tables) -> TableMatcher:
    """The matcher for this vocab and these tables, built once per process."""
    return _cached(id(vocab), id(tables), vocab, tables)


def select(cands: list[Candidate]) -> list[Candidate]:
    """Longest non-overlapping candidates, in doc order.

    Longest first because the longer form is the more specific name ("the Hong Kong
    Autonomy Act" over "Hong Kong", "Chinese Communist Party" over "Chinese"); on equal
    length a table form beats a person name, which beats a role.
    """
    prio = {FORM: 0, PERSON: 1, ROLE: 2}
    taken: set[int] = set()
    chosen = []
    for c in sorted(cands, key=lambda c: (-c.length, prio[c.cat], c.start)):
        if any(i in taken for i in range(c.start, c.end)):
            continue
        taken.update(range(c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)
