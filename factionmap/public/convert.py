"""Records and answers → their public models (:mod:`factionmap.public.records`): the one place they are built.

The CLI's ``--json``, the API and the JSON export call these functions, so a claim, a relationship or an
answer has one shape wherever it is read. Names come from the answer (``actors``, read once with it) or
a mapping the caller read once; converting never queries the store. Confidence is rounded to four
places: more digits only suggest a precision the score lacks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from factionmap.graph import network
from factionmap.graph.contradictions import Change, Conflict
from factionmap.graph.reference_compare import Comparison
from factionmap.graph.relationships import Relationship
from factionmap.model import Actor, ActorRef, ReferenceRelation, ReviewVerdict, Source, StoredClaim, TimeSource
from factionmap.public.records import (
    ActorProfile,
    ActorPublic,
    ActorRefPublic,
    AskPublic,
    ChangePublic,
    ClaimPublic,
    ComparisonPublic,
    ConflictPublic,
    DecisionPublic,
    DocumentPublic,
    DocumentRef,
    MentionPublic,
    OutletPublic,
    PathPublic,
    ReferencePublic,
    RelationAnswerPublic,
    RelationshipPublic,
    TimelinePointPublic,
    TimelineTrackPublic,
)
from factionmap.queries.answers import ActorAnswer, AskAnswer, DocumentAnswer, PathAnswer, RelationAnswer
from factionmap.vocab import load_vocab

DIGITS = 4


def names_in(rels: Iterable[Relationship]) -> set[str]:
    return {x for r in rels for x in (r.head, r.tail)}


def names_in_edges(edges: Iterable) -> set[str]:
    return {x for e in edges for x in (e.source, e.target)}


def actor(a: Actor, claims: int | None) -> ActorPublic:
    """An actor's record; ``claims`` is None where nothing counted them (an export)."""
    return ActorPublic(
        id=a.id,
        name=a.name,
        type=a.type,
        aliases=[x for x in a.aliases if x != a.name],
        country=list(a.country),
        provisional=a.provisional,
        claims=claims,
    )


def actors(known: Mapping[str, Actor], counts: Mapping[str, int]) -> dict[str, ActorPublic]:
    """Records of the actors read with :meth:`Queries.known`, with their claim counts."""
    return {i: actor(a, counts.get(i, 0)) for i, a in known.items()}


def answer_actor(ref: ActorRef, actors: Mapping[str, Actor], counts: Mapping[str, int]) -> ActorPublic:
    """The record of an actor an answer is about: as stored or known, else a stand-in for the name."""
    found = actors.get(ref.id)
    return actor(found, counts.get(ref.id, 0)) if found is not None else stand_in(ref)


def stand_in(ref: ActorRef) -> ActorPublic:
    """An actor known only by reference (neither stored nor in the knowledge base): what the answer names."""
    return ActorPublic(id=ref.id, name=ref.name, type=ref.type, aliases=[], country=[], provisional=True, claims=0)


def candidate(ref: ActorRef) -> ActorRefPublic:
    return ActorRefPublic(id=ref.id, name=ref.name, type=ref.type)


def document_ref(s: Source) -> DocumentRef:
    return DocumentRef(
        id=s.document_id,
        doc_id=s.doc_id,
        title=s.title,
        url=s.url,
        publisher=s.publisher,
        published=s.published,
        outlet=s.outlet_name,
        cluster_id=s.cluster_id,
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
        time_source=c.time_source or TimeSource.NONE,  # StoredClaim sets it; None only before __post_init__
        evidence=c.evidence,
        evidence_start=c.evidence_start,
        evidence_end=c.evidence_end,
        rule=c.rule,
        confidence=round(c.confidence, DIGITS),
        review=c.review,
        document=document_ref(c.source),
    )


