"""GET /api/actors (search by any alias or a misspelling) and GET /api/actors/{actor_id} (the profile)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from factionmap.api import bounds
from factionmap.api.deps import AsOf, MapCacheDep, QueriesDep, json_response
from factionmap.api.mapdata import MapCache
from factionmap.api.schemas import ActorsPublic
from factionmap.errors import NotFound
from factionmap.public import convert
from factionmap.public.records import ActorProfile
from factionmap.queries.answers import Queries
from factionmap.store import lookups

router = APIRouter(prefix="/actors", tags=["actors"])

MAX_QUERY_CHARS = 200


def _matches(queries: Queries, text: str) -> list[str]:
    """Ids for what was typed: the resolver's answer first (exact alias, or one clear misspelling), then
    aliases equal to / starting with / containing a word starting with the text, then the resolver's
    "did you mean" candidates."""
    found = lookups.search_actor_ids(queries.engine, text)
    try:
        return list(dict.fromkeys([queries.resolver.resolve(text).id, *found]))
    except NotFound as exc:  # unknown or ambiguous: its candidates are still worth showing
        return list(dict.fromkeys([*found, *(c.id for c in getattr(exc, "candidates", []))]))


@router.get("", response_model=ActorsPublic)
def search_actors(
    queries: QueriesDep,
    cache: MapCacheDep,
    q: Annotated[
        str | None, Query(max_length=MAX_QUERY_CHARS, description="Any name, alias or spelling; a prefix is enough")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Response:
    """Actors whose names match ``q`` (best first), or without ``q`` those with the most claims. Answers
    are kept per store version, like the map: a name first stored by a run still going is found once the
    run ends (the resolver behind the profile routes sees it at once)."""

    def answer() -> bytes:
        if q and q.strip():
            ids, total = _matches(queries, q), None
        else:
            ids, total = lookups.busiest_actor_ids(queries.engine, limit)
        actors = convert.actors(queries.known(ids), queries.claim_counts(ids))
        found = [actors[i] for i in ids if i in actors]
        return (
            ActorsPublic(data=found[:limit], count=len(found) if total is None else total)
            .model_dump_json()
            .encode("utf-8")
        )

    return json_response(cache.remembered(("actors", (q or "").strip(), limit), answer))


@router.get("/{actor_id}", response_model=ActorProfile)
def actor_profile(actor_id: str, queries: QueriesDep, cache: MapCacheDep, as_of: AsOf = None) -> Response:
    """An actor's names, lineage, relationships (its strongest, with their strongest claims: see
    factionmap.api.bounds), reference data, sources and timeline.
    ``actor_id`` may also be any name the resolver understands. Without ``as_of`` the relationships come from
    the store's maintained table and only the shown ones' claims are read (a hub's thousands of claims are
    not scored again), and the answer is kept per store version."""
    if as_of:
        return json_response(_profile(actor_id, queries, cache, as_of))
    return json_response(cache.remembered(("actor", actor_id), lambda: _profile(actor_id, queries, cache, None)))


def _profile(actor_id: str, queries: Queries, cache: MapCache, as_of: str | None) -> bytes:
    answer = queries.actor(actor_id, as_of, claims_for=bounds.PROFILE_RELATIONSHIPS)
    return (
        convert.actor_profile(
            answer,
            max_relationships=bounds.PROFILE_RELATIONSHIPS,
            max_claims=bounds.PROFILE_CLAIMS,
            max_points=bounds.TIMELINE_POINTS,
        )
        .model_dump_json()
        .encode("utf-8")
    )
