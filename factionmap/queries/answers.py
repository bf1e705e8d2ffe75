"""The analyst's questions as functions: each returns a plain record the CLI, the API and the web pages render.

Every answer is built from the same read path (store/reader.py, with review decisions applied) and the
same reasoning (graph/): claims → relationships → contradictions, networks. ``as_of`` limits every answer
to the claims dated on or before that date (undated claims carry no bound and are kept).
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
from sqlalchemy import Engine

from factionmap.errors import NotFound
from factionmap.graph import contradictions, maintained, network, reference_compare
from factionmap.graph.coalitions import SIGNED_TYPES, Coalition, coalitions_of
from factionmap.graph.coalitions import coalitions as find_coalitions
from factionmap.graph.exporters import Exporter
from factionmap.graph.exports import node_actors, sorted_reference
from factionmap.graph.relationships import Relationship, aggregate
from factionmap.model import Actor, ActorRef, ReferenceRelation, StoredClaim
from factionmap.queries.ask import Reading, parse_question
from factionmap.queries.names import NameResolver
from factionmap.queries.text import relation_summary
from factionmap.store import lookups, reader
from factionmap.store import relationships as stored_table
from factionmap.vocab import load_vocab


class _Named:
    """An answer's ``names`` (actor id -> display name), from the actors it carries."""

    __slots__ = ()
    actors: Mapping[str, Actor]

    @property
    def names(self) -> dict[str, str]:
        return {i: a.name for i, a in self.actors.items()}


@dataclass(frozen=True, slots=True)
class RelationAnswer(_Named):
    """What is known of a pair, complete: every actor it names comes with it (``actors``), read once, so no
    edge that renders it reads the store again."""

    a: ActorRef
    b: ActorRef
    as_of: str | None
    summary: str  # the plain-English answer, first thing shown
    relationships: list[Relationship]
    conflicts: list[contradictions.Conflict]
    reference: list[ReferenceRelation]
    path: list[Relationship] = field(default_factory=list)  # how they connect when nothing links them directly
    # where the news agrees with, adds to or contradicts the reference (graph/reference_compare.py)
    comparison: list[reference_compare.Comparison] = field(default_factory=list)
    actors: Mapping[str, Actor] = field(default_factory=dict)  # every actor named above (stored, else the KB's)
    claim_counts: Mapping[str, int] = field(default_factory=dict)  # a's and b's claims in the store


@dataclass(frozen=True, slots=True)
class ActorAnswer(_Named):
    """An actor's profile, complete like :class:`RelationAnswer` (``actors`` names every actor in it)."""

    actor: ActorRef
    aliases: list[str]
    lineage: list[Relationship]  # relations with vocab.yaml's ``lineage: true``, either way
    relationships: list[Relationship]
    reference: list[ReferenceRelation]
    documents: int
    outlets: list[tuple[str, int]]  # outlet, claims
    actors: Mapping[str, Actor] = field(default_factory=dict)
    claim_counts: Mapping[str, int] = field(default_factory=dict)  # the actor's claims in the store


@dataclass(frozen=True, slots=True)
class PathAnswer(_Named):
    """How two actors connect: the strongest chain of relationships, with every actor it names."""

    a: ActorRef
    b: ActorRef
    as_of: str | None
    path: list[Relationship]
    actors: Mapping[str, Actor] = field(default_factory=dict)
    claim_counts: Mapping[str, int] = field(default_factory=dict)  # a's and b's claims in the store


@dataclass(frozen=True, slots=True)
class AskAnswer(_Named):
    """A plain-English question, what it was taken to ask, and its answer: a pair's (``relation``) or a
    list of relationships (a path, or who supports/attacks/... an actor)."""

    question: str
    reading: Reading
    relation: RelationAnswer | None
    relationships: list[Relationship]
    actors: Mapping[str, Actor] = field(default_factory=dict)  # every actor ``relationships`` names


@dataclass(frozen=True, slots=True)
class DocumentAnswer(_Named):
    """One stored document: its text as stored, its mentions (start, end, text, actor id after merges, actor
    name, actor type) and its claims in text order, rejected ones included (marked)."""

    id: int
    doc_id: str
    title: str | None
    author: str | None
    publisher: str | None
    published: str | None
    url: str | None
    extractor_version: str
    text: str
    mentions: list[tuple[int, int, str, str, str, str]]
    claims: list[StoredClaim]
    actors: Mapping[str, Actor] = field(default_factory=dict)  # every actor the claims name


