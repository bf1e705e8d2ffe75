"""GET /api/changes?since=: the watchlist, relationships new, changed, ended or contradicted since a date."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from factionmap.api import bounds
from factionmap.api.deps import Limit, MapCacheDep, Offset, QueriesDep, RealDate
from factionmap.errors import LimitExceeded
from factionmap.isodates import ISO_PATTERN
from factionmap.public import convert
from factionmap.public.records import ChangesPublic
from factionmap.store import reader

router = APIRouter(prefix="/changes", tags=["changes"])


@router.get("", response_model=ChangesPublic)
def changes(
    queries: QueriesDep,
    cache: MapCacheDep,
    since: Annotated[str, Query(pattern=ISO_PATTERN, description="2024, 2024-12 or 2024-12-08"), RealDate],
    by: Annotated[
        Literal["ingestion", "claim"],
        Query(description="ingestion: by when claims reached the store; claim: by the claims' own dates"),
    ] = "ingestion",
    limit: Limit = 100,
    offset: Offset = 0,
    contradicts_reference: Annotated[
        bool,
        Query(
            description="Instead: relationships with claims new since the date that the reference data "
            "contradicts (kind `contradicts_reference`)"
        ),
    ] = False,
) -> ChangesPublic:
    """The watchlist, a page at a time (``count``: every change). Worked out once per store version and
    date; a date with more than ``bounds.CHANGED_CLAIMS`` new claims is 413 (the command line has no bound)."""
    by_ingestion = by == "ingestion"
    new = reader.count_new_claims(queries.engine, since, by_ingestion=by_ingestion)
    if new > bounds.CHANGED_CLAIMS:
        raise LimitExceeded(
            f"{new:,} claims are new since {since}, too many for the watchlist through the web",
            limit=f"at most {bounds.CHANGED_CLAIMS:,} (api.bounds.CHANGED_CLAIMS)",
            hint=f"choose a later date, or run `factionmap changes --since {since}` on the server",
        )
    if contradicts_reference:  # not kept: the reference data can be reloaded without a new store version
        contra = queries.reference_contradictions(since, by_ingestion=by_ingestion)
        shown = contra[offset : offset + limit]
        names = queries.names(convert.names_in_contradictions(shown))
        return ChangesPublic(data=convert.reference_contradictions(shown, names), count=len(contra))
    found = cache.remembered(("changes", since, by), lambda: queries.changes(since, by_ingestion=by_ingestion))
    page = found[offset : offset + limit]
    names = queries.names(convert.names_in_changes(page))
    return ChangesPublic(data=convert.changes(page, names), count=len(found))
