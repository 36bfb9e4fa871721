"""Integrity checks for the people table, part A (src/flashpoint/actors/data/people_a.csv).

The table is hand-compiled data, so these tests guard against the mistakes such data invites:
typos in dates, terms that overlap, two heads of government on one day, a gap where a
successor was forgotten, bare surnames slipped into the aliases, codes outside the scheme.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

import pytest

PATH = (
    Path(__file__).resolve().parents[1] / "src" / "flashpoint" / "actors" / "data" / "people_a.csv"
)
COLUMNS = ["name", "aliases", "code", "role", "sector", "start", "end", "default_sector"]
SECTORS = {"GOV", "LEG", "MIL", "JUD", "MED", "BUS", "CVL", "OPP", "PTY", "REB", "SPY", "IGO"}
# States part A covers (with the former states it needs); other ISO-3 codes are not expected here.
STATES = {"USA", "GBR", "FRA", "DEU", "DDR", "SUN", "RUS", "CHN", "JPN", "IND"}
IGO_RE = re.compile(r"^IGO:[A-Z][A-Za-z0-9]*$")
# Roles that mark the head of government. In the USA the President heads the government.
HOG_ROLES = {"Prime Minister", "Chancellor", "Premier"}
# Where the head of government must be known on every day: (code, from, to).
HOG_SPANS = [
    ("USA", "1980-01-01", None),
    ("GBR", "1980-01-01", None),
    ("FRA", "1980-01-01", None),
    ("DEU", "1980-01-01", None),
    ("DDR", "1980-01-01", "1990-10-03"),
    ("SUN", "1980-01-01", "1991-12-26"),
    ("RUS", "1990-06-15", None),
    ("CHN", "1980-01-01", None),
    ("JPN", "1980-01-01", None),
    ("IND", "1980-01-01", None),
]
# Interregna of a few days (a cabinet falls, the successor is sworn in later) are real; a gap
# longer than this means a forgotten holder.
MAX_GAP = timedelta(days=7)
# Surnames that are allowed alone as aliases: unambiguous and used alone in headlines.
# Any other one-word alias that is the last word of the name is a bare surname and is refused,
# because the resolver derives surnames within an article itself.
SURNAME_OK = {
    "Putin", "Xi", "Modi", "Gorbachev", "Gorbachov", "Thatcher", "Reagan", "Yeltsin", "Merkel",
    "Macron", "Trump", "Obama", "Biden", "Lavrov", "Mitterrand", "Chirac", "Sarkozy", "Kohl",
    "Peskov", "Zakharova", "Shoigu", "Medvedev", "Brezhnev", "Andropov", "Chernenko",
    "Honecker", "Deng", "Pompeo", "Guterres", "Stoltenberg", "Jaishankar", "Zarif", "Kissinger",
    "Blinken", "Pelosi", "Gerasimov", "Nabiullina", "Greenspan", "Lagarde", "Juncker", "Delors",
    "Barnier", "Tedros", "Scholz", "Starmer", "Sunak", "Kishida", "Takaichi", "Ishiba",
    "Koizumi", "Nakasone", "Vajpayee", "Boutros-Ghali", "Patrushev", "Primakov", "Shevardnadze", "Gromyko", "Kozyrev",
}


def _data_lines() -> list[str]:
    if not PATH.is_file():
        pytest.fail(f"{PATH} is missing")
    return PATH.read_text(encoding="utf-8").splitlines()


def _rows() -> list[dict[str, str]]:
    lines = [ln for ln in _data_lines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


def _current_to() -> date:
    for ln in _data_lines():
        m = re.match(r"#.*[Cc]urrent to (\d{4}-\d{2}-\d{2})", ln)
        if m:
            return date.fromisoformat(m.group(1))
    pytest.fail("header comment must say 'Current to YYYY-MM-DD'")


def _span(row: dict[str, str], until: date) -> tuple[date, date]:
    start = date.fromisoformat(row["start"])
    end = date.fromisoformat(row["end"]) if row["end"] else until
    return start, end


def test_header_comments_and_columns() -> None:
    lines = _data_lines()
    comments = [ln for ln in lines[:40] if ln.startswith("#")]
    assert lines[0].startswith("#"), "the file must open with # comments"
    text = " ".join(ln.lstrip("# ") for ln in comments).lower()
    assert "public record" in text and "flashpoint developers" in text
    _current_to()
    header = next(ln for ln in lines if not ln.startswith("#"))
    assert header.split(",") == COLUMNS


def test_every_row_is_well_formed() -> None:
    rows = _rows()
    assert len(rows) >= 500
    current = _current_to()
    problems = []
    for i, r in enumerate(rows, 1):
        where = f"row {i} ({r.get('name')}, {r.get('role')})"
        if None in r or any(v is None for v in r.values()):
            problems.append(f"{where}: wrong number of fields")
            continue
        if any(v != v.strip() for v in r.values()):
            problems.append(f"{where}: stray whitespace")
        if not r["name"] or not r["role"]:
            problems.append(f"{where}: empty name or role")
        code = r["code"]
        if code not in STATES and not IGO_RE.match(code):
            problems.append(f"{where}: code {code!r} is neither a covered ISO-3 nor IGO:<name>")
        if code.startswith("IGO:") != (r["sector"] == "IGO"):
            problems.append(f"{where}: IGO codes go with sector IGO and only with it")
        if r["sector"] not in SECTORS or r["default_sector"] not in SECTORS:
            problems.append(f"{where}: sector {r['sector']!r}/{r['default_sector']!r}")
        try:
            start = date.fromisoformat(r["start"])
            end = date.fromisoformat(r["end"]) if r["end"] else None
        except ValueError:
            problems.append(f"{where}: dates {r['start']!r}, {r['end']!r} are not ISO")
            continue
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["start"]):
            problems.append(f"{where}: start must be YYYY-MM-DD")
        if end is not None and end < start:
            problems.append(f"{where}: ends before it starts")
        if start > current:
            problems.append(f"{where}: starts after the date the table is current to")
        if end is not None and end.year < 1980 and code in STATES:
            problems.append(f"{where}: term ended before 1980, out of scope")
    assert not problems, "\n".join(problems)


def test_aliases_are_clean() -> None:
    problems = []
    for r in _rows():
        aliases = r["aliases"].split("|") if r["aliases"] else []
        if len(aliases) != len(set(aliases)):
            problems.append(f"{r['name']}: repeated alias")
        for a in aliases:
            if not a or a != a.strip():
                problems.append(f"{r['name']}: empty or padded alias {a!r}")
            if a == r["name"]:
                problems.append(f"{r['name']}: alias repeats the name")
            last = r["name"].split()[-1]
            if a == last and a not in SURNAME_OK:
                problems.append(f"{r['name']}: bare surname alias {a!r}")
    assert not problems, "\n".join(problems)


def test_bare_surname_aliases_are_unambiguous() -> None:
    """An alias "Nakasone" would send the son (Hirofumi) to the father whatever the date, because
    aliases are not date-bound; only the resolver's surname lookup weighs dates."""
    rows = _rows()
    surnames: dict[str, set[str]] = defaultdict(set)
    # Every people table counts: the resolver merges them all.
    for path in sorted(PATH.parent.glob("people*.csv")):
        text = path.read_text(encoding="utf-8").splitlines()
        for r in csv.DictReader(ln for ln in text if not ln.startswith("#")):
            if r.get("name"):
                surnames[r["name"].split()[-1]].add(r["name"])
    problems = {
        f"{r['name']}: alias {a!r} is also the surname of {sorted(surnames[a] - {r['name']})}"
        for r in rows
        for a in r["aliases"].split("|")
        if a and " " not in a and surnames.get(a, set()) - {r["name"]}
    }
    assert not problems, "\n".join(sorted(problems))


