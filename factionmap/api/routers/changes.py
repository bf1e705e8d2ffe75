"""GET /api/changes?since=: the watchlist, relationships new, changed, ended or contradicted since a date."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from factionmap.api.deps import QueriesDep, RealDate
from factionmap.api.schemas import ISO_DATE, ChangePublic, ChangesPublic

router = APIRouter(prefix="/changes", tags=["changes"])


@router.get("", response_model=ChangesPublic)
def changes(queries: QueriesDep,
            since: Annotated[str, Query(pattern=ISO_DATE, description="2024, 2024-12 or 2024-12-08"), RealDate],
            by: Annotated[Literal["ingestion", "claim"], Query(
                description="ingestion: by when claims reached the store; claim: by the claims' own dates")]
            = "ingestion") -> ChangesPublic:
    found = queries.changes(since, by_ingestion=by == "ingestion")
    data = [ChangePublic(kind=c.kind, summary=c.summary, claim_ids=[x.id for x in c.claims]) for c in found]
    return ChangesPublic(data=data, count=len(data))
