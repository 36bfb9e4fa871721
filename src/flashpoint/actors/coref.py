"""Within-article reference: people by name and surname, "the ambassador", pronouns, speakers.

One left-to-right pass over the items of a doc keeps a memory of the people seen so far,
actors or not (a commentator such as "Professor David Law" must be remembered so that the
"he" after him is not given to the last minister). Resolution here is deliberately modest:
a pronoun only looks back two sentences and prefers the last person who was a subject;
every mention found this way has kind "coref" or "pronoun" and a lower confidence.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from flashpoint.actors.phrases import ACADEMIC, Item
from flashpoint.actors.tables import Tables

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

THIRD_PERSON = {"he", "him", "his", "she", "her", "hers", "himself", "herself"}
PLURAL = {"they", "them", "their"}
FIRST_PERSON = {"i", "me", "my", "we", "us", "our", "ours"}
SPEECH_VERBS = {"say", "tell", "add", "warn", "explain", "claim", "insist", "argue", "state",
                "note", "continue", "respond", "reply", "write", "declare", "announce",
                "stress", "urge", "remark", "tweet", "accuse", "suggest", "vow", "highlight"}
OPEN_QUOTES = {"\u201c", '"', "\u00ab"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}


def _is_teaser(doc: Doc, i: int) -> bool:
    """"READ MORE: ...", "JUST IN: ...": links to other stories, whose people must not
    become antecedents of this story's pronouns."""
    k = i
    while k < len(doc) and k < i + 4 and doc[k].is_upper and doc[k].is_alpha:
        k += 1
    return k > i and k < len(doc) and doc[k].text == ":" and doc[i].text not in ("US", "UK")


@dataclass
class Seen:
    """A person seen earlier in the article."""

    name: str
    tokens: set[str]
    code: str
    sector: str
    role: str
    actor: bool
    last: int  # token index of the latest reference
    sent: int
    subject: bool


@dataclass
class Speaker:
    code: str
    sector: str
    name: str
    actor: bool


