"""Reading claims back, with analysts' decisions applied: the one read path every query and export uses.

Decisions are applied here and nowhere else, so a query, an export and the web map can never disagree:
a rejected claim is left out (unless asked for), an accepted one is marked, and an actor merged into
another counts as that other everywhere (``ActorMap``). Queries select by indexed columns only (the
claims table has (head, tail, type, negated) and (tail, head, type, negated) indexes: a pair lookup uses
their first two columns, a walk over the network or a count of claims per link reads the index alone),
which keeps a pair lookup in milliseconds at a million claims.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, and_, exists, func, or_, select, tuple_

from factionmap import deadline
from factionmap.model import Actor, Claim, DecisionKind, ReviewVerdict, Source, StoredClaim, TimeSource, claim_order
from factionmap.store import schema as t
from factionmap.store.db import is_row_id, one_of

# Claims are read without their documents, then each document once (:func:`sources`): a pair's claims
# name a few hundred documents, and joining them in SQL made PostgreSQL hash the whole documents table
# for every answer. Rows are unpacked as tuples, in this order (attribute access on rows cost more than
# the rest of the conversion).
CLAIM_COLUMNS = (
    t.claims.c.id,
    t.claims.c.document_id,
    t.claims.c.head_id,
    t.claims.c.type,
    t.claims.c.tail_id,
    t.claims.c.negated,
    t.claims.c.hedged,
    t.claims.c.attributed_to,
    t.claims.c.time,
    t.claims.c.evidence,
    t.claims.c.evidence_start,
    t.claims.c.evidence_end,
    t.claims.c.confidence,
    t.claims.c.rule,
    t.claims.c.time_source,
)
SOURCE_COLUMNS = (
    t.documents.c.id,
    t.documents.c.doc_id,
    t.documents.c.title,
    t.documents.c.url,
    t.documents.c.publisher,
    t.documents.c.published,
    t.documents.c.time_anchor,
    t.documents.c.cluster_id,
)
DECISION, VERDICT = len(CLAIM_COLUMNS), len(CLAIM_COLUMNS) + 1  # where _select() puts the verdict in force


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
    rows = conn.execute(
        select(d.c.kind, d.c.actor_id, d.c.into_id)
        .where(d.c.kind.in_((DecisionKind.MERGE, DecisionKind.SPLIT)), d.c.reverted_at.is_(None))
        .order_by(d.c.id)
    ).all()
    split = {frozenset((r.actor_id, r.into_id)) for r in rows if r.kind == DecisionKind.SPLIT}
    into = {
        r.actor_id: r.into_id
        for r in rows
        if r.kind == DecisionKind.MERGE and frozenset((r.actor_id, r.into_id)) not in split
    }
    canonical: dict[str, str] = {}
    for start in into:
        seen, node = {start}, start
        while node in into and into[node] not in seen:
            node = into[node]
            seen.add(node)
        canonical[start] = node
    return ActorMap(canonical)


def sources(
    conn: Connection, document_ids: Collection[int], known: dict[int, Source] | None = None
) -> dict[int, Source]:
    """Document id -> :class:`Source`, one indexed read per chunk of ids. ``known``: sources already read
    (a streaming read keeps one map for all its batches); it is filled in and returned."""
    out = {} if known is None else known
    for condition in one_of(conn, t.documents.c.id, set(document_ids) - out.keys()):
        for row in conn.execute(select(*SOURCE_COLUMNS).where(condition)).all():
            out[row[0]] = Source(*row)
    return out


def _rows_to_claims(
    conn: Connection, rows, amap: ActorMap, include_rejected: bool, known: dict[int, Source] | None = None
) -> list[StoredClaim]:
    """StoredClaims from :func:`_select` rows, with their sources and the verdicts in force.

    A claim with several verdicts in force comes in several rows (one per verdict): the latest verdict
    (highest decision id) is the one that counts, and the claim is made once."""
    docs = sources(conn, {r[1] for r in rows}, known)
    latest: dict[str, tuple[int, str]] = {}
    for r in rows:
        if r[DECISION] is not None and (r[0] not in latest or r[DECISION] > latest[r[0]][0]):
            latest[r[0]] = (r[DECISION], r[VERDICT])
    canonical = amap.canonical
    made: set[str] = set()
    out = []
    deadline.check()
    for (
        cid,
        doc,
        head,
        type_,
        tail,
        negated,
        hedged,
        attributed_to,
        time,
        evidence,
        start,
        end,
        confidence,
        rule,
        time_source,
        decision,
        _kind,
    ) in rows:
        verdict = None
        if decision is not None:
            if cid in made:
                continue
            made.add(cid)
            verdict = ReviewVerdict.ACCEPTED if latest[cid][1] == DecisionKind.ACCEPT else ReviewVerdict.REJECTED
            if verdict == ReviewVerdict.REJECTED and not include_rejected:
                continue
        out.append(
            StoredClaim(
                cid,
                Claim(
                    head,
                    type_,
                    tail,
                    bool(negated),
                    bool(hedged),
                    attributed_to,
                    time,
                    evidence,
                    start,
                    end,
                    float(confidence),
                    rule,
                ),
                docs[doc],
                verdict,
                canonical.get(head, head),
                canonical.get(tail, tail),
                TimeSource(time_source) if time_source else None,
            )
        )
    return out


def rejected():
    """SQL: the claim (``claims`` of the enclosing query) is rejected: its newest verdict in force is a
    rejection (what :func:`_rows_to_claims` decides from the verdict rows)."""
    c = t.claims.c
    r, later = t.review_decisions.alias("r").c, t.review_decisions.alias("later").c
    verdicts = (DecisionKind.ACCEPT, DecisionKind.REJECT)
    return exists().where(
        r.claim_id == c.id,
        r.kind == DecisionKind.REJECT,
        r.reverted_at.is_(None),
        ~exists().where(
            later.claim_id == r.claim_id, later.kind.in_(verdicts), later.reverted_at.is_(None), later.id > r.id
        ),
    )


def actor_sources(engine: Engine, actor_id: str, amap: ActorMap) -> dict[int, int]:
    """Document id -> how many of its claims (not rejected) have the actor (merged ids included) at an end:
    an actor profile's documents and outlets, without reading the claims themselves."""
    c = t.claims.c
    members = sorted(amap.members(actor_id))
    query = (
        select(c.document_id, func.count())
        .where(or_(c.head_id.in_(members), c.tail_id.in_(members)), ~rejected())
        .group_by(c.document_id)
    )
    with engine.connect() as conn:
        return {doc: n for doc, n in conn.execute(query)}