def test_no_duplicate_rows() -> None:
    seen: set[tuple[str, ...]] = set()
    dups = []
    for r in _rows():
        key = tuple(r[c] for c in COLUMNS)
        if key in seen:
            dups.append(key)
        seen.add(key)
    assert not dups, dups


def test_a_person_is_consistent_across_rows() -> None:
    """Rows of one person share aliases and default sector, so the resolver sees one identity."""
    by_name: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in _rows():
        by_name[r["name"]].add((r["aliases"], r["default_sector"]))
    assert not {n: v for n, v in by_name.items() if len(v) > 1}


def test_no_overlapping_terms_for_a_person_and_role() -> None:
    current = _current_to()
    terms: dict[tuple[str, str, str], list[tuple[date, date]]] = defaultdict(list)
    for r in _rows():
        terms[(r["name"], r["code"], r["role"])].append(_span(r, current))
    problems = []
    for key, spans in terms.items():
        spans.sort()
        for (_, e1), (s2, _) in zip(spans, spans[1:], strict=False):
            if s2 < e1:  # terms are half-open: a new term may start the day the old one ends
                problems.append(f"{key}: terms overlap at {s2}")
    assert not problems, "\n".join(problems)


def _hog_spans(code: str, current: date) -> list[tuple[date, date, str]]:
    roles = {"President"} if code == "USA" else HOG_ROLES
    return sorted(
        (*_span(r, current), r["name"])
        for r in _rows()
        if r["code"] == code and r["role"] in roles
    )


