"""A small hand-made store, for trying the dashboard and for its tests and benchmark.

The articles paraphrase (in this project's own words) five stories of the seed corpus
``examples/retaliation_articles.txt``: the Houston and Chengdu consulate closures (USA/CHN),
China's warning over TikTok, the UK's Magnitsky sanctions and Russia's answer (GBR/RUS),
the vaccine-research hacking accusation (GBR/RUS) and the Galwan valley clash (CHN/IND).
The events are coded by hand following ../shared/EVENTS.md.

It is written through :class:`flashpoint.store.Store`, so it has the very tables that
``flashpoint ingest`` writes.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from flashpoint.link.types import type_info
from flashpoint.records import Article, Event, Link, Reject, event_id
from flashpoint.store import Store


def write_store(path: str | Path, articles: Iterable[Article] = (), events: Iterable[Event] = (),
                links: Iterable[Link] = (), rejects: Iterable[Reject] = ()) -> None:
    """Append records to a store through :class:`flashpoint.store.Store` (created if absent).

    Events go to ``coded_events`` and, as if linking had run, to ``events`` (one mention
    each); links go to ``links``. The result reads like a store ``flashpoint ingest`` wrote.

    Args:
        path: the DuckDB file.
        articles, events, links, rejects: the records to append.
    """
    arts, evs, lks = list(articles), list(events), list(links)
    with Store(path) as st:
        with st.transaction() as con:
            st.add_articles(arts, [hashlib.sha1(a.text.encode()).hexdigest() for a in arts],
                            run_id="sample")
            st.add_rejects(list(rejects), run_id="sample")
            st.add_coded_events(evs)
            st.add_coded_events(evs, table="events")
            con.execute("UPDATE events SET n_mentions = 1, n_docs = 1 WHERE n_mentions IS NULL")
            extra = {
                "mentions": pd.DataFrame(
                    [{"event_id": e.id, "doc": e.doc, "sentence_index": e.sentence_index,
                      "sentence": e.sentence, "coded_event_id": e.id} for e in evs],
                    columns=["event_id", "doc", "sentence_index", "sentence", "coded_event_id"]),
                "links": pd.DataFrame([lk.to_dict() for lk in lks],
                                      columns=["event", "answers", "kind", "score", "cue"]),
            }
            for name, frame in extra.items():
                if frame.empty:
                    continue
                con.register("_fp_web_rows", frame)
                try:
                    con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _fp_web_rows")
                finally:
                    con.unregister("_fp_web_rows")


def make_event(article: Article, sentence: str, source: tuple[str, str], target: tuple[str, str],
               type_: str, mode: str, trigger: str, date: str | None = None,
               response_to: str | None = None, confidence: float = 0.8) -> Event:
    """An Event whose offsets are found by searching the words in ``sentence``.

    Args:
        article: the article that states it (``sentence`` must occur in its full text).
        sentence: the evidence sentence, verbatim.
        source, target: ``(code, words naming the actor in the sentence)``.
        type_, mode, trigger: PLOVER type, concrete act, and the word that states it.
        date, response_to, confidence: as in the Event record.
    """
    full = article.full_text
    start = full.find(sentence)
    if start < 0:
        raise ValueError(f"sentence not in article {article.doc}: {sentence!r}")
    index = full[:start].count("\n\n")  # paragraphs stand in for sentences in this sample

    def span(words: str) -> tuple[int, int]:
        at = sentence.find(words) if words else -1
        return (at, at + len(words)) if at >= 0 else (-1, -1)

    s0, s1 = span(source[1])
    t0, t1 = span(target[1])
    g0, g1 = span(trigger)
    info = type_info(type_)  # what the coder stores on every event
    return Event(
        id=event_id(article.doc, index, source[0], target[0], type_, g0), doc=article.doc,
        sentence=sentence, source=source[0], source_text=source[1], source_sector="GOV",
        target=target[0], target_text=target[1], target_sector="GOV", type=type_, mode=mode,
        response_to=response_to, date=date or article.date, confidence=confidence,
        link_kind="explicit" if response_to else None, trigger=trigger, sentence_index=index,
        sentence_start=start, source_start=s0, source_end=s1, target_start=t0, target_end=t1,
        trigger_start=g0, trigger_end=g1, mentions=((article.doc, index),),
        quad_class=info.quad_class, cameo_root=info.cameo_root, intensity=info.intensity,
    )


def _article(doc: str, title: str, date: str, paragraphs: list[str], **kw: Any) -> Article:
    text = "\n\n".join(paragraphs)
    return Article(doc=doc, title=title, text=text, raw_text=text, date=date,
                   url=f"https://news.example.org/{doc}", publisher="Example News",
                   source=f"sample:{doc}", **kw)


def sample_corpus() -> tuple[list[Article], list[Event], list[Link], list[Reject]]:
    """The hand-made articles, events, links and rejects (see the module docstring)."""
    consulates = _article("consulates", "China shuts US consulate in Chengdu after Houston closure",
                          "2020-07-27", [
        "Washington closed the Chinese consulate in Houston on Wednesday, saying it was a hub "
        "for spying.",
        "In retaliation, China ordered US diplomats to leave their consulate in Chengdu.",
        "Mike Pompeo said Beijing was stealing intellectual property.",
    ])
    copy = dataclasses.replace(consulates, doc="consulates-copy", duplicate_of="consulates",
                               source="sample:consulates-copy")
    tiktok = _article("tiktok", "China warns of retaliation over TikTok sale", "2020-08-04", [
        "Chinese state media warned that Beijing could retaliate against the US over the "
        "forced sale of TikTok.",
        "Mike Pompeo said the US will take action against Chinese-owned software companies.",
    ])
    magnitsky = _article("magnitsky", "Russia threatens Britain over Magnitsky sanctions",
                         "2020-07-07", [
        "Britain froze the UK assets of 25 Russian individuals under its new sanctions regime.",
        "In response, Moscow said it will sanction British individuals.",
    ])
    hack = _article("vaccine-hack", "UK accuses Russia of hacking vaccine research", "2020-07-17", [
        "London accused Russian intelligence of trying to steal COVID-19 vaccine research.",
        "Russia rejected the allegations from London.",
    ])
    galwan = _article("galwan", "India weighs its answer to China after Galwan clash",
                      "2020-06-20", [
        "Chinese troops killed 20 Indian soldiers in the Galwan valley.",
        "India deployed more troops to its border with China in response to the clash.",
        "Indian and Chinese commanders held talks to ease tensions.",
    ])
    houston = make_event(consulates, consulates.text.split("\n\n")[0], ("USA", "Washington"),
                         ("CHN", "Chinese consulate"), "SANCTION", "close consulate", "closed",
                         date="2020-07-22", confidence=0.9)
    chengdu = make_event(consulates, consulates.text.split("\n\n")[1], ("CHN", "China"),
                         ("USA", "US diplomats"), "SANCTION", "close consulate", "ordered",
                         date="2020-07-24", response_to=houston.id, confidence=0.9)
    steal = make_event(consulates, consulates.text.split("\n\n")[2], ("USA", "Mike Pompeo"),
                       ("CHN", "Beijing"), "ACCUSE", "allege theft", "said")
    warn = make_event(tiktok, tiktok.text.split("\n\n")[0], ("CHN", "Chinese state media"),
                      ("USA", "US"), "THREATEN", "verbal threat", "warned")
    act = make_event(tiktok, tiktok.text.split("\n\n")[1], ("USA", "Mike Pompeo"),
                     ("CHN", "Chinese-owned software companies"), "THREATEN", "verbal threat",
                     "will take action")
    freeze = make_event(magnitsky, magnitsky.text.split("\n\n")[0], ("GBR", "Britain"),
                        ("RUS", "Russian individuals"), "SANCTION", "asset freeze", "froze")
    answer = make_event(magnitsky, magnitsky.text.split("\n\n")[1], ("RUS", "Moscow"),
                        ("GBR", "British individuals"), "THREATEN", "threaten sanctions",
                        "will sanction", response_to=freeze.id)
    accuse = make_event(hack, hack.text.split("\n\n")[0], ("GBR", "London"),
                        ("RUS", "Russian intelligence"), "ACCUSE", "allege cyber", "accused")
    deny = make_event(hack, hack.text.split("\n\n")[1], ("RUS", "Russia"), ("GBR", "London"),
                      "REJECT", "deny", "rejected", response_to=accuse.id)
    clash = make_event(galwan, galwan.text.split("\n\n")[0], ("CHN", "Chinese troops"),
                       ("IND", "Indian soldiers"), "ASSAULT", "clash", "killed",
                       date="2020-06-15")
    deploy = make_event(galwan, galwan.text.split("\n\n")[1], ("IND", "India"),
                        ("CHN", "China"), "MOBILIZE", "deploy troops", "deployed",
                        date="2020-06-18", response_to=clash.id)
    talks = make_event(galwan, galwan.text.split("\n\n")[2], ("IND", "Indian"),
                       ("CHN", "Chinese commanders"), "CONSULT", "talks", "held talks")
    events = [houston, chengdu, steal, warn, act, freeze, answer, accuse, deny, clash, deploy,
              talks]
    links = [Link(event=e.id, answers=e.response_to, kind="explicit", score=0.9,
                  cue="in retaliation" if e is chengdu else "in response")
             for e in events if e.response_to]
    rejects = [
        Reject("sample:feeds.txt", "3", "read", "empty text after cleaning"),
        Reject("sample:feeds.txt", "7", "clean", "article larger than max_article_bytes"),
    ]
    return [consulates, copy, tiktok, magnitsky, hack, galwan], events, links, rejects


def build_sample_store(path: str | Path) -> Path:
    """Write the sample corpus to a fresh store at ``path`` and return the path."""
    path = Path(path)
    if path.exists():
        path.unlink()
    write_store(path, *sample_corpus())
    return path


def hostile_records(evil_code: bool = True) -> tuple[list[Article], list[Event]]:
    """An article with markup in every text field, for the dashboard's safety tests.

    Title, body, URL (``javascript:``), mode and actor words carry ``<script>`` tags and
    ``onerror=`` handlers; with ``evil_code`` an event also has markup as its actor code.
    The doc id holds ``/``, ``?`` and ``#`` so links to it must be encoded.
    """
    sentence = 'Beijing expelled <b>three</b> diplomats <img src=x onerror="window.__pwned=2">.'
    art = Article(
        doc="evil/1?x=1#frag", title='<script>window.__pwned=1</script>Spy row '
        '<img src=x onerror="window.__pwned=3">',
        text=f"Officials said: <script>window.__pwned=4</script>\n\n{sentence}",
        date="2020-07-30", url="javascript:window.__pwned=5", publisher="<i>Evil</i> Daily",
        source="sample:evil")
    expel = make_event(art, sentence, ("CHN", "Beijing"), ("USA", "diplomats"), "SANCTION",
                       '<i onmouseover="window.__pwned=6">expel</i>', "expelled",
                       date="2020-07-30")
    events = [expel]
    if evil_code:
        events.append(dataclasses.replace(
            expel, id="ev_<svg onload=alert(7)>", source="<svg onload=alert(7)>",
            type="ACCUSE", response_to=None))
    return [art], events


# A spread of real ISO 3166-1 alpha-3 codes for synthetic stores (benchmarks, load tests).
_CODES = ("USA", "CHN", "RUS", "GBR", "IND", "FRA", "DEU", "JPN", "KOR", "PRK", "IRN", "ISR",
          "TUR", "SAU", "PAK", "AUS", "CAN", "BRA", "UKR", "POL", "TWN", "VNM", "PHL", "EGY")


def synthetic_corpus(n_events: int, seed: int = 7) -> tuple[list[Article], list[Event]]:
    """``n_events`` random events (5 per article) over two years and 24 states.

    About one event in ten answers an earlier act of the other side, so chains and
    reciprocity have something to show. Deterministic for a given ``seed``.
    """
    import datetime as dt
    import random

    from flashpoint.records import EVENT_TYPES

    rng = random.Random(seed)
    start = dt.date(2023, 1, 1)
    articles: list[Article] = []
    events: list[Event] = []
    by_pair: dict[tuple[str, str], list[Event]] = {}
    for i in range(0, n_events, 5):
        day = (start + dt.timedelta(days=rng.randrange(730))).isoformat()
        doc = f"synthetic-{i // 5:06d}"
        lines = []
        picks = []
        for _ in range(min(5, n_events - i)):
            a, b = rng.sample(_CODES, 2)
            t = rng.choice(EVENT_TYPES)
            picks.append((a, b, t))
            lines.append(f"Officials of {a} took a {t.lower()} step against {b} today.")
        art = Article(doc=doc, title=f"Synthetic report {i // 5}", text="\n\n".join(lines),
                      date=day, url=f"https://news.example.org/{doc}", source="synthetic")
        articles.append(art)
        for (a, b, t), line in zip(picks, lines, strict=True):
            earlier = by_pair.get((b, a))
            answers = earlier[-1].id if earlier and rng.random() < 0.3 else None
            ev = make_event(art, line, (a, a), (b, b), t, t.lower(), t.lower(), date=day,
                            response_to=answers, confidence=round(rng.uniform(0.3, 1.0), 2))
            events.append(ev)
            by_pair.setdefault((a, b), []).append(ev)
    return articles, events
