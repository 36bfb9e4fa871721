"""Mark the source, target and trigger of an event in its sentence, and events in an article.

Article text is untrusted: these functions escape every character they output and only add
``<mark>`` tags with class names chosen here (plus an escaped ``title``).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

# (start, end, css class, tooltip)
Span = tuple[int, int, str, str]

ROLES: tuple[tuple[str, str], ...] = (("source", "hl-source"), ("target", "hl-target"),
                                      ("trigger", "hl-trigger"))


def render_spans(text: str, spans: list[Span]) -> Markup:
    """Escape ``text`` and wrap the spans in ``<mark>``; overlapping spans are allowed.

    The text is cut at every span boundary and each piece gets the classes of all spans
    covering it, so overlaps (a trigger inside a sentence) never produce crossed tags.
    Spans outside the text are ignored.
    """
    good = [(s, e, c, t) for s, e, c, t in spans if 0 <= s < e <= len(text)]
    cuts = sorted({0, len(text), *(s for s, _, _, _ in good), *(e for _, e, _, _ in good)})
    parts: list[str] = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        piece = escape(text[lo:hi])
        cover = [(c, t) for s, e, c, t in good if s <= lo and hi <= e]
        if not cover:
            parts.append(str(piece))
            continue
        classes = " ".join(dict.fromkeys(c for c, _ in cover))
        tip = "; ".join(dict.fromkeys(t for _, t in cover if t))
        title = f' title="{escape(tip)}"' if tip else ""
        parts.append(f'<mark class="{classes}"{title}>{piece}</mark>')
    return Markup("".join(parts))


def role_spans(event: dict[str, Any], shift: int = 0) -> list[Span]:
    """The source/target/trigger spans of an event, relative to its sentence plus ``shift``.

    Offsets of -1 mean "unknown"; the words themselves are then searched in the sentence,
    since showing the actor's words where they verbatim occur is still right.
    """
    sentence = str(event.get("sentence") or "")
    out: list[Span] = []
    for role, cls in ROLES:
        start, end = event.get(f"{role}_start", -1), event.get(f"{role}_end", -1)
        words = str(event.get(f"{role}_text" if role != "trigger" else "trigger") or "")
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            at = sentence.find(words) if words else -1
            start, end = (at, at + len(words)) if at >= 0 else (-1, -1)
        if 0 <= start < end <= len(sentence):
            code = event.get(role) if role != "trigger" else event.get("type")
            out.append((start + shift, end + shift, cls, f"{role}: {code}"))
    return out


def event_sentence(event: dict[str, Any]) -> Markup:
    """The evidence sentence with its source, target and trigger marked."""
    return render_spans(str(event.get("sentence") or ""), role_spans(event))


def locate(full: str, event: dict[str, Any]) -> int:
    """Where the event's sentence starts in the article's full text, or -1.

    ``sentence_start`` is trusted when the text there is the sentence; otherwise (a store
    written with other offsets) the first verbatim occurrence is used.
    """
    sentence = str(event.get("sentence") or "")
    if not sentence:
        return -1
    start = event.get("sentence_start")
    if isinstance(start, int) and full[start:start + len(sentence)] == sentence:
        return start
    return full.find(sentence)


def article_spans(full: str, events: list[dict[str, Any]]) -> tuple[list[Span], int]:
    """Spans over the article's full text for all its events; also how many were not found."""
    spans: list[Span] = []
    missing = 0
    for e in events:
        at = locate(full, e)
        if at < 0:
            missing += 1
            continue
        label = f"{e.get('source')} \u2192 {e.get('target')} {e.get('type')}"
        spans.append((at, at + len(str(e["sentence"])), "hl-sent", label))
        spans.extend(role_spans(e, shift=at))
    return spans, missing


def clip(spans: list[Span], lo: int, hi: int) -> list[Span]:
    """Spans restricted to ``[lo, hi)`` and re-based to ``lo``."""
    out = []
    for s, e, c, t in spans:
        s2, e2 = max(s, lo), min(e, hi)
        if s2 < e2:
            out.append((s2 - lo, e2 - lo, c, t))
    return out


def safe_url(url: object) -> str | None:
    """The URL when it is http(s), else None (a ``javascript:`` link must never be clickable)."""
    if not isinstance(url, str):
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None
