"""The map's data: the store's maintained relationships (store.relationships), filtered per request.

Each write keeps the ``relationships`` table equal to what aggregating the claims gives
(graph.maintained), so a map answer is a few indexed reads: the strongest edges passing the filters, how
many pass, and, once per map version (``lookups.map_version``, which moves with each stored document),
the slider's span and the regions (:class:`Overview`). Answers are kept per version and filters.

The ``as_of`` rule. The map "as of" a date is the map of today's relationships restricted to those
already in force then: an edge is kept when its start (``valid_from``, else ``first_time``) is on or
before ``as_of`` or unknown, and its ``valid_to``, if any, is not before ``as_of`` (dates compared at
their common precision, so "2021" contains "2021-05"). Confidence and source counts stay those of all
claims. The exact answer as of a date, recomputed from the claims dated on or before it, is what
``/api/relationships?as_of=`` and the relationship page give; the map trades that exactness for
answering a slider move in milliseconds at a million claims.

Denied relationships (the evidence says they do not hold) are not edges. Regions are the actors'
countries as the store records them; a region keeps the edges with at least one end there.

The answers that show claims (actor profiles, the relationships list, the exports with claims) still
aggregate them, once per store version (:class:`MapSnapshot`), and so does the map of a server given a
reliability file: the table holds the numbers of the default reliability (:func:`map_answer`).
"""

from __future__ import annotations

import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TypeVar

from factionmap import deadline
from factionmap.api.schemas import MapData, MapDates, MapEdge, MapNode
from factionmap.errors import InvalidInput
from factionmap.graph.relationships import Relationship, Status
from factionmap.isodates import earlier
from factionmap.public import convert
from factionmap.queries.answers import Queries
from factionmap.store import lookups
from factionmap.store import relationships as stored
from factionmap.vocab import load_vocab

MAX_EDGES = 1500  # default edges per map answer (strongest first); the request may ask for up to 20,000
FILTERED_CACHE = 64  # map answers kept (slider positions and filters revisited), the latest versions
REMEMBERED_BYTES = 48 * 2**20  # serialised answers kept per snapshot and worker (profiles, map JSON)
REMEMBERED_ITEM_BYTES = 2**20  # what a kept answer that is not bytes (a watchlist) is counted as


@dataclass(frozen=True, slots=True)
class MapSnapshot:
    """Every relationship aggregated from the claims, for the answers that need them all: the exports with
    claims and the map of a server given a reliability file (:func:`map_answer` reads the table otherwise)."""

    version: tuple
    relationships: tuple[Relationship, ...]  # all of them, denied included (the relationships list uses it)
    # Actor id -> its relationships (strongest first): a profile or an actor's list without a scan of all
    by_actor: dict[str, tuple[Relationship, ...]] = field(default_factory=dict)

    def of(self, actor_id: str) -> tuple[Relationship, ...]:
        return self.by_actor.get(actor_id, ())


def build_snapshot(queries: Queries, version: tuple) -> MapSnapshot:
    rels = tuple(sorted(queries.all_relationships(), key=lambda r: (-r.confidence, -r.independent_sources, r.key)))
    by_actor: dict[str, list[Relationship]] = {}
    for r in rels:
        for end in {r.head, r.tail}:
            by_actor.setdefault(end, []).append(r)
    return MapSnapshot(version, rels, {a: tuple(found) for a, found in by_actor.items()})


def map_edge(r) -> MapEdge:
    """An edge of the map from a row of ``store.relationships.edges``."""
    relation = load_vocab().relations[r.type]
    return MapEdge(
        id="|".join((r.head, r.type, r.tail)),
        source=r.head,
        target=r.tail,
        type=r.type,
        label=relation.label,
        symmetric=relation.symmetric,
        confidence=round(r.confidence, convert.DIGITS),
        sources=r.independent_sources,
        first_time=r.first_time,
        last_time=r.last_time,
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        status=r.status,
    )


@dataclass(frozen=True, slots=True)
class Overview:
    """What every map answer of one store version shares: the slider's span and the regions."""

    dates: MapDates
    regions: tuple[str, ...]


def overview(queries: Queries) -> Overview:
    """Two indexed reads: the span of the edges' dates (store.relationships.edge_span) and the countries of
    the store's actors (every actor the store holds came with a claim)."""
    with queries.engine.connect() as conn:
        low, high = stored.edge_span(conn)
    return Overview(MapDates(min=low, max=high), tuple(sorted(lookups.countries(queries.engine))))


def _nodes(queries: Queries, degree: Counter) -> list[MapNode]:
    """The actors at the ends of an answer's edges, with their degree in it."""
    found = lookups.map_actors(queries.engine, degree)
    names = queries.names(set(degree) - set(found)) if len(found) < len(degree) else {}
    out = []
    for i, n in sorted(degree.items()):
        name, type_, country = found.get(i, (names.get(i, i), "UNKNOWN", ()))
        out.append(MapNode(id=i, name=name, type=type_, country=list(country), degree=n))
    return out


