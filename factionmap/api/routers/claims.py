"""GET /api/claims/{claim_id}: one claim with its evidence, qualifiers, source and review verdict."""

from __future__ import annotations

from fastapi import APIRouter

from factionmap.api.deps import QueriesDep
from factionmap.errors import NotFound
from factionmap.public import convert
from factionmap.public.records import ClaimPublic
from factionmap.store import reader

router = APIRouter(prefix="/claims", tags=["claims"])


@router.get("/{claim_id}", response_model=ClaimPublic)
def get_claim(claim_id: str, queries: QueriesDep) -> ClaimPublic:
    found = reader.claim(queries.engine, claim_id)
    if found is None:
        raise NotFound(
            f"no claim with id {claim_id!r} in the store (re-extraction with a newer version gives "
            "new ids; relationships list their claims' ids)"
        )
    return convert.claim(found, queries.names({found.head, found.tail}))