def _select():
    """Claims with the verdict in force on each, if any (a claim with two verdicts in force is two rows)."""
    d = t.review_decisions.c
    in_force = and_(
        d.claim_id == t.claims.c.id, d.kind.in_((DecisionKind.ACCEPT, DecisionKind.REJECT)), d.reverted_at.is_(None)
    )
    return select(*CLAIM_COLUMNS, d.id, d.kind).select_from(t.claims.outerjoin(t.review_decisions, in_force))


def _dated_by(claims: list[StoredClaim], as_of: str | None) -> list[StoredClaim]:
    """Claims the map had as of a date: dated on or before it, or undated (no bound to apply).

    A claim dated only by its article counts from the article's date: the map "as of 2020" does not
    know what an article of 2024 reports, even when it may have held earlier."""
    if not as_of:
        return claims
    return [c for c in claims if c.date is None or c.date[: len(as_of)] <= as_of]


def claims_between(
    engine: Engine,
    a: str,
    b: str,
    *,
    as_of: str | None = None,
    include_rejected: bool = False,
    amap: ActorMap | None = None,
) -> list[StoredClaim]:
    """Claims in either direction between two actors (merged ids included), oldest first."""
    with engine.connect() as conn:
        claims = claims_between_conn(conn, a, b, include_rejected=include_rejected, amap=amap)
    return _dated_by(claims, as_of)


