"""Readers on fixture files: dumps, JSON Lines, CSV, HTML, feeds, dispatch and bad input."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from flashpoint import read
from flashpoint.config import Settings
from flashpoint.read import DECODE_STAGE, Source, read_items, sniff_kind
from flashpoint.read.dates import normalize_date
from flashpoint.records import Article, Reject

DATA = Path(__file__).resolve().parent / "data" / "intake"


def items(path: str | Path, **kw: object) -> tuple[list[Article], list[Reject]]:
    got = list(read_items([str(path)], **kw))  # type: ignore[arg-type]
    return ([a for a in got if isinstance(a, Article)], [r for r in got if isinstance(r, Reject)])


def test_example_dump_has_ten_articles_with_ids_titles_and_lines(example_path: Path) -> None:
    arts, rejects = items(example_path)
    assert rejects == []
    assert [a.doc for a in arts] == [f"retaliation_articles.txt#{n}" for n in range(1, 11)]
    assert arts[0].title.startswith("TikTok warning: China threatens retaliation")
    assert arts[0].source.endswith("retaliation_articles.txt:1")
    assert arts[1].source.endswith(":35") and arts[9].source.endswith(":411")
    # The body starts after the headline; paragraphs stay separated by one blank line.
    assert arts[0].text.startswith("TikTok found itself at the centre")
    assert "\n\n\n" not in arts[3].text
    assert arts[9].text.rstrip().endswith("devastating defeat to China.")
    assert all(a.text == a.raw_text for a in arts)


def test_dump_fixture() -> None:
    arts, rejects = items(DATA / "dump.txt")
    assert rejects == []
    assert [a.title for a in arts] == ["Seoul hits back at Tokyo over export curbs",
                                      "Delhi bans 59 Chinese apps"]
    assert "Talks failed" in arts[0].text and arts[1].doc == "dump.txt#2"


def test_jsonl_fields_ids_extra_and_bad_lines() -> None:
    arts, rejects = items(DATA / "articles.jsonl")
    by_doc = {a.doc: a for a in arts}
    assert list(by_doc) == ["wire-001", "1002", "articles.jsonl#7"]
    first = by_doc["wire-001"]
    assert (first.title, first.date, first.url, first.publisher) == (
        "Beijing expels two Australian reporters", "2020-09-07",
        "https://news.example/wire-001", "Example Wire")
    assert first.extra == {"section": "world"}
    assert first.source.endswith("articles.jsonl:1")
    assert by_doc["1002"].date == "2018-12-11"  # RFC 2822 date normalised
    assert by_doc["1002"].extra == {"lang": "en"}
    # An unparseable date is kept raw in extra, not guessed.
    assert by_doc["articles.jsonl#7"].date is None
    assert by_doc["articles.jsonl#7"].extra["date_raw"] == "next Tuesday"
    reasons = {r.record: r.reason for r in rejects}
    assert set(reasons) == {"line 3", "line 4", "line 5"}
    assert reasons["line 3"].startswith("malformed JSON")
    assert "no 'text'" in reasons["line 4"]
    assert "JSON object" in reasons["line 5"]
    assert all(r.source.endswith("articles.jsonl") and r.stage == "read" for r in rejects)


def test_csv_fields_and_bad_rows() -> None:
    arts, rejects = items(DATA / "articles.csv")
    assert [a.doc for a in arts] == ["csv-1", "csv-2", "articles.csv#5"]
    assert arts[0].extra == {"desk": "economy"} and arts[0].url == "https://news.example/csv-1"
    assert arts[1].date == "2018-06-01" and arts[1].url is None
    assert arts[2].title == "Quoted headline"  # a quoted field spanning two lines
    reasons = {r.record: r.reason for r in rejects}
    assert "expected 7 fields" in reasons["line 4"] and "empty 'text'" in reasons["line 5"]


def test_tsv_and_csv_without_text_column(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text("id\ttitle\ttext\nt1\tHead\tThe body, with a comma.\n", encoding="utf-8")
    arts, _ = items(tsv)
    assert arts[0].doc == "t1" and arts[0].text == "The body, with a comma."
    bad = tmp_path / "b.csv"
    bad.write_text("id,headline\n1,x\n", encoding="utf-8")
    arts, rejects = items(bad)
    assert arts == [] and "no 'text' column" in rejects[0].reason


def test_html_page_main_text_and_metadata() -> None:
    arts, rejects = items(DATA / "page.html")
    assert rejects == []
    (page,) = arts
    assert page.doc == "https://times.example/world/seoul-pact"  # the page's canonical URL
    assert page.title == "Seoul suspends military pact with Tokyo"
    assert page.date == "2019-08-22"
    assert page.url == "https://times.example/world/seoul-pact"
    assert page.publisher == "Example Times"
    assert page.text.startswith("South Korea said on Thursday")
    assert "lodged a protest" in page.text
    for clutter in ("Most read", "Copyright", "Sport", "Ten things"):
        assert clutter not in page.text


def test_html_without_text_is_rejected() -> None:
    arts, rejects = items(DATA / "nothing.html")
    assert arts == []
    assert rejects[0].source.endswith("nothing.html") and "no article text" in rejects[0].reason


def test_atom_feed_file() -> None:
    arts, rejects = items(DATA / "feed.atom")
    assert rejects == []
    (entry,) = arts
    assert entry.doc == "urn:example:atom-1" and entry.date == "2021-03-22"
    assert entry.publisher == "Example Atom Desk"
    assert entry.text.split("\n\n")[1].startswith("Beijing answered")


def test_broken_feed_is_rejected() -> None:
    arts, rejects = items(DATA / "broken.rss")
    assert arts == [] and "not a readable RSS/Atom feed" in rejects[0].reason


def test_directory_glob_and_missing(tmp_path: Path) -> None:
    sub = tmp_path / "nested" / "deeper"
    sub.mkdir(parents=True)
    (sub / "one.jsonl").write_text('{"doc": "d1", "text": "Body one."}\n', encoding="utf-8")
    (tmp_path / "two.txt").write_text("Head\n\nBody two.\n", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("Secret\n\nNot an article.\n", encoding="utf-8")
    arts, rejects = items(tmp_path)
    assert sorted(a.doc for a in arts) == ["d1", "two.txt#1"] and rejects == []
    arts, _ = items(tmp_path / "**" / "*.jsonl")
    assert [a.doc for a in arts] == ["d1"]
    _, rejects = items(tmp_path / "absent.txt")
    assert rejects[0].reason == "no such file or directory"
    _, rejects = items(tmp_path / "*.nothing")
    assert rejects[0].reason == "no file matches this pattern"


def test_sniffing_without_extensions(tmp_path: Path) -> None:
    cases = {
        "a": b'{"text": "x"}\n', "b": b"<html><body><p>x</p></body></html>",
        "c": b'<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>',
        "d": b"doc,title,text\n1,a,b\n", "e": b"Headline\n\nBody.\n", "f": b"[{\"text\": \"x\"}]",
    }
    kinds = {}
    for name, data in cases.items():
        (tmp_path / name).write_bytes(data)
        kinds[name] = sniff_kind(Source.from_path(tmp_path / name))
    assert kinds == {"a": "jsonl", "b": "html", "c": "feed", "d": "csv", "e": "dump", "f": "json"}


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    data = b'{"doc": "s1", "title": "T", "text": "From a pipe."}\n'
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    arts = list(read("-"))
    assert [(a.doc, a.text, a.source) for a in arts] == [("s1", "From a pipe.", "-:1")]


def test_binary_empty_and_unreadable_files(tmp_path: Path) -> None:
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4\n%binary")
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\n\n  \n")
    locked = tmp_path / "locked.txt"
    locked.write_text("Head\n\nBody.\n", encoding="utf-8")
    locked.chmod(0)
    try:
        arts, rejects = items(tmp_path)
    finally:
        locked.chmod(0o644)
    reasons = {Path(r.source).name: r.reason for r in rejects}
    assert "NUL bytes" in reasons["blob.txt"] and "PDF" in reasons["doc.pdf"]
    assert reasons["empty.jsonl"].startswith("empty file") and reasons["blank.txt"].startswith("empty")
    if arts == []:  # root can read a mode-000 file; everyone else gets a reject
        assert "Permission denied" in reasons["locked.txt"]


def test_invalid_utf8_is_decoded_and_noted(tmp_path: Path) -> None:
    path = tmp_path / "win.txt"
    path.write_bytes("Head\n\nThe minister said \u201cno\u201d.\n".encode("cp1252"))
    arts, notes = items(path)
    assert arts[0].text == "The minister said \u201cno\u201d."
    (note,) = notes
    assert note.stage == DECODE_STAGE and note.record == "line 3" and "cp1252" in note.reason


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = tmp_path / "u16.txt"
    path.write_bytes("Head\n\nBody in UTF-16.\n".encode("utf-16"))
    arts, rejects = items(path)
    assert rejects == [] and arts[0].text == "Body in UTF-16."


def test_oversized_records_are_rejected_without_stopping(tmp_path: Path) -> None:
    settings = Settings(max_article_bytes=100)
    path = tmp_path / "big.jsonl"
    path.write_text('{"doc": "big", "text": "' + "x" * 2000 + '"}\n{"doc": "ok", "text": "fine"}\n',
                    encoding="utf-8")
    arts, rejects = items(path, settings=settings)
    assert [a.doc for a in arts] == ["ok"]
    assert rejects[0].record == "line 1" and "too large" in rejects[0].reason


@pytest.mark.parametrize(("value", "iso"), [
    ("2020-07-24T10:00:00Z", "2020-07-24"), ("Fri, 24 Jul 2020 23:30:00 -0500", "2020-07-25"),
    ("24 July 2020", "2020-07-24"), ("20200724", "2020-07-24"), ("yesterday", None),
    ("2020-13-45", None), ("", None),
])
def test_dates_normalised(value: str, iso: str | None) -> None:
    assert normalize_date(value) == iso


def test_json_files_in_three_shapes(tmp_path: Path) -> None:
    (tmp_path / "arr.json").write_text('[{"doc": "a1", "text": "One."}, {"doc": "a2", "text": "Two."}]',
                                       encoding="utf-8")
    (tmp_path / "obj.json").write_text('{\n  "doc": "o1",\n  "text": "Pretty."\n}\n', encoding="utf-8")
    (tmp_path / "lines.json").write_text('{"doc": "l1", "text": "A."}\n{"doc": "l2", "text": "B."}\n',
                                         encoding="utf-8")
    docs = {p: [a.doc for a in items(tmp_path / p)[0]] for p in ("arr.json", "obj.json", "lines.json")}
    assert docs == {"arr.json": ["a1", "a2"], "obj.json": ["o1"], "lines.json": ["l1", "l2"]}
