"""Hand-built events for the linking tests: an article as a list of sentences, and events on it."""

from __future__ import annotations

from flashpoint.link.types import type_info
from flashpoint.records import Event, event_id


class Art:
    """An article given as sentences; ``ev`` codes an event in sentence ``i``."""

    def __init__(self, doc: str, sentences: list[str], date: str | None = "2020-07-24") -> None:
        self.doc = doc
        self.sentences = sentences
        self.date = date
        self.text = "\n\n".join(sentences)
        self.starts: list[int] = []
        pos = 0
        for s in sentences:
            self.starts.append(pos)
            pos += len(s) + 2

    def ev(self, i: int, source: str, target: str, type_: str, mode: str, trigger: str,
           date: str | None = None, status: str = "occurred", nth: int = 0) -> Event:
        sent = self.sentences[i]
        at = -1
        for _ in range(nth + 1):
            at = sent.index(trigger, at + 1)
        quad, root, intensity = type_info(type_)
        return Event(
            id=event_id(self.doc, i, source, target, type_, at), doc=self.doc, sentence=sent,
            source=source, source_text=source, source_sector="GOV", target=target,
            target_text=target, target_sector="GOV", type=type_, mode=mode, status=status,
            date=date or self.date, quad_class=quad, cameo_root=root, intensity=intensity,
            trigger=trigger, sentence_index=i, sentence_start=self.starts[i],
            trigger_start=at, trigger_end=at + len(trigger),
        )


CHENGDU = Art("seed-3", [
    "US retaliation: Donald Trump's terrifying law threatens to 'escalate conflict' with China",
    "China ordered US diplomatic staff to leave their consulate in the Chinese city of Chengdu "
    "earlier this week.",
    "Donald Trump",
    "US President Donald Trump said he signed the Hong Kong Autonomy Act (Image: getty)",
    "The action was taken by China after the US closed the Chinese consulate in Houston, Texas, "
    "over claims it was a hub for spying.",
    "Earlier this month the Chinese government announced sanctions against US officials, "
    "including the Republican senators Ted Cruz and Marco Rubio, after the US imposed sanctions "
    "amid Beijing's treatment of ethnic and religious minorities in Xinjiang.",
])


def chengdu_events() -> list[Event]:
    a = CHENGDU
    return [
        a.ev(1, "CHN", "USA", "SANCTION", "close consulate", "ordered", date="2020-07-20"),
        a.ev(4, "USA", "CHN", "SANCTION", "close consulate", "closed"),
        a.ev(5, "CHN", "USA", "SANCTION", "sanctions", "announced", date="2020-07-01"),
        a.ev(5, "USA", "CHN", "SANCTION", "sanctions", "imposed", date="2020-07-01"),
    ]


MAGNITSKY = Art("seed-7", [
    "Russia hits back: Furious Putin threatens UK with RETALIATION after sanctions",
    "Before Brexit, the UK issued sanctions against Russia as part of the EU.",
    "Now, 25 Russian individuals have had their UK assets frozen and are banned from entering "
    "Britain under the new Magnitsky Act.",
    "Many of these individuals were implicated in the death of Russian lawyer Sergei Magnitsky "
    "in 2009.",
    "Individuals involved in facilitating North Korean gulags could be targeted by the sanctions.",
    "Now Moscow has announced they will respond against the UK with reciprocal measures.",
    "Russia has declared it will sanction British individuals who have assets within the "
    "Russian Federation.",
])


def magnitsky_events() -> list[Event]:
    a = MAGNITSKY
    return [
        a.ev(0, "RUS", "GBR", "THREATEN", "threaten retaliation", "threatens"),
        a.ev(1, "GBR", "RUS", "SANCTION", "sanctions", "issued"),
        a.ev(2, "GBR", "RUS", "SANCTION", "asset freeze", "frozen"),
        a.ev(5, "RUS", "GBR", "SANCTION", "reciprocal measures", "respond", status="announced"),
        a.ev(6, "RUS", "GBR", "SANCTION", "sanctions", "sanction", status="announced"),
    ]
