"""Actor phrases of one doc: table forms, role phrases and person names, before coreference.

This layer turns matcher candidates into :class:`Item` s: it drops places that do not act
("in London", "the Chinese city of Chengdu"), glues a country word to the role or noun it
modifies ("Chinese state media", "Britain's Foreign Secretary, Dominic Raab", "Chinese
firms"), and finds person names (spaCy PERSON entities plus the people tables). Items whose
code depends on earlier sentences (surnames, "the ambassador") are left for :mod:`coref`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from flashpoint.actors.matcher import FORM, PERSON, ROLE, Candidate
from flashpoint.actors.tables import Entry, Tables, pick

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Courtesy and academic titles: part of the mention span, never a role. An unknown person
# under an academic title is a commentator, not a state actor ("Professor Law").
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "sir", "dame",
              "lord", "lady", "professor", "prof", "prof.", "mister", "madam"}
ACADEMIC = {"professor", "prof", "prof.", "dr", "dr."}
# Prepositions after which a capital is a location, whatever the verb ("talks in Beijing").
LOCATIVE = {"in", "into", "near", "outside", "inside", "around", "across", "through",
            "via", "within", "throughout", "over", "beyond", "toward", "towards"}
# Heads of "to"/"from" that make the capital a destination or origin rather than an actor:
# "flew to Moscow", "ambassador to London", "returned from Beijing".
MOTION = {"go", "come", "travel", "fly", "return", "move", "arrive", "send", "visit", "trip",
          "flight", "journey", "head", "leave", "relocate", "deport", "expel", "ambassador",
          "envoy", "embassy", "consul", "consulate", "commissioner", "mission", "delegation",
          "route", "road", "train", "ship", "export", "import", "sail", "drive", "take",
          "bring", "land", "run", "way", "link", "distance"}
AIMING = {"fire", "shoot", "aim", "strike", "hit", "lash", "point", "angry", "direct", "target",
          "jab", "swipe", "snap", "rail", "scoff", "laugh", "sneer", "shell", "lob", "launch"}
POSTING_ROLES = {"ambassador", "envoy", "embassy", "consul", "consulate", "high commissioner",
                 "mission", "delegation", "consul general", "consul-general", "special envoy",
                 "chargé d'affaires", "charge d'affaires", "diplomat", "diplomats"}
# Capitalised words that make "<place> ... <word>" a law, a sea or a school, not an actor.
NON_ACTOR_TAILS = {"Act", "Bill", "Law", "Sea", "Ocean", "University", "College", "Airport",
                   "Cup", "Open", "Games", "Strait", "Peninsula", "Street", "Square", "Dollar",
                   "Stock", "Exchange", "Index", "Olympics", "Province", "Island", "Islands",
                   "Round", "Wall", "Agreement", "Accord", "Accords", "Protocol", "Declaration",
                   "Conference", "Zoo", "Marathon", "Metro", "Convention", "Treaty"}
NON_ACTOR_HEADS = {"University", "College", "Institute", "Museum", "Gulf", "Sea", "Port",
                   "Bay", "Strait", "School", "Academy", "Hospital", "Straits", "Island",
                   "Islands", "Province", "Embassy", "Consulate"}
SKIPPABLE = {"top", "senior", "former", "new", "chief", "acting", "deputy", "then", "outgoing",
             "incoming", "veteran", "leading", "influential", "powerful", "two", "three",
             "several", "many", "some", "other", "few", "junior", "hardline", "retired"}
POSSESSIVE = {"'s", "\u2019s", "'", "\u2019"}


@dataclass
class Item:
    """One actor phrase at tokens [start, end), resolved or waiting for coreference."""

    start: int
    end: int
    kind: str
    code: str = ""
    sector: str = ""
    name: str = ""
    conf: float = 0.9
    role: str = ""  # role text when the phrase names an office ("ambassador")
    person: str = ""  # the person's name as written, when the phrase names one
    honorific: str = ""  # "Mr", "Professor", ... before the name
    alts: tuple[Entry, ...] = ()  # other readings of an ambiguous form ("Congress")
    drop: bool = False
    entry: Entry | None = None
    before: Item | None = None  # the item ending right before a person name, if any

    @property
    def resolved(self) -> bool:
        return bool(self.code)


def _is_poss(tok: Token) -> bool:
    return tok.text in POSSESSIVE and tok.tag_ == "POS"


class PhraseBuilder:
    """Builds the items of one doc from its candidates."""

    def __init__(self, doc: Doc, date: str | None, tables: Tables) -> None:
        self.doc = doc
        self.date = date
        self.tables = tables
        self.items: list[Item] = []
        self.by_end: dict[int, Item] = {}
        self.by_start: dict[int, Item] = {}

    # -- forms ---------------------------------------------------------------------------
    def form_item(self, c: Candidate) -> Item | None:
        entries = self.tables.forms[c.key]
        e = pick(entries, self.date)
        if e.kind == "block":
            return None
        alts = tuple(x for x in entries if x.valid_at(self.date) and x.code != e.code
                     and x.kind == e.kind)
        start = c.start
        doc = self.doc
        if start > 0 and doc[start - 1].lower_ == "the" and e.kind in ("institution", "country"):
            start -= 1  # "the Kremlin", "the US": the article belongs to the name
        conf = {"country": 0.9, "institution": 0.95, "capital": 0.8, "adjective": 0.8}[e.kind]
        return Item(start, c.end, e.kind, e.code, e.sector, e.name, conf, alts=alts, entry=e)

    def _not_actor_context(self, it: Item) -> bool:
        """Places inside names of laws, seas and schools, and "anti-Chinese"."""
        doc = self.doc
        s, e = it.start, it.end
        if s >= 2 and doc[s - 1].text == "-" and doc[s - 2].lower_ in ("anti", "pro", "non",
                                                                        "inter", "intra"):
            return True
        if e < len(doc) and doc[e].text == "-" and e + 1 < len(doc) and doc[e + 1].lower_ in (
            "based", "born", "listed", "headquartered"
        ):
            return True
        # "... of Hong Kong" after a non-actor head: "University of Hong Kong".
        j = s - 1 if doc[s].lower_ != "the" else s - 1
        if j >= 1 and doc[j].lower_ == "of" and doc[j - 1].text in NON_ACTOR_HEADS:
            return True
        if j >= 2 and doc[j].lower_ == "the" and doc[j - 1].lower_ == "of" and (
            doc[j - 2].text in NON_ACTOR_HEADS
        ):
            return True
        # "Hong Kong Autonomy Act": a run of capitalised words ending in a law/sea/school noun.
        k = e
        while k < len(doc) and k < e + 7 and (
            doc[k].is_title or doc[k].lower_ in ("and", "of", "for", "on") or doc[k].is_upper
        ):
            if doc[k].text in NON_ACTOR_TAILS:
                return True
            k += 1
        return False

    def _acts(self, it: Item) -> bool:
        """Whether a capital acts (subject, possessive, object) rather than locates."""
        doc = self.doc
        s = it.start
        tok = doc[it.end - 1]
        if tok.is_upper and it.end < len(doc) and doc[it.end].text in (",", "(", "-", "\u2014"):
            return False  # dateline: "MOSCOW, March 3 -"
        j = s - 1
        # "in central London", "from the northern city of": skip the article and adjectives.
        while j >= 0 and (doc[j].lower_ == "the" or (doc[j].pos_ == "ADJ" and doc[j].is_lower)):
            j -= 1
        if j < 0:
            return True
        prep = doc[j]
        place = self.tables.roles.get(prep.lower_)
        if place is not None and place.kind == "place":
            return False  # "in the capital Tripoli", "the city of Kabul"
        if prep.lower_ == "of" and j >= 1 and (r := self.tables.roles.get(doc[j - 1].lower_)):
            if r.kind == "place":
                return False
        if prep.lower_ in LOCATIVE:
            return False
        if prep.lower_ == "at":
            # "talks at Camp David" locates; "fired shells at Seoul", "hit out at Beijing"
            # aim at an actor.
            return prep.head.lemma_.lower() in AIMING
        if prep.lower_ in ("to", "from"):
            # The word the preposition hangs on, or the one above it ("flew to Berlin from
            # Warsaw" attaches "from" to "Berlin"): a verb of motion or a diplomatic post.
            heads = {prep.head, prep.head.head}
            return not any(h.lemma_.lower() in MOTION or h.lower_ in MOTION for h in heads)
        if prep.text == "," and j >= 1 and doc[j - 1].ent_type_ in ("GPE", "LOC", "FAC"):
            return False  # "Houston, Texas"-style address continuation
        return True

    # -- roles ---------------------------------------------------------------------------
    def _left_modifier(self, start: int) -> tuple[Item | None, bool]:
        """The country/institution item that modifies a role starting at ``start``."""
        doc = self.doc
        j, skipped = start - 1, 0
        while j >= 0 and skipped < 4:
            t = doc[j]
            if j in self.by_end:
                return self.by_end[j], False
            if _is_poss(t) and j - 1 in self.by_end:
                return self.by_end[j - 1], True
            # Skip modifiers of the role ("senior", "software", "-owned"), never a verb of
            # its own: in "India blamed militants" India is not the militants' country.
            verb_ok = t.pos_ == "VERB" and j >= 1 and doc[j - 1].text == "-"
            if t.text == "-" or (t.is_lower and (t.pos_ in ("ADJ", "NOUN", "NUM") or verb_ok)) or (
                t.lower_ in SKIPPABLE
            ):
                j -= 1
                skipped += 1
                continue
            # "Yemen's Houthi rebels": one proper-noun modifier after a possessive.
            if t.pos_ == "PROPN" and j >= 2 and _is_poss(doc[j - 1]) and (j - 2) in self.by_end:
                return self.by_end[j - 2], True
            break
        return None, False

    def _right_of(self, end: int) -> Item | None:
        doc = self.doc
        if end < len(doc) and doc[end].lower_ == "of":
            k = end + 1
            if k in self.by_start:
                return self.by_start[k]
        return None

    def role_item(self, c: Candidate, persons: dict[int, tuple[int, int, str]]) -> Item | None:
        role = self.tables.roles[c.key]
        doc = self.doc
        left, poss = self._left_modifier(c.start)
        if role.kind == "place":
            if left is not None and left.kind in ("adjective", "country") and not poss:
                left.drop = True  # "the Chinese city of Chengdu": a location
            return None
        right = self._right_of(c.end) if role.kind in ("person", "body", "group") else None
        src = left or right
        if src is not None and src.kind == "capital" and not poss and src is left:
            src = None  # "Beijing officials" is odd; "Beijing's officials" is fine
        start = src.start if src is left and src is not None else c.start
        end = right.end if right is not None and src is right else c.end
        if role.kind == "head":
            if left is None or left.kind not in ("adjective", "country"):
                return None
            left.drop = True
            return Item(left.start, c.end, f"adjective:{doc[c.end - 1].lower_}", left.code, "",
                        left.name, 0.75)
        it = Item(start, end, "role", role=role.text, sector=role.sector, conf=0.9)
        if src is not None:
            src.drop = True
            it.code, it.name, it.alts, it.entry = src.code, src.name, src.alts, src.entry
            if src.kind == "institution" and src.sector in ("BUS", "MED", "IGO", "MIL", "SPY",
                                                            "JUD", "REB"):
                it.sector = src.sector
            if role.kind in ("group", "body") and src.kind in ("adjective", "country") and (
                src is left and not poss
            ):
                it.kind = f"adjective:{doc[c.end - 1].lower_}"
        # "the President ... Xi Jinping": a name right after the title belongs to it.
        k = end
        if k in persons:
            ps, pe, name = persons.pop(k)
            it.end, it.person = pe, name
        if role.text in POSTING_ROLES or role.kind == "person":
            self._mark_posting(it.end)
        if not it.code and role.country and not it.person:
            it.code, it.conf = role.country, 0.7
            it.name = self.tables.country_names.get(role.country, role.country)
        return it

    def _mark_posting(self, end: int) -> None:
        """'ambassador to London': the place after a diplomatic post is not an actor."""
        doc = self.doc
        if end < len(doc) and doc[end].lower_ in ("to", "in", "at"):
            k = end + 1
            if k in self.by_start and self.by_start[k].kind in ("capital", "country"):
                self.by_start[k].drop = True

    # -- people --------------------------------------------------------------------------
    def person_spans(self, cands: list[Candidate]) -> list[tuple[int, int, str, str]]:
        """(start, end, name, honorific) of person names: PERSON entities and table names."""
        doc = self.doc
        spans: list[tuple[int, int]] = [(c.start, c.end) for c in cands if c.cat == PERSON]
        for ent in doc.ents:
            if ent.label_ != "PERSON":
                continue
            s, e = ent.start, ent.end
            for k in range(s, e):  # names glued across caption lines: "Donald Trump\n\nTensions"
                if doc[k].is_space or "\n" in doc[k].text:
                    e = k
                    break
                if "\n" in doc[k].whitespace_:
                    e = k + 1
                    break
            # Titles are matched as roles, courtesy titles kept apart: "Mr", "MP", "The".
            while s < e and (doc[s].lower_ in HONORIFICS or doc[s].is_punct
                             or doc[s].pos_ == "DET" or doc[s].lower_ in self.tables.roles):
                s += 1
            while e > s and (_is_poss(doc[e - 1]) or doc[e - 1].is_punct
                             or doc[e - 1].lower_ in self.tables.roles):
                e -= 1  # "Tory MP" is a party and a title, not a name
            if s < e and any(t.is_title or t.is_upper for t in doc[s:e]):
                spans.append((s, e))
        out: list[tuple[int, int, str, str]] = []
        taken: set[int] = set()
        for s, e in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
            if any(k in taken for k in range(s, e)):
                continue
            taken.update(range(s, e))
            hon = doc[s - 1].text if s > 0 and doc[s - 1].lower_ in HONORIFICS else ""
            out.append((s, e, doc[s:e].text, hon))
        return sorted(out)

    # -- all -----------------------------------------------------------------------------
    def build(self, cands: list[Candidate], chosen: list[Candidate]) -> list[Item]:
        """Items of the doc, in order; persons come back unresolved (code "")."""
        doc = self.doc
        pspans = self.person_spans(cands)
        in_person: dict[int, tuple[int, int, str, str]] = {}
        for sp in pspans:
            for k in range(sp[0], sp[1]):
                in_person[k] = sp
        forms: list[Item] = []
        for c in chosen:
            if c.cat != FORM:
                continue
            hit = in_person.get(c.start)
            if hit is not None:
                if (hit[0], hit[1]) == (c.start, c.end):
                    # NER called "Huawei" or "Bratislava" a person: the table knows better.
                    pspans.remove(hit)
                    for k in range(hit[0], hit[1]):
                        in_person.pop(k, None)
                else:
                    continue  # "Jordan" in "Michael Jordan"
            it = self.form_item(c)
            if it is None or self._not_actor_context(it):
                continue
            forms.append(it)
        for it in forms:
            self.by_end[it.end - 1] = it
            self.by_start[it.start] = it
            if doc[it.start].lower_ == "the":
                self.by_start[it.start + 1] = it
        persons = {s: (s, e, name) for s, e, name, hon in pspans}
        roles: list[Item] = []
        for c in chosen:
            if c.cat == ROLE and not any(k in in_person for k in range(c.start, c.end)):
                r = self.role_item(c, persons)
                if r is not None:
                    roles.append(r)
        items = [it for it in forms if not it.drop]
        for it in items:
            if it.kind == "capital" and not self._acts(it):
                it.drop = True
            elif it.kind in ("adjective", "country"):
                self._extend_to_head(it)
        self._conjuncts(items, roles)
        items = [it for it in items if not it.drop] + roles
        hon_of = {s: hon for s, e, name, hon in pspans}
        for s, (ps, pe, name) in persons.items():
            hon = hon_of.get(s, "")
            start = ps - 1 if hon else ps
            items.append(Item(start, pe, "person", person=name, honorific=hon, conf=0.9))
        items.sort(key=lambda it: (it.start, -it.end))
        ends = {it.end: it for it in items if it.kind != "person"}
        for it in items:
            if it.kind == "person" and it.start in ends and ends[it.start].kind in (
                "institution", "role"
            ):
                it.before = ends[it.start]
        self._disambiguate(items)
        return items

    def _conjuncts(self, items: list[Item], roles: list[Item]) -> None:
        """In "American and British forces" the first adjective shares the second's noun."""
        at = {k: r for r in roles for k in range(r.start, r.end)}
        for it in items:
            if it.drop or it.kind != "adjective":
                continue
            tok = self.doc[it.end - 1]
            for other in tok.children:
                if other.dep_ == "conj" and other.i in at and at[other.i].kind.startswith(
                    "adjective:"
                ):
                    it.kind, it.sector = at[other.i].kind, at[other.i].sector
                    break
            else:
                if tok.dep_ == "conj" and tok.head.i in at:
                    it.kind, it.sector = at[tok.head.i].kind, at[tok.head.i].sector

    def _extend_to_head(self, it: Item) -> None:
        """"Chinese retaliation" → span up to the noun the country word modifies."""
        doc = self.doc
        tok = doc[it.end - 1]
        head = tok.head
        if tok.dep_ == "npadvmod" and head.dep_ == "amod":  # "Chinese-owned companies"
            head = head.head
        if tok.dep_ not in ("amod", "compound", "nmod", "npadvmod") or head.i <= tok.i:
            if it.kind == "adjective" and tok.tag_ in ("NNPS", "NNS"):
                it.kind, it.sector = "demonym", "CVL"  # "outrage Americans": the people
            return
        if head.pos_ not in ("NOUN", "PROPN") or head.i - it.end > 3 or head.is_title:
            return
        for k in range(it.end, head.i):
            # Only modifiers of the head may lie between: "Chinese human rights abuses",
            # never a clause boundary ("the US but tech giant").
            t = doc[k]
            if t.text != "-" and (t.pos_ not in ("ADJ", "NOUN", "PROPN", "VERB", "NUM")
                                  or t.head.i > head.i or t.head.i < it.start):
                return
        role = self.tables.roles.get(head.lower_) or self.tables.roles.get(head.lemma_.lower())
        if role is not None and role.kind == "place":
            it.drop = True
            return
        it.end = head.i + 1
        it.kind = f"adjective:{head.lower_}"
        it.sector = role.sector if role is not None else ""
        it.conf = 0.75

    def _disambiguate(self, items: list[Item]) -> None:
        """An ambiguous form ("Congress") takes the reading whose state the article
        mentions most; on a tie the table's first row wins (the more common reading)."""
        counts = Counter(it.code for it in items if it.code and not it.alts)
        for it in items:
            if it.alts and it.entry is not None:
                best = max((it.entry, *it.alts), key=lambda e: counts.get(e.code, 0))
                if best is not it.entry:
                    it.code, it.name, it.entry = best.code, best.name, best
                    if it.kind in ("institution", "capital"):
                        it.sector = best.sector
