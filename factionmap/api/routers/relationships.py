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
    """The relationships to filter: one actor's (indexed), the whole map as of a date, or the cached map."""
    if actor:
        ref = queries.resolver.resolve(actor)
        if not as_of:  # the cached map's, already aggregated (an analyst's merge is applied to its ids)
            with queries.engine.connect() as conn:
                return list(cache.snapshot().of(reader.actor_map(conn)(ref.id)))
        return queries.relationships(reader.claims_of(queries.engine, ref.id, types=types or None, as_of=as_of))
    if as_of:
        return queries.all_relationships(as_of)
    return list(cache.snapshot().relationships)


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
    there are; the pair's own route gives more). Without ``as_of`` they come from the cached map, and the
    page is kept with it."""

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
    page = rels[offset : offset + limit]
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
