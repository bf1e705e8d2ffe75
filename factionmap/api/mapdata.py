"""The map's data: every relationship in the store, computed once per store version, filtered per request.

Aggregating claims into relationships is the expensive step (all claims are read and scored); filtering
is a pass over the edges. So the app keeps one ``MapSnapshot`` and rebuilds it only when the store's
version changes (an ingest run, a review decision or its revert; see ``lookups.store_version``).

The ``as_of`` rule. The snapshot is built from all claims, so the map "as of" a date is the map of
today's relationships restricted to those already in force then: an edge is kept when its start
(``valid_from``, else ``first_time``) is on or before ``as_of`` or unknown, and its ``valid_to``, if any,
is not before ``as_of`` (dates compared at their common precision, so "2021" contains "2021-05").
Confidence and source counts stay those of all claims. The exact answer as of a date, recomputed from
the claims dated on or before it, is what ``/api/relationships?as_of=`` and the relationship page give;
the map trades that exactness for answering a slider move in milliseconds at 100,000 claims.

Denied relationships (the evidence says they do not hold) are not edges. Regions are the actors'
countries as the knowledge base records them; a region keeps the edges with at least one end there.
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from typing import TypeVar

from factionmap import deadline
from factionmap.api.schemas import MapData, MapDates, MapEdge, MapNode
from factionmap.errors import InvalidInput
from factionmap.graph.relationships import Relationship, Status
from factionmap.isodates import earlier
from factionmap.public import convert
from factionmap.queries.answers import Queries
from factionmap.store import lookups
from factionmap.vocab import load_vocab

NOT_EDGES = frozenset({Status.DENIED})
MAX_EDGES = 1500  # default edges per map answer (strongest first); the request may ask for up to 20,000
FILTERED_CACHE = 64  # filtered answers kept per snapshot (slider positions and filters revisited)
REMEMBERED_BYTES = 48 * 2**20  # serialised answers kept per snapshot and worker (profiles, map JSON)
REMEMBERED_ITEM_BYTES = 2**20  # what a kept answer that is not bytes (a watchlist) is counted as


@dataclass(frozen=True, slots=True)
class MapSnapshot:
    version: tuple
    relationships: tuple[Relationship, ...]  # all of them, denied included (the relationships list uses it)
    nodes: dict[str, MapNode]  # degree 0 here: it depends on the filters
    edges: tuple[MapEdge, ...]
    dates: MapDates
    regions: tuple[str, ...]
    # Actor id -> its relationships (strongest first): a profile or an actor's list without a scan of all
    by_actor: dict[str, tuple[Relationship, ...]] = field(default_factory=dict)

    def of(self, actor_id: str) -> tuple[Relationship, ...]:
        return self.by_actor.get(actor_id, ())


def build_snapshot(queries: Queries, version: tuple) -> MapSnapshot:
    rels = tuple(sorted(queries.all_relationships(), key=lambda r: (-r.confidence, -r.independent_sources, r.key)))
    ids = convert.names_in(rels)
    actors = queries.actors(ids)
    names = queries.names(ids)
    vocab = load_vocab()
    edges = tuple(
        MapEdge(
            id=r.id,
            source=r.head,
            target=r.tail,
            type=r.type,
            label=vocab.relations[r.type].label,
            symmetric=vocab.relations[r.type].symmetric,
            confidence=round(r.confidence, convert.DIGITS),
            sources=r.independent_sources,
            first_time=r.first_time,
            last_time=r.last_time,
            valid_from=r.valid_from,
            valid_to=r.valid_to,
            status=r.status,
        )
        for r in rels
        if r.status not in NOT_EDGES
    )
    nodes = {}
    for i in sorted(convert.names_in_edges(edges)):
        actor = actors.get(i)
        nodes[i] = MapNode(
            id=i,
            name=names[i],
            type=actor.type if actor else "UNKNOWN",
            country=list(actor.country) if actor else [],
            degree=0,
        )
    by_actor: dict[str, list[Relationship]] = {}
    for r in rels:
        for end in {r.head, r.tail}:
            by_actor.setdefault(end, []).append(r)
    return MapSnapshot(
        version,
        rels,
        nodes,
        edges,
        _dates(edges),
        tuple(sorted({c for n in nodes.values() for c in n.country})),
        {a: tuple(found) for a, found in by_actor.items()},
    )


def _dates(edges: Collection[MapEdge]) -> MapDates:
    starts = [d for e in edges for d in (e.valid_from, e.first_time) if d]
    ends = [d for e in edges for d in (e.valid_to, e.last_time, e.valid_from, e.first_time) if d]
    return MapDates(min=min(starts, default=None), max=max(ends, default=None))


def in_force(edge: MapEdge, as_of: str) -> bool:
    """The as_of rule of the module docstring."""
    start = edge.valid_from or edge.first_time
    if start and earlier(as_of, start):
        return False
    return not (edge.valid_to and earlier(edge.valid_to, as_of))


def parse_types(types: str | None) -> frozenset[str]:
    """ "ALLY_OF,SUPPORTS" → the set; an unknown type is an error naming the known ones."""
    wanted = frozenset(x.strip().upper() for x in (types or "").split(",") if x.strip())
    known = load_vocab().relations
    unknown = sorted(wanted - set(known))
    if unknown:
        raise InvalidInput(
            f"unknown relation type(s): {', '.join(unknown)}",
            field="types",
            hint=f"use any of {', '.join(sorted(known))} (GET /api/vocab)",
        )
    return wanted


def filtered(
    snapshot: MapSnapshot,
    *,
    as_of: str | None = None,
    types: Collection[str] = (),
    region: str | None = None,
    min_sources: int = 1,
    min_confidence: float = 0.0,
    max_edges: int = MAX_EDGES,
) -> MapData:
    """The snapshot's edges that pass every filter, strongest first and at most ``max_edges`` of them (a map
    of tens of thousands of edges cannot be read, nor drawn in a browser), with the actors at their ends."""
    place = (region or "").strip().casefold()

    def in_region(actor_id: str) -> bool:
        return any(c.casefold() == place for c in snapshot.nodes[actor_id].country)

    edges = [
        e
        for e in snapshot.edges
        if (not types or e.type in types)
        and e.sources >= min_sources
        and e.confidence >= min_confidence
        and (not as_of or in_force(e, as_of))
        and (not place or in_region(e.source) or in_region(e.target))
    ]
    total = len(edges)
    edges = edges[:max_edges]
    degree = Counter(x for e in edges for x in (e.source, e.target))
    nodes = [snapshot.nodes[i].model_copy(update={"degree": n}) for i, n in sorted(degree.items())]
    return MapData(
        nodes=nodes, edges=edges, as_of=as_of, dates=snapshot.dates, regions=list(snapshot.regions), total_edges=total
    )


T = TypeVar("T")
_MISSING = object()


class MapCache:
    """The app's one snapshot, with answers worked out from it, rebuilt when the store's version moves.

    Filtered map answers are kept per snapshot (a slider position revisited costs nothing), and so are
    other answers that depend only on the snapshot or read the whole store (:meth:`remembered`), within
    :data:`REMEMBERED_BYTES`. While one request rebuilds a stale snapshot the others are answered from
    the previous one rather than queued behind it (only the very first build makes them wait)."""

    def __init__(self, queries: Queries) -> None:
        self.queries = queries
        self._lock = threading.Condition()
        self._snapshot: MapSnapshot | None = None
        self._building = False
        self._answers: dict[tuple, MapData] = {}
        self._remembered: OrderedDict[tuple, object] = OrderedDict()
        self._remembered_bytes = 0

    def answer(self, **filters) -> MapData:
        snapshot = self.snapshot()
        key = (snapshot.version, *_filter_key(filters))
        with self._lock:
            found = self._answers.get(key)
        if found is None:
            found = filtered(snapshot, **filters)
            with self._lock:
                if len(self._answers) >= FILTERED_CACHE:
                    self._answers.pop(next(iter(self._answers)))
                self._answers[key] = found
        return found

    def answer_json(self, **filters) -> bytes:
        """:meth:`answer` serialised, kept: the map's most frequent request costs a lookup."""
        return self.remembered(
            ("map", *_filter_key(filters)), lambda: self.answer(**filters).model_dump_json().encode("utf-8")
        )

    def remembered(self, key: tuple, compute: Callable[[], T]) -> T:
        """``compute()``, kept for the current snapshot's version (least recently used dropped past
        :data:`REMEMBERED_BYTES`): an answer that depends only on the snapshot, or reads the whole store,
        costs its work once per version, not once per request."""
        version = self.snapshot().version
        full = (version, *key)
        with self._lock:
            found = self._remembered.get(full, _MISSING)
            if found is not _MISSING:
                self._remembered.move_to_end(full)
                return found  # type: ignore[return-value]
        found = compute()
        size = len(found) if isinstance(found, bytes) else REMEMBERED_ITEM_BYTES
        with self._lock:
            if full not in self._remembered:
                self._remembered[full] = found
                self._remembered_bytes += size
            while self._remembered_bytes > REMEMBERED_BYTES and len(self._remembered) > 1:
                _, dropped = self._remembered.popitem(last=False)
                self._remembered_bytes -= len(dropped) if isinstance(dropped, bytes) else REMEMBERED_ITEM_BYTES
        return found

    def forget(self) -> None:
        """Drop the kept answers (after a change the store's version does not track: reference data)."""
        with self._lock:
            self._answers = {}
            self._remembered.clear()
            self._remembered_bytes = 0

    def snapshot(self) -> MapSnapshot:
        version = lookups.store_version(self.queries.engine)
        with self._lock:
            while self._snapshot is None and self._building:
                self._lock.wait()
            current = self._snapshot
            if current is not None and (current.version == version or self._building):
                return current  # up to date, or being rebuilt by another request: the last one meanwhile
            self._building = True
        try:
            with deadline.bounded(None):  # shared by every later request: let it finish
                fresh = build_snapshot(self.queries, version)
        finally:
            with self._lock:
                self._building = False
                self._lock.notify_all()
        with self._lock:
            self._snapshot = fresh
            self._answers = {}
            self._remembered.clear()
            self._remembered_bytes = 0
        return fresh


def _filter_key(filters: dict) -> tuple:
    return tuple(sorted((k, tuple(sorted(v)) if isinstance(v, frozenset) else v) for k, v in filters.items()))