def _clashes(spans: list[tuple[date, date, str]]) -> list[str]:
    """Pairs of terms that overlap, for spans sorted by start (terms are half-open)."""
    out = []
    latest: tuple[date, str] | None = None  # the term reaching furthest so far
    for s, e, n in spans:
        if latest is not None and s < latest[0]:
            out.append(f"{latest[1]} (to {latest[0]}) and {n} (from {s}) overlap")
        if latest is None or e > latest[0]:
            latest = (e, n)
    return out


@pytest.mark.parametrize("code,first,last", HOG_SPANS)
def test_one_head_of_government_per_day_without_gaps(
    code: str, first: str, last: str | None
) -> None:
    current = _current_to()
    spans = _hog_spans(code, current)
    lo = date.fromisoformat(first)
    hi = date.fromisoformat(last) if last else current
    assert spans, f"no head of government rows for {code}"
    problems = [f"{code}: {c}" for c in _clashes(spans)]
    covered = spans[0][1]
    for s, e, n in spans[1:]:
        if s - covered > MAX_GAP and covered < hi and s > lo:
            problems.append(f"{code}: nobody heads the government from {covered} to {s} ({n})")
        covered = max(covered, e)
    if spans[0][0] > lo + MAX_GAP:
        problems.append(f"{code}: first head of government starts {spans[0][0]}, after {lo}")
    if covered < hi - MAX_GAP:
        problems.append(f"{code}: heads of government stop at {covered}, before {hi}")
    assert not problems, "\n".join(problems)


def _holder(code: str, roles: set[str], day: str) -> set[str]:
    d = date.fromisoformat(day)
    current = _current_to()
    out = set()
    for r in _rows():
        if r["code"] == code and r["role"] in roles:
            s, e = _span(r, current)
            if s <= d < e:
                out.add(r["name"])
    return out


@pytest.mark.parametrize(
    "code,roles,day,expected",
    [
        ("USA", {"President"}, "1987-06-12", "Ronald Reagan"),
        ("USA", {"Secretary of State"}, "2019-05-01", "Mike Pompeo"),
        ("GBR", HOG_ROLES, "1985-01-01", "Margaret Thatcher"),
        ("GBR", HOG_ROLES, "2020-01-01", "Boris Johnson"),
        ("GBR", {"Foreign Secretary"}, "2020-07-15", "Dominic Raab"),
        ("DEU", HOG_ROLES, "2010-01-01", "Angela Merkel"),
        ("FRA", HOG_ROLES, "2000-01-01", "Lionel Jospin"),
        ("FRA", {"President"}, "2000-01-01", "Jacques Chirac"),
        ("SUN", {"General Secretary"}, "1987-01-01", "Mikhail Gorbachev"),
        ("RUS", HOG_ROLES, "2010-01-01", "Vladimir Putin"),
        ("RUS", {"President"}, "2010-01-01", "Dmitry Medvedev"),
        ("CHN", HOG_ROLES, "2015-01-01", "Li Keqiang"),
        ("CHN", {"Ambassador to the United Kingdom"}, "2020-07-15", "Liu Xiaoming"),
        ("JPN", HOG_ROLES, "2015-01-01", "Shinzo Abe"),
        ("IND", HOG_ROLES, "2000-01-01", "Atal Bihari Vajpayee"),
        ("IGO:UN", {"UN Secretary-General"}, "2000-01-01", "Kofi Annan"),
    ],
)
def test_known_office_holders(code: str, roles: set[str], day: str, expected: str) -> None:
    assert _holder(code, roles, day) == {expected}


def test_one_president_per_state_per_day() -> None:
    current = _current_to()
    problems = []
    for code in sorted(STATES):
        spans = sorted(
            (*_span(r, current), r["name"])
            for r in _rows()
            if r["code"] == code and r["role"] == "President"
        )
        problems += [f"{code}: {c}" for c in _clashes(spans)]
    assert not problems, "\n".join(problems)


def test_clash_detection_sees_a_term_inside_a_long_one() -> None:
    """The overlap check must compare with the longest term so far, not only the previous one."""
    d = date.fromisoformat
    spans = [
        (d("2000-01-01"), d("2010-01-01"), "A"),
        (d("2001-01-01"), d("2002-01-01"), "B"),
        (d("2005-01-01"), d("2006-01-01"), "C"),
    ]
    assert len(_clashes(spans)) == 2
    assert _clashes([(d("2000-01-01"), d("2001-01-01"), "A"), (d("2001-01-01"), d("2002-01-01"), "B")]) == []
