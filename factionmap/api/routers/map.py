"""GET /api/map: the network the map page draws, filtered; the rule for ``as_of`` is in mapdata.py."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from factionmap.api.deps import AsOf, MapCacheDep
from factionmap.api.mapdata import MAX_EDGES, parse_types
from factionmap.api.schemas import MapData

router = APIRouter(prefix="/map", tags=["map"])


@router.get("", response_model=MapData)
def map_data(
    cache: MapCacheDep,
    as_of: AsOf = None,
    types: Annotated[str | None, Query(max_length=500, description="Relation types, comma-separated")] = None,
    region: Annotated[str | None, Query(max_length=100, description="A country or region name")] = None,
    min_sources: Annotated[int, Query(ge=0, le=10_000)] = 1,
    min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
    max_edges: Annotated[int, Query(ge=1, le=20_000, description="Strongest edges kept")] = MAX_EDGES,
) -> Response:
    """Actors and relationships (not denied ones) passing the filters, strongest first, at most
    ``max_edges`` (``total_edges`` says how many passed); ``dates`` spans the whole map. Read from the
    store's maintained relationships; the JSON is kept per filter and map version (which moves with each
    stored document): the map's most frequent request costs a lookup, not a serialisation."""
    return Response(
        cache.answer_json(
            as_of=as_of,
            types=parse_types(types),
            region=region,
            min_sources=min_sources,
            min_confidence=min_confidence,
            max_edges=max_edges,
        ),
        media_type="application/json",
    )
