"""Relationships as a network: the graph, metrics, paths, timelines (coalitions: graph/coalitions.py).

Everything takes :class:`~factionmap.graph.relationships.Relationship` records (or claims, for the
timeline) and returns plain data; metrics are plain functions ``G -> dict[node, value]`` (networkx's
convention) that cite their method.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

from factionmap.errors import InvalidInput, NotFound
from factionmap.graph.relationships import Relationship, aggregate, earlier
from factionmap.model import INFERRED_MARK, StoredClaim
from factionmap.vocab import load_vocab

# Cooperative ties (vocab.yaml's ``stance: cooperative``): the network coalitions are found in.
POSITIVE_TYPES = load_vocab().cooperative
# Ties to places (``place: true``): left out of paths by default, else every pair active in one country is
# two hops apart.
PLACE_TYPES = load_vocab().place
MAP_STATUSES = ("asserted", "contested")  # a denied relationship is not an edge
HOP_TIEBREAK = 0.01  # path by hops: among equally short chains, the more confident wins
MIN_CONFIDENCE = 1e-6  # floor inside -log(confidence)


def _attrs(rel: Relationship) -> dict:
    """Edge attributes, primitives only and no None (GraphML and GEXF writers refuse both)."""
    attrs = {
        "type": rel.type,
        "weight": rel.confidence,
        "confidence": rel.confidence,
        "status": rel.status,
        "asserted": rel.asserted,
        "negated": rel.negated,
        "sources": rel.independent_sources,
        "share_hedged": rel.share_hedged,
        "symmetric": rel.type in load_vocab().symmetric,
    }
    for name in ("first_time", "last_time", "valid_from", "valid_to"):
        if getattr(rel, name):
            attrs[name] = getattr(rel, name)
    return attrs


def build_graph(relationships: Iterable[Relationship], *, statuses: Collection[str] = MAP_STATUSES) -> nx.MultiDiGraph:
    """One edge per relationship, keyed by its type, head -> tail; a symmetric type (ALLY_OF) is one edge
    marked ``symmetric=True``, drawn from the lower id. ``weight`` is the confidence. Denied relationships
    are left out unless ``statuses`` asks for them."""
    g = nx.MultiDiGraph()
    for rel in relationships:
        if rel.status in statuses:
            g.add_edge(rel.head, rel.tail, key=rel.type, **_attrs(rel))
    return g


def noisy_or(values: Iterable[float]) -> float:
    miss = 1.0
    for v in values:
        miss *= 1.0 - v
    return 1.0 - miss


# --- metrics ---------------------------------------------------------------------------------------


def strength(g: nx.Graph) -> dict[str, float]:
    """Weighted degree: the sum of a node's edge weights (Barrat et al., PNAS 2004, "strength")."""
    return {n: float(d) for n, d in g.degree(weight="weight")}


def participation_coefficient(g: nx.Graph, communities: Iterable[Collection[str]]) -> dict[str, float]:
    """P_i = 1 - sum_s (k_is / k_i)^2 with k_is the weight of i's ties into community s and k_i its
    strength (Guimerà & Amaral, "Functional cartography of complex metabolic networks", Nature 2005).
    0: all ties inside one community; towards 1: ties spread evenly across many. Isolated nodes get 0."""
    where = {n: i for i, members in enumerate(communities) for n in members}
    out: dict[str, float] = {}
    for node in g:
        into: dict[int, float] = defaultdict(float)
        for other, data in g[node].items():
            into[where.get(other, -1)] += data.get("weight", 1.0)
        total = sum(into.values())
        out[node] = 1.0 - sum((k / total) ** 2 for k in into.values()) if total else 0.0
    return out


def betweenness(g: nx.Graph) -> dict[str, float]:
    """Normalised shortest-path betweenness by hops (Freeman 1977; Brandes' algorithm via networkx):
    the share of shortest paths between other pairs that pass through a node — a broker's measure."""
    return nx.betweenness_centrality(g, normalized=True)


# --- paths -----------------------------------------------------------------------------------------


def _cost(confidence: float, by: str) -> float:
    if by == "hops":
        return 1.0 + HOP_TIEBREAK * (1.0 - confidence)
    return -math.log(max(confidence, MIN_CONFIDENCE))