def claims_between_conn(
    conn: Connection, a: str, b: str, *, include_rejected: bool = False, amap: ActorMap | None = None
) -> list[StoredClaim]:
    """:func:`claims_between` on an open connection (inside a writing transaction, it sees the writes)."""
    amap = amap or actor_map(conn)
    left, right = sorted(amap.members(a)), sorted(amap.members(b))
    c = t.claims.c
    where = or_(and_(c.head_id.in_(left), c.tail_id.in_(right)), and_(c.head_id.in_(right), c.tail_id.in_(left)))
    rows = conn.execute(_select().where(where)).all()
    return sorted(_rows_to_claims(conn, rows, amap, include_rejected), key=claim_order)


PAIR_CHUNK = 200  # (head, tail) pairs per row-value IN list


def claims_of_pairs(
    conn: Connection,
    pairs: Collection[tuple[str, str]],
    amap: ActorMap,
    *,
    known: dict[int, Source] | None = None,
) -> list[StoredClaim]:
    """Claims not rejected whose stored (head_id, tail_id) is one of ``pairs`` (exactly: no merged members
    added, no reversal), oldest first, on an open connection: many pairs' claims in a few reads."""
    c = t.claims.c
    ordered = sorted(set(pairs))
    rows: list = []
    for i in range(0, len(ordered), PAIR_CHUNK):
        rows += conn.execute(_select().where(tuple_(c.head_id, c.tail_id).in_(ordered[i : i + PAIR_CHUNK]))).all()
    return sorted(_rows_to_claims(conn, rows, amap, include_rejected=False, known=known), key=claim_order)


def claims_of_documents(conn: Connection, document_ids: Collection[int], amap: ActorMap) -> list[StoredClaim]:
    """The documents' claims not rejected, oldest first, on an open connection (a writer's transaction)."""
    rows: list = []
    for condition in one_of(conn, t.claims.c.document_id, document_ids):
        rows += conn.execute(_select().where(condition)).all()
    return sorted(_rows_to_claims(conn, rows, amap, include_rejected=False), key=claim_order)


def claims_of(
    engine: Engine,
    actor: str,
    *,
    types: Collection[str] | None = None,
    as_of: str | None = None,
    include_rejected: bool = False,
) -> list[StoredClaim]:
    """Claims where the actor is head or tail (merged ids included), oldest first."""
    with engine.connect() as conn:
        amap = actor_map(conn)
        ids = sorted(amap.members(actor))
        c = t.claims.c
        query = _select().where(or_(c.head_id.in_(ids), c.tail_id.in_(ids)))
        if types:
            query = query.where(c.type.in_(sorted(types)))
        claims = _rows_to_claims(conn, conn.execute(query).all(), amap, include_rejected)
    return sorted(_dated_by(claims, as_of), key=claim_order)


def iter_claims(
    engine: Engine, *, as_of: str | None = None, include_rejected: bool = False, batch: int = 20_000
) -> Iterator[StoredClaim]:
    """Every claim, streamed in batches (for exports and the whole-network views)."""
    with engine.connect() as conn:
        yield from iter_claims_conn(conn, as_of=as_of, include_rejected=include_rejected, batch=batch)


def iter_claims_conn(
    conn: Connection, *, as_of: str | None = None, include_rejected: bool = False, batch: int = 20_000
) -> Iterator[StoredClaim]:
    """:func:`iter_claims` on an open connection (a migration's or a rebuild's transaction)."""
    amap = actor_map(conn)
    known: dict[int, Source] = {}
    last = ""
    while True:
        deadline.check()
        # The latest verdict first, so a batch that ends inside a claim's rows has already seen it.
        rows = conn.execute(
            _select().where(t.claims.c.id > last).order_by(t.claims.c.id, t.review_decisions.c.id.desc()).limit(batch)
        ).all()
        if not rows:
            return
        last = rows[-1][0]
        yield from _dated_by(_rows_to_claims(conn, rows, amap, include_rejected, known=known), as_of)


def actors(engine: Engine, ids: Collection[str]) -> dict[str, Actor]:
    """The stored actors with these ids, with their stored aliases (for exports and pictures)."""
    with engine.connect() as conn:
        return actors_conn(conn, ids)


