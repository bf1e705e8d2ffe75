"""Records (StoredClaim, Relationship, answers) → the API's public models.

Names are looked up once per response by the caller and passed in, so converting never queries the
store. Confidence is rounded to four places: more digits only suggest a precision the score lacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from factionmap.api.schemas import (
    ActorPublic,
    ActorRefPublic,
    ClaimPublic,
    ConflictPublic,
    DecisionPublic,
    DocumentRef,
    ReferencePublic,
    RelationshipPublic,
    TimelinePointPublic,
    TimelineTrackPublic,
)
from factionmap.graph.relationships import Relationship
from factionmap.kb import ReferenceRelation
from factionmap.model import Source, StoredClaim
from factionmap.vocab import load_vocab

DIGITS = 4


def relationship_id(r: Relationship) -> str:
    return "|".join(r.key)


def names_in(rels: Iterable[Relationship]) -> set[str]:
    return {x for r in rels for x in (r.head, r.tail)}


def names_in_edges(edges: Iterable) -> set[str]:
    return {x for e in edges for x in (e.source, e.target)}


def document_ref(s: Source) -> DocumentRef:
    return DocumentRef(
        id=s.document_id, doc_id=s.doc_id, title=s.title, url=s.url, publisher=s.publisher, published=s.published
    )


def claim(c: StoredClaim, names: Mapping[str, str]) -> ClaimPublic:
    return ClaimPublic(
        id=c.id,
        head=c.head,
        head_name=names.get(c.head, c.head),
        type=c.type,
        tail=c.tail,
        tail_name=names.get(c.tail, c.tail),
        negated=c.negated,
        hedged=c.hedged,
        attributed_to=c.attributed_to,
        time=c.time,
        date=c.date,
        time_source=c.time_source,
        evidence=c.evidence,
        confidence=round(c.confidence, DIGITS),
        review=c.review,
        document=document_ref(c.source),
    )


def strongest_claims(r: Relationship, limit: int | None) -> tuple[StoredClaim, ...]:
    """At most ``limit`` of the relationship's claims: the analyst-accepted, then the most confident;
    kept in the relationship's order (oldest first). ``None``: all of them."""
    if limit is None or len(r.claims) <= limit:
        return r.claims
    rank = sorted(range(len(r.claims)), key=lambda i: (r.claims[i].review != "accepted", -r.claims[i].confidence, i))
    return tuple(r.claims[i] for i in sorted(rank[:limit]))


def relationship(r: Relationship, names: Mapping[str, str], max_claims: int | None = None) -> RelationshipPublic:
    return RelationshipPublic(
        id=relationship_id(r),
        head=r.head,
        head_name=names.get(r.head, r.head),
        type=r.type,
        tail=r.tail,
        tail_name=names.get(r.tail, r.tail),
        status=r.status,
        confidence=round(r.confidence, DIGITS),
        asserted=r.asserted,
        negated=r.negated,
        independent_sources=r.independent_sources,
        first_time=r.first_time,
        last_time=r.last_time,
        valid_from=r.valid_from,
        valid_to=r.valid_to,
        share_hedged=round(r.share_hedged, DIGITS),
        first_reported=r.first_reported,
        last_reported=r.last_reported,
        claim_count=len(r.claims),
        claims=[claim(c, names) for c in strongest_claims(r, max_claims)],
    )


def relationships(
    rels: Iterable[Relationship], names: Mapping[str, str], max_claims: int | None = None
) -> list[RelationshipPublic]:
    return [relationship(r, names, max_claims) for r in rels]


def reference(ref: ReferenceRelation, names: Mapping[str, str]) -> ReferencePublic:
    return ReferencePublic(
        head=ref.head,
        head_name=names.get(ref.head, ref.head),
        type=ref.type,
        tail=ref.tail,
        tail_name=names.get(ref.tail, ref.tail),
        start=ref.start,
        end=ref.end,
        source=ref.source,
        note=ref.note or "",
    )


def conflict(c) -> ConflictPublic:
    return ConflictPublic(kind=c.kind, reading=c.reading, changed_at=c.changed_at, narrative=c.narrative)


def candidate(ref) -> ActorRefPublic:
    return ActorRefPublic(id=ref.id, name=ref.name, type=ref.type)


def stand_in(ref) -> ActorPublic:
    """An actor known only by reference (neither stored nor in the knowledge base): what the answer names."""
    return ActorPublic(id=ref.id, name=ref.name, type=ref.type, aliases=[], country=[], provisional=True, claims=0)


def timeline(
    actor_id: str, rels: Iterable[Relationship], names: Mapping[str, str], max_points: int | None = None
) -> list[TimelineTrackPublic]:
    """One track per counterpart and type, as graph.network.timeline draws them: the bar runs from the dated
    start (else the first stated time) to the dated end (else the last stated time); tracks no sentence
    dates sort last. Claims dated only by their article are points marked ``time_source="article"``."""
    symmetric = load_vocab().symmetric
    tracks = []
    for r in rels:
        counterpart = r.tail if r.head == actor_id else r.head
        direction = "both" if r.type in symmetric else ("out" if r.head == actor_id else "in")
        points = [
            TimelinePointPublic(
                date=c.date,
                explicit=c.stated_time is not None,
                time_source="stated" if c.stated_time else "article",
                negated=c.negated,
                hedged=c.hedged,
                claim_id=c.id,
            )
            for c in r.claims
            if c.date
        ]
        if max_points is not None:
            points = points[-max_points:]  # the latest (claims are oldest first)
        tracks.append(
            TimelineTrackPublic(
                counterpart=counterpart,
                counterpart_name=names.get(counterpart, counterpart),
                type=r.type,
                direction=direction,
                start=r.valid_from or r.first_time,
                end=r.valid_to or r.last_time,
                points=points,
            )
        )
    tracks.sort(key=lambda x: (x.start or "9999", x.counterpart, x.type))
    return tracks


def decision(d) -> DecisionPublic:
    return DecisionPublic(
        id=d.id,
        kind=d.kind,
        claim_id=d.claim_id,
        actor_id=d.actor_id,
        into_id=d.into_id,
        reviewer=d.reviewer,
        note=d.note,
        decided_at=d.decided_at,
        reverted_at=d.reverted_at,
        reverted_by=d.reverted_by,
        in_force=d.in_force,
    )