@dataclass
class Coref:
    """The coreference pass over one doc's items."""

    doc: Doc
    date: str | None
    tables: Tables
    memory: list[Seen] = field(default_factory=list)
    sent_of: list[int] = field(default_factory=list)
    para_of: list[int] = field(default_factory=list)
    quoted: list[bool] = field(default_factory=list)
    opens_quote: list[bool] = field(default_factory=list)  # per paragraph
    teaser: set[int] = field(default_factory=set)  # paragraphs that promote other stories
    last_speaker: Seen | None = None
    groups: list[Item] = field(default_factory=list)  # plural actor subjects, in order

    def __post_init__(self) -> None:
        doc = self.doc
        self.sent_of = [0] * len(doc)
        for n, sent in enumerate(doc.sents):
            for k in range(sent.start, sent.end):
                self.sent_of[k] = n
        self.para_of, self.quoted, self.opens_quote = [], [], []
        para, inside, para_start = 0, False, True
        for tok in doc:
            if para_start and not tok.is_space:
                # A paragraph that opens with a quote and no closing mark is all quote.
                inside = tok.text in OPEN_QUOTES
                self.opens_quote.append(inside)
                para_start = False
                if _is_teaser(doc, tok.i):
                    self.teaser.add(para)
            elif tok.text in ("\u201c", "\u00ab"):
                inside = True
            elif tok.text in ("\u201d", "\u00bb"):
                inside = False
            elif tok.text == '"':
                inside = not inside
            self.para_of.append(para)
            self.quoted.append(inside)
            if "\n" in tok.text_with_ws[len(tok.text):] or (tok.is_space and "\n" in tok.text):
                if not para_start:
                    para += 1
                    para_start = True
                inside = False

    # -- helpers -------------------------------------------------------------------------
    def _root(self, it: Item) -> Token:
        span = self.doc[it.start:it.end]
        return span.root

    def _remember(self, it: Item, name: str, role: str, actor: bool) -> None:
        tokens = {t for t in name.replace(".", " ").split() if t[:1].isupper() and len(t) > 1}
        root = self._root(it)
        subj = root.dep_ in SUBJECT_DEPS
        for m in self.memory:
            if m.name == name:
                m.last, m.sent, m.subject = it.start, self.sent_of[it.start], subj
                if actor and not m.actor:
                    m.code, m.sector, m.actor = it.code, it.sector, True
                if role and not m.role:
                    m.role = role
                return
        self.memory.append(Seen(name, tokens, it.code, it.sector, role, actor, it.start,
                                self.sent_of[it.start], subj))

    def _touch(self, m: Seen, it: Item) -> None:
        m.last, m.sent = it.start, self.sent_of[it.start]
        m.subject = self._root(it).dep_ in SUBJECT_DEPS

    def _by_token(self, tokens: list[str]) -> Seen | None:
        for m in sorted(self.memory, key=lambda m: -m.last):
            if any(t in m.tokens for t in tokens):
                return m
        return None

    # -- items ---------------------------------------------------------------------------
    def person(self, it: Item, appos_of: Item | None) -> None:
        """Resolve a person name: tables, then names seen in the article, then surnames."""
        name = it.person
        tokens = [t for t in name.replace(".", " ").split() if t[:1].isupper() and len(t) > 1]
        known = self.tables.people.get(self.tables.person_forms.get(name, ""))
        academic = it.honorific.lower() in ACADEMIC
        if known is None and not it.code:
            seen = self._by_token(tokens)
            if seen is not None:
                self._touch(seen, it)
                if seen.actor:
                    it.code, it.sector, it.kind, it.conf = seen.code, seen.sector, "coref", 0.75
                    if seen.name == name:  # the full name again: no guess involved
                        it.kind, it.conf = "person", 0.85
                it.name = seen.name
                if appos_of is not None and not appos_of.code and seen.actor:
                    appos_of.code = seen.code
                return
            if not academic and tokens and (len(tokens) == 1 or it.honorific):
                known = self.tables.surname_person(tokens[-1], self.date)
        if known is not None and not academic:
            office = known.at(self.date)
            it.name = known.name
            if not it.code:
                it.code, it.sector = office.code, office.sector or office.default_sector
            elif office.role or not it.role or self._former(it):
                # The table knows the office held on the date; the title in the text only
                # wins when the table has no office then ("Tory MP Iain Duncan Smith").
                it.sector = office.sector or office.default_sector
            if it.kind == "role":
                it.kind = "person"
            self._remember(it, known.name, office.role.lower(), True)
            if appos_of is not None and not appos_of.code:
                appos_of.code = it.code
            return
        if appos_of is not None and appos_of.code and not it.code:
            it.code, it.sector, it.conf = appos_of.code, appos_of.sector, 0.85
            it.role = appos_of.role
        elif it.before is not None and it.before.code and not it.code and not academic:
            # "Congress Party Rahul Gandhi", "CNBC reporter Arjun Kharpal": a name right
            # after an organisation or role belongs to it.
            b = it.before
            it.code, it.sector, it.conf = b.code, b.sector, 0.75
        it.name = name
        if it.kind == "role" and it.code:
            it.kind = "person"
        self._remember(it, name, it.role, bool(it.code))

    def _former(self, it: Item) -> bool:
        doc = self.doc
        return any(doc[k].lower_ in ("former", "ex", "late") for k in range(
            max(0, it.start - 1), min(it.end, it.start + 3)))

    def role(self, it: Item) -> None:
        """A role without a name: "the ambassador", "the Chinese ambassador"."""
        kind = self.tables.roles[it.role].kind if it.role in self.tables.roles else ""
        if kind != "person":
            return
        for m in sorted(self.memory, key=lambda m: -m.last):
            if not m.actor or (it.code and m.code != it.code):
                continue
            if m.role and (it.role in m.role or m.role in it.role):
                it.name, it.kind = m.name, "coref"
                if not it.code:
                    it.code, it.sector, it.conf = m.code, m.sector, 0.6
                self._touch(m, it)
                return

    def pronoun(self, it: Item) -> None:
        root = self.doc[it.start]
        if (root.dep_ in SUBJECT_DEPS and root.head.lemma_.lower() in SPEECH_VERBS
                and self.last_speaker is not None and not self.quoted[it.start]):
            # "He continued: ..." after a quote run: the speaker goes on speaking.
            m = self.last_speaker
            self._touch(m, it)
            if m.actor:
                it.code, it.sector, it.name, it.conf = m.code, m.sector, m.name, 0.55
            return
        cur = self.sent_of[it.start]
        window = [m for m in self.memory if cur - 2 <= m.sent <= cur]
        if not window:
            return
        window.sort(key=lambda m: -m.last)
        if root.dep_ in ("dobj", "pobj", "dative"):
            # "Kim Jong Il greeted him": an object pronoun is not the subject of its own verb.
            verb = root.head if root.dep_ != "pobj" else root.head.head
            subj = {c.i for c in verb.children if c.dep_ in SUBJECT_DEPS}
            subtree = {k for c in verb.children if c.i in subj for k in range(
                c.left_edge.i, c.right_edge.i + 1)}
            window = [m for m in window if m.last not in subtree] or []
            if not window:
                return
        subjects = [m for m in window if m.subject]
        m = subjects[0] if subjects else window[0]
        self._touch(m, it)
        if m.actor:
            it.code, it.sector, it.name, it.conf = m.code, m.sector, m.name, 0.5

    def plural(self, it: Item) -> None:
        """"they" as a subject: an actor subject earlier in the same sentence (news says
        "Moscow has announced they will respond"), else a plural actor subject of the
        previous sentence ("Russian diplomats ... They")."""
        cur = self.sent_of[it.start]
        for g in reversed(self.groups):
            sent = self.sent_of[g.start]
            if sent < cur - 1:
                break
            if sent == cur or self._root(g).tag_ in ("NNS", "NNPS"):
                it.code, it.sector, it.name, it.kind = g.code, g.sector, g.name, "pronoun"
                return

    def speaker_of(self, items: list[Item]) -> Speaker | None:
        """The attributed speaker of a paragraph: subject of a speech verb, outside quotes."""
        # People first: in "the leader of the Congress Party, Rahul Gandhi, said" the
        # speaker is the person, not the party that modifies his title.
        for it in sorted(items, key=lambda it: not it.person):
            if self.quoted[it.start] or it.drop or not (it.code or it.person):
                continue  # an unresolved role says nothing about who speaks
            root = self._root(it)
            hops = 0
            while root.dep_ in ("appos", "compound") and hops < 3:  # "the leader ..., Gandhi"
                root, hops = root.head, hops + 1
            if root.dep_ in SUBJECT_DEPS and root.head.lemma_.lower() in SPEECH_VERBS:
                if it.kind in ("person", "coref", "pronoun", "role", "institution", "country",
                               "capital"):
                    return Speaker(it.code, it.sector, it.name or it.person, bool(it.code))
        return None

    # -- driver --------------------------------------------------------------------------
    def run(self, items: list[Item]) -> list[Item]:
        """Resolve every item in order; add pronoun items; return the resolved ones."""
        doc = self.doc
        covered = {k for it in items for k in range(it.start, it.end)}
        for tok in doc:
            low = tok.lower_
            if tok.i in covered or not tok.is_alpha:
                continue
            if low in THIRD_PERSON:
                items.append(Item(tok.i, tok.i + 1, "pronoun", conf=0.5))
            elif low in PLURAL and not self.quoted[tok.i] and tok.dep_ in SUBJECT_DEPS:
                items.append(Item(tok.i, tok.i + 1, "pronoun-plural", conf=0.4))
            elif low in FIRST_PERSON and self.quoted[tok.i]:
                items.append(Item(tok.i, tok.i + 1, "first-person", conf=0.4))
        items.sort(key=lambda it: (it.start, -it.end))
        paras: dict[int, list[Item]] = {}
        for it in items:
            paras.setdefault(self.para_of[it.start], []).append(it)
        speaker: Speaker | None = None
        role_at: dict[int, Item] = {}
        for p in sorted(paras):
            group = paras[p]
            saved = [Seen(**vars(m)) for m in self.memory] if p in self.teaser else None
            for it in group:
                if it.kind == "first-person":
                    continue
                if it.kind == "role" or it.kind.startswith("adjective"):
                    for k in range(it.start, it.end):
                        role_at[k] = it
                if it.person:
                    self.person(it, self._appos(it, role_at))
                elif it.kind == "role":
                    self.role(it)
                elif it.kind == "pronoun":
                    self.pronoun(it)
                elif it.kind == "pronoun-plural":
                    self.plural(it)
                if it.code and it.kind not in ("pronoun-plural", "pronoun") and not it.person:
                    if self._root(it).dep_ in SUBJECT_DEPS:
                        self.groups.append(it)
            found = self.speaker_of(group)
            if p in self.teaser:
                found = None
            if found is not None:
                speaker = found
                self.last_speaker = next((m for m in self.memory if m.name == found.name), None)
            elif p >= len(self.opens_quote) or not self.opens_quote[p]:
                speaker = None
            if saved is not None:
                self.memory = saved
            for it in group:
                if it.kind == "first-person" and speaker is not None and speaker.actor:
                    it.code, it.sector, it.name = speaker.code, speaker.sector, speaker.name
                    it.kind = "pronoun"
        return [it for it in items if it.code and not it.drop and it.kind != "pronoun-plural"]

    def _appos(self, it: Item, role_at: dict[int, Item]) -> Item | None:
        """The role phrase a name stands in apposition to: "the ambassador, Liu Xiaoming"."""
        doc = self.doc
        if it.kind != "person":
            return None
        root = self._root(it)
        if root.dep_ == "appos" and root.head.i in role_at:
            return role_at[root.head.i]
        k = it.start - 1
        if k >= 1 and doc[k].text == "," and (k - 1) in role_at:
            return role_at[k - 1]
        return None
