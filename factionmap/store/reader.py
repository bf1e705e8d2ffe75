"""Reading claims back, with analysts' decisions applied: the one read path every query and export uses.

Decisions are applied here and nowhere else, so a query, an export and the web map can never disagree:
a rejected claim is left out (unless asked for), an accepted one is marked, and an actor merged into
another counts as that other everywhere (``ActorMap``). Queries select by indexed columns only (the
claims table has (head, tail) and (tail, head) indexes), which keeps a pair lookup in milliseconds at a
million claims.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, and_, func, or_, select

from factionmap.model import Actor, Source, StoredClaim
from factionmap.store import schema as t

CLAIM_COLUMNS = (t.claims.c.id, t.claims.c.head_id, t.claims.c.type, t.claims.c.tail_id, t.claims.c.negated,
                 t.claims.c.hedged, t.claims.c.attributed_to, t.claims.c.time, t.claims.c.evidence,
                 t.claims.c.evidence_start, t.claims.c.evidence_end, t.claims.c.confidence, t.claims.c.rule)
SOURCE_COLUMNS = (t.documents.c.id.label("document_id"), t.documents.c.doc_id, t.documents.c.title,
                  t.documents.c.url, t.documents.c.publisher, t.documents.c.published, t.documents.c.time_anchor,
                  t.documents.c.cluster_id)
IN_CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True, slots=True)
class ActorMap:
    """Which actor each id counts as, after the analysts' merges and splits (nomenklatura's resolver).

    A split cancels a merge between exactly the two actors it names; review.split refuses a split whose
    actors would stay joined through other merges, so the map never has to undo a chain."""

    canonical: dict[str, str]

    def __call__(self, actor_id: str) -> str:
        return self.canonical.get(actor_id, actor_id)

    def members(self, actor_id: str) -> set[str]:
        """Every id that counts as ``actor_id`` (itself included)."""
        root = self(actor_id)
        return {root} | {k for k, v in self.canonical.items() if v == root}


def actor_map(conn: Connection) -> ActorMap:  # callers answering one question may pass it on (``amap=``)
    """Merges in force (not reverted), minus pairs an analyst split, followed to their final target."""
    d = t.review_decisions
    rows = conn.execute(select(d.c.kind, d.c.actor_id, d.c.into_id).where(
        d.c.kind.in_(("merge", "split")), d.c.reverted_at.is_(None)).order_by(d.c.id)).all()
    split = {frozenset((r.actor_id, r.into_id)) for r in rows if r.kind == "split"}
    into = {r.actor_id: r.into_id for r in rows
            if r.kind == "merge" and frozenset((r.actor_id, r.into_id)) not in split}
    canonical: dict[str, str] = {}
    for start in into:
        seen, node = {start}, start
        while node in into and into[node] not in seen:
            node = into[node]
            seen.add(node)
        canonical[start] = node
    return ActorMap(canonical)


def claim_reviews(conn: Connection, claim_ids: Collection[str], where=None) -> dict[str, str]:
    """The analyst's latest verdict in force on each claim ("accepted" / "rejected"). ``where``: the filter
    that selected the claims, so a busy pair's verdicts come from one indexed subquery."""
    d = t.review_decisions
    ids = list(claim_ids)
    if not ids or conn.execute(select(d.c.id).where(d.c.claim_id.is_not(None)).limit(1)).first() is None:
        return {}  # no verdict at all: the common case, one cheap query instead of one per 500 claims
    verdicts = select(d.c.claim_id, d.c.kind).where(d.c.kind.in_(("accept", "reject")), d.c.reverted_at.is_(None))
    if len(ids) > IN_CHUNK and where is not None:  # a busy pair: let the database join, in one query
        rows = conn.execute(verdicts.where(d.c.claim_id.in_(select(t.claims.c.id).where(where)))
                            .order_by(d.c.id)).all()
    elif len(ids) > IN_CHUNK:  # read the (few) verdicts in force once rather than chunk by chunk
        wanted = set(ids)
        rows = [r for r in conn.execute(verdicts.order_by(d.c.id)) if r.claim_id in wanted]
    else:
        rows = conn.execute(verdicts.where(d.c.claim_id.in_(ids)).order_by(d.c.id)).all()
    return {r.claim_id: "accepted" if r.kind == "accept" else "rejected" for r in rows}


