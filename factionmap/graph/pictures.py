"""Pictures for ``factionmap map A --png`` and ``timeline A --png``: an actor's network and its history.

Drawn on a bare :class:`matplotlib.figure.Figure` (the Agg canvas, no pyplot), so nothing global changes
and it works headless. Colours are fixed per relation type and actor type (not assigned in order of
appearance), so the same relation looks the same in every picture. News-derived edges are solid,
reference data (MMP, UCDP, UN) dashed or hatched: the two stay distinguishable here too.
Each function returns what it drew, so callers and tests can check the picture without looking at it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from types import MappingProxyType

import networkx as nx
from matplotlib.artist import Artist
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from factionmap.errors import NotFound
from factionmap.graph.exports import Actors, actor_of, export_graph, is_symmetric
from factionmap.graph.relationships import Relationship
from factionmap.isodates import span
from factionmap.model import ReferenceRelation
from factionmap.vocab import load_vocab

# vocab.yaml's ``colour: {picture: ...}``: positive ties in blues/greens/purples, hostile ones in reds/oranges,
# neutral in greys.
RELATION_COLOURS = MappingProxyType(load_vocab().picture_colours)
ACTOR_COLOURS = MappingProxyType(
    {
        "ARMED_GROUP": "#fdae61",
        "STATE": "#abd9e9",
        "PERSON": "#d9ef8b",
        "ORGANIZATION": "#c2a5cf",
        "LOCATION": "#e0e0e0",
    }
)
FALLBACK_COLOUR = "#000000"
SEED = 7  # layout seed: the same data gives the same picture
SPRING_ITERATIONS = 80  # enough for ~40 nodes to settle (checked by eye on the seed corpus' largest ego net)
MAX_NEIGHBOURS = 40  # counterparts drawn around the focus (strongest first); more is unreadable at this size
FRAME_PAD = 0.25  # layout units around the outermost nodes (room for labels under them)
NODE_SIZE, FOCUS_SIZE = 900, 1800
MIN_WIDTH, WIDTH_PER_CONFIDENCE = 0.8, 4.0  # edge width = MIN + confidence * this, in points
LABEL_WIDTH = 18  # characters per label line
LABEL_OFFSET = 0.05  # labels sit under their node, in layout units (spring layout spans about -1..1)
DPI = 100
NETWORK_SIZE = (11.0, 9.0)  # inches
ROW_HEIGHT, TIMELINE_MIN_HEIGHT, TIMELINE_WIDTH = 0.45, 3.0, 12.0  # inches
OPEN_END_PAD = timedelta(days=180)  # how far past the last date an open-ended interval is drawn


def relation_colour(relation_type: str) -> str:
    return RELATION_COLOURS.get(relation_type, FALLBACK_COLOUR)


def _label(name: str) -> str:
    return "\n".join(textwrap.wrap(name, LABEL_WIDTH)[:3]) or name


def _check_focus(graph: nx.MultiDiGraph, actors: Actors, focus_id: str) -> None:
    if focus_id not in graph and focus_id not in actors:
        raise NotFound(f"no actor {focus_id!r} in the relationships or the actor list")


def neighbourhood(graph: nx.MultiDiGraph, focus_id: str, limit: int = MAX_NEIGHBOURS) -> nx.MultiDiGraph:
    """The focus, its ``limit`` strongest counterparts (by best edge weight) and every edge among them."""
    if focus_id not in graph:
        return graph.subgraph([]).copy()
    strength: dict[str, float] = {}
    for u, v, data in (*graph.out_edges(focus_id, data=True), *graph.in_edges(focus_id, data=True)):
        other = v if u == focus_id else u
        strength[other] = max(strength.get(other, 0.0), float(data.get("weight", 0.0)))
    keep = sorted(strength, key=lambda n: (-strength[n], n))[:limit]
    return graph.subgraph([focus_id, *keep]).copy()


def _layout(graph: nx.MultiDiGraph, focus_id: str) -> dict[str, tuple[float, float]]:
    """Spring layout with the focus pinned at the centre; the others start at seeded random places (a
    symmetric start such as a circle keeps three nodes on one line and draws edges through the focus)."""
    if graph.number_of_nodes() == 1:
        return {focus_id: (0.0, 0.0)}
    return nx.spring_layout(
        nx.Graph(graph), pos={focus_id: (0.0, 0.0)}, fixed=[focus_id], seed=SEED, iterations=SPRING_ITERATIONS
    )


def _frame(ax, pos: dict[str, tuple[float, float]]) -> None:
    """Fixed limits around the layout: a layout on one line would otherwise give an axis a near-zero span
    and blow label offsets up to millions of pixels."""
    for axis, setter in ((0, ax.set_xlim), (1, ax.set_ylim)):
        values = [float(p[axis]) for p in pos.values()]
        low, high = min(values), max(values)
        pad = max(FRAME_PAD, (1.0 - (high - low)) / 2)
        setter(low - pad, high + pad)


def _draw_edges(ax, graph: nx.MultiDiGraph, pos, sizes: dict[str, int]) -> None:
    nodes = sorted(graph)
    seen: dict[frozenset[str], int] = {}
    for u, v, data in sorted(graph.edges(data=True), key=lambda e: (e[0], e[1], e[2].get("relation", ""))):
        pair = frozenset((u, v))
        rank = seen[pair] = seen.get(pair, -1) + 1
        rad = 0.12 * ((rank + 1) // 2) * (1 if rank % 2 else -1) if rank else 0.0
        nx.draw_networkx_edges(
            graph,
            pos,
            edgelist=[(u, v)],
            ax=ax,
            edge_color=relation_colour(data["relation"]),
            width=MIN_WIDTH + WIDTH_PER_CONFIDENCE * float(data.get("weight", 0.0)),
            style="dashed" if data.get("origin") == "reference" else "solid",
            arrows=True,
            arrowstyle="-" if data.get("symmetric") else "-|>",
            arrowsize=14,
            nodelist=nodes,
            node_size=[sizes[n] for n in nodes],
            connectionstyle=f"arc3,rad={rad}",
        )


def _network_legend(ax, graph: nx.MultiDiGraph) -> None:
    types = sorted({d["relation"] for _, _, d in graph.edges(data=True)})
    kinds = sorted({graph.nodes[n]["type"] for n in graph})
    handles: list[Artist] = [Line2D([], [], color=relation_colour(t), linewidth=3, label=t) for t in types]
    handles += [Patch(facecolor=ACTOR_COLOURS.get(k, "#ffffff"), edgecolor="#333333", label=k) for k in kinds]
    if any(d.get("origin") == "reference" for _, _, d in graph.edges(data=True)):
        handles.append(Line2D([], [], color="#333333", linestyle="dashed", label="reference data"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)


def draw_network(
    relationships: Iterable[Relationship],
    actors: Actors,
    focus_id: str,
    path: str | Path,
    *,
    reference: Iterable[ReferenceRelation] = (),
    limit: int = MAX_NEIGHBOURS,
) -> nx.MultiDiGraph:
    """Draw ``focus_id``'s neighbourhood to a PNG and return the graph drawn.

    Nodes are coloured by actor type, edges by relation type (legend), edge width grows with confidence;
    symmetric relations have no arrow head. Raises :class:`NotFound` for an actor in neither input.
    """
    full = export_graph(relationships, actors, reference)
    _check_focus(full, actors, focus_id)
    graph = neighbourhood(full, focus_id, limit)
    if focus_id not in graph:
        graph.add_node(focus_id, label=actor_of(actors, focus_id).name, type=actor_of(actors, focus_id).type)
    pos = _layout(graph, focus_id)
    fig = Figure(figsize=NETWORK_SIZE, dpi=DPI)
    ax = fig.subplots()
    nodes = sorted(graph)
    sizes = {n: FOCUS_SIZE if n == focus_id else NODE_SIZE for n in nodes}
    nx.draw_networkx_nodes(
        graph,
        pos,
        nodelist=nodes,
        ax=ax,
        edgecolors="#333333",
        node_color=[ACTOR_COLOURS.get(graph.nodes[n]["type"], "#ffffff") for n in nodes],
        node_size=[sizes[n] for n in nodes],
    )
    _draw_edges(ax, graph, pos, sizes)
    below = {n: (x, y - LABEL_OFFSET) for n, (x, y) in pos.items()}
    nx.draw_networkx_labels(
        graph,
        below,
        labels={n: _label(graph.nodes[n]["label"]) for n in nodes},
        ax=ax,
        font_size=8,
        verticalalignment="top",
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
    )
    _frame(ax, pos)
    _network_legend(ax, graph)
    ax.set_title(f"{actor_of(actors, focus_id).name}: {graph.number_of_edges()} relationships")
    ax.set_axis_off()
    fig.tight_layout()
    fig.savefig(Path(path), format="png")
    return graph


# --- timeline --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelineRow:
    counterpart: str
    type: str
    origin: str  # "news" | "reference"
    label: str
    # (date, negated, stated) of each dated claim; stated False: dated only by its article
    points: tuple[tuple[date, bool, bool], ...]
    interval: tuple[date | None, date | None] | None  # validity bounds; None = no bar


@dataclass(frozen=True, slots=True)
class TimelineSummary:
    """What :func:`draw_timeline` drew: one row per counterpart and relation type."""

    rows: tuple[TimelineRow, ...]
    undated: int  # claims left off because they carry no usable date

    @property
    def points(self) -> int:
        return sum(len(r.points) for r in self.rows)

    @property
    def bars(self) -> int:
        return sum(r.interval is not None for r in self.rows)


def _midpoint(value: str | None) -> date | None:
    bounds = span(value)
    return bounds[0] + (bounds[1] - bounds[0]) / 2 if bounds else None


def _row_label(focus_id: str, head: str, tail: str, relation: str, actors: Actors, origin: str) -> str:
    other = tail if head == focus_id else head
    arrow = "↔" if is_symmetric(relation) else ("→" if head == focus_id else "←")
    prefix = "[ref] " if origin == "reference" else ""
    return f"{prefix}{arrow} {actor_of(actors, other).name} ({relation})"


def _news_row(rel: Relationship, focus_id: str, actors: Actors) -> TimelineRow:
    points = tuple(
        (d, c.negated, c.stated_time is not None) for c in rel.claims if (d := _midpoint(c.date)) is not None
    )
    start, end = span(rel.valid_from), span(rel.valid_to)
    interval = None
    if start or end:
        first = span(rel.first_time)
        interval = (start[0] if start else (first[0] if first else None), end[1] if end else None)
    other = rel.tail if rel.head == focus_id else rel.head
    return TimelineRow(
        other, rel.type, "news", _row_label(focus_id, rel.head, rel.tail, rel.type, actors, "news"), points, interval
    )


def _reference_row(ref: ReferenceRelation, focus_id: str, actors: Actors) -> TimelineRow:
    start, end = span(ref.start), span(ref.end)
    other = ref.tail if ref.head == focus_id else ref.head
    label = _row_label(focus_id, ref.head, ref.tail, ref.type, actors, "reference")
    return TimelineRow(
        other,
        ref.type,
        "reference",
        label,
        (),
        (start[0] if start else None, end[1] if end else None) if start or end else None,
    )


def timeline_rows(
    relationships: Iterable[Relationship], focus_id: str, actors: Actors, reference: Iterable[ReferenceRelation] = ()
) -> TimelineSummary:
    """The rows of ``focus_id``'s timeline, earliest first; a relationship with no date at all is left out
    (its claims are counted in ``undated``)."""
    rels = [r for r in relationships if focus_id in (r.head, r.tail)]
    rows = [_news_row(r, focus_id, actors) for r in rels]
    rows += [_reference_row(r, focus_id, actors) for r in reference if focus_id in (r.head, r.tail)]
    undated = sum(1 for r in rels for c in r.claims if _midpoint(c.date) is None)
    rows = [r for r in rows if r.points or r.interval]  # nothing to place in time: an empty row says nothing

    def first_date(row: TimelineRow) -> date:
        dates = [p[0] for p in row.points] + [d for d in (row.interval or ()) if d]
        return min(dates, default=date.max)

    return TimelineSummary(tuple(sorted(rows, key=lambda r: (first_date(r), r.label))), undated)


def _x_range(rows: tuple[TimelineRow, ...]) -> tuple[date, date]:
    dates = [p[0] for r in rows for p in r.points] + [d for r in rows for d in (r.interval or ()) if d]
    if not dates:
        today = date.today()
        return today - timedelta(days=365), today
    return min(dates), max(dates) + OPEN_END_PAD


def _draw_row(ax, y: int, row: TimelineRow, x_end: date) -> None:
    colour = relation_colour(row.type)
    if row.interval:
        start, end = row.interval[0] or row.interval[1], row.interval[1] or x_end
        if start and end:
            width = max(date2num(end) - date2num(start), 1.0)
            ax.broken_barh(
                [(date2num(start), width)],
                (y - 0.3, 0.6),
                facecolors=colour,
                alpha=0.35,
                hatch="//" if row.origin == "reference" else None,
                edgecolor=colour,
            )
    for day, negated, stated in row.points:  # hollow: placed by its article's date only
        ax.plot(
            date2num(day),
            y,
            marker="x" if negated else "o",
            color=colour,
            markersize=7,
            markerfacecolor=colour if stated and not negated else "none",
            linestyle="none",
        )


def _timeline_legend(ax, rows: tuple[TimelineRow, ...]) -> None:
    handles: list[Artist] = [
        Patch(facecolor=relation_colour(t), alpha=0.6, label=t) for t in sorted({r.type for r in rows})
    ]
    handles += [
        Line2D([], [], marker="o", color="#333333", linestyle="none", label="claim, date stated"),
        Line2D(
            [],
            [],
            marker="o",
            color="#333333",
            markerfacecolor="none",
            linestyle="none",
            label="claim, article's date only",
        ),
        Line2D([], [], marker="x", color="#333333", linestyle="none", label="denial"),
    ]
    if any(r.origin == "reference" for r in rows):
        handles.append(Patch(facecolor="#ffffff", edgecolor="#333333", hatch="//", label="reference data"))
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8, frameon=False)


def draw_timeline(
    relationships: Iterable[Relationship],
    actors: Actors,
    focus_id: str,
    path: str | Path,
    *,
    reference: Iterable[ReferenceRelation] = (),
) -> TimelineSummary:
    """Draw ``focus_id``'s relationships over time to a PNG and return the rows drawn.

    One row per counterpart and relation type that has a date; a dot per dated claim (filled when its
    sentence states the date, hollow when only its article dates it; a cross for a denial), a bar for
    the validity interval where the stated times bound one (open ends run to the right edge), reference
    rows hatched. A claim is placed at the middle of the period its date names ("2016" -> July 2016).
    """
    rels, refs = list(relationships), list(reference)
    graph = export_graph(rels, actors, refs)
    _check_focus(graph, actors, focus_id)
    summary = timeline_rows(rels, focus_id, actors, refs)
    x_start, x_end = _x_range(summary.rows)
    height = max(TIMELINE_MIN_HEIGHT, ROW_HEIGHT * len(summary.rows) + 1.5)
    fig = Figure(figsize=(TIMELINE_WIDTH, height), dpi=DPI)
    ax = fig.subplots()
    for y, row in enumerate(summary.rows):
        _draw_row(ax, y, row, x_end)
    _timeline_legend(ax, summary.rows)
    ax.set_yticks(range(len(summary.rows)), [r.label for r in summary.rows], fontsize=8)
    ax.set_ylim(len(summary.rows) - 0.5, -0.5)
    ax.set_xlim(date2num(x_start) - 30, date2num(x_end) + 30)
    ax.xaxis_date()
    ax.grid(axis="x", alpha=0.3)
    note = f" ({summary.undated} undated claims not shown)" if summary.undated else ""
    ax.set_title(f"{actor_of(actors, focus_id).name}: relationships over time{note}")
    fig.tight_layout()
    fig.savefig(Path(path), format="png")
    return summary
