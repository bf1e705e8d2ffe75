"""POST /api/reference (token): load reference relations (MMP, UCDP, UN lists) into the store, kept apart
from the news claims: the bundled ones by default, or a relations CSV sent as the body (``text/csv``,
columns head_id,type,tail_id,start,end,source,note), as ``factionmap kb load-reference [CSV]`` does.
A reload adds nothing; a malformed CSV is refused whole (400, naming line and field)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Literal

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool

from factionmap.api.deps import MapCacheDep, QueriesDep, TokenDep
from factionmap.api.errors import ApiError
from factionmap.api.schemas import ReferenceLoadResult
from factionmap.api.security import MAX_FILE_BYTES

router = APIRouter(prefix="/reference", tags=["reference"])

REQUEST_BODY = {
    "required": False,
    "content": {
        "text/csv": {
            "schema": {"type": "string", "description": "relations.csv; no body: the bundled reference relations"}
        }
    },
}


def _load(queries, body: bytes | None) -> ReferenceLoadResult:
    from factionmap.store.reference import load_bundled_reference, load_reference, reference_count

    engine = queries.engine
    source: Literal["bundled", "csv"]
    if body is None:
        stored, source = load_bundled_reference(engine), "bundled"
    else:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "relations.csv"
            path.write_bytes(body)
            stored, source = load_reference(engine, path, kb=queries.resolver.kb), "csv"
    return ReferenceLoadResult(source=source, stored=stored, total=reference_count(engine))


@router.post("", response_model=ReferenceLoadResult, openapi_extra={"requestBody": REQUEST_BODY})
async def load(request: Request, _token: TokenDep, queries: QueriesDep, cache: MapCacheDep) -> ReferenceLoadResult:
    """Store reference relations: the bundled ones (no body), or a CSV (``Content-Type: text/csv``)."""
    body = await request.body()
    content_type = request.headers.get("content-type", "")
    if body and not content_type.startswith("text/csv"):
        raise ApiError(
            415,
            "unsupported_media_type",
            f"cannot load reference data from {content_type or 'a body without a type'!r}",
            hint="send no body for the bundled reference relations, or a CSV as text/csv",
        )
    if len(body) > MAX_FILE_BYTES:
        raise ApiError(
            413,
            "too_large",
            f"the CSV is over the {MAX_FILE_BYTES // 2**20} MB limit",
            hint="load it with `factionmap kb load-reference` on the server",
        )
    result = await run_in_threadpool(_load, queries, body or None)
    cache.forget()  # pages kept with the store's version show reference data: make them again
    return result