def actors_conn(conn: Connection, ids: Collection[str]) -> dict[str, Actor]:
    """:func:`actors` on an open connection."""
    out: dict[str, Actor] = {}
    names: dict[str, list[str]] = {}
    for condition in one_of(conn, t.aliases.c.actor_id, ids):
        for r in conn.execute(
            select(t.aliases.c.actor_id, t.aliases.c.alias).where(condition).order_by(t.aliases.c.alias)
        ):
            names.setdefault(r.actor_id, []).append(r.alias)
    for condition in one_of(conn, t.actors.c.id, ids):
        for r in conn.execute(select(t.actors).where(condition)):
            aliases = tuple(a for a in names.get(r.id, []) if a != r.name)
            out[r.id] = Actor(
                r.id,
                r.name,
                r.type,
                aliases,
                tuple((r.country or "").split(",")) if r.country else (),
                bool(r.provisional),
                tuple((r.sources or "").split(",")) if r.sources else (),
            )
    return out


def ingestion_dates(engine: Engine) -> dict[int, str]:
    """Document id -> when it was (last) ingested, ISO: what the watchlist compares ``since`` with."""
    with engine.connect() as conn:
        return {
            r.id: r.ingested_at.isoformat() for r in conn.execute(select(t.documents.c.id, t.documents.c.ingested_at))
        }


def _new_claims(since: str, by_ingestion: bool):
    """The FROM and WHERE of claims new since ``since``: of documents ingested since then, or with a time
    their sentence states on or after it (graph.contradictions.is_new's rule, in SQL)."""
    c = t.claims.c
    if by_ingestion:
        year, month, day = (int(x) for x in [*since.split("-"), "1", "1"][:3])
        start = datetime(year, month, day, tzinfo=UTC)
        return t.claims.join(t.documents, t.documents.c.id == c.document_id), t.documents.c.ingested_at >= start
    return t.claims, and_(c.time_source == TimeSource.STATED, c.time >= since)


def count_new_claims(engine: Engine, since: str, *, by_ingestion: bool) -> int:
    """How many claims the watchlist would call new since ``since`` (ISO date, as precise as wanted), counted
    in SQL so a caller can refuse a watchlist too large to compute."""
    tables, new = _new_claims(since, by_ingestion)
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(tables).where(new)).scalar_one()


def new_claim_pairs(conn: Connection, since: str, *, by_ingestion: bool) -> set[tuple[str, str]]:
    """(head_id, tail_id) as stored of the claims new since ``since`` (the pairs the watchlist looks at)."""
    c = t.claims.c
    tables, new = _new_claims(since, by_ingestion)
    return {(h, tl) for h, tl in conn.execute(select(c.head_id, c.tail_id).distinct().select_from(tables).where(new))}


def neighbours(
    engine: Engine,
    actor_ids: Collection[str],
    *,
    exclude_types: Collection[str] = (),
    limit: int = 5_000,
    amap: ActorMap | None = None,
) -> set[str]:
    """Actors with a claim to or from any of ``actor_ids`` (merged ids counted as their actor): one
    indexed query per side and chunk, for walking the network without loading it."""
    with engine.connect() as conn:
        amap = amap or actor_map(conn)
        ids = {m for a in actor_ids for m in amap.members(a)}
        c = t.claims.c
        found: set[str] = set()
        for mine, other in ((c.head_id, c.tail_id), (c.tail_id, c.head_id)):
            for condition in one_of(conn, mine, ids):
                query = select(other).distinct().where(condition)
                if exclude_types:
                    query = query.where(c.type.not_in(sorted(exclude_types)))
                found.update(amap(x) for x in conn.execute(query.limit(limit)).scalars())
        return found - {amap(a) for a in actor_ids}