@dataclass(frozen=True, slots=True)
class TimelineAnswer(_Named):
    """An actor's relationships over time: one track per counterpart and type (graph.network.tracks)."""

    actor: ActorRef
    as_of: str | None
    tracks: list[network.Track]
    actors: Mapping[str, Actor] = field(default_factory=dict)  # the actor and every counterpart


@dataclass(frozen=True, slots=True)
class ExportBundle:
    """What every export writer takes: relationships, the actors they (and the reference rows) name, and the
    reference relations among those actors."""

    relationships: list[Relationship]
    actors: Mapping[str, Actor]
    reference: list[ReferenceRelation]


LINEAGE_TYPES = load_vocab().lineage  # vocab.yaml's ``lineage: true``


class Queries:
    """One store, one resolver, one reliability table: build once per command or web app."""

    def __init__(
        self, engine: Engine, resolver: NameResolver | None = None, reliability: Mapping[str, float] | None = None
    ) -> None:
        self.engine = engine
        self.resolver = resolver or NameResolver(engine)
        self.reliability = reliability

    def known(self, actor_ids: Collection[str]) -> dict[str, Actor]:
        """The actors with these ids as the store holds them, else as the knowledge base does (ids neither
        knows are left out). One read of the store."""
        found = reader.actors(self.engine, actor_ids)
        kb = self.resolver.kb
        for i in set(actor_ids) - set(found):
            if i in kb:
                found[i] = kb.actor(i)
        return found

    def claim_counts(self, actor_ids: Collection[str]) -> dict[str, int]:
        """Claims in the store with each actor at either end."""
        return lookups.claim_counts(self.engine, actor_ids)

    def names(self, actor_ids: Collection[str]) -> dict[str, str]:
        """Display names for actor ids (stored name, else the knowledge base's, else the id)."""
        known = self.known(actor_ids)
        return {i: known[i].name if i in known else i for i in actor_ids}

    def actors(self, actor_ids: Collection[str]) -> dict[str, Actor]:
        return reader.actors(self.engine, actor_ids)

    def aliases(self, actor_ids: Collection[str]) -> dict[str, tuple[str, ...]]:
        """Actor id -> its name and aliases: what relationships.is_partisan reads to tell a party's own
        spokesman (display names alone would miss "a spokesman of the Islamic Emirate")."""
        return _aliases(reader.actors(self.engine, actor_ids))

    def relationships(self, claims: list[StoredClaim], known: Mapping[str, Actor] | None = None) -> list[Relationship]:
        """Claims aggregated, with each actor's names so a party's own spokesman counts as partisan
        (``known``: the actors already read, else they are read here)."""
        ids = {x for c in claims for x in (c.head, c.tail)}
        aliases = _aliases({i: a for i, a in known.items() if i in ids}) if known is not None else self.aliases(ids)
        return aggregate(claims, self.reliability, aliases=aliases)

    def relation(self, a: str, b: str, as_of: str | None = None) -> RelationAnswer:
        """The answer for a pair in at most 9 reads of the store when they are linked directly (names 2,
        merges 1, claims 2, reference 1, actors 2, claim counts 1; tests/queries/test_statements.py)."""
        ra, rb = self.resolver.resolve(a), self.resolver.resolve(b)
        with self.engine.connect() as conn:
            amap = reader.actor_map(conn)  # one read of the analysts' merges for the whole answer
        claims = reader.claims_between(self.engine, ra.id, rb.id, as_of=as_of, amap=amap)
        reference = self.reference_between(ra.id, rb.id)
        ends = {x for c in claims for x in (c.head, c.tail)} | {x for r in reference for x in (r.head, r.tail)}
        known = self.known(ends | {ra.id, rb.id})
        rels = self.relationships(claims, known)
        path = [] if rels else self._path(ra.id, rb.id, as_of, amap)
        if path:
            known.update(self.known(_actor_ids([], path) - set(known)))
        names = {i: x.name for i, x in known.items()}
        conflicts = contradictions.conflicts(claims, names=names)
        comparison = reference_compare.compare(rels, reference, {ra.id: ra.name, rb.id: rb.name, **names})
        summary = relation_summary(ra, rb, rels, conflicts, reference, path, names)
        if comparison:
            summary += "\n" + reference_compare.summary_line(comparison)
        counts = lookups.claim_counts(self.engine, [ra.id, rb.id])
        return RelationAnswer(ra, rb, as_of, summary, rels, conflicts, reference, path, comparison, known, counts)

    def actor(self, name: str, as_of: str | None = None, *, claims_for: int | None = None) -> ActorAnswer:
        """An actor's profile.

        ``claims_for``: the profile shows the claims of its strongest N relationships (by confidence, then
        key) and N lineage ones only: the relationships then come from the store's maintained table and
        only those N pairs' claims are read, so a hub's thousands of claims are not read and scored. None
        (the command line), a date or a reliability mapping: every claim of the actor, aggregated."""
        ref = self.resolver.resolve(name)
        if claims_for is None or as_of or self.reliability:
            claims = reader.claims_of(self.engine, ref.id, as_of=as_of)
            rels = self.relationships(claims)
            outlets = Counter(c.source.outlet_name for c in claims)
            documents = len({c.source.document_id for c in claims})
        else:
            rels, outlets, documents = self._actor_from_table(ref.id, claims_for)
        aliases = lookups.stored_aliases(self.engine, ref.id)
        if not aliases and ref.id in self.resolver.kb:
            aliases = list(self.resolver.kb.actor(ref.id).aliases)
        reference = self.reference_of(ref.id)
        ids = {ref.id} | _actor_ids(rels, []) | {x for r in reference for x in (r.head, r.tail)}
        return ActorAnswer(
            ref,
            aliases,
            [r for r in rels if r.type in LINEAGE_TYPES],
            rels,
            reference,
            documents,
            sorted(outlets.items(), key=lambda item: (-item[1], item[0])),  # most claims first, then by name
            self.known(ids),
            lookups.claim_counts(self.engine, [ref.id]),
        )

    def actor_network(self, actor_id: str) -> list[Relationship]:
        """An actor's relationships (merges applied) from the maintained table, without their claims
        (:meth:`with_claims` reads them for the ones shown)."""
        with self.engine.connect() as conn:
            return maintained.of_actor(conn, reader.actor_map(conn)(actor_id))

    def with_claims(self, rels: list[Relationship]) -> list[Relationship]:
        """``rels`` with their claims, read for those that came from the maintained table without them."""
        missing = [r for r in rels if not r.claims and r.claim_count]
        if not missing:
            return rels
        with self.engine.connect() as conn:
            found = maintained.with_claims(conn, missing, reader.actor_map(conn))
        return [found.get(r.key, r) for r in rels]

    def _actor_from_table(self, actor_id: str, claims_for: int) -> tuple[list[Relationship], Counter, int]:
        """(relationships with the claims of the strongest ``claims_for`` and lineage ones, claims per outlet,
        documents) of an actor, from the maintained table and per-document claim counts."""
        with self.engine.connect() as conn:
            amap = reader.actor_map(conn)
            canonical = amap(actor_id)  # an actor merged away shows what it now counts as
            rels = maintained.of_actor(conn, canonical)
            lineage = [r for r in rels if r.type in LINEAGE_TYPES]
            shown = maintained.with_claims(conn, {*rels[:claims_for], *lineage[:claims_for]}, amap)
            per_document = reader.actor_sources(self.engine, canonical, amap)
            docs = reader.sources(conn, per_document)
        outlets: Counter = Counter()
        for doc, n in per_document.items():
            outlets[docs[doc].outlet_name] += n
        return [shown.get(r.key, r) for r in rels], outlets, len(per_document)

    def who(self, name: str, types: Collection[str], role: str, as_of: str | None = None) -> list[Relationship]:
        """Relationships of the given types where the actor is the tail (``role="tail"``: who supports X)
        or the head (``role="head"``: whom does X support); symmetric types match either side."""
        ref = self.resolver.resolve(name)
        rels = self.relationships(reader.claims_of(self.engine, ref.id, types=types, as_of=as_of))
        vocab = load_vocab()
        keep = []
        for r in rels:
            side = r.tail if role == "tail" else r.head
            if side == ref.id or (vocab.relations[r.type].symmetric and ref.id in (r.head, r.tail)):
                keep.append(r)
        return sorted(keep, key=lambda r: -r.confidence)

    def all_relationships(self, as_of: str | None = None) -> list[Relationship]:
        return self.relationships(list(reader.iter_claims(self.engine, as_of=as_of)))

    def network(self, as_of: str | None = None, types: Collection[str] | None = None) -> list[Relationship]:
        """Every relationship, for views that need their numbers but not their claims (coalitions, the graph
        exports): read from the store's maintained table, unless a date or a reliability mapping (which
        the table, made with the default reliability, does not hold) asks for an aggregation of the claims."""
        if not self.reads_table(as_of):
            found = self.all_relationships(as_of)
            return found if types is None else [r for r in found if r.type in types]
        return maintained.stored(self.engine, types)

    def reads_table(self, as_of: str | None = None) -> bool:
        """Whether the whole network's numbers come from the maintained table: not for a date, nor with a
        reliability mapping (the table is made with the default reliability)."""
        return not as_of and not self.reliability

    def export_table(self, exporter: Exporter, path: Path, *, reference: bool = True) -> tuple[int, int, int]:
        """The whole store's graph written by ``exporter``'s row writer straight from the maintained table,
        ordered by key, never held whole (a million-claim store's GraphML: bench/whole_network.py).
        Returns the relationships, actors and reference relations written."""
        with self.engine.connect() as conn:
            ids = stored_table.actor_ids(conn)
        refs = sorted_reference(self.reference_among(ids)) if reference else []
        every = sorted(ids | {x for r in refs for x in (r.head, r.tail)})
        nodes = node_actors(every, self.actors(every))
        with self.engine.connect() as conn:
            written = exporter.write_rows(path, stored_table.iter_rows(conn, ordered=True), nodes, refs)
        return written, len(nodes), len(refs)

    def _path(self, a: str, b: str, as_of: str | None, amap: reader.ActorMap | None = None) -> list[Relationship]:
        """The chain connecting two actors, found without loading the whole map: a breadth-first walk
        out from both ends over indexed neighbour queries (at most MAX_PATH_HOPS links); then the chain
        with the most claims per link is chosen from claim counts alone, and only its links' claims are
        read and aggregated (a hub's thousands of claims with other actors are never read)."""
        with self.engine.connect() as conn:
            amap = amap or reader.actor_map(conn)
        layers = _between(self.engine, a, b, amap)
        if not layers:
            return []
        g = nx.Graph()
        for xs, ys in itertools.pairwise(layers):
            for (x, y), n in reader.link_counts(
                self.engine, xs, ys, exclude_types=network.PLACE_RELATIONS, amap=amap
            ).items():
                g.add_edge(x, y, cost=1.0 + 1.0 / (1 + n))  # fewest links, then the best-attested ones
        if a not in g or b not in g or not nx.has_path(g, a, b):
            return []
        chain = []
        for x, y in itertools.pairwise(nx.shortest_path(g, a, b, weight="cost")):
            usable = [
                r
                for r in self.relationships(reader.claims_between(self.engine, x, y, as_of=as_of, amap=amap))
                if r.status in network.MAP_STATUSES and r.type not in network.PLACE_RELATIONS
            ]
            if not usable:
                return []
            chain.append(max(usable, key=lambda r: (r.confidence, r.asserted)))
        return chain

    def coalitions(self, as_of: str | None = None) -> list[Coalition]:
        if self.reads_table(as_of):
            return coalitions_of(maintained.signed_ties(self.engine))
        return find_coalitions(self.network(as_of, SIGNED_TYPES))

    def timeline(self, name: str, as_of: str | None = None) -> TimelineAnswer:
        ref = self.resolver.resolve(name)
        claims = reader.claims_of(self.engine, ref.id, as_of=as_of)
        known = self.known({x for c in claims for x in (c.head, c.tail)} | {ref.id})
        tracks = network.tracks(self.relationships(claims, known), ref.id)
        return TimelineAnswer(ref, as_of, tracks, known)

    def neighbourhood(self, name: str, as_of: str | None = None) -> tuple[ActorRef, list[Relationship]]:
        """An actor's relationships (what `map A --png` draws around it)."""
        ref = self.resolver.resolve(name)
        own = self.relationships(reader.claims_of(self.engine, ref.id, as_of=as_of))
        return ref, own

    def changes(self, since: str, *, by_ingestion: bool = True) -> list:
        """New and changed relationships since a date: by when claims reached the store (default) or by
        the claims' own dates. Only the pairs with a new claim can have changed, so only their claims are
        read (with each near-duplicate cluster's outlet as the whole store has it), not every claim."""
        with self.engine.connect() as conn:
            amap = reader.actor_map(conn)
            pairs = {
                _ordered(amap(h), amap(tl)) for h, tl in reader.new_claim_pairs(conn, since, by_ingestion=by_ingestion)
            }
            claims = maintained.pair_claims(conn, pairs, amap)
            outlets = stored_table.cluster_outlets(conn, {c.source.cluster_id for c in claims})
        ingested = reader.ingestion_dates(self.engine) if by_ingestion else None
        ids = {x for c in claims for x in (c.head, c.tail)}
        # The same partisan weighting as every other answer: aliases, not only display names.
        return contradictions.changes(
            claims,
            since,
            ingested=ingested,
            reliability=self.reliability,
            names=self.names(ids),
            aliases=self.aliases(ids),
            outlets=outlets,
        )

    def reference_contradictions(
        self, since: str, *, by_ingestion: bool = True
    ) -> list[tuple[reference_compare.Comparison, tuple[StoredClaim, ...]]]:
        """News relationships with claims new since a date (the rule :meth:`changes` uses) that the reference
        contradicts, each with its new claims."""
        from factionmap.store.reference import reference_of

        claims = list(reader.iter_claims(self.engine))
        ingested = reader.ingestion_dates(self.engine) if by_ingestion else None
        fresh = {c.id for c in claims if contradictions.is_new(c, since, ingested)}
        rels = reference_compare.fresh_relationships(claims, fresh, self.reliability)
        ids = {x for r in rels for x in (r.head, r.tail)}
        refs = [r for r in reference_of(self.engine, ids) if r.head in ids and r.tail in ids] if ids else []
        names = self.names(ids)
        # a contradiction always has its news relationship (only "reference only" lines lack one)
        return [
            (c, tuple(x for x in c.relationship.claims if x.id in fresh))
            for c in reference_compare.contradictions(rels, refs, names)
            if c.relationship is not None
        ]

    def path(self, a: str, b: str, as_of: str | None = None) -> PathAnswer:
        ra, rb = self.resolver.resolve(a), self.resolver.resolve(b)
        chain = self._path(ra.id, rb.id, as_of)
        known = self.known(_actor_ids([], chain) | {ra.id, rb.id})
        return PathAnswer(ra, rb, as_of, chain, known, self.claim_counts([ra.id, rb.id]))

    def ask(self, question: str) -> AskAnswer:
        """A question read by :func:`factionmap.queries.ask.parse_question` and answered: the relation (or
        "when") of a pair, the chain between two actors, or who stands in a relation to an actor."""
        reading = parse_question(question)
        if reading.kind == "relation" or (reading.kind == "when" and reading.b):
            relation = self.relation(reading.a, reading.b or "", reading.as_of)
            rels = [r for r in relation.relationships if not reading.types or r.type in reading.types]
            return AskAnswer(question, reading, relation, rels, relation.actors)
        if reading.kind == "path":
            found = self.path(reading.a, reading.b or "", reading.as_of)
            return AskAnswer(question, reading, None, found.path, found.actors)
        rels = self.who(reading.a, reading.types, reading.role, reading.as_of)
        return AskAnswer(question, reading, None, rels, self.known(_actor_ids(rels, [])))

    def reference_between(self, a: str, b: str) -> list[ReferenceRelation]:
        from factionmap.store.reference import reference_between

        return reference_between(self.engine, [a], [b])

    def reference_among(self, ids: Collection[str]) -> list[ReferenceRelation]:
        """Reference relations with both ends among ``ids`` (the actors on a map being exported)."""
        from factionmap.store.reference import reference_between

        return reference_between(self.engine, list(ids), list(ids)) if ids else []

    def reference_of(self, a: str) -> list[ReferenceRelation]:
        from factionmap.store.reference import reference_of

        return reference_of(self.engine, [a])

    def document(self, document_id: int) -> DocumentAnswer:
        """A stored document with its mentions and claims (NotFound when there is none)."""
        row = reader.document(self.engine, document_id)
        if row is None:
            raise NotFound(f"no document with id {document_id} in the store (GET /api/documents lists them)")
        claims = reader.document_claims(self.engine, document_id)
        return DocumentAnswer(
            row.id,
            row.doc_id,
            row.title,
            row.author,
            row.publisher,
            row.published,
            row.url,
            row.extractor_version,
            row.text,
            list(reader.mentions(self.engine, document_id)),
            claims,
            self.known({x for c in claims for x in (c.head, c.tail)}),
        )

    def export_bundle(self, relationships: list[Relationship], *, reference: bool = True) -> ExportBundle:
        """The relationships to export with their actors and (``reference``) the reference rows among them."""
        ids = {x for r in relationships for x in (r.head, r.tail)}
        refs = self.reference_among(ids) if reference else []
        return ExportBundle(relationships, self.actors(ids | {x for r in refs for x in (r.head, r.tail)}), refs)

    def document_count(self) -> int:
        return lookups.document_count(self.engine)


