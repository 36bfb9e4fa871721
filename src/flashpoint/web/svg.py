"""Server-rendered SVG: the network of states and the timeline of a dyad.

Layouts are computed here, in Python, and are deterministic (same store, same picture), so
the pages need no script and tests can assert on the markup. Every piece of text that comes
from the store goes through :func:`markupsafe.escape`; colours and sizes are presentation
attributes, not ``style=`` (the pages' Content-Security-Policy forbids inline styles).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

Row = dict[str, Any]

# Direction colours of the dyad timeline (blue / amber read apart also for most colour-blind
# viewers; shapes differ too: circles one way, squares the other).
AB_COLOUR = "#2563eb"
BA_COLOUR = "#d97706"


def balance_colour(coop: int, conflict: int) -> str:
    """Red for all-conflict, grey for mixed, green for all-cooperation (linear blend)."""
    n = coop + conflict
    x = (coop - conflict) / n if n else 0.0  # -1 .. 1
    red, grey, green = (200, 40, 40), (140, 140, 140), (30, 150, 80)
    lo, hi, t = (grey, red, -x) if x < 0 else (grey, green, x)
    rgb = tuple(round(a + (b - a) * t) for a, b in zip(lo, hi, strict=True))
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def circular_layout(codes: list[str], cx: float, cy: float, radius: float
                    ) -> dict[str, tuple[float, float]]:
    """Place nodes on a circle, the first at the top, going clockwise.

    The caller orders ``codes`` by activity, so the busiest states sit at the top and the
    picture does not move when a quiet state joins.
    """
    pos: dict[str, tuple[float, float]] = {}
    n = len(codes)
    for i, code in enumerate(codes):
        if n == 1:
            pos[code] = (cx, cy)
            continue
        angle = -math.pi / 2 + 2 * math.pi * i / n
        pos[code] = (cx + radius * math.cos(angle), cy + radius * math.sin(angle))
    return pos


def _arrowhead(x: float, y: float, dx: float, dy: float, size: float) -> str:
    norm = math.hypot(dx, dy) or 1.0
    ux, uy = dx / norm, dy / norm
    bx, by = x - ux * size, y - uy * size
    px, py = -uy * size * 0.5, ux * size * 0.5
    return f"{x:.1f},{y:.1f} {bx + px:.1f},{by + py:.1f} {bx - px:.1f},{by - py:.1f}"


def _curve(x1: float, y1: float, x2: float, y2: float, r1: float, r2: float, bend: float
           ) -> tuple[str, tuple[float, float, float, float]]:
    """A quadratic curve between two circles, bent to the right of its direction.

    Bending both directions of a pair to their own right keeps A->B and B->A apart.
    Returns the path data and (end x, end y, tangent dx, tangent dy) for the arrowhead.
    """
    dx, dy = x2 - x1, y2 - y1
    d = math.hypot(dx, dy) or 1.0
    nx, ny = -dy / d, dx / d
    mx, my = (x1 + x2) / 2 + nx * bend * d, (y1 + y2) / 2 + ny * bend * d
    # Start and end on the circles' rims, aimed at the control point.
    def rim(x: float, y: float, r: float) -> tuple[float, float]:
        vx, vy = mx - x, my - y
        vn = math.hypot(vx, vy) or 1.0
        return x + vx / vn * r, y + vy / vn * r

    sx, sy = rim(x1, y1, r1)
    ex, ey = rim(x2, y2, r2 + 2)
    return (f"M{sx:.1f},{sy:.1f} Q{mx:.1f},{my:.1f} {ex:.1f},{ey:.1f}",
            (ex, ey, ex - mx, ey - my))


def network_svg(nodes: list[Row], edges: list[Row], width: int = 640, height: int = 520,
                max_edges: int = 60) -> Markup:
    """The network of states: node area by activity, edges by balance and intensity.

    Args:
        nodes: ``{"code", "n"}`` rows, most active first.
        edges: ``{"source", "target", "n", "coop", "conflict", "weight", "mean_score"}``.
        max_edges: draw only the heaviest edges (a dense store has hundreds, which turn the
            circle into a grey disc); the picture says how many were left out.
    """
    if not nodes:
        return Markup('<p class="empty">No events between states yet.</p>')
    cx, cy = width / 2, height / 2
    ring = min(cx, cy) - 60
    pos = circular_layout([n["code"] for n in nodes], cx, cy, ring)
    top = max(n["n"] for n in nodes) or 1
    # Neighbours on the ring must not overlap: cap the radius at ~45% of their spacing.
    r_max = min(34.0, 0.45 * 2 * math.pi * ring / max(len(nodes), 1))
    r_min = min(17.0, r_max * 0.6)
    radius = {n["code"]: r_min + (r_max - r_min) * math.sqrt(n["n"] / top) for n in nodes}
    shown = sorted(edges, key=lambda e: -(e["weight"] or 0.0))[:max_edges]
    heavy = max((e["weight"] or 0.0 for e in shown), default=0.0) or 1.0
    out = [f'<svg class="network" viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="net-title" xmlns="http://www.w3.org/2000/svg">',
           '<title id="net-title">Network of states: who acts on whom</title>']
    if len(shown) < len(edges):
        out.append(f'<text x="{width - 8}" y="{height - 8}" text-anchor="end" font-size="11" '
                   f'fill="#64748b">the {len(shown)} heaviest of {len(edges)} links</text>')
    for e in shown:
        a, b = e["source"], e["target"]
        if a not in pos or b not in pos:
            continue
        colour = balance_colour(int(e["coop"]), int(e["conflict"]))
        width_px = 1.5 + 7 * math.sqrt((e["weight"] or 0.0) / heavy)
        path, (ex, ey, tx, ty) = _curve(*pos[a], *pos[b], radius[a], radius[b], 0.12)
        tip = (f"{a} \u2192 {b}: {e['n']} events ({e['conflict']} conflict, {e['coop']} "
               f"cooperation), mean intensity {float(e['mean_score'] or 0):+.1f}")
        out.append(
            f'<a href="/dyad/{quote(a, safe="")}/{quote(b, safe="")}" class="edge" '
            f'data-source="{escape(a)}" data-target="{escape(b)}"><title>{escape(tip)}</title>'
            f'<path d="{path}" fill="none" stroke="{colour}" stroke-width="{width_px:.1f}" '
            f'stroke-opacity="0.85"/><polygon points="'
            f'{_arrowhead(ex, ey, tx, ty, 6 + width_px)}" fill="{colour}"/></a>')
    for n in nodes:
        code = n["code"]
        x, y = pos[code]
        r = radius[code]
        size = (12 if len(code) <= 3 else 8) if r >= 15 else 9
        # The count fits inside a circle of radius 14 or more; smaller ones keep it in the tooltip.
        count = (f'<text x="{x:.1f}" y="{y + 11:.1f}" text-anchor="middle" font-size="8" '
                 f'fill="#cbd5e1">{n["n"]}</text>') if r >= 14 else ""
        out.append(
            f'<a href="/events?state={quote(code, safe="")}" class="node" '
            f'data-code="{escape(code)}"><title>{escape(code)}: {n["n"]} events</title>'
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="#1e293b" stroke="#f8fafc" '
            f'stroke-width="2"/><text x="{x:.1f}" y="{y + (1 if count else 4):.1f}" '
            f'text-anchor="middle" '
            f'font-size="{size}" font-weight="600" fill="#f8fafc">{escape(code)}</text>'
            f'{count}</a>')
    out.append("</svg>")
    return Markup("".join(out))


def _day(row: Row) -> dt.date | None:
    value = row.get("day")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def timeline_svg(a: str, b: str, events: list[Row], links: list[Row], width: int = 900,
                 height: int = 340) -> Markup:
    """Events between ``a`` and ``b`` over time: y is intensity, colour/shape the direction.

    Response links are drawn as dashed arcs from the act to the event that answers it.
    When some events have a date, x is the date and undated events are left out (the page
    lists them); when none has one (a corpus without publication dates), x is the order of
    the events in their articles, so the exchange can still be read.
    """
    if not events:
        return Markup('<p class="empty">No events between these states.</p>')
    left, right, top, bottom = 56, 24, 24, 44
    plot_w, plot_h = width - left - right, height - top - bottom
    dated = [(e, d) for e in events if (d := _day(e)) is not None]
    # Each placed event gets x in [0, 1] and the label of its position.
    placed: list[tuple[Row, float, str]] = []
    ticks: list[tuple[float, str]] = []
    if dated:
        first = min(d for _, d in dated) - dt.timedelta(days=1)
        span = max((max(d for _, d in dated) + dt.timedelta(days=1) - first).days, 1)
        placed = [(e, (d - first).days / span, d.isoformat()) for e, d in dated]
        step = max(1, math.ceil(span / 6))  # at most ~7 date labels
        ticks = [(days / span, (first + dt.timedelta(days=days)).isoformat())
                 for days in range(0, span + 1, step)]
    else:
        n = len(events)
        placed = [(e, (i + 0.5) / n, "undated") for i, e in enumerate(events)]

    def y_of(score: float) -> float:
        return top + plot_h * (10 - max(-10.0, min(10.0, score))) / 20

    out = [f'<svg class="timeline" viewBox="0 0 {width} {height}" role="img" '
           f'aria-labelledby="tl-title" xmlns="http://www.w3.org/2000/svg">',
           f'<title id="tl-title">Events between {escape(a)} and {escape(b)} over time</title>']
    for v in (-10, -5, 0, 5, 10):  # intensity gridlines and the zero line
        y = y_of(v)
        label = f"{v:+d}" if v else "0"
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" '
                   f'stroke="{"#94a3b8" if v == 0 else "#e2e8f0"}" stroke-width="1"/>'
                   f'<text x="{left - 8}" y="{y + 4:.1f}" text-anchor="end" font-size="11" '
                   f'fill="#64748b">{label}</text>')
    out.append(f'<text x="{left + 4}" y="{top + 12}" font-size="11" fill="#15803d">'
               f'cooperation</text><text x="{left + 4}" y="{top + plot_h - 4}" '
               'font-size="11" fill="#b91c1c">conflict</text>')
    for i, (fx, text) in enumerate(ticks):
        x = left + plot_w * fx
        anchor = "start" if i == 0 else ("end" if i == len(ticks) - 1 and fx > 0.9 else "middle")
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 5}"'
                   f' stroke="#94a3b8"/><text x="{x:.1f}" y="{top + plot_h + 18}" '
                   f'text-anchor="{anchor}" font-size="11" fill="#64748b">{text}</text>')
    if not ticks:
        out.append(f'<text x="{left + plot_w / 2:.1f}" y="{top + plot_h + 18}" '
                   'text-anchor="middle" font-size="11" fill="#64748b">no dates known: events '
                   'in the order their articles report them →</text>')
    # Events that would land on the same spot (same day, same intensity, either direction)
    # are spread sideways, alternately right and left, so none hides another.
    seen: dict[tuple[int, int], int] = {}
    where: dict[str, tuple[float, float]] = {}
    marks = []
    for e, fx, when in placed:
        ab = e["source"] == a
        x, y = left + plot_w * fx, y_of(float(e.get("score") or 0.0))
        k = seen.get((round(x), round(y)), 0)
        seen[(round(x), round(y))] = k + 1
        x += ((k + 1) // 2) * 11 * (1 if k % 2 else -1)
        where[e["id"]] = (x, y)
        tip = (f"{when} {e['source']} \u2192 {e['target']} {e['type']}"
               f" ({e.get('mode') or ''}): {e.get('sentence') or ''}")
        colour = AB_COLOUR if ab else BA_COLOUR
        shape = (f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>' if ab else
                 f'<rect x="{x - 5.5:.1f}" y="{y - 5.5:.1f}" width="11" height="11" '
                 f'fill="{colour}"/>')
        marks.append(f'<a href="/events/{quote(str(e["id"]), safe="")}" class="pt '
                     f'{"ab" if ab else "ba"}" data-event="{escape(e["id"])}">'
                     f'<title>{escape(tip)}</title>{shape}</a>')
    for lk in links:
        if lk["event"] not in where or lk["answers"] not in where:
            continue
        (x1, y1), (x2, y2) = where[lk["answers"]], where[lk["event"]]
        lift = 28 + abs(x2 - x1) * 0.15
        mx, my = (x1 + x2) / 2, min(y1, y2) - lift
        tip = f"response ({lk.get('kind') or 'link'}): {lk.get('cue') or ''}".strip()
        out.append(f'<g class="link" data-event="{escape(lk["event"])}" '
                   f'data-answers="{escape(lk["answers"])}"><title>{escape(tip)}</title>'
                   f'<path d="M{x1:.1f},{y1:.1f} Q{mx:.1f},{my:.1f} {x2:.1f},{y2:.1f}" '
                   f'fill="none" stroke="#475569" stroke-width="1.5" stroke-dasharray="4 3"/>'
                   f'<polygon points="{_arrowhead(x2, y2 - 6, x2 - mx, y2 - 6 - my, 7)}" '
                   f'fill="#475569"/></g>')
    out.extend(marks)
    out.append("</svg>")
    return Markup("".join(out))