def claims_linking(
    engine: Engine, xs: Collection[str], ys: Collection[str], *, as_of: str | None = None, amap: ActorMap | None = None
) -> list[StoredClaim]:
    """Claims between any actor of ``xs`` and any of ``ys``, either way (merged ids included)."""
    with engine.connect() as conn:
        amap = amap or actor_map(conn)
        left = sorted({m for a in xs for m in amap.members(a)})
        right = sorted({m for a in ys for m in amap.members(a)})
        if not left or not right:
            return []
        c = t.claims.c
        rows = conn.execute(
            _select().where(
                or_(and_(c.head_id.in_(left), c.tail_id.in_(right)), and_(c.head_id.in_(right), c.tail_id.in_(left)))
            )
        ).all()
        claims = _rows_to_claims(conn, rows, amap, include_rejected=False)
    return sorted(_dated_by(claims, as_of), key=claim_order)


def link_counts(
    engine: Engine,
    xs: Collection[str],
    ys: Collection[str],
    *,
    exclude_types: Collection[str] = (),
    amap: ActorMap | None = None,
) -> dict[tuple[str, str], int]:
    """Asserting claims between any actor of ``xs`` and any of ``ys`` (either way), counted per unordered
    pair of actors after merges: a cheap GROUP BY for choosing a chain before reading any claim."""
    with engine.connect() as conn:
        amap = amap or actor_map(conn)
        left = sorted({m for a in xs for m in amap.members(a)})
        right = sorted({m for a in ys for m in amap.members(a)})
        if not left or not right:
            return {}
        c = t.claims.c
        query = (
            select(c.head_id, c.tail_id, func.count())
            .where(
                or_(and_(c.head_id.in_(left), c.tail_id.in_(right)), and_(c.head_id.in_(right), c.tail_id.in_(left))),
                c.negated.is_(False),
            )
            .group_by(c.head_id, c.tail_id)
        )
        if exclude_types:
            query = query.where(c.type.not_in(sorted(exclude_types)))
        out: dict[tuple[str, str], int] = {}
        for head, tail, n in conn.execute(query):
            a, b = amap(head), amap(tail)
            key = (a, b) if a <= b else (b, a)
            out[key] = out.get(key, 0) + n
        return out


# --- one claim, one document -----------------------------------------------------------------------
# An analyst looking up a claim by id, or reading a document's claims, must also see the rejected ones
# (marked), so these include them.


def claim(engine: Engine, claim_id: str) -> StoredClaim | None:
    """One claim by id, rejected or not, with merges applied and its verdict attached."""
    found = _claims_where(engine, t.claims.c.id == claim_id)
    return found[0] if found else None


def document_claims(engine: Engine, document_id: int) -> list[StoredClaim]:
    """A document's claims in text order, rejected ones included (marked)."""
    return _claims_where(engine, t.claims.c.document_id == document_id)


def _claims_where(engine: Engine, condition) -> list[StoredClaim]:
    with engine.connect() as conn:
        rows = conn.execute(_select().where(condition).order_by(t.claims.c.evidence_start, t.claims.c.id)).all()
        return _rows_to_claims(conn, rows, actor_map(conn), include_rejected=True)


def document(engine: Engine, document_id: int):
    """The stored document row (text and metadata), or None (an id out of the store's range included)."""
    if not is_row_id(document_id):
        return None
    with engine.connect() as conn:
        return conn.execute(select(t.documents).where(t.documents.c.id == document_id)).first()


def mentions(engine: Engine, document_id: int) -> list[tuple]:
    """A document's actor mentions in text order: (start, end, text, actor id after merges, actor name,
    actor type)."""
    m, a = t.mentions.c, t.actors.c
    with engine.connect() as conn:
        amap = actor_map(conn)
        rows = conn.execute(
            select(m.start, m.end, m.text, m.actor_id).where(m.document_id == document_id).order_by(m.start, m.end)
        ).all()
        ids = sorted({amap(r.actor_id) for r in rows})
        found = {r.id: r for r in conn.execute(select(a.id, a.name, a.type).where(a.id.in_(ids)))} if ids else {}
    out = []
    for r in rows:
        actor_id = amap(r.actor_id)
        row = found.get(actor_id)
        out.append((r.start, r.end, r.text, actor_id, row.name if row else actor_id, row.type if row else "UNKNOWN"))
    return out