def _ordered(a: str, b: str) -> tuple[str, str]:
    return (a, b) if a <= b else (b, a)


MAX_PATH_HOPS = 4  # chains longer than this say little about how two actors relate
MAX_PATH_ACTORS = 8  # actors kept per step of the chain (a hub's neighbours would be thousands)


def _between(engine: Engine, a: str, b: str, amap: reader.ActorMap) -> list[set[str]]:
    """The steps of the shortest chains from a to b, as sets of actors ([{a}, step 1, …, {b}]), found by
    a breadth-first walk out from both ends (the smaller frontier first); [] when none within reach."""
    seen_a, seen_b = {a: 0}, {b: 0}
    frontier_a, frontier_b = {a}, {b}
    for _ in range(MAX_PATH_HOPS):
        side_a = len(frontier_a) <= len(frontier_b)
        frontier, seen = (frontier_a, seen_a) if side_a else (frontier_b, seen_b)
        depth = max(seen.values()) + 1
        found = reader.neighbours(engine, frontier, exclude_types=network.PLACE_RELATIONS, amap=amap) - set(seen)
        if not found:
            return []
        seen.update(dict.fromkeys(found, depth))
        if side_a:
            frontier_a = found
        else:
            frontier_b = found
        meet = set(seen_a) & set(seen_b)
        if meet:
            shortest = min(seen_a[x] + seen_b[x] for x in meet)
            best = sorted(x for x in meet if seen_a[x] + seen_b[x] == shortest)
            return _layers(engine, best[:MAX_PATH_ACTORS], seen_a, seen_b, amap)
    return []


def _layers(
    engine: Engine, meeting: list[str], seen_a: dict[str, int], seen_b: dict[str, int], amap: reader.ActorMap
) -> list[set[str]]:
    """From the meeting actors back towards each end, one set of actors per step."""

    def back(seen: dict[str, int]) -> list[set[str]]:
        steps = [set(meeting)]
        while True:
            depth = seen[next(iter(steps[-1]))] - 1
            if depth < 0:
                return steps
            nearer = (
                {
                    x
                    for x in reader.neighbours(engine, steps[-1], exclude_types=network.PLACE_RELATIONS, amap=amap)
                    if seen.get(x) == depth
                }
                if depth > 0
                else {x for x, d in seen.items() if d == 0}
            )
            steps.append(set(sorted(nearer)[:MAX_PATH_ACTORS]))

    return back(seen_a)[::-1] + back(seen_b)[1:]


def _aliases(actors: Mapping[str, Actor]) -> dict[str, tuple[str, ...]]:
    return {i: (a.name, *a.aliases) for i, a in actors.items()}


def _actor_ids(rels: list[Relationship], path: list[Relationship]) -> set[str]:
    return {x for r in [*rels, *path] for x in (r.head, r.tail)}
