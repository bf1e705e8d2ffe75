"""GET /api/documents (a page, without text) and GET /api/documents/{document_id} (text, mentions, claims).

The text is returned as stored, verbatim: escaping is the renderer's job (the pages do it server-side,
the map's panels with textContent), so an article can never be damaged by being escaped twice.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from factionmap.api.deps import Offset, QueriesDep, RowId
from factionmap.api.schemas import DocumentsPublic
from factionmap.public import convert
from factionmap.public.records import DocumentPublic, DocumentSummaryPublic
from factionmap.store import lookups

router = APIRouter(prefix="/documents", tags=["documents"])

SUMMARY_FIELDS = tuple(DocumentSummaryPublic.model_fields)


def _summary(row) -> dict:
    return {name: getattr(row, name) for name in SUMMARY_FIELDS}


@router.get("", response_model=DocumentsPublic)
def list_documents(
    queries: QueriesDep, limit: Annotated[int, Query(ge=1, le=500)] = 50, offset: Offset = 0
) -> DocumentsPublic:
    """Stored documents, most recently stored first."""
    rows, total = lookups.documents_page(queries.engine, limit, offset)
    return DocumentsPublic(data=[DocumentSummaryPublic(**_summary(r)) for r in rows], count=total)


@router.get("/{document_id}", response_model=DocumentPublic)
def get_document(document_id: RowId, queries: QueriesDep) -> DocumentPublic:
    return convert.document(queries.document(document_id))
