"""Small reads only the API needs: pages of documents, actor search and claim counts, the documents of an
ingest run, and the store's version (one claim, a document and its claims and mentions are read by
``store.reader``, which the web pages share).

SQLAlchemy Core only, every value a bound parameter.
"""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Engine, func, select, union_all

from factionmap.api.schemas import ActorPublic
from factionmap.kb import alias_key
from factionmap.store import reader
from factionmap.store import schema as t
from factionmap.store.db import one_of

SEARCH_SCAN = 200  # alias rows read per kind of match before ranking: a typed prefix rarely fits more


def store_version(engine: Engine) -> tuple:
    """Changes whenever what the map shows can change: an ingest run starts or ends, a decision is made or
    reverted. Four indexed aggregates, well under a millisecond at 100,000 claims."""
    d = t.review_decisions.c
    with engine.connect() as conn:
        runs = conn.execute(select(func.max(t.runs.c.id), func.max(t.runs.c.finished_at))).one()
        decisions = conn.execute(select(func.count(), func.max(d.id), func.count(d.reverted_at))).one()
    return (runs[0], str(runs[1]), *decisions)


def documents_page(engine: Engine, limit: int, offset: int) -> tuple[list, int]:
    """Documents newest first (by store id), without their text, and how many there are."""
    d = t.documents.c
    with engine.connect() as conn:
        rows = conn.execute(
            select(d.id, d.doc_id, d.title, d.author, d.publisher, d.published, d.url, d.extractor_version)
            .order_by(d.id.desc())
            .limit(limit)
            .offset(offset)
        ).all()
        total = conn.execute(select(func.count()).select_from(t.documents)).scalar_one()
    return rows, total


def run_document_ids(engine: Engine, run_id: int) -> list[int]:
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(t.documents.c.id).where(t.documents.c.run_id == run_id).order_by(t.documents.c.id)
            ).scalars()
        )


# --- actors ----------------------------------------------------------------------------------------


def claim_counts(engine: Engine, ids: Collection[str]) -> dict[str, int]:
    """Claims with each actor at either end (stored ids, before merges)."""
    c = t.claims.c
    counts = dict.fromkeys(sorted(set(ids)), 0)
    with engine.connect() as conn:
        for column in (c.head_id, c.tail_id):
            for condition in one_of(conn, column, counts):
                for actor_id, n in conn.execute(select(column, func.count()).where(condition).group_by(column)):
                    counts[actor_id] += n
    return counts


def actor_publics(engine: Engine, kb, ids: Collection[str]) -> dict[str, ActorPublic]:
    """ActorPublic for each id the store (or, failing that, the knowledge base) knows; others are left out."""
    stored = reader.actors(engine, ids)
    counts = claim_counts(engine, stored)
    out = {
        i: ActorPublic(
            id=i,
            name=a.name,
            type=a.type,
            aliases=list(a.aliases),
            country=list(a.country),
            provisional=a.provisional,
            claims=counts.get(i, 0),
        )
        for i, a in stored.items()
    }
    for i in set(ids) - set(stored):
        if i in kb:
            a = kb.actor(i)
            out[i] = ActorPublic(
                id=i,
                name=a.name,
                type=a.type,
                aliases=list(a.aliases),
                country=list(a.country),
                provisional=False,
                claims=0,
            )
    return out


def busiest_actor_ids(engine: Engine, limit: int) -> tuple[list[str], int]:
    """Actors with the most claims first (the default list), and how many actors there are."""
    c = t.claims.c
    ends = union_all(select(c.head_id.label("actor_id")), select(c.tail_id.label("actor_id"))).subquery()
    with engine.connect() as conn:
        amap = reader.actor_map(conn)
        rows = conn.execute(
            select(ends.c.actor_id, func.count().label("n"))
            .group_by(ends.c.actor_id)
            .order_by(func.count().desc(), ends.c.actor_id)
            .limit(limit + len(amap.canonical))
        )
        ranked = list(dict.fromkeys(amap(r.actor_id) for r in rows))
        total = conn.execute(select(func.count()).select_from(t.actors)).scalar_one() - len(amap.canonical)
    return ranked[:limit], max(total, 0)


def search_actor_ids(engine: Engine, text: str) -> list[str]:
    """Actors with an alias equal to the typed name, then starting with it, then with a word starting with it
    (all after the store's alias normalisation), as the actors they now count as. Misspellings are the
    resolver's job (the caller adds its answer)."""
    key = alias_key(text)
    if not key:
        return []
    norm = t.aliases.c.norm
    rows = []
    with engine.connect() as conn:
        amap = reader.actor_map(conn)
        for condition in (norm.startswith(key, autoescape=True), norm.contains(" " + key, autoescape=True)):
            rows += conn.execute(select(t.aliases.c.actor_id, norm).where(condition).limit(SEARCH_SCAN)).all()

    def score(row) -> tuple:
        return (row.norm != key, not row.norm.startswith(key), len(row.norm), row.actor_id)

    return list(dict.fromkeys(amap(r.actor_id) for r in sorted(rows, key=score)))
