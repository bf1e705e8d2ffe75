"""GET /api/relationships (filtered, paged) and GET /api/relationships/{a}/{b} (the answer for a pair)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from factionmap.api import bounds
from factionmap.api.deps import AsOf, Limit, MapCacheDep, Offset, QueriesDep, json_response
from factionmap.api.mapdata import MapCache, parse_types
from factionmap.api.schemas import RelationshipsPublic
from factionmap.graph.relationships import Relationship
from factionmap.public import convert
from factionmap.public.records import RelationAnswerPublic
from factionmap.queries.answers import Queries
from factionmap.store import reader

router = APIRouter(prefix="/relationships", tags=["relationships"])

MAX_NAME_CHARS = 300


def _candidates(
    queries: Queries, cache: MapCache, actor: str | None, types: frozenset[str], as_of: str | None
) -> list[Relationship]:
    """The relationships to filter: as of a date, aggregated from the claims dated by then; else from the
    store's maintained table (one actor's rows, or every row of the types asked), without their claims
    (read for the page shown); with a reliability file, the cached map's, aggregated with its weights."""
    ref = queries.resolver.resolve(actor) if actor else None
    if as_of:
        if ref is None:
            return queries.all_relationships(as_of)
        return queries.relationships(reader.claims_of(queries.engine, ref.id, types=types or None, as_of=as_of))
    if queries.reliability:  # the cached map's, already aggregated (an analyst's merge applied to its ids)
        if ref is None:
            return list(cache.snapshot().relationships)
        with queries.engine.connect() as conn:
            return list(cache.snapshot().of(reader.actor_map(conn)(ref.id)))
    return queries.network(types=types or None) if ref is None else queries.actor_network(ref.id)


@router.get("", response_model=RelationshipsPublic)
def list_relationships(
    queries: QueriesDep,
    cache: MapCacheDep,
    actor: Annotated[str | None, Query(max_length=MAX_NAME_CHARS, description="Only this actor's (name or id)")] = None,
    type: Annotated[str | None, Query(max_length=200, description="Relation types, comma-separated")] = None,
    as_of: AsOf = None,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    min_sources: Annotated[int, Query(ge=0, le=10_000)] = 0,
    limit: Limit = 100,
    offset: Offset = 0,
) -> Response:
    """Relationships, strongest first, with the strongest claims behind each (``claim_count`` says how many
    there are; the pair's own route gives more). Without ``as_of`` they come from the store's maintained
    relationships, with the claims of the page's read, and the page is kept per store version."""

    def page() -> bytes:
        return _list(queries, cache, actor, type, as_of, min_confidence, min_sources, limit, offset)

    if as_of:
        return json_response(page())
    return json_response(
        cache.remembered(("relationships", actor, type, min_confidence, min_sources, limit, offset), page)
    )


def _list(
    queries: Queries,
    cache: MapCache,
    actor: str | None,
    type: str | None,
    as_of: str | None,
    min_confidence: float,
    min_sources: int,
    limit: int,
    offset: int,
) -> bytes:
    types = parse_types(type)
    rels = [
        r
        for r in _candidates(queries, cache, actor, types, as_of)
        if (not types or r.type in types) and r.confidence >= min_confidence and r.independent_sources >= min_sources
    ]
    rels.sort(key=lambda r: (-r.confidence, r.key))
    page = queries.with_claims(rels[offset : offset + limit])
    return (
        RelationshipsPublic(
            data=convert.relationships(page, queries.names(convert.names_in(page)), bounds.LIST_CLAIMS), count=len(rels)
        )
        .model_dump_json()
        .encode("utf-8")
    )


@router.get("/{a}/{b}", response_model=RelationAnswerPublic)
def relation(a: str, b: str, queries: QueriesDep, as_of: AsOf = None) -> RelationAnswerPublic:
    """What is the relationship between A and B (ids or any names): the plain answer, the relationships by
    type with their claims, contradictions, the reference data's view, and a path when nothing is direct."""
    return convert.relation_answer(
        queries.relation(a, b, as_of), max_claims=bounds.PAIR_CLAIMS, path_claims=bounds.LIST_CLAIMS
    )