def _rows_to_claims(conn: Connection, rows, amap: ActorMap, include_rejected: bool,
                    where=None) -> list[StoredClaim]:
    reviews = claim_reviews(conn, [r.id for r in rows], where)
    out = []
    for r in rows:
        verdict = reviews.get(r.id)
        if verdict == "rejected" and not include_rejected:
            continue
        source = Source(r.document_id, r.doc_id, r.title, r.url, r.publisher, r.published, r.time_anchor,
                        r.cluster_id)
        out.append(StoredClaim(r.id, amap(r.head_id), r.type, amap(r.tail_id), bool(r.negated), bool(r.hedged),
                               r.attributed_to, r.time, r.evidence, r.evidence_start, r.evidence_end,
                               float(r.confidence), r.rule, source, verdict, r.head_id, r.tail_id))
    return out


def _select():
    return select(*CLAIM_COLUMNS, *SOURCE_COLUMNS).join(t.documents, t.documents.c.id == t.claims.c.document_id)


def _dated_by(claims: list[StoredClaim], as_of: str | None) -> list[StoredClaim]:
    """Claims the map had as of a date: dated on or before it, or undated (no bound to apply)."""
    if not as_of:
        return claims
    return [c for c in claims if c.date is None or c.date[:len(as_of)] <= as_of]


def claims_between(engine: Engine, a: str, b: str, *, as_of: str | None = None,
                   include_rejected: bool = False, amap: ActorMap | None = None) -> list[StoredClaim]:
    """Claims in either direction between two actors (merged ids included), oldest first."""
    with engine.connect() as conn:
        amap = amap or actor_map(conn)
        left, right = sorted(amap.members(a)), sorted(amap.members(b))
        c = t.claims.c
        where = or_(and_(c.head_id.in_(left), c.tail_id.in_(right)), and_(c.head_id.in_(right), c.tail_id.in_(left)))
        rows = conn.execute(_select().where(where)).all()
        claims = _rows_to_claims(conn, rows, amap, include_rejected, where)
    return sorted(_dated_by(claims, as_of), key=_order)


def claims_of(engine: Engine, actor: str, *, types: Collection[str] | None = None, as_of: str | None = None,
              include_rejected: bool = False) -> list[StoredClaim]:
    """Claims where the actor is head or tail (merged ids included), oldest first."""
    with engine.connect() as conn:
        amap = actor_map(conn)
        ids = sorted(amap.members(actor))
        c = t.claims.c
        query = _select().where(or_(c.head_id.in_(ids), c.tail_id.in_(ids)))
        if types:
            query = query.where(c.type.in_(sorted(types)))
        claims = _rows_to_claims(conn, conn.execute(query).all(), amap, include_rejected)
    return sorted(_dated_by(claims, as_of), key=_order)


def iter_claims(engine: Engine, *, as_of: str | None = None, include_rejected: bool = False,
                batch: int = 20_000) -> Iterator[StoredClaim]:
    """Every claim, streamed in batches (for exports and the whole-network views)."""
    with engine.connect() as conn:
        amap = actor_map(conn)
        last = ""
        while True:
            rows = conn.execute(_select().where(t.claims.c.id > last).order_by(t.claims.c.id).limit(batch)).all()
            if not rows:
                return
            last = rows[-1].id
            yield from _dated_by(_rows_to_claims(conn, rows, amap, include_rejected), as_of)


def _order(c: StoredClaim) -> tuple:
    return (c.date or "9999", c.source.document_id, c.evidence_start)


def actors(engine: Engine, ids: Collection[str]) -> dict[str, Actor]:
    """The stored actors with these ids, with their stored aliases (for exports and pictures)."""
    wanted = sorted(set(ids))
    out: dict[str, Actor] = {}
    with engine.connect() as conn:
        for start in range(0, len(wanted), IN_CHUNK):
            chunk = wanted[start:start + IN_CHUNK]
            names: dict[str, list[str]] = {}
            for r in conn.execute(select(t.aliases.c.actor_id, t.aliases.c.alias)
                                  .where(t.aliases.c.actor_id.in_(chunk)).order_by(t.aliases.c.alias)):
                names.setdefault(r.actor_id, []).append(r.alias)
            for r in conn.execute(select(t.actors).where(t.actors.c.id.in_(chunk))):
                aliases = tuple(a for a in names.get(r.id, []) if a != r.name)
                out[r.id] = Actor(r.id, r.name, r.type, aliases, tuple((r.country or "").split(",")) if r.country
                                  else (), bool(r.provisional), tuple((r.sources or "").split(",")) if r.sources
                                  else ())
    return out