def map_answer(
    queries: Queries,
    seen: Overview,
    *,
    rels: Iterable[Relationship] | None = None,
    as_of: str | None = None,
    types: Collection[str] = (),
    region: str | None = None,
    min_sources: int = 1,
    min_confidence: float = 0.0,
    max_edges: int = MAX_EDGES,
) -> MapData:
    """The edges that pass every filter, strongest first and at most ``max_edges`` of them (a map of tens of
    thousands of edges cannot be read, nor drawn in a browser), with the actors at their ends.

    Read from the store's maintained relationships (the strongest come off an index, the filters' rules
    are SQL in store.relationships.edges), so the first map after an ingest does not aggregate every
    claim; or, given ``rels``, from relationships aggregated in memory, for a server that weighs outlets
    by a reliability file, which the table (made with the default reliability) does not know."""
    place = (region or "").strip().casefold()
    wanted = stored.EdgeFilter(frozenset(types), min_sources, min_confidence, as_of, place or None)
    if rels is None:
        with queries.engine.connect() as conn:
            rows, total = stored.edges(conn, wanted, max_edges)
        edges = [map_edge(r) for r in rows]
    else:
        edges, total = _in_memory(queries, rels, wanted, max_edges)
    nodes = _nodes(queries, Counter(x for e in edges for x in (e.source, e.target)))
    return MapData(
        nodes=nodes, edges=edges, as_of=as_of, dates=seen.dates, regions=list(seen.regions), total_edges=total
    )


def in_force(edge: MapEdge, as_of: str) -> bool:
    """The as_of rule of the module docstring, for relationships aggregated in memory (the table's is SQL:
    store.relationships.edges; tests/api/test_mapdata.py checks that both keep the same edges)."""
    start = edge.valid_from or edge.first_time
    if start and earlier(as_of, start):
        return False
    return not (edge.valid_to and earlier(edge.valid_to, as_of))


def _in_memory(
    queries: Queries, rels: Iterable[Relationship], wanted: stored.EdgeFilter, limit: int
) -> tuple[list[MapEdge], int]:
    """:func:`store.relationships.edges` over relationships aggregated in memory: (the strongest ``limit``
    edges passing ``wanted``, how many pass)."""
    edges = [
        map_edge(SimpleNamespace(head=r.head, type=r.type, tail=r.tail, **_numbers(r)))
        for r in sorted(rels, key=lambda r: (-r.confidence, -r.independent_sources, r.key))
        if r.status != Status.DENIED
    ]
    countries = lookups.map_actors(queries.engine, {x for e in edges for x in (e.source, e.target)})

    def in_region(actor_id: str) -> bool:
        return any(c.casefold() == wanted.region for c in countries.get(actor_id, ("", "", ()))[2])

    kept = [
        e
        for e in edges
        if (not wanted.types or e.type in wanted.types)
        and e.sources >= wanted.min_sources
        and e.confidence >= wanted.min_confidence
        and (not wanted.as_of or in_force(e, wanted.as_of))
        and (not wanted.region or in_region(e.source) or in_region(e.target))
    ]
    return kept[:limit], len(kept)


def _numbers(r: Relationship) -> dict:
    return {
        "confidence": r.confidence,
        "independent_sources": r.independent_sources,
        "first_time": r.first_time,
        "last_time": r.last_time,
        "valid_from": r.valid_from,
        "valid_to": r.valid_to,
        "status": str(r.status),
    }


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


T = TypeVar("T")
_MISSING = object()


class MapCache:
    """The app's map answers (kept per map version and filters), and its one snapshot of the aggregated
    claims with the answers worked out from it, rebuilt when the store's version moves.

    Answers that depend only on the snapshot or read the whole store are kept (:meth:`remembered`), within
    :data:`REMEMBERED_BYTES`. While one request rebuilds a stale snapshot the others are answered from
    the previous one rather than queued behind it (only the very first build makes them wait)."""

    def __init__(self, queries: Queries) -> None:
        self.queries = queries
        self._lock = threading.Condition()
        self._snapshot: MapSnapshot | None = None
        self._building = False
        self._answers: dict[tuple, bytes] = {}  # map answers as JSON
        self._overview: tuple[tuple, Overview] | None = None
        self._remembered: OrderedDict[tuple, object] = OrderedDict()
        self._remembered_bytes = 0

    def answer_json(self, **filters) -> bytes:
        """The map answer for ``filters`` as JSON, kept per map version (``lookups.map_version``: it moves with
        each stored document) and filters: a slider position revisited costs a lookup."""
        version = lookups.map_version(self.queries.engine)
        key = (version, *_filter_key(filters))
        with self._lock:
            found = self._answers.get(key)
            seen = self._overview if self._overview is not None and self._overview[0] == version else None
        if found is None:
            if seen is None:
                seen = (version, overview(self.queries))
                with self._lock:
                    self._overview = seen
            if self.queries.reliability:  # weights the table does not hold: the claims aggregated per run
                data = map_answer(self.queries, seen[1], rels=self.snapshot().relationships, **filters)
            else:
                data = map_answer(self.queries, seen[1], **filters)
            found = data.model_dump_json().encode("utf-8")
            with self._lock:
                if len(self._answers) >= FILTERED_CACHE:
                    self._answers.pop(next(iter(self._answers)))
                self._answers[key] = found
        return found

    def remembered(self, key: tuple, compute: Callable[[], T]) -> T:
        """``compute()``, kept for the current snapshot's version (least recently used dropped past
        :data:`REMEMBERED_BYTES`): an answer that depends only on the snapshot, or reads the whole store,
        costs its work once per version, not once per request."""
        version = lookups.store_version(self.queries.engine)
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
