"""Relationships as a network: the measures coalitions use (graph/coalitions.py) and an actor's timeline.

Everything takes :class:`~factionmap.graph.relationships.Relationship` records (or claims, for the
timeline) and returns plain data; metrics are plain functions ``G -> dict[node, value]`` (networkx's
convention) that cite their method. The map's graph is built in api/mapdata.py, the chain between two
actors by an indexed walk in queries/answers.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from factionmap.graph.relationships import Relationship, Status, aggregate
from factionmap.isodates import undated_last
from factionmap.model import INFERRED_MARK, StoredClaim
from factionmap.vocab import load_vocab

# Cooperative ties (vocab.yaml's ``stance: cooperative``): the network coalitions are found in.
POSITIVE_TYPES = load_vocab().cooperative
# Ties to places (``place: true``): left out of paths, else every pair active in one country is two hops
# apart.
PLACE_RELATIONS = load_vocab().place
MAP_STATUSES = (Status.ASSERTED, Status.CONTESTED)  # a denied relationship is not an edge


def noisy_or(values: Iterable[float]) -> float:
    miss = 1.0
    for v in values:
        miss *= 1.0 - v
    return 1.0 - miss


# --- metrics ---------------------------------------------------------------------------------------


def participation_coefficient(
    edges: Iterable[tuple[str, str, float]], communities: Iterable[Collection[str]]
) -> dict[str, float]:
    """P_i = 1 - sum_s (k_is / k_i)^2 with k_is the weight of i's ties into community s and k_i its
    strength (Guimerà & Amaral, "Functional cartography of complex metabolic networks", Nature 2005), for
    each member of ``communities``, from the undirected weighted ``edges`` (a, b, weight). 0: all ties
    inside one community; towards 1: ties spread evenly across many. A member without ties gets 0."""
    where = {n: i for i, members in enumerate(communities) for n in members}
    into: dict[str, dict[int, float]] = {n: defaultdict(float) for n in where}
    for a, b, w in edges:
        if a in into:
            into[a][where.get(b, -1)] += w
        if b in into:
            into[b][where.get(a, -1)] += w
    out: dict[str, float] = {}
    for node, strengths in into.items():
        total = sum(strengths.values())
        out[node] = 1.0 - sum((k / total) ** 2 for k in strengths.values()) if total else 0.0
    return out


# --- paths -----------------------------------------------------------------------------------------


# --- timeline --------------------------------------------------------------------------------------


class Direction(StrEnum):
    """How a timeline's actor stands in a relationship."""

    OUT = "out"  # the actor is the head
    IN = "in"  # the actor is the tail
    BOTH = "both"  # a symmetric type


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
    direction: Direction
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
    direction = Direction.BOTH if symmetric else (Direction.OUT if rel.head == actor else Direction.IN)
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
    out.sort(key=lambda t: (undated_last(t.start), t.counterpart, t.type))
    return out
