"""Cleaning: remove site clutter from article text, keep every sentence of the story.

The clutter patterns are data (``data/clutter.toml``), not code. Cleaning works on lines:
a dump's paragraphs are one line each, while link lists and captions are lines of their own.
The raw text stays in ``Article.raw_text``; ``Article.removed`` counts what went, by kind.

Example:
    >>> text, removed = clean_text("China acts.\\n\\nREAD MORE: Other story\\n\\nIt ends.")
    >>> text, removed
    ('China acts.\\n\\nIt ends.', {'read_more': 1})
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from flashpoint.errors import ConfigError
from flashpoint.records import Article


@dataclass(frozen=True)
class Rules:
    """The compiled contents of ``clutter.toml``."""

    lines: tuple[tuple[str, re.Pattern[str]], ...]
    block_kind: str
    block_header: re.Pattern[str]
    link_kind: str
    link: re.Pattern[str]
    caption_kind: str
    caption: re.Pattern[str]
    bare_kind: str
    bare_max_words: int
    sentence_end: re.Pattern[str]
    repeat_kind: str
    repeat_min_chars: int


@lru_cache(maxsize=1)
def rules() -> Rules:
    """The clutter rules shipped with flashpoint (parsed once per process)."""
    ref = resources.files("flashpoint") / "data" / "clutter.toml"
    try:
        raw = tomllib.loads(ref.read_text(encoding="utf-8"))
        block, cap, rep = raw["block"], raw["caption"], raw["repeat"]
        return Rules(
            lines=tuple((r["kind"], re.compile(r["pattern"])) for r in raw["line"]),
            block_kind=block["kind"], block_header=re.compile(block["header"]),
            link_kind=block["link_kind"], link=re.compile(block["link"]),
            caption_kind=cap["kind"], caption=re.compile(cap["pattern"]),
            bare_kind=cap["bare_kind"], bare_max_words=int(cap["bare_max_words"]),
            sentence_end=re.compile(cap["sentence_end"]),
            repeat_kind=rep["kind"], repeat_min_chars=int(rep["min_chars"]),
        )
    except (OSError, KeyError, tomllib.TOMLDecodeError, re.error) as exc:
        raise ConfigError(f"clutter rules data/clutter.toml are broken ({exc}); reinstall flashpoint") from exc


_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def norm(text: str) -> str:
    """Text reduced for comparison: NFKC, straight quotes, lower case, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return " ".join(text.split()).strip(" .")


def _is_bare_caption(line: str, caption_text: str, r: Rules) -> bool:
    if norm(line) == norm(caption_text) or norm(caption_text).startswith(norm(line)):
        return True
    if line[:1] in "\"'\u201c\u2018":
        return False
    return len(line.split()) <= r.bare_max_words and not r.sentence_end.search(line)


def clean_text(text: str) -> tuple[str, dict[str, int]]:
    """Clean text and the count of removed lines by kind.

    Args:
        text: An article body, paragraphs separated by blank lines.

    Returns:
        The clean body (paragraphs joined by one blank line) and ``{kind: count}``.
    """
    r = rules()
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    drop: dict[int, str] = {}

    prev = -1  # index of the previous non-blank line
    for i, line in enumerate(lines):
        if not line:
            continue
        if r.block_header.match(line):
            drop[i] = r.block_kind
        elif r.link.search(line):
            drop[i] = r.link_kind
        elif (m := r.caption.search(line)) is not None:
            drop[i] = r.caption_kind
            if prev >= 0 and prev not in drop and _is_bare_caption(lines[prev], line[: m.start()], r):
                drop[prev] = r.bare_kind
        else:
            for kind, pat in r.lines:
                if pat.match(line):
                    drop[i] = kind
                    break
        prev = i

    removed: dict[str, int] = {}
    for kind in drop.values():
        removed[kind] = removed.get(kind, 0) + 1

    # Rebuild paragraphs from the kept lines, then drop repeated paragraphs.
    paras: list[list[str]] = [[]]
    for i, line in enumerate(lines):
        if i in drop:
            continue
        if not line:
            if paras[-1]:
                paras.append([])
            continue
        paras[-1].append(line)
    seen: set[str] = set()
    out: list[str] = []
    for para in paras:
        if not para:
            continue
        block = "\n".join(para)
        key = norm(block)
        if len(key) >= r.repeat_min_chars and key in seen:
            removed[r.repeat_kind] = removed.get(r.repeat_kind, 0) + 1
            continue
        seen.add(key)
        out.append(block)
    return "\n\n".join(out), removed


def clean(article: Article) -> Article:
    """The article with clean ``text``; ``raw_text`` keeps the text as read.

    Cleaning starts from ``raw_text`` (else ``text``), so cleaning twice changes nothing.
    """
    raw = article.raw_text or article.text
    text, removed = clean_text(raw)
    return dataclasses.replace(article, text=text, raw_text=raw, removed=removed)
