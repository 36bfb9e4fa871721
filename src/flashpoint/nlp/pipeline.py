"""Coding stage: articles in, events out. Loads the spaCy pipeline once per process.

``code_batch`` is what every backend calls on a batch (a Dask partition or a local chunk):
parse → resolve actors → code events → date them → link responses within the article.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from flashpoint.config import Settings
from flashpoint.errors import ModelError
from flashpoint.records import ActorMention, Article, Event

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

MentionFinder = Callable[["Doc", "str | None"], list[ActorMention]]


def _register_components() -> None:
    from spacy.language import Language

    if "flashpoint_paragraphs" in Language.factories:
        return

    @Language.component("flashpoint_paragraphs")
    def paragraphs(doc: Doc) -> Doc:
        # News dumps put headlines, captions and paragraphs on their own lines with no full stop;
        # left to the parser, a headline fuses with the first paragraph into one "sentence" and
        # its subject captures the paragraph's verbs. A line break always starts a sentence.
        for tok in doc[1:]:
            prev = doc[tok.i - 1]
            if "\n" in prev.whitespace_ or (prev.is_space and "\n" in prev.text):
                tok.is_sent_start = True
        return doc


@lru_cache(maxsize=4)
def get_nlp(model: str | None = None) -> Language:
    """The spaCy pipeline named by ``model`` (default: the setting), loaded once per process."""
    import spacy

    name = model or Settings().model
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"cannot load spaCy model {name!r}: {exc}. Install it (make install) "
            "or name an installed model with the 'model' setting."
        ) from exc
    _register_components()
    if "parser" in nlp.pipe_names and "flashpoint_paragraphs" not in nlp.pipe_names:
        nlp.add_pipe("flashpoint_paragraphs", before="parser")
    return nlp


@lru_cache(maxsize=1)
def _default_finder() -> MentionFinder:
    try:
        from flashpoint.actors import ActorResolver
    except ImportError as exc:  # pragma: no cover - the package ships it
        raise ModelError(f"the actor resolver cannot be imported: {exc}") from exc
    resolver = ActorResolver(get_nlp())
    return resolver.resolve_doc


def _finish(events: list[Event], doc: Doc, article: Article) -> list[Event]:
    """Attach type table values and dates, then link responses within the article."""
    from flashpoint.link.types import type_info
    from flashpoint.nlp.dates import event_date

    out = []
    text = article.full_text
    for ev in events:
        # Re-read the words from the article itself: the parsed text may differ in case (a
        # headline in Title Case is parsed in sentence case) but never in offsets.
        sentence = text[ev.sentence_start : ev.sentence_start + len(ev.sentence)]
        ev = dataclasses.replace(
            ev,
            sentence=sentence,
            trigger=sentence[ev.trigger_start : ev.trigger_end] if ev.trigger_start >= 0 else ev.trigger,
            source_text=sentence[ev.source_start : ev.source_end] if ev.source_start >= 0 else ev.source_text,
            target_text=sentence[ev.target_start : ev.target_end] if ev.target_start >= 0 else ev.target_text,
        )
        info = type_info(ev.type)
        span = doc.char_span(ev.sentence_start, ev.sentence_start + len(ev.sentence), alignment_mode="expand")
        date, date_text = (None, None)
        if span is not None:
            date, date_text = event_date(span, article.date, past=ev.status == "occurred", anchor=ev.trigger_start)
        out.append(
            dataclasses.replace(
                ev,
                quad_class=info.quad_class,
                cameo_root=info.cameo_root,
                intensity=info.intensity,
                date=date,
                date_text=date_text,
                mentions=((ev.doc, ev.sentence_index),),
            )
        )
    try:
        from flashpoint.link.within import link_within
    except ImportError:
        return out
    return link_within(out, article.full_text)


def code_docs(
    articles: Sequence[Article],
    settings: Settings | None = None,
    finder: MentionFinder | None = None,
) -> list[tuple[Article, Doc, list[ActorMention], list[Event]]]:
    """Parse and code each article; returns the parse and the actor mentions too (for tools)."""
    from flashpoint.nlp.events import code_doc

    settings = settings or Settings()
    nlp = get_nlp(settings.model)
    find = finder or _default_finder()
    # Sentences that cannot hold an event are blanked (offsets unchanged) and so never parsed.
    texts = [prefilter(a.full_text)[0] if settings.prefilter else a.full_text for a in articles]
    texts = [sentence_case_title(t, a.date) for t, a in zip(texts, articles, strict=True)]
    out = []
    for article, doc in zip(articles, nlp.pipe(texts, batch_size=32), strict=True):
        mentions = find(doc, article.date)
        pairs = code_doc(doc, mentions, article.doc, date=article.date)
        events = [e for e, _s in pairs if e.confidence >= settings.min_confidence]
        out.append((article, doc, mentions, _finish(events, doc, article)))
    return out


def code_batch(articles: Sequence[Article], settings: Settings | None = None) -> list[list[Event]]:
    """Events of each article, in order (duplicates must be filtered out before)."""
    return [events for _a, _d, _m, events in code_docs(articles, settings)]


def _worker_init() -> None:
    # One BLAS thread per worker: the workers already use the cores, and oversubscribed BLAS
    # threads fight over them.
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)


def _worker_code(batch: list[Article], settings: Settings) -> list[list[Event]]:
    return code_batch(batch, settings)


def code_stream(
    articles: Iterable[Article], settings: Settings | None = None, workers: int = 1
) -> Iterator[list[Event]]:
    """Events per article for a stream of articles, in order, using ``workers`` processes.

    Batches of ``settings.batch_size`` articles go to a process pool (each process loads the
    spaCy pipeline once); with one worker everything runs in this process.
    """
    settings = settings or Settings()
    size = max(1, settings.batch_size)
    batches = _chunks(articles, size)
    head = list(itertools.islice(batches, 3))
    if workers <= 1 or len(head) < 3:
        # Small inputs run here: starting worker processes (each loads the model) costs more
        # than it saves below a few batches.
        for batch in itertools.chain(head, batches):
            yield from code_batch(batch, settings)
        return
    batches = itertools.chain(head, batches)
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    # Load the pipeline here and fork: the workers share its weights copy-on-write instead of
    # each holding a copy, which keeps a two-worker run near one model's memory.
    get_nlp(settings.model)
    _default_finder()
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=mp.get_context(method), initializer=_worker_init) as pool:
        pending: list[Any] = []
        for batch in batches:
            pending.append(pool.submit(_worker_code, batch, settings))
            if len(pending) > 2 * workers:
                yield from pending.pop(0).result()
        for fut in pending:
            yield from fut.result()


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    batch: list[Article] = []
    for it in items:
        batch.append(it)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


# --------------------------------------------------------------------------- sentence prefilter

_SEGMENT = re.compile(r"[^\n]+")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9])")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


def _stem(word: str) -> str:
    return word[:5] if len(word) > 5 else word


@lru_cache(maxsize=1)
def _trigger_forms() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Word stems that can carry an event, that report speech, and that judge.

    A sentence with a trigger may hold an event; a sentence with only a speech verb holds one
    only when it also judges or demands ("said the move was illegal", "said X should ...").
    Stems are the first five letters of the lemma, so inflections ("closed", "closure",
    "sanctions") match without a lemmatiser; over-matching costs only time.
    """
    from flashpoint.nlp.lexicon import load_lexicon

    lex = load_lexicon()
    irregular = {"met", "held", "fought", "shot", "struck", "sent", "spoke", "froze", "frozen", "broke", "broken",
                 "cut", "hit", "withdrew", "withdrawn", "paid", "sought", "stood", "flew", "left", "shut", "lent",
                 "sank", "sunk", "dealt"}
    triggers = {_stem(k[0]) for k in lex.triggers} | lex.cue("retaliate") | irregular
    speech = {_stem(w) for w in lex.cue("speech")} | {"said", "says", "told", "wrote"}
    judging = {_stem(w) for w in lex.cue("evaluative") | lex.cue("demand_modal")}
    return frozenset(triggers), frozenset(speech), frozenset(judging)


