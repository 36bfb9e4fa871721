"""The actor resolver: spaCy doc in, :class:`~flashpoint.records.ActorMention` s out.

Matchers and tables are built once per process and shared by every resolver on the same
vocab, so the event coder can call :meth:`ActorResolver.resolve_doc` on each doc it parsed
at little cost beyond the spaCy pass itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from flashpoint.actors.coref import Coref
from flashpoint.actors.matcher import get_matcher, select
from flashpoint.actors.phrases import Item, PhraseBuilder
from flashpoint.actors.tables import Tables, load_tables
from flashpoint.records import ActorMention

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc


class ActorResolver:
    """Recognise state actors in parsed docs and resolve them to code and sector by date.

    Args:
        nlp: the spaCy pipeline used by :meth:`resolve` on raw text; default
            :func:`flashpoint.nlp.pipeline.get_nlp` (the ``model`` setting), loaded lazily.
        people: extra people CSV files (same columns as ``actors/data/people*.csv``).
    """

    def __init__(self, nlp: Language | None = None, people: Iterable[str | Path] = ()) -> None:
        self._nlp = nlp
        self.tables: Tables = load_tables(tuple(str(p) for p in people))

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            from flashpoint.nlp.pipeline import get_nlp

            self._nlp = get_nlp()
        return self._nlp

    def resolve_doc(self, doc: Doc, date: str | None = None) -> list[ActorMention]:
        """Actor mentions of a parsed doc, with character offsets into ``doc.text``.

        Args:
            doc: a doc parsed by a pipeline with parser and NER (``en_core_web_sm`` or larger).
            date: the article's ISO date (YYYY-MM-DD); picks the office a person held and the
                owner of forms that changed over time. ``None`` means "now".

        Returns:
            Mentions in text order; see docs/actors.md for span and ``kind`` conventions.
        """
        date = date[:10] if date else None
        matcher = get_matcher(doc.vocab, self.tables)
        cands = matcher(doc)
        chosen = select(cands)
        items = PhraseBuilder(doc, date, self.tables).build(cands, chosen)
        resolved = Coref(doc, date, self.tables).run(items)
        text = doc.text  # Doc.text joins every token: build it once, not per mention
        return [self._mention(doc, text, it) for it in resolved]

    def resolve(self, text: str, date: str | None = None) -> list[ActorMention]:
        """Parse ``text`` with :attr:`nlp` and resolve its actors."""
        return self.resolve_doc(self.nlp(text), date)

    @staticmethod
    def _mention(doc: Doc, text: str, it: Item) -> ActorMention:
        start = doc[it.start].idx
        last = doc[it.end - 1]
        end = last.idx + len(last.text)
        name = it.name or it.person or text[start:end]
        return ActorMention(code=it.code, sector=it.sector, name=name, start=start, end=end,
                            text=text[start:end], kind=it.kind, confidence=it.conf)


_DEFAULT: ActorResolver | None = None


def resolve(text_or_doc: str | Doc, date: str | None = None) -> list[ActorMention]:
    """Actor mentions of a text or parsed doc (offsets into its text).

    Args:
        text_or_doc: raw text (parsed with the configured spaCy model) or a spaCy ``Doc``.
        date: the article's ISO date, or ``None``.
    """
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = ActorResolver()
    if isinstance(text_or_doc, str):
        return _DEFAULT.resolve(text_or_doc, date)
    return _DEFAULT.resolve_doc(text_or_doc, date)
