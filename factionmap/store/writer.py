"""The one write path: an extracted document goes into the store in one transaction, or not at all.

What happens to an article depends on what the store already has (``plan``):

1. the same text (fingerprint) extracted by this extractor version: nothing is extracted or added; a
   new URL, file or publisher for it is recorded as a copy;
2. the same text extracted by another version: its claims, mentions and events are replaced;
3. new text: a new document, clustered with its near-duplicates (dedupe.py) so that syndicated copies
   count as one source.

Every write for one document runs inside one transaction: if anything fails, the store is exactly as
it was before that document.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, delete, func, insert, or_, select, update

from factionmap.kb import alias_key
from factionmap.model import Article, Extraction, MentionMethod, time_source
from factionmap.store import relationships as rel
from factionmap.store import schema as t
from factionmap.store.db import bulk_insert, insert_ignore
from factionmap.store.dedupe import NEAR_DUPLICATE_JACCARD, Signature

MAX_ALIASES_STORED = 40  # per actor and document: the knowledge base's long alias lists are capped


@dataclass(frozen=True, slots=True)
class Existing:
    """A stored document with the same text as an incoming article."""

    document_id: int
    extractor_version: str


@dataclass(frozen=True, slots=True)
class WriteResult:
    status: str  # "new" | "replaced" | "copy" | "unchanged"
    document_id: int
    cluster_id: int
    claims: int = 0


def now() -> datetime:
    return datetime.now(UTC)


def find_existing(engine: Engine, sig: Signature) -> Existing | None:
    with engine.connect() as conn:
        row = conn.execute(
            select(t.documents.c.id, t.documents.c.extractor_version).where(
                t.documents.c.fingerprint == sig.fingerprint
            )
        ).first()
    return Existing(row.id, row.extractor_version) if row else None


def record_copy(engine: Engine, existing: Existing, article: Article) -> WriteResult:
    """The same text again: a copy if it comes from somewhere new, otherwise nothing at all."""
    with engine.begin() as conn:
        doc = conn.execute(select(t.documents).where(t.documents.c.id == existing.document_id)).one()
        seen = {(doc.doc_id, doc.url, doc.source)} | {
            (r.doc_id, r.url, r.source)
            for r in conn.execute(select(t.document_copies).where(t.document_copies.c.document_id == doc.id))
        }
        if (article.doc_id, article.url, article.source) in seen:
            return WriteResult("unchanged", doc.id, doc.cluster_id)
        conn.execute(
            insert(t.document_copies).values(
                document_id=doc.id,
                doc_id=article.doc_id,
                url=article.url,
                source=article.source,
                publisher=article.publisher,
                seen_at=now(),
            )
        )
        return WriteResult("copy", doc.id, doc.cluster_id)


def write_extraction(
    engine: Engine,
    extraction: Extraction,
    sig: Signature,
    existing: Existing | None,
    run_id: int | None,
    *,
    on_changed: rel.ChangeHook | None = None,
) -> WriteResult:
    """Store one document's extraction (new, or replacing an older extractor version's), atomically.

    ``on_changed``: called last, in the same transaction, with what changed (the claims removed and
    added, the document, the actors' new names), to keep the relationships table up to date
    (store/relationships.py says why it is passed in)."""
    with engine.begin() as conn:
        carried: dict[tuple, str] = {}
        removed: set[rel.RawKey] = set()
        if existing is not None:
            doc_id = existing.document_id
            carried = _reviewed_claims(conn, doc_id)
            if on_changed is not None:
                removed = rel.document_claim_keys(conn, [doc_id])
            _clear_document(conn, doc_id)
            conn.execute(
                update(t.documents)
                .where(t.documents.c.id == doc_id)
                .values(
                    extractor_version=extraction.extractor_version,
                    run_id=run_id,
                    ingested_at=now(),
                    time_anchor=extraction.time_anchor,
                    time_anchor_source=extraction.time_anchor_source,
                )
            )
            cluster = conn.execute(select(t.documents.c.cluster_id).where(t.documents.c.id == doc_id)).scalar_one()
            status = "replaced"
        else:
            doc_id, cluster = _insert_document(conn, extraction, sig, run_id)
            status = "new"
        names = _upsert_actors(conn, extraction, new_names=on_changed is not None)
        claims = _insert_content(conn, doc_id, extraction)
        if carried:
            _carry_reviews(conn, doc_id, carried)
        if on_changed is not None:
            added = rel.document_claim_keys(conn, [doc_id])
            appended = frozenset({doc_id}) if existing is None else frozenset()
            change = rel.Change(frozenset(removed | added), frozenset({doc_id}), names, appended=appended)
            rel.notify(conn, on_changed, change)
        return WriteResult(status, doc_id, cluster, claims)


def _insert_document(conn: Connection, ex: Extraction, sig: Signature, run_id: int | None) -> tuple[int, int]:
    a = ex.article
    doc_id = conn.execute(
        insert(t.documents)
        .values(
            doc_id=a.doc_id,
            fingerprint=sig.fingerprint,
            cluster_id=0,
            title=a.title,
            author=a.author,
            publisher=a.publisher,
            published=a.published,
            url=a.url,
            source=a.source,
            text=a.text,
            minhash=sig.minhash,
            time_anchor=ex.time_anchor,
            time_anchor_source=ex.time_anchor_source,
            extractor_version=ex.extractor_version,
            run_id=run_id,
            ingested_at=now(),
        )
        .returning(t.documents.c.id)
    ).scalar_one()
    cluster = _near_duplicate_cluster(conn, sig) or doc_id
    conn.execute(update(t.documents).where(t.documents.c.id == doc_id).values(cluster_id=cluster))
    bulk_insert(
        conn, t.document_bands, ({"band": b, "hash": h, "document_id": doc_id} for b, h in enumerate(sig.bands))
    )
    return doc_id, cluster


def _near_duplicate_cluster(conn: Connection, sig: Signature) -> int | None:
    """The cluster of the most similar stored document sharing an LSH band, if similar enough."""
    bands = t.document_bands
    conditions = [(bands.c.band == b) & (bands.c.hash == h) for b, h in enumerate(sig.bands)]
    candidates = conn.execute(
        select(t.documents.c.cluster_id, t.documents.c.minhash)
        .distinct()
        .join(bands, bands.c.document_id == t.documents.c.id)
        .where(or_(*conditions))
    ).all()
    best = max(((sig.similarity(r.minhash), r.cluster_id) for r in candidates if r.minhash), default=None)
    return best[1] if best and best[0] >= NEAR_DUPLICATE_JACCARD else None


def _claim_identity(row) -> tuple:
    """What stays the same when a newer extractor re-finds a claim (its id includes the version)."""
    return (row.head_id, row.type, row.tail_id, bool(row.negated), row.evidence_start)


def _reviewed_claims(conn: Connection, doc_id: int) -> dict[tuple, str]:
    """The document's claims that carry an analyst's decision, by identity, before they are replaced."""
    c, d = t.claims.c, t.review_decisions.c
    rows = conn.execute(
        select(c.id, c.head_id, c.type, c.tail_id, c.negated, c.evidence_start)
        .distinct()
        .join(t.review_decisions, d.claim_id == c.id)
        .where(c.document_id == doc_id)
    ).all()
    return {_claim_identity(r): r.id for r in rows}


def _carry_reviews(conn: Connection, doc_id: int, carried: dict[tuple, str]) -> None:
    """Point decisions on replaced claims at the new claims that say the same thing; a decision whose claim
    the newer extractor no longer finds keeps its old id (and so applies to nothing), for the record."""
    c = t.claims.c
    rows = conn.execute(
        select(c.id, c.head_id, c.type, c.tail_id, c.negated, c.evidence_start).where(c.document_id == doc_id)
    ).all()
    for r in rows:
        old = carried.get(_claim_identity(r))
        if old and old != r.id:
            conn.execute(update(t.review_decisions).where(t.review_decisions.c.claim_id == old).values(claim_id=r.id))


def _clear_document(conn: Connection, doc_id: int) -> None:
    for table in (t.claims, t.mentions, t.events):
        conn.execute(delete(table).where(table.c.document_id == doc_id))


def _upsert_actors(conn: Connection, ex: Extraction, *, new_names: bool = False) -> dict[str, frozenset[str]]:
    """Actors are shared by documents: insert the ones the store lacks, add new aliases, change nothing else.

    With ``new_names``, returns actor id -> the aliases it did not have before (else nothing is looked up)."""
    rows = [
        {
            "id": a.id,
            "name": a.name,
            "type": a.type,
            "provisional": a.provisional,
            "country": ",".join(a.country) or None,
            "sources": ",".join(a.sources) or None,
        }
        for a in ex.actors.values()
    ]
    insert_ignore(conn, t.actors, rows, ["id"])
    alias_rows: dict[tuple[str, str], dict] = {}
    surface: dict[str, set[str]] = {}
    for m in ex.mentions:
        if m.method != MentionMethod.COREF:
            surface.setdefault(m.actor_id, set()).add(m.text)
    for a in ex.actors.values():
        for name in [a.name, *sorted(surface.get(a.id, ())), *a.aliases[:MAX_ALIASES_STORED]]:
            key = alias_key(name)
            if key and (a.id, key) not in alias_rows:
                alias_rows[(a.id, key)] = {"actor_id": a.id, "alias": name, "norm": key[:300]}
    found: dict[str, set[str]] = {}
    if new_names:
        stored = rel.stored_alias_keys(conn, {actor for actor, _ in alias_rows})
        for row in alias_rows.values():
            if (row["actor_id"], row["norm"]) not in stored:
                found.setdefault(row["actor_id"], set()).add(row["alias"])
    insert_ignore(conn, t.aliases, list(alias_rows.values()), ["actor_id", "norm"])
    return {actor: frozenset(names) for actor, names in found.items()}


def _insert_content(conn: Connection, doc_id: int, ex: Extraction) -> int:
    version, doc_key = ex.extractor_version, ex.article.doc_id
    claims = {c.key(f"{doc_key}#{doc_id}", version): c for c in ex.claims}
    # The article's date as the reader will give it (the stored row's, which a replacement keeps).
    published, anchor = conn.execute(
        select(t.documents.c.published, t.documents.c.time_anchor).where(t.documents.c.id == doc_id)
    ).one()
    bulk_insert(
        conn,
        t.claims,
        (
            {
                "id": key,
                "document_id": doc_id,
                "head_id": c.head,
                "type": c.type,
                "tail_id": c.tail,
                "negated": c.negated,
                "hedged": c.hedged,
                "attributed_to": c.attributed_to,
                "time": c.time,
                "time_source": time_source(c.time, published or anchor),
                "evidence": c.evidence,
                "evidence_start": c.evidence_start,
                "evidence_end": c.evidence_end,
                "confidence": c.confidence,
                "rule": c.rule,
                "cue": c.cue,
                "head_text": c.head_text,
                "tail_text": c.tail_text,
            }
            for key, c in claims.items()
        ),
    )
    bulk_insert(
        conn,
        t.mentions,
        (
            {
                "document_id": doc_id,
                "actor_id": m.actor_id,
                "start": m.start,
                "end": m.end,
                "text": m.text,
                "method": m.method,
            }
            for m in ex.mentions
        ),
    )
    bulk_insert(
        conn,
        t.events,
        (
            {
                "document_id": doc_id,
                "type": e.type,
                "date": e.date,
                "location": e.location,
                "actors": ",".join(e.actors),
                "targets": ",".join(e.targets),
                "casualties": e.casualties,
                "evidence": e.evidence,
                "evidence_start": e.evidence_start,
                "evidence_end": e.evidence_end,
            }
            for e in ex.events
        ),
    )
    return len(claims)


def start_run(engine: Engine, command: str, extractor_version: str | None) -> int:
    with engine.begin() as conn:
        return conn.execute(
            insert(t.runs)
            .values(
                command=command,
                extractor_version=extractor_version,
                started_at=now(),
                documents=0,
                copies=0,
                failures=0,
            )
            .returning(t.runs.c.id)
        ).scalar_one()


def finish_run(engine: Engine, run_id: int, documents: int, copies: int, failures: int) -> None:
    with engine.begin() as conn:
        conn.execute(
            update(t.runs)
            .where(t.runs.c.id == run_id)
            .values(finished_at=now(), documents=documents, copies=copies, failures=failures)
        )


def counts(engine: Engine) -> dict[str, int]:
    """Row counts of the main tables (for summaries and tests)."""
    with engine.connect() as conn:
        return {
            name: conn.execute(select(func.count()).select_from(table)).scalar_one()
            for name, table in (
                ("documents", t.documents),
                ("copies", t.document_copies),
                ("claims", t.claims),
                ("actors", t.actors),
                ("mentions", t.mentions),
                ("events", t.events),
                ("reference_relations", t.reference_relations),
            )
        }