def prefilter(text: str) -> tuple[str, int, int]:
    """The text with sentences that cannot hold an event blanked out (same length, same offsets).

    Returns the filtered text and the number of sentences kept and seen.
    """
    triggers, speech, judging = _trigger_forms()
    out = list(text)
    kept = seen = 0
    for para in _SEGMENT.finditer(text):
        start = para.start()
        pieces = _SENTENCE_END.split(para.group())
        pos = start
        for piece in pieces:
            i = text.find(piece, pos)
            if i < 0:
                continue
            seen += 1
            words = {_stem(w.lower()) for w in _WORD.findall(piece)}
            if words & triggers or (words & speech and words & judging):
                kept += 1
            else:
                for j in range(i, i + len(piece)):
                    out[j] = " "
            pos = i + len(piece)
    return "".join(out), kept, seen


# --------------------------------------------------------------------------- headlines

_TITLE_WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*")


def sentence_case_title(text: str, date: str | None = None) -> str:
    """``text`` with a Title Case headline put in sentence case (same length, same offsets).

    spaCy's small English model tags "Reagan Halts Talks With Moscow" as a run of proper
    nouns and finds no verb. Lower-casing the words that are not names gives the parser
    "Reagan halts talks with Moscow". A word keeps its capital when it is the first word, an
    acronym, or a form in the actor tables (country, capital, adjective, institution, person).
    """
    end = text.find("\n")
    title = text if end < 0 else text[:end]
    words = [m for m in _TITLE_WORD.finditer(title) if len(m.group()) > 3]
    if len(words) < 3 or sum(w.group()[0].isupper() for w in words) / len(words) < 0.8:
        return text
    from flashpoint.actors.tables import load_tables

    tables = load_tables()
    out = list(text)
    for i, m in enumerate(_TITLE_WORD.finditer(title)):
        w = m.group()
        if i == 0 or w.isupper() or not w[0].isupper():
            continue
        if w in tables.forms or w in tables.surnames or w in tables.person_forms or w.rstrip("s") in tables.forms:
            continue
        out[m.start()] = w[0].lower()
    return "".join(out)