def strongest_claims(r: Relationship, limit: int | None) -> tuple[StoredClaim, ...]:
    """At most ``limit`` of the relationship's claims: the analyst-accepted, then the most confident;
    kept in the relationship's order (oldest first). ``None``: all of them."""
    if limit is None or len(r.claims) <= limit:
        return r.claims
    rank = sorted(
        range(len(r.claims)), key=lambda i: (r.claims[i].review != ReviewVerdict.ACCEPTED, -r.claims[i].confidence, i)
    )
    return tuple(r.claims[i] for i in sorted(rank[:limit]))


def relationship(r: Relationship, names: Mapping[str, str], max_claims: int | None = None) -> RelationshipPublic:
    return RelationshipPublic(
        id=r.id,
        head=r.head,
        head_name=names.get(r.head, r.head),
        type=r.type,
        tail=r.tail,
        tail_name=names.get(r.tail, r.tail),
        symmetric=r.type in load_vocab().symmetric,
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
        claim_count=r.claim_count,
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


def conflict(c: Conflict) -> ConflictPublic:
    return ConflictPublic(kind=c.kind, reading=c.reading, changed_at=c.changed_at, narrative=c.narrative)


def comparisons(items: Iterable[Comparison], names: Mapping[str, str]) -> list[ComparisonPublic]:
    return [
        ComparisonPublic(
            kind=c.kind,
            basis=c.basis,
            text=c.text,
            relationship=c.relationship.id if c.relationship else None,
            reference=[reference(r, names) for r in c.reference],
        )
        for c in items
    ]


def change(
    kind: str,
    summary: str,
    claims: Iterable[StoredClaim],
    names: Mapping[str, str],
    comparison: Comparison | None = None,
) -> ChangePublic:
    listed = list(claims)
    return ChangePublic(
        kind=kind,
        summary=summary,
        claim_ids=[c.id for c in listed],
        claims=[claim(c, names) for c in listed],
        comparison=comparisons([comparison], names)[0] if comparison is not None else None,
    )


def changes(found: Iterable[Change], names: Mapping[str, str]) -> list[ChangePublic]:
    """The watchlist's changes (``Queries.changes``)."""
    return [change(c.kind, c.summary, c.claims, names) for c in found]


def reference_contradictions(
    found: Iterable[tuple[Comparison, Iterable[StoredClaim]]], names: Mapping[str, str]
) -> list[ChangePublic]:
    """News contradicting the reference, with the new claims behind it (``Queries.reference_contradictions``)."""
    return [change("contradicts_reference", c.text, new, names, c) for c, new in found]


def names_in_changes(found: Iterable[Change]) -> set[str]:
    return {x for c in found for claim in c.claims for x in (claim.head, claim.tail)}


def names_in_contradictions(found: Iterable[tuple[Comparison, Iterable[StoredClaim]]]) -> set[str]:
    """Every actor the items name: the claims' ends and the compared relations' ends."""
    ids = {x for _, new in found for claim in new for x in (claim.head, claim.tail)}
    return ids | {x for c, _ in found for r in (c.relationship, *c.reference) if r for x in (r.head, r.tail)}


def timeline(
    actor_id: str, rels: Iterable[Relationship], names: Mapping[str, str], max_points: int | None = None
) -> list[TimelineTrackPublic]:
    """The tracks of :func:`factionmap.graph.network.tracks` (one per counterpart and type; the bar from the
    dated start, else the first stated time, to the dated end, else the last; undated tracks last). Claims
    dated only by their article are points marked ``time_source="article"``; ``max_points``: the latest."""
    out = []
    for t in network.tracks(rels, actor_id):
        points = [
            TimelinePointPublic(
                date=p.date,
                explicit=p.explicit,
                time_source="stated" if p.explicit else "article",
                negated=p.negated,
                hedged=p.hedged,
                claim_id=p.claim_id,
                outlet=p.outlet,
            )
            for p in t.points
        ]
        out.append(
            TimelineTrackPublic(
                counterpart=t.counterpart,
                counterpart_name=names.get(t.counterpart, t.counterpart),
                type=t.type,
                direction=t.direction,
                start=t.start,
                end=t.end,
                points=points if max_points is None else points[-max_points:],
                undated_claims=t.undated,
            )
        )
    return out


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


# --- whole answers ---------------------------------------------------------------------------------


def _strongest(rels: Iterable[Relationship], limit: int | None) -> list[Relationship]:
    ranked = sorted(rels, key=lambda r: (-r.confidence, r.key))
    return ranked if limit is None else ranked[:limit]


def relation_answer(
    answer: RelationAnswer, *, max_claims: int | None = None, path_claims: int | None = None
) -> RelationAnswerPublic:
    """The answer for a pair; ``max_claims``/``path_claims``: the claims kept per relationship (None: all)."""
    names = answer.names
    return RelationAnswerPublic(
        a=answer_actor(answer.a, answer.actors, answer.claim_counts),
        b=answer_actor(answer.b, answer.actors, answer.claim_counts),
        as_of=answer.as_of,
        summary=answer.summary,
        relationships=relationships(answer.relationships, names, max_claims),
        conflicts=[conflict(c) for c in answer.conflicts],
        reference=[reference(r, names) for r in answer.reference],
        path=relationships(answer.path, names, path_claims),
        comparison=comparisons(answer.comparison, names),
    )


def actor_profile(
    answer: ActorAnswer,
    *,
    max_relationships: int | None = None,
    max_claims: int | None = None,
    max_points: int | None = None,
) -> ActorProfile:
    """An actor's profile: its strongest ``max_relationships`` (and lineage) with ``max_claims`` claims each
    and ``max_points`` timeline points per track (None: all)."""
    ref = answer.actor
    shown = _strongest(answer.relationships, max_relationships)
    lineage = _strongest(answer.lineage, max_relationships)
    names = answer.names
    return ActorProfile(
        actor=answer_actor(ref, answer.actors, answer.claim_counts),
        aliases=answer.aliases,
        lineage=relationships(lineage, names, max_claims),
        relationships=relationships(shown, names, max_claims),
        relationship_count=len(answer.relationships),
        reference=[reference(r, names) for r in answer.reference],
        documents=answer.documents,
        outlets=[OutletPublic(outlet=o, claims=n) for o, n in answer.outlets],
        timeline=timeline(ref.id, shown, names, max_points),
    )


def document(answer: DocumentAnswer) -> DocumentPublic:
    names = answer.names
    return DocumentPublic(
        id=answer.id,
        doc_id=answer.doc_id,
        title=answer.title,
        author=answer.author,
        publisher=answer.publisher,
        published=answer.published,
        url=answer.url,
        extractor_version=answer.extractor_version,
        text=answer.text,
        mentions=[
            MentionPublic(start=s, end=e, text=text, actor_id=a, actor_name=name, actor_type=kind)
            for s, e, text, a, name, kind in answer.mentions
        ],
        claims=[claim(c, names) for c in answer.claims],
    )


def path(answer: PathAnswer, *, max_claims: int | None = None) -> PathPublic:
    return PathPublic(
        a=answer_actor(answer.a, answer.actors, answer.claim_counts),
        b=answer_actor(answer.b, answer.actors, answer.claim_counts),
        as_of=answer.as_of,
        path=relationships(answer.path, answer.names, max_claims),
    )


def ask(
    answer: AskAnswer,
    *,
    max_claims: int | None = None,
    path_claims: int | None = None,
    list_claims: int | None = None,
) -> AskPublic:
    """The question, its reading and its answer; ``list_claims``: claims kept per relationship of a list."""
    reading = answer.reading
    relation = None
    if answer.relation is not None:
        relation = relation_answer(answer.relation, max_claims=max_claims, path_claims=path_claims)
        rels = [r for r in relation.relationships if not reading.types or r.type in reading.types]
    else:
        rels = relationships(answer.relationships, answer.names, list_claims)
    return AskPublic(
        question=answer.question,
        reading=reading.describe(),
        kind=reading.kind,
        as_of=reading.as_of,
        relation=relation,
        relationships=rels,
    )
