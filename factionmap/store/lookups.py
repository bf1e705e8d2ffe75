"""Small reads the questions and the API need besides claims: the candidates a typed name may mean, actor
search and claim counts, pages of documents, the documents of an ingest run, and the store's version
(claims, documents and actors are read by ``store.reader``).

All SQL of the read side lives in ``store/``; the layers above call functions. SQLAlchemy Core only,
every value a bound parameter.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import Engine, Row, func, or_, select, union_all

from factionmap.kb import alias_key
from factionmap.store import reader
from factionmap.store import schema as t
from factionmap.store.db import one_of

SEARCH_SCAN = 200  # alias rows read per kind of match before ranking: a typed prefix rarely fits more


def store_version(engine: Engine) -> tuple:
    """Changes whenever what the answers aggregated from claims can change: an ingest run starts or ends, a
    decision is made or reverted. Four indexed aggregates, well under a millisecond at a million claims."""
    d = t.review_decisions.c
    with engine.connect() as conn:
        runs = conn.execute(select(func.max(t.runs.c.id), func.max(t.runs.c.finished_at))).one()
        decisions = conn.execute(select(func.count(), func.max(d.id), func.count(d.reverted_at))).one()
    return (runs[0], str(runs[1]), *decisions)


def map_version(engine: Engine) -> tuple:
    """:func:`store_version` and the latest document: the map reads the relationships table, which moves
    with each stored document, so a long ``watch`` or ingest shows on the map as it goes (the answers that
    aggregate claims keep to :func:`store_version`: re-aggregating after every article would not keep up)."""
    with engine.connect() as conn:
        latest = conn.execute(select(func.max(t.documents.c.id))).scalar()
    return (*store_version(engine), latest)


def documents_page(engine: Engine, limit: int, offset: int) -> tuple[Sequence[Row], int]:
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
    """Claims with each actor at either end (stored ids, before merges), in one statement."""
    c = t.claims.c
    counts = dict.fromkeys(sorted(set(ids)), 0)
    if not counts:
        return counts
    with engine.connect() as conn:
        parts = [
            select(column.label("actor_id"), func.count().label("n")).where(condition).group_by(column)
            for column in (c.head_id, c.tail_id)
            for condition in one_of(conn, column, counts)
        ]
        for actor_id, n in conn.execute(union_all(*parts)):
            counts[actor_id] += n
    return counts


def name_candidates(engine: Engine, name: str, key: str) -> Sequence[Row]:
    """Stored actors (id, name, type) a typed name may mean exactly: the actor with that id as typed, the
    one whose id is the folded name with underscores, and those with an alias whose folded form is ``key``;
    one statement (what the resolver tries before fuzzy matching)."""
    a = t.actors.c
    ids = {name, key.replace(" ", "_")} if key else {name}
    with engine.connect() as conn:
        return conn.execute(
            select(a.id, a.name, a.type)
            .where(or_(a.id.in_(sorted(ids)), a.id.in_(select(t.aliases.c.actor_id).where(t.aliases.c.norm == key))))
            .order_by(a.id)
        ).all()


def actor_ref(engine: Engine, actor_id: str) -> Row | None:
    """One stored actor's (id, name, type), or None."""
    a = t.actors.c
    with engine.connect() as conn:
        return conn.execute(select(a.id, a.name, a.type).where(a.id == actor_id)).first()


def alias_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.aliases)).scalar_one()


def all_aliases(engine: Engine) -> Sequence[Row]:
    """Every stored alias as (norm, alias, actor_id): what a misspelling is matched against."""
    with engine.connect() as conn:
        return conn.execute(select(t.aliases.c.norm, t.aliases.c.alias, t.aliases.c.actor_id)).all()


def stored_aliases(engine: Engine, actor_id: str) -> list[str]:
    """An actor's stored aliases, its name among them, alphabetically."""
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(t.aliases.c.alias).where(t.aliases.c.actor_id == actor_id).order_by(t.aliases.c.alias)
            ).scalars()
        )


def document_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.documents)).scalar_one()


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
    rows: list[Row] = []
    with engine.connect() as conn:
        amap = reader.actor_map(conn)
        for condition in (norm.startswith(key, autoescape=True), norm.contains(" " + key, autoescape=True)):
            rows += conn.execute(select(t.aliases.c.actor_id, norm).where(condition).limit(SEARCH_SCAN)).all()

    def score(row) -> tuple:
        return (row.norm != key, not row.norm.startswith(key), len(row.norm), row.actor_id)

    return list(dict.fromkeys(amap(r.actor_id) for r in sorted(rows, key=score)))


def map_actors(engine: Engine, ids: Collection[str]) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    """Actor id -> (name, type, countries) of the stored ones among ``ids``: what a map node shows, without
    the aliases (a map answer names up to thousands of actors)."""
    a = t.actors.c
    out = {}
    with engine.connect() as conn:
        for condition in one_of(conn, a.id, ids):
            for i, name, type_, country in conn.execute(select(a.id, a.name, a.type, a.country).where(condition)):
                out[i] = (name, type_, tuple(country.split(",")) if country else ())
    return out


def countries(engine: Engine) -> set[str]:
    """Every country an actor of the store is recorded in (the map's regions)."""
    with engine.connect() as conn:
        rows = conn.execute(select(t.actors.c.country).distinct().where(t.actors.c.country.is_not(None))).scalars()
        return {c for row in rows for c in row.split(",") if c}
