"""What the page templates need beyond the query answers: highlighted text, a timeline chart, safe links.

Everything here returns plain values (strings, numbers, small records) and leaves escaping to Jinja's
autoescape: no function builds markup, so no piece of article text can ever reach a page unescaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from factionmap.graph.network import Track
from factionmap.isodates import PartialDate

SAFE_SCHEMES = ("http", "https")  # the only links taken from article metadata; never javascript:, data:, …

# Timeline chart geometry (SVG user units; the SVG scales to its container width).
CHART_LABEL_WIDTH = 260  # room on the left for "counterpart · relation"
CHART_PLOT_WIDTH = 640
CHART_ROW_HEIGHT = 26
CHART_AXIS_HEIGHT = 28
MIN_BAR_WIDTH = 4  # a relationship seen on one date still shows as a short bar
MAX_TICKS = 10  # year labels on the axis


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of article text: plain, or a mention of an actor (linked to the actor page)."""

    text: str
    actor_id: str | None = None
    actor_name: str | None = None
    actor_type: str | None = None


def safe_url(url: str | None) -> str | None:
    """The URL if it is an ordinary web address, else None (shown as text, never as a link)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in SAFE_SCHEMES else None


def highlight(text: str, mentions: Iterable[tuple[int, int, str, str, str]]) -> list[Segment]:
    """Split ``text`` into plain runs and actor mentions (start, end, actor_id, name, type).

    Mentions are clamped to the text and taken left to right; one that overlaps an earlier one is
    skipped, so every character of the article appears exactly once and in order."""
    out: list[Segment] = []
    at = 0
    for start, end, actor_id, name, type_ in sorted(mentions, key=lambda m: (m[0], -m[1])):
        start, end = max(start, 0), min(end, len(text))
        if start < at or end <= start:
            continue
        if start > at:
            out.append(Segment(text[at:start]))
        out.append(Segment(text[start:end], actor_id, name, type_))
        at = end
    if at < len(text):
        out.append(Segment(text[at:]))
    return out


def year_fraction(date: str | None) -> float | None:
    """An ISO date as precise as known ("2019", "2019-03", "2019-03-15") as a fractional year."""
    found = PartialDate.parse(date)
    if found is None:
        return None
    return found.year + ((found.month or 1) - 1) / 12 + ((found.day or 1) - 1) / 365


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    date: str  # the claim's date: the one its sentence states, else its article's (css has "inferred")
    css: str  # "point" plus "hedged" or "negated", plus "inferred" (see _point_css)
    claim_id: str


@dataclass(frozen=True, slots=True)
class ChartRow:
    y: float
    label: str
    counterpart: str
    type: str
    direction: str
    x1: float  # the bar; x1 == x2 (no bar) when no sentence dates the relationship
    x2: float
    points: tuple[ChartPoint, ...]
    span: str  # "2019–2021" for the tooltip


@dataclass(frozen=True, slots=True)
class Chart:
    width: int
    height: int
    label_width: int
    rows: tuple[ChartRow, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, year)
    undated: tuple[str, ...]  # labels of relationships with no dated claim


def _scale(low: float, high: float):
    span = max(high - low, 1.0)
    return lambda v: round(CHART_LABEL_WIDTH + (v - low) / span * CHART_PLOT_WIDTH, 1)


def _ticks(low: float, high: float, x) -> tuple[tuple[float, str], ...]:
    """Year labels from ``low`` to ``high`` (whole years: the plot's ends), at most MAX_TICKS of them."""
    first, last = int(low), int(high)
    step = max(1, -(-(last - first) // MAX_TICKS))
    return tuple((x(year), str(year)) for year in range(first, last + 1, step))


def _point_css(negated: bool, hedged: bool, explicit: bool = True) -> str:
    """Filled: dated by its sentence; hollow ("inferred"): dated only by its article; red: a denial; grey:
    hedged."""
    classes = ["point"]
    if negated:
        classes.append("negated")
    elif hedged:
        classes.append("hedged")
    if not explicit:
        classes.append("inferred")
    return " ".join(classes)


def timeline_chart(tracks: Sequence[Track], names: Mapping[str, str]) -> Chart:
    """An actor's relationships over time as bars (start to end) with a dot per dated claim.

    Filled dots are claims their sentence dates, hollow ones claims dated only by their article (drawn
    where the article is dated, never as a bar's end); grey dots are hedged, red ones denials.
    Relationships with no dated claim are listed under the chart instead of drawn at an arbitrary place."""
    dated = [t for t in tracks if t.points or t.start]
    undated = tuple(f"{names.get(t.counterpart, t.counterpart)} · {t.type}" for t in tracks if t not in dated)
    values = [
        v
        for t in dated
        for v in (year_fraction(t.start), year_fraction(t.end), *(year_fraction(p.date) for p in t.points))
        if v is not None
    ]
    if not values:
        return Chart(CHART_LABEL_WIDTH + CHART_PLOT_WIDTH, CHART_AXIS_HEIGHT, CHART_LABEL_WIDTH, (), (), undated)
    low, high = int(min(values)), int(max(values)) + 1
    x = _scale(low, high)
    rows = []
    for i, t in enumerate(dated):
        # The bar covers what the sentences date; a claim dated only by its article is a hollow dot.
        xs = [
            x(v)
            for v in (
                year_fraction(t.start),
                year_fraction(t.end),
                *(year_fraction(p.date) for p in t.points if p.explicit),
            )
            if v is not None
        ]
        x1, x2 = (min(xs), max(max(xs), min(xs) + MIN_BAR_WIDTH)) if xs else (0.0, 0.0)
        points = tuple(
            ChartPoint(x(year_fraction(p.date)), p.date, _point_css(p.negated, p.hedged, p.explicit), p.claim_id)
            for p in t.points
            if year_fraction(p.date) is not None
        )
        name = names.get(t.counterpart, t.counterpart)
        span = f"{t.start or '?'}–{t.end or '?'}" if t.start != t.end else (t.start or "")
        rows.append(
            ChartRow(
                CHART_AXIS_HEIGHT + i * CHART_ROW_HEIGHT + CHART_ROW_HEIGHT / 2,
                f"{name} · {t.type}",
                t.counterpart,
                t.type,
                t.direction,
                x1,
                x2,
                points,
                span,
            )
        )
    height = CHART_AXIS_HEIGHT + len(rows) * CHART_ROW_HEIGHT + 8
    return Chart(
        CHART_LABEL_WIDTH + CHART_PLOT_WIDTH + 20, height, CHART_LABEL_WIDTH, tuple(rows), _ticks(low, high, x), undated
    )