def path(
    relationships: Iterable[Relationship], a: str, b: str, *, by: str = "hops", types: Collection[str] | None = None
) -> list[Relationship]:
    """The chain of relationships connecting two actors, from ``a`` to ``b`` (directions ignored).

    ``by="hops"``: the fewest links, the more confident chain among equally short ones.
    ``by="confidence"``: the most believable chain, minimising sum(-log confidence) = maximising the
    product of the confidences (a long chain of firm links can beat a short one of weak links).
    Between two actors the most confident relationship stands for the pair. ``types`` limits the
    relation types; by default all but the ties to places (:data:`PLACE_TYPES`). Denied relationships
    are not links. Raises NotFound for an actor with no relationship; returns [] when none connects."""
    if by not in ("hops", "confidence"):
        raise InvalidInput(f"unknown path measure {by!r}", field="by", hint="use 'hops' or 'confidence'")
    best: dict[tuple[str, str], Relationship] = {}
    for rel in relationships:
        allowed = rel.type in types if types is not None else rel.type not in PLACE_TYPES
        usable = allowed and rel.status in MAP_STATUSES and rel.confidence > 0 and rel.head != rel.tail
        if usable and (rel.pair not in best or rel.confidence > best[rel.pair].confidence):
            best[rel.pair] = rel
    g = nx.Graph()
    for (x, y), rel in best.items():
        g.add_edge(x, y, cost=_cost(rel.confidence, by), rel=rel)
    for actor in (a, b):
        if actor not in g:
            raise NotFound(f"no relationship links {actor!r}")
    if a == b:
        return []
    try:
        nodes = nx.shortest_path(g, a, b, weight="cost")
    except nx.NetworkXNoPath:
        return []
    return [g[x][y]["rel"] for x, y in itertools.pairwise(nodes)]


# --- timeline --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimelinePoint:
    date: str  # the claim's date (its own time, else its article's)
    explicit: bool  # True when the text dates it, False when only the article's date does
    negated: bool
    hedged: bool
    claim_id: str
    outlet: str

    @property
    def label(self) -> str:
        """The date as shown: "2019-03" when the text states it, "~2016-10" when only the article is dated."""
        return self.date if self.explicit else f"{INFERRED_MARK}{self.date}"


@dataclass(frozen=True, slots=True)
class Track:
    """One row of an actor's timeline: its relationship of one type with one counterpart."""

    counterpart: str
    type: str
    direction: str  # "out" (actor is head), "in" (actor is tail), "both" (symmetric type)
    points: tuple[TimelinePoint, ...]  # dated claims, oldest first
    undated: int  # claims with no date at all
    relationship: Relationship

    @property
    def start(self) -> str | None:
        """Where the bar begins: the dated start if the evidence gives one, else the first stated time
        (an article's date never draws a bar: its claim is a hollow point)."""
        return self.relationship.valid_from or self.relationship.first_time

    @property
    def end(self) -> str | None:
        """Where the bar ends: a dated end if there is one, else the last claim."""
        return self.relationship.valid_to or self.relationship.last_time


def _track(actor: str, rel: Relationship) -> Track:
    symmetric = rel.type in load_vocab().symmetric
    direction = "both" if symmetric else ("out" if rel.head == actor else "in")
    counterpart = rel.tail if rel.head == actor else rel.head
    points = tuple(
        TimelinePoint(c.date, c.stated_time is not None, c.negated, c.hedged, c.id, c.source.outlet_name)
        for c in rel.claims
        if c.date
    )
    return Track(counterpart, rel.type, direction, points, sum(1 for c in rel.claims if not c.date), rel)


def timeline(
    claims: Iterable[StoredClaim], actor: str, *, reliability: Mapping[str, float] | None = None
) -> list[Track]:
    """An actor's relationships over time, one :class:`Track` per counterpart and type, ordered by when
    they begin (undated last). Claims not involving the actor are ignored, so the store's
    ``claims_of(actor)`` or every claim can be passed."""
    mine = [c for c in claims if actor in (c.head, c.tail)]
    return tracks(aggregate(mine, reliability), actor)


def tracks(relationships: Iterable[Relationship], actor: str) -> list[Track]:
    """:func:`timeline` from relationships already aggregated (those not involving the actor ignored)."""
    out = [_track(actor, rel) for rel in relationships if actor in (rel.head, rel.tail)]
    out.sort(key=lambda t: (t.start or "9999", t.counterpart, t.type))
    return out


def active_at(track: Track, date: str) -> bool:
    """Whether a track's bar covers ``date`` (bounds compared at common precision, inclusive)."""
    start, end = track.start, track.end
    return bool(start) and not earlier(date, start) and not (end and earlier(end, date))