def ingestion_dates(engine: Engine) -> dict[int, str]:
    """Document id -> when it was (last) ingested, ISO: what the watchlist compares ``since`` with."""
    with engine.connect() as conn:
        return {r.id: r.ingested_at.isoformat() for r in conn.execute(
            select(t.documents.c.id, t.documents.c.ingested_at))}


def neighbours(engine: Engine, actor_ids: Collection[str], *, exclude_types: Collection[str] = (),
               limit: int = 5_000, amap: ActorMap | None = None) -> set[str]:
    """Actors with a claim to or from any of ``actor_ids`` (merged ids counted as their actor): one
    indexed query per side and chunk, for walking the network without loading it."""
    with engine.connect() as conn:
        amap = amap or actor_map(conn)
        ids = sorted({m for a in actor_ids for m in amap.members(a)})
        c = t.claims.c
        found: set[str] = set()
        for start in range(0, len(ids), IN_CHUNK):
            chunk = ids[start:start + IN_CHUNK]
            for mine, other in ((c.head_id, c.tail_id), (c.tail_id, c.head_id)):
                query = select(other).distinct().where(mine.in_(chunk))
                if exclude_types:
                    query = query.where(c.type.not_in(sorted(exclude_types)))
                found.update(amap(x) for x in conn.execute(query.limit(limit)).scalars())
        return found - {amap(a) for a in actor_ids}


def claims_linking(engine: Engine, xs: Collection[str], ys: Collection[str], *,
                   as_of: str | None = None, amap: ActorMap | None = None) -> list[StoredClaim]:
    """Claims between any actor of ``xs`` and any of ``ys``, either way (merged ids included)."""
    with engine.connect() as conn:
        amap = amap or actor_map(conn)
        left = sorted({m for a in xs for m in amap.members(a)})
        right = sorted({m for a in ys for m in amap.members(a)})
        if not left or not right:
            return []
        c = t.claims.c
        rows = conn.execute(_select().where(or_(and_(c.head_id.in_(left), c.tail_id.in_(right)),
                                                and_(c.head_id.in_(right), c.tail_id.in_(left))))).all()
        claims = _rows_to_claims(conn, rows, amap, include_rejected=False)
    return sorted(_dated_by(claims, as_of), key=_order)


def actor_sources(engine: Engine, actor: str) -> list[Source]:
    """The documents that carry a claim about the actor (merged ids included), one Source each: for counting
    documents and outlets without reading every claim."""
    with engine.connect() as conn:
        ids = sorted(actor_map(conn).members(actor))
        c = t.claims.c
        doc_ids = select(c.document_id).where(or_(c.head_id.in_(ids), c.tail_id.in_(ids))).distinct()
        rows = conn.execute(select(*SOURCE_COLUMNS).where(t.documents.c.id.in_(doc_ids))).all()
    return [Source(r.document_id, r.doc_id, r.title, r.url, r.publisher, r.published, r.time_anchor, r.cluster_id)
            for r in rows]


def link_counts(engine: Engine, xs: Collection[str], ys: Collection[str], *,
                exclude_types: Collection[str] = (), amap: ActorMap | None = None) -> dict[tuple[str, str], int]:
    """Asserting claims between any actor of ``xs`` and any of ``ys`` (either way), counted per unordered
    pair of actors after merges: a cheap GROUP BY for choosing a chain before reading any claim."""
    with engine.connect() as conn:
        amap = amap or actor_map(conn)
        left = sorted({m for a in xs for m in amap.members(a)})
        right = sorted({m for a in ys for m in amap.members(a)})
        if not left or not right:
            return {}
        c = t.claims.c
        query = (select(c.head_id, c.tail_id, func.count()).where(
            or_(and_(c.head_id.in_(left), c.tail_id.in_(right)), and_(c.head_id.in_(right), c.tail_id.in_(left))),
            c.negated.is_(False)).group_by(c.head_id, c.tail_id))
        if exclude_types:
            query = query.where(c.type.not_in(sorted(exclude_types)))
        out: dict[tuple[str, str], int] = {}
        for head, tail, n in conn.execute(query):
            key = tuple(sorted((amap(head), amap(tail))))
            out[key] = out.get(key, 0) + n
        return out

