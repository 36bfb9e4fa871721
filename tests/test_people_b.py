"""Integrity checks for the people table ``actors/data/people_b.csv``.

The table is hand-compiled public record (office holders and their term dates), so the
tests guard against the typing slips such a table attracts: malformed dates, a term that
ends before it starts, two people holding a single-holder office on the same day, a
bare surname sneaking in as an alias, or a country of the scope losing its leaders.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import pytest

from flashpoint.records import SECTORS

PATH = (
    Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "actors" / "data" / "people_b.csv"
)
COLUMNS = ["name", "aliases", "code", "role", "sector", "start", "end", "default_sector"]
CODE_RE = re.compile(r"^(?:[A-Z]{3}|IGO:[A-Z]+)$")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ALLOWED_SECTORS = {s for s in SECTORS if s}

# Roles that name the head of government of a country. A President is head of government
# only where no row of these roles covers the date (presidential systems), so these roles
# must never overlap within one country.
HOG_ROLES = {"Prime Minister", "Chancellor", "Premier", "State Counsellor", "Chief Adviser"}

# Offices held by one person at a time per country: terms must not overlap. Terms are
# half-open [start, end): the day of a hand-over is the outgoing holder's end and the
# incoming holder's start.
SINGLE_HOLDER_ROLES = HOG_ROLES | {
    "President",
    "King",
    "Emir",
    "Supreme Leader",
    "Chief Executive",
    "Foreign Minister",
    "Defence Minister",
    "Finance Minister",
    "Treasurer",
    "Central Bank Governor",
    "General Secretary",
    "Crown Prince",
}

# Bare one-word aliases are left to the resolver, which derives surnames in-article.
# One-word forms listed here are mononyms or short forms that headlines use alone.
ONE_WORD_ALIASES = {
    "Abiy", "Ahmadinejad", "Albanese", "Alfonsín", "Andreotti", "Arafat", "Ardern", "Assad",
    "Aznar", "Bachelet", "Berlusconi", "Bolsonaro", "Boric", "Bourguiba", "Bouteflika", "Buhari",
    "Carney", "Chrétien", "Chávez", "Collor", "Craxi", "Dilma", "Draghi", "Duda", "Erdoğan",
    "Ershad", "Fidel", "Gaddafi", "Galtieri", "Ghani", "Gillard", "Habibie", "Hasina", "Hawke",
    "Kagame", "Karzai", "Keating", "Khamenei", "Khatami", "Khomeini", "Kibaki", "Kravchuk",
    "Kuchma", "Lapid", "Lukashenko", "Lula", "Macri", "Maduro", "Mahathir", "Mandela", "Mbeki",
    "Megawati", "Meles", "Meloni", "Menem", "Mengistu", "Milei", "Milošević", "Mnangagwa", "Moi",
    "Morsi", "Mubarak", "Mugabe", "Mulroney", "Museveni", "Musharraf", "Najibullah", "Nasrallah",
    "Nawrocki", "Nazarbayev", "Netanyahu", "Obasanjo", "Olmert", "Orbán", "Pashinyan", "Peres",
    "Petro", "Pezeshkian", "Pinochet", "Piñera", "Poroshenko", "Prabowo", "Prayut", "Rabin",
    "Rafsanjani", "Raila", "Raisi", "Rajoy", "Ramaphosa", "Renzi", "Rouhani", "Ruto", "Rutte",
    "Saakashvili", "Sadat", "Saddam", "Sheinbaum", "Shevardnadze", "Sisi", "Tebboune", "Temer",
    "Thaksin", "Tinubu", "Tito", "Tokayev", "Tsai", "Turnbull", "Tusk", "Tymoshenko", "Uhuru",
    "Uribe", "Vučić", "Wałęsa", "Yanukovych", "Yingluck", "Yoon", "Yudhoyono", "Yushchenko",
    "Zapatero", "Zelenskyy", "Zuma",
}


def _read() -> tuple[list[str], list[dict[str, str]]]:
    """Return the comment lines and the data rows of the table."""
    lines = PATH.read_text(encoding="utf-8").splitlines()
    comments = [line for line in lines if line.startswith("#")]
    body = [line for line in lines if line and not line.startswith("#")]
    rows = list(csv.DictReader(body))
    return comments, rows


@pytest.fixture(scope="module")
def table() -> tuple[list[str], list[dict[str, str]]]:
    if not PATH.is_file():
        pytest.fail(f"{PATH} is missing")
    return _read()


@pytest.fixture(scope="module")
def rows(table: tuple[list[str], list[dict[str, str]]]) -> list[dict[str, str]]:
    return table[1]


def _d(text: str) -> date:
    return date.fromisoformat(text)


def _end(row: dict[str, str]) -> date:
    return _d(row["end"]) if row["end"] else date.max


def _holders(rows: list[dict[str, str]], code: str, roles: set[str], day: date) -> list[str]:
    return [
        r["name"]
        for r in rows
        if r["code"] == code and r["role"] in roles and _d(r["start"]) <= day < _end(r)
    ]


def test_header_comments_say_what_and_when(table: tuple[list[str], list[dict[str, str]]]) -> None:
    text = PATH.read_text(encoding="utf-8")
    assert text.startswith("#"), "the file must open with # comment lines"
    comments = " ".join(table[0]).lower()
    assert "public record" in comments
    assert re.search(r"current to \d{4}-\d{2}", comments), "header must say the date it is current to"
    first_data = next(line for line in text.splitlines() if not line.startswith("#"))
    assert first_data.split(",") == COLUMNS


def test_columns_and_cells(rows: list[dict[str, str]]) -> None:
    assert len(rows) >= 500
    for i, r in enumerate(rows, start=1):
        where = f"row {i} ({r.get('name')})"
        assert list(r.keys()) == COLUMNS, where
        assert None not in r.values(), f"{where}: wrong number of cells"
        for key, value in r.items():
            assert value == value.strip(), f"{where}: stray whitespace in {key}"
        assert r["name"], where
        assert r["role"], where
        assert CODE_RE.match(r["code"]), f"{where}: bad code {r['code']!r}"
        assert r["sector"] in ALLOWED_SECTORS, f"{where}: sector {r['sector']!r}"
        assert r["default_sector"] in ALLOWED_SECTORS, f"{where}: default {r['default_sector']!r}"
        if r["code"].startswith("IGO:"):
            assert r["sector"] == "IGO", where


def _known_codes() -> set[str]:
    """Codes the actor tables define: states in countries.csv, IGOs in institutions.csv."""
    codes: set[str] = set()
    for table in ("countries.csv", "institutions.csv"):
        lines = (PATH.parent / table).read_text(encoding="utf-8").splitlines()
        for r in csv.DictReader(ln for ln in lines if not ln.startswith("#")):
            codes.add(r["code"])
    return codes


def test_codes_are_known_to_the_actor_tables(rows: list[dict[str, str]]) -> None:
    known = _known_codes()
    unknown = sorted({r["code"] for r in rows} - known)
    assert not unknown, f"codes not in countries.csv/institutions.csv: {unknown}"


def test_dates_are_iso_and_ordered(rows: list[dict[str, str]]) -> None:
    for i, r in enumerate(rows, start=1):
        where = f"row {i} ({r['name']}, {r['role']})"
        assert DATE_RE.match(r["start"]), f"{where}: start {r['start']!r}"
        start = _d(r["start"])
        assert date(1940, 1, 1) <= start <= date(2026, 12, 31), where
        if r["end"]:
            assert DATE_RE.match(r["end"]), f"{where}: end {r['end']!r}"
            assert start <= _d(r["end"]) <= date(2026, 12, 31), where


def test_no_duplicate_rows(rows: list[dict[str, str]]) -> None:
    seen: set[tuple[str, ...]] = set()
    for r in rows:
        key = tuple(r[c] for c in COLUMNS)
        assert key not in seen, f"duplicate row {key}"
        seen.add(key)


def test_aliases_are_clean(rows: list[dict[str, str]]) -> None:
    for r in rows:
        if not r["aliases"]:
            continue
        aliases = r["aliases"].split("|")
        assert all(a and a == a.strip() for a in aliases), r["name"]
        assert len(aliases) == len(set(aliases)), f"{r['name']}: repeated alias"
        assert r["name"] not in aliases, f"{r['name']}: alias repeats the name"
        # A one-word alias that is one of the name's own words is a bare surname (or given
        # name): allowed only for the short forms headlines really use alone.
        name_words = set(r["name"].replace("-", " ").split())
        for a in aliases:
            if " " not in a and a in name_words:
                assert a in ONE_WORD_ALIASES, f"{r['name']}: bare name part {a!r} as alias"


def test_no_overlapping_terms_for_same_person_and_role(rows: list[dict[str, str]]) -> None:
    terms: dict[tuple[str, str, str], list[tuple[date, date]]] = defaultdict(list)
    for r in rows:
        terms[(r["name"], r["code"], r["role"])].append((_d(r["start"]), _end(r)))
    for key, spans in terms.items():
        spans.sort()
        for (s1, e1), (s2, _) in zip(spans, spans[1:], strict=False):
            assert s2 >= e1, f"{key}: term from {s1} overlaps term from {s2}"


def test_single_holder_offices_never_overlap(rows: list[dict[str, str]]) -> None:
    terms: dict[tuple[str, str], list[tuple[date, date, str]]] = defaultdict(list)
    for r in rows:
        if r["role"] in SINGLE_HOLDER_ROLES:
            terms[(r["code"], r["role"])].append((_d(r["start"]), _end(r), r["name"]))
    for key, spans in terms.items():
        spans.sort()
        for (s1, e1, n1), (s2, _, n2) in zip(spans, spans[1:], strict=False):
            assert s2 >= e1, f"{key}: {n1} (from {s1}) overlaps {n2} (from {s2})"


def test_at_most_one_head_of_government_per_day(rows: list[dict[str, str]]) -> None:
    by_code: dict[str, list[tuple[date, date, str]]] = defaultdict(list)
    for r in rows:
        if r["role"] in HOG_ROLES:
            by_code[r["code"]].append((_d(r["start"]), _end(r), f"{r['name']} ({r['role']})"))
    for code, spans in by_code.items():
        spans.sort()
        for (s1, e1, n1), (s2, _, n2) in zip(spans, spans[1:], strict=False):
            assert s2 >= e1, f"{code}: {n1} from {s1} overlaps {n2} from {s2}"


# Every state of the scope must have a head of state or government on these days.
SCOPE = {
    "ARG", "AUS", "BRA", "CAN", "IDN", "ITA", "KOR", "MEX", "SAU", "ZAF", "TUR",
    "ISR", "IRN", "IRQ", "SYR", "EGY", "JOR", "LBN", "PSE", "AFG", "PAK", "BGD", "LKA",
    "PRK", "TWN", "VNM", "PHL", "THA", "MMR", "MYS", "SGP", "POL", "HUN", "ESP", "NLD",
    "SWE", "NOR", "DNK", "BEL", "AUT", "CHE", "GRC", "IRL", "VEN", "CUB", "COL", "CHL",
    "NGA", "ETH", "KEN", "LBY", "QAT", "ARE", "KWT", "NZL",
}
POST_SOVIET = {"UKR", "BLR", "GEO", "KAZ", "AZE", "ARM"}
LEADER_ROLES = HOG_ROLES | {
    "President", "King", "Emir", "Supreme Leader", "Acting President", "PLO Chairman",
    "SCAF Chairman", "De Facto Leader", "Chief Executive", "General Secretary",
    "President of the Confederation", "Junta Chairman", "Governor", "Head of State",
    "First Secretary",
}


@pytest.mark.parametrize("day", [date(1985, 6, 1), date(2000, 6, 1), date(2024, 6, 1)])
def test_every_state_in_scope_has_a_leader(rows: list[dict[str, str]], day: date) -> None:
    codes = set(SCOPE)
    if day.year > 1992:
        codes |= POST_SOVIET | {"SRB" if day.year > 2006 else "YUG", "HKG"}
    else:
        codes.add("YUG")
    missing = [c for c in sorted(codes) if not _holders(rows, c, LEADER_ROLES, day)]
    assert not missing, f"no head of state/government on {day} for {missing}"


@pytest.mark.parametrize(
    ("name", "day", "code", "role"),
    [
        ("Recep Tayyip Erdoğan", date(2020, 1, 1), "TUR", "President"),
        ("Recep Tayyip Erdoğan", date(2010, 1, 1), "TUR", "Prime Minister"),
        ("Benjamin Netanyahu", date(1997, 1, 1), "ISR", "Prime Minister"),
        ("Ali Khamenei", date(2015, 1, 1), "IRN", "Supreme Leader"),
        ("Leopoldo Galtieri", date(1982, 5, 1), "ARG", "President"),
        ("Luiz Inácio Lula da Silva", date(2024, 1, 1), "BRA", "President"),
        ("Volodymyr Zelenskyy", date(2023, 1, 1), "UKR", "President"),
        ("Justin Trudeau", date(2020, 1, 1), "CAN", "Prime Minister"),
    ],
)
def test_known_office_holders(
    rows: list[dict[str, str]], name: str, day: date, code: str, role: str
) -> None:
    assert name in _holders(rows, code, {role}, day)


def test_a_person_is_consistent_across_rows(rows: list[dict[str, str]]) -> None:
    """Rows of one person share aliases and default sector: the resolver merges them by name."""
    by_name: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in rows:
        by_name[r["name"]].add((r["aliases"], r["default_sector"]))
    assert not {n: v for n, v in by_name.items() if len(v) > 1}


def test_one_word_aliases_are_unambiguous(rows: list[dict[str, str]]) -> None:
    """Aliases are not date-bound, so a one-word alias must not be another listed person's
    surname ("Aliyev" would send the father's 1990s news to the son). Every people table
    counts, because the resolver merges them all."""
    surnames: dict[str, set[str]] = defaultdict(set)
    for path in sorted(PATH.parent.glob("people*.csv")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for r in csv.DictReader(ln for ln in lines if not ln.startswith("#")):
            if r.get("name"):
                surnames[r["name"].split()[-1]].add(r["name"])
    problems = sorted(
        f"{r['name']}: alias {a!r} is also the surname of {sorted(surnames[a] - {r['name']})}"
        for r in rows
        for a in r["aliases"].split("|")
        if a and " " not in a and surnames.get(a, set()) - {r["name"]}
    )
    assert not problems, "\n".join(problems)
