"""The maintained ``relationships`` table: its SQL, and what a write tells the layer that maintains it.

The rows are what :func:`factionmap.graph.relationships.aggregate` makes of the claims; the aggregation
lives in ``graph``, above the store, so the store cannot call it. Instead every write of claims or
decisions (``writer.write_extraction``, ``review.accept/reject/merge/split/revert``) describes what it
changed in a :class:`Change` and hands it, inside its own transaction, to an ``on_changed`` hook its caller
passes (``factionmap.graph.maintained.refresh`` in production: run.store_outcome, the API and the CLI).

Why a hook argument and not a registry the graph layer fills at import: the dependency stays one-way and
visible at each call site (grep ``on_changed=``), nothing depends on which modules a process (a Dask
worker, a test) happened to import, and a write without a hook is plainly a write that does not maintain
the table (tests of the store alone; ``factionmap store rebuild`` repairs a table left behind).

Every statement on the table and the lookups the maintenance needs live here: the store's SQL stays in
the store (tests/test_layers.py).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, Row, and_, delete, exists, func, literal, or_, select, tuple_

from factionmap.model import Status
from factionmap.store import schema as t
from factionmap.store.db import bulk_insert, one_of, serialize
from factionmap.store.reader import rejected, sources

RawKey = tuple[str, str, str]  # (head_id, type, tail_id) as a claim row stores them (before merges)
Pair = tuple[str, str]  # two actors after merges, ordered by id
# Maintenance of one transaction at a time: two writers recomputing the same pair from what each sees
# would let the later commit drop the earlier one's claims (PostgreSQL's READ COMMITTED reads what is
# committed when the lock is granted, so the second recomputes with the first's claims).
MAINTENANCE_LOCK = "factionmap.relationships"
PAIR_CHUNK = 200  # actor pairs per statement (row-value IN lists)
COLUMNS = tuple(c.name for c in t.relationships.c)


@dataclass(frozen=True, slots=True)
class Change:
    """What one transaction changed that relationships are made from.

    * ``claims``: claims added, removed or re-judged, by their stored (head, type, tail);
    * ``documents``: documents whose claims (or the verdicts on them) changed: which document of a
      near-duplicate cluster counts as its outlet depends on which have claims in force, so every
      relationship with a claim in those clusters may change;
    * ``aliases``: actor id -> names newly stored for it (a new name can make a speaker partisan);
    * ``moved``: actor id -> the actor it counted as before a merge, split or revert changed that;
    * ``appended``: those of ``documents`` that are new to the store: their claims were only added (none
      removed or re-judged), and, being their cluster's latest, they change no other claim's outlet
      (unless a concurrent writer's later copy committed first: :func:`overtaken`).
    """

    claims: frozenset[RawKey] = frozenset()
    documents: frozenset[int] = frozenset()
    aliases: Mapping[str, frozenset[str]] = field(default_factory=dict)
    moved: Mapping[str, str] = field(default_factory=dict)
    appended: frozenset[int] = frozenset()

    @property
    def only_appends(self) -> bool:
        """Nothing but new documents' claims (and names): relationships can be updated, not recomputed."""
        return bool(self.documents) and self.documents == self.appended and not self.moved

    def __bool__(self) -> bool:
        return bool(self.claims or self.documents or self.aliases or self.moved)


ChangeHook = Callable[[Connection, Change], None]


def notify(conn: Connection, hook: ChangeHook | None, change: Change) -> None:
    """Hand ``change`` to ``hook`` inside the writing transaction (nothing to do without one)."""
    if hook is not None and change:
        hook(conn, change)


@dataclass(frozen=True, slots=True)
class StoredRelationship:
    """One row of the table (the numbers of a graph ``Relationship``, without its claims)."""

    head_id: str
    type: str
    tail_id: str
    claim_count: int
    asserted: int
    negated: int
    independent_sources: int
    first_time: str | None
    last_time: str | None
    valid_from: str | None
    valid_to: str | None
    first_reported: str | None
    last_reported: str | None
    share_hedged: float
    confidence: float
    status: str
    support: float
    denial: float
    accepted: int
    evidence: str  # graph.summary.Summary as JSON: what adding new claims to the row needs
    updated_at: datetime

    @property
    def key(self) -> RawKey:
        return (self.head_id, self.type, self.tail_id)


NUMBERS = [c for c in t.relationships.c if c.name not in ("evidence", "updated_at")]  # what views read


def iter_rows(
    conn: Connection, types: Collection[str] | None = None, batch: int = 20_000, *, ordered: bool = False
) -> Iterator[Row]:
    """Every row without its ``evidence`` (the numbers a whole-network view needs), streamed in batches of
    ``batch`` (a server-side cursor on PostgreSQL); ``types``: only relationships of these types (None: all);
    ``ordered``: by (head, type, tail), the primary key's order (an index scan, not a sort)."""
    r = t.relationships.c
    query = select(*NUMBERS)
    if types is not None:
        query = query.where(r.type.in_(sorted(types)))
    if ordered:
        query = query.order_by(r.head_id, r.type, r.tail_id)
    yield from conn.execution_options(yield_per=batch).execute(query)


def ties(conn: Connection, types: Collection[str], statuses: Collection[str]) -> list[tuple[str, str, str, float]]:
    """(head, type, tail, confidence) of every row of ``types`` in ``statuses`` with some confidence,
    between two actors: the four columns the coalitions read, filtered here rather than in Python."""
    r = t.relationships.c
    query = select(r.head_id, r.type, r.tail_id, r.confidence).where(
        r.type.in_(sorted(types)), r.status.in_(sorted(statuses)), r.confidence > 0, r.head_id != r.tail_id
    )
    return [tuple(row) for row in conn.execute(query)]


def actor_ids(conn: Connection) -> set[str]:
    """Every actor (an id after merges) with a row, at either end: the nodes of the whole graph."""
    r = t.relationships.c
    return set(conn.scalars(select(r.head_id).union(select(r.tail_id))))


def rows_of_actor(conn: Connection, actor_id: str) -> Sequence[Row]:
    """The rows with the actor (an id after merges) at either end, without ``evidence`` (two index reads)."""
    r = t.relationships.c
    return conn.execute(select(*NUMBERS).where(or_(r.head_id == actor_id, r.tail_id == actor_id))).all()


def read_all(engine: Engine) -> list[StoredRelationship]:
    """Every row, by key."""
    r = t.relationships.c
    with engine.connect() as conn:
        rows = conn.execute(select(t.relationships).order_by(r.head_id, r.type, r.tail_id)).all()
    return [StoredRelationship(*row) for row in rows]


# --- writing the table -----------------------------------------------------------------------------


def lock(conn: Connection) -> None:
    """Take :data:`MAINTENANCE_LOCK` until the transaction ends (before reading what to recompute)."""
    serialize(conn, MAINTENANCE_LOCK)


def _pair_condition(pairs: Collection[Pair]):
    r = t.relationships.c
    both = sorted(set(pairs) | {(b, a) for a, b in pairs})
    return tuple_(r.head_id, r.tail_id).in_(both)


def replace_pairs(conn: Connection, pairs: Collection[Pair], rows: Iterable[Mapping]) -> None:
    """Delete every row between the actors of ``pairs`` (either way), then insert ``rows`` (theirs, anew)."""
    ordered = sorted(pairs)
    for i in range(0, len(ordered), PAIR_CHUNK):
        conn.execute(delete(t.relationships).where(_pair_condition(ordered[i : i + PAIR_CHUNK])))
    insert(conn, rows)


def insert(conn: Connection, rows: Iterable[Mapping]) -> None:
    """Add rows (``updated_at`` set to now)."""
    now = datetime.now(UTC)
    bulk_insert(conn, t.relationships, ({**row, "updated_at": now} for row in rows))


def rows_of_pairs(conn: Connection, pairs: Collection[Pair]) -> list[StoredRelationship]:
    """The rows between the actors of ``pairs`` (either way)."""
    ordered = sorted(pairs)
    out: list[StoredRelationship] = []
    for i in range(0, len(ordered), PAIR_CHUNK):
        query = select(t.relationships).where(_pair_condition(ordered[i : i + PAIR_CHUNK]))
        out += [StoredRelationship(*row) for row in conn.execute(query)]
    return out


def clear(conn: Connection) -> None:
    conn.execute(delete(t.relationships))


# --- what a write touched --------------------------------------------------------------------------


def _keys(conn: Connection, query) -> set[RawKey]:
    return {(h, ty, tl) for h, ty, tl in conn.execute(query)}


def document_claim_keys(conn: Connection, document_ids: Collection[int]) -> set[RawKey]:
    """(head, type, tail) of the documents' claims as stored now."""
    c = t.claims.c
    out: set[RawKey] = set()
    for condition in one_of(conn, c.document_id, document_ids):
        out |= _keys(conn, select(c.head_id, c.type, c.tail_id).distinct().where(condition))
    return out


def cluster_claim_keys(conn: Connection, document_ids: Collection[int]) -> set[RawKey]:
    """(head, type, tail) of every claim in the near-duplicate clusters of these documents."""
    c, d = t.claims.c, t.documents.c
    out: set[RawKey] = set()
    for condition in one_of(conn, d.id, document_ids):
        clusters = select(d.cluster_id).where(condition).scalar_subquery()
        same = select(d.id).where(d.cluster_id.in_(clusters)).scalar_subquery()
        out |= _keys(conn, select(c.head_id, c.type, c.tail_id).distinct().where(c.document_id.in_(same)))
    return out


def claim_key(conn: Connection, claim_id: str | None) -> tuple[RawKey, int] | None:
    """A claim's stored (head, type, tail) and its document, if the claim still exists."""
    if claim_id is None:
        return None
    c = t.claims.c
    row = conn.execute(select(c.head_id, c.type, c.tail_id, c.document_id).where(c.id == claim_id)).first()
    return ((row[0], row[1], row[2]), row[3]) if row else None


def keys_touching(conn: Connection, actor_ids: Collection[str]) -> set[RawKey]:
    """(head, type, tail) of every claim with one of these actors (as stored) at either end."""
    c = t.claims.c
    out: set[RawKey] = set()
    for column in (c.head_id, c.tail_id):
        for condition in one_of(conn, column, actor_ids):
            out |= _keys(conn, select(c.head_id, c.type, c.tail_id).distinct().where(condition))
    return out


def attributed_claims(conn: Connection, actor_ids: Collection[str], word: str) -> list[tuple[RawKey, str]]:
    """Claims with one of these actors at either end credited to a speaker whose words include ``word``
    (lower-case letters and digits): the candidates a new name of the actor may make partisan."""
    c = t.claims.c
    said = func.lower(c.attributed_to).contains(word)
    out: dict[str, tuple[RawKey, str]] = {}
    for column in (c.head_id, c.tail_id):
        for condition in one_of(conn, column, actor_ids):
            query = select(c.id, c.head_id, c.type, c.tail_id, c.attributed_to).where(condition, said)
            for cid, h, ty, tl, who in conn.execute(query):
                out[cid] = ((h, ty, tl), who)
    return list(out.values())


def stored_alias_keys(conn: Connection, actor_ids: Collection[str]) -> set[tuple[str, str]]:
    """(actor id, normalised alias) already stored for these actors (the writer keeps only new ones)."""
    a = t.aliases.c
    out: set[tuple[str, str]] = set()
    for condition in one_of(conn, a.actor_id, actor_ids):
        out |= {(i, n) for i, n in conn.execute(select(a.actor_id, a.norm).where(condition))}
    return out


# --- reading what aggregation needs ----------------------------------------------------------------


def overtaken(conn: Connection, documents: Collection[int]) -> bool:
    """Whether a near-duplicate of one of ``documents`` with a higher id is already stored: a writer that
    stored it later committed first. Then these are not their clusters' latest documents, and may become
    a cluster's outlet in place of a later one (``Change.appended`` assumes otherwise)."""
    mine, later = t.documents.alias("mine"), t.documents.alias("later")
    after = and_(later.c.cluster_id == mine.c.cluster_id, later.c.id > mine.c.id, ~later.c.id.in_(sorted(documents)))
    for condition in one_of(conn, mine.c.id, documents):
        if conn.scalar(select(literal(1)).select_from(mine.join(later, after)).where(condition).limit(1)):
            return True
    return False


def cluster_outlets(conn: Connection, cluster_ids: Collection[int] | None = None) -> dict[int, str]:
    """Near-duplicate cluster -> the outlet it counts as, among all the store's claims in force.

    The same choice graph.relationships.cluster_outlets makes over every claim not rejected: the cluster's
    first document if it has such a claim, else its lowest-id document that has one. Made here from the
    whole store so that aggregating one pair's claims gives what aggregating every claim would.
    ``cluster_ids``: only these clusters (all when None).

    For given clusters (each write's), the cost does not grow with a cluster's size: a story copied by
    hundreds of sites is one cluster of hundreds of documents. Its first document (whose id is the
    cluster's) is probed first, one indexed lookup; only a cluster whose first document has no claim in
    force walks its documents in id order, up to the first that has one."""
    d = t.documents.c
    kept = exists().where(t.claims.c.document_id == d.id, ~rejected())
    chosen: dict[int, int] = {}  # cluster -> the document it counts as
    if cluster_ids is None:
        ranks: dict[int, tuple[int, int]] = {}
        for doc, cluster in conn.execute(select(d.id, d.cluster_id).where(kept)):
            rank = (0 if doc == cluster else 1, doc)
            if cluster not in ranks or rank < ranks[cluster]:
                ranks[cluster] = rank
        chosen = {cluster: rank[1] for cluster, rank in ranks.items()}
    else:
        for condition in one_of(conn, d.id, cluster_ids):
            chosen.update((doc, doc) for doc in conn.scalars(select(d.id).where(condition, d.cluster_id == d.id, kept)))
        for cluster in sorted(set(cluster_ids) - set(chosen)):
            first = conn.scalar(select(d.id).where(d.cluster_id == cluster, kept).order_by(d.id).limit(1))
            if first is not None:
                chosen[cluster] = first
    docs = sources(conn, set(chosen.values()))
    return {cluster: docs[doc].outlet for cluster, doc in chosen.items()}


# --- reading the map ---------------------------------------------------------------------------------
# The map's edges straight from the table: the strongest ``limit`` that pass the filters, ordered by the
# index, so the first map after an ingest costs a few indexed reads, not an aggregation of every claim.

DENIED = Status.DENIED  # denied relationships are not edges


@dataclass(frozen=True, slots=True)
class EdgeFilter:
    """What a map request keeps (the rules in api.mapdata's docstring, as SQL)."""

    types: frozenset[str] = frozenset()
    min_sources: int = 1
    min_confidence: float = 0.0
    as_of: str | None = None  # in force then: started on or before it (or undated), not ended before it
    region: str | None = None  # an end recorded in this country (lower case); None: any


def _edge_columns():
    r = t.relationships.c
    return (
        r.head_id.label("head"),
        r.type,
        r.tail_id.label("tail"),
        r.confidence,
        r.independent_sources,
        r.first_time,
        r.last_time,
        r.valid_from,
        r.valid_to,
        r.status,
    )


def _not_earlier(a, b, len_a, len_b):
    """SQL for ``not isodates.earlier(a, b)``: ``a[:n] >= b[:n]`` with n the shorter length (for dates of
    equal precision, the string order is the date order)."""
    return func.substr(a, 1, len_b) >= func.substr(b, 1, len_a)


def _edge_conditions(conn: Connection, f: EdgeFilter) -> list:
    r = t.relationships.c
    out = [r.status != DENIED, r.independent_sources >= f.min_sources, r.confidence >= f.min_confidence]
    if f.types:
        out.append(r.type.in_(sorted(f.types)))
    if f.as_of:
        # in force then: not earlier(as_of, start), and not earlier(valid_to, as_of)
        when, n = literal(f.as_of), len(f.as_of)
        start = func.coalesce(r.valid_from, r.first_time)
        out.append(or_(start.is_(None), _not_earlier(when, start, n, func.length(start))))
        out.append(or_(r.valid_to.is_(None), _not_earlier(r.valid_to, when, func.length(r.valid_to), n)))
    if f.region:
        a = t.actors.c
        # actors.country holds comma-separated codes: match one whole, ignoring case
        listed = func.lower("," + func.coalesce(a.country, "") + ",").contains("," + f.region + ",", autoescape=True)
        there = select(a.id).where(listed)
        out.append(or_(r.head_id.in_(there), r.tail_id.in_(there)))
    return out


def edges(conn: Connection, f: EdgeFilter, limit: int) -> tuple[Sequence[Row], int]:
    """The strongest ``limit`` edges passing ``f`` (confidence, then independent sources, then key; rows with
    head, type, tail, confidence, independent_sources, the dates and status) and how many pass."""
    r = t.relationships.c
    where = _edge_conditions(conn, f)
    total = conn.execute(select(func.count()).select_from(t.relationships).where(*where)).scalar_one()
    order = (r.confidence.desc(), r.independent_sources.desc(), r.head_id, r.type, r.tail_id)
    rows = conn.execute(select(*_edge_columns()).where(*where).order_by(*order).limit(limit)).all()
    return rows, total


def edge_span(conn: Connection) -> tuple[str | None, str | None]:
    """The earliest start and the latest date of every edge (the time slider's ends), off three indexes.

    No status condition: a denied relationship has no asserting claim, hence no dates at all. A start is
    ``valid_from`` (equal to ``first_time``: both are the earliest stated time); an end is the latest of
    ``valid_to`` (after every stated time when set) and ``last_time``."""
    r = t.relationships.c
    low = conn.execute(select(func.min(r.valid_from))).scalar()
    ends = [conn.execute(select(func.max(column))).scalar() for column in (r.valid_to, r.last_time)]
    return low, max((d for d in ends if d), default=None)
