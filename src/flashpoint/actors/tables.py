"""The actor tables: countries, institutions, roles and people, loaded from data files.

Every table is a CSV under ``actors/data`` whose leading ``#`` lines say what it holds and
where its facts come from. Forms that changed owner over time ("Moscow" was Soviet before
1991-12-26) carry validity dates; :func:`pick` chooses the entry valid at an article's date.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from flashpoint.errors import ConfigError

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class Entry:
    """One reading of a surface form: the actor it names, and when."""

    code: str
    sector: str
    name: str
    kind: str  # country | adjective | capital | institution | block
    start: str = ""  # ISO date, "" = open
    end: str = ""

    def valid_at(self, date: str | None) -> bool:
        """Whether the entry holds on ``date`` (always true without a date)."""
        if not date:
            return True
        return (not self.start or self.start <= date) and (not self.end or date <= self.end)


@dataclass(frozen=True)
class Role:
    """A title, role or collective noun with its sector and implied country."""

    text: str
    sector: str
    country: str
    kind: str  # person | group | body | head


@dataclass(frozen=True)
class Office:
    """One office a person held: [start, end) with empty end = still in office."""

    code: str
    role: str
    sector: str
    start: str
    end: str
    default_sector: str


@dataclass
class Person:
    """A known person with every office of theirs found in the people tables."""

    name: str
    aliases: list[str] = field(default_factory=list)
    offices: list[Office] = field(default_factory=list)

    def at(self, date: str | None) -> Office:
        """The office that gives the person's code and sector on ``date``.

        In office on the date → that office (the latest-starting one when several overlap,
        because a new appointment is what the news of the day means). Out of office → the
        nearest office's state with the default sector. No date → the most recent office.
        """
        offices = sorted(self.offices, key=lambda o: (o.start, o.end or "9999"))
        if not date:
            return offices[-1]
        holding = [o for o in offices if o.start <= date and (not o.end or date < o.end)]
        if holding:
            return holding[-1]
        before = [o for o in offices if o.start <= date]
        near = before[-1] if before else offices[0]
        return Office(near.code, "", near.default_sector or near.sector, near.start, near.end,
                      near.default_sector)

    @property
    def tokens(self) -> set[str]:
        """Name parts that can refer back to this person ("Raab", "Xiaoming")."""
        parts: set[str] = set()
        for n in [self.name, *self.aliases]:
            parts.update(p for p in n.replace(".", " ").split() if len(p) > 1 and p[0].isupper())
        return parts


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a ``#``-commented CSV file as dicts (values stripped)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read actor table {path}: {exc}; reinstall flashpoint") from exc
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    rows = []
    for n, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise ConfigError(f"{path.name}: row {n} has the wrong number of columns: {row}")
        rows.append({k.strip(): (v or "").strip() for k, v in row.items()})
    return rows


def strip_the(form: str) -> str:
    """``"the Kremlin"`` → ``"Kremlin"``: the matcher extends spans over a preceding "the"."""
    return form[4:] if form.lower().startswith("the ") and len(form) > 4 else form


def pick(entries: Sequence[Entry], date: str | None) -> Entry:
    """The entry valid at ``date``; without a date the current one (open end).

    When no entry holds on the date the first one is returned: the forms' owners only change
    at the listed boundaries, so a gap means the table simply did not need a row there.
    """
    if date:
        for e in entries:
            if e.valid_at(date):
                return e
        return entries[0]
    for e in entries:
        if not e.end:
            return e
    return entries[-1]


class Tables:
    """All actor tables, indexed for lookup by surface form."""

    def __init__(self, data_dir: Path = DATA_DIR, extra_people: Iterable[Path] = ()) -> None:
        self.forms: dict[str, list[Entry]] = {}
        self.roles: dict[str, Role] = {}
        self.people: dict[str, Person] = {}
        self.person_forms: dict[str, str] = {}  # full name or alias → person key
        self.surnames: dict[str, list[str]] = {}  # last name token → person keys
        self.country_names: dict[str, str] = {}  # code → normalised country name
        self._load_countries(data_dir / "countries.csv")
        self._load_institutions(data_dir / "institutions.csv")
        self._load_roles(data_dir / "roles.csv")
        for path in [*sorted(data_dir.glob("people*.csv")), *extra_people]:
            self._load_people(Path(path))

    def _add(self, form: str, entry: Entry) -> None:
        form = strip_the(form.strip())
        if form:
            self.forms.setdefault(form, []).append(entry)

    def _load_countries(self, path: Path) -> None:
        for row in read_table(path):
            code, name, s, e = row["code"], row["name"], row["start"], row["end"]
            self.country_names.setdefault(code, name)
            names = [] if code.startswith("IGO:") else [name]  # IGO names live in institutions
            for form in [*names, *row["aliases"].split("|")]:
                if form:
                    self._add(form, Entry(code, "", name, "country", s, e))
            for form in row["adjectives"].split("|"):
                if form:
                    self._add(form, Entry(code, "", name, "adjective", s, e))
            seat = "IGO" if code.startswith("IGO:") else "GOV"  # a capital stands for government
            for form in row["capitals"].split("|"):
                if form:
                    self._add(form, Entry(code, seat, name, "capital", s, e))

    def _load_institutions(self, path: Path) -> None:
        for row in read_table(path):
            kind = "block" if row["code"] == "-" else "institution"
            self._add(row["text"], Entry(row["code"], row["sector"], row["name"] or row["text"],
                                         kind, row["start"], row["end"]))

    def _load_roles(self, path: Path) -> None:
        for row in read_table(path):
            text = row["text"].lower()
            self.roles[text] = Role(text, row["sector"], row["country"], row["kind"])

    def _load_people(self, path: Path) -> None:
        for row in read_table(path):
            name = row["name"]
            if not name or not row.get("code"):
                continue
            person = self.people.setdefault(name, Person(name))
            for alias in row.get("aliases", "").split("|"):
                if alias and alias not in person.aliases and alias != name:
                    person.aliases.append(alias)
            person.offices.append(Office(row["code"], row.get("role", ""), row.get("sector", ""),
                                         row.get("start", ""), row.get("end", ""),
                                         row.get("default_sector", "")))
            for form in [name, *person.aliases]:
                # A full name shared by two people keeps its first owner; surnames are
                # disambiguated by date in :meth:`surname_people`.
                self.person_forms.setdefault(form, name)
            last = name.split()[-1]
            keys = self.surnames.setdefault(last, [])
            if name not in keys:
                keys.append(name)

    def surname_person(self, token: str, date: str | None) -> Person | None:
        """The known person a bare surname ("Raab", "Reagan") most likely means on ``date``.

        Several people share surnames (two Presidents Bush): prefer the one in office on the
        date, else the one whose latest office is most recent.
        """
        keys = self.surnames.get(token)
        if not keys:
            return None
        people = [self.people[k] for k in keys]
        if len(people) == 1:
            return people[0]
        if date:
            holding = [p for p in people
                       if any(o.start <= date and (not o.end or date < o.end) for o in p.offices)]
            if holding:
                return holding[0]
        return max(people, key=lambda p: max(o.start for o in p.offices))


@lru_cache(maxsize=8)
def load_tables(extra_people: tuple[str, ...] = ()) -> Tables:
    """The packaged tables (plus extra people files), loaded once per process."""
    return Tables(DATA_DIR, [Path(p) for p in extra_people])
