"""POST /api/ingest (token): upload article files (multipart ``files``) or paste one (JSON) to extract and store.

One endpoint, two bodies, told apart by Content-Type, so the ingest page can post either. The body is
parsed here rather than by FastAPI because one route cannot declare both; its OpenAPI description is
given by hand (``REQUEST_BODY``) and it is validated by the same models, with the same 422 shape.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException

from factionmap.api.deps import IngestorDep, TokenDep
from factionmap.api.errors import ApiError
from factionmap.api.schemas import IngestResult, PastedArticle
from factionmap.api.security import MAX_FILE_BYTES, MAX_FILES, MAX_UPLOAD_BYTES
from factionmap.ingest import registry as input_types

router = APIRouter(prefix="/ingest", tags=["ingest"])

MAX_FORM_FIELDS = 10  # the upload form has only files
REQUEST_BODY = {
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "required": ["files"],
                "properties": {
                    "files": {
                        "type": "array",
                        "items": {"type": "string", "format": "binary"},
                        "description": f"{input_types.describe()}; each up to {MAX_FILE_BYTES // 2**20} MB, "
                        f"{MAX_UPLOAD_BYTES // 2**20} MB in all",
                    }
                },
            }
        },
        "application/json": {"schema": PastedArticle.model_json_schema()},
    },
}


async def _files(request: Request) -> list[tuple[str | None, bytes]]:
    try:
        form = await request.form(max_files=MAX_FILES, max_fields=MAX_FORM_FIELDS)
    except HTTPException as exc:  # starlette's 400 for a form over its counts: a size refusal, named as ours
        if exc.status_code == 400 and str(exc.detail).startswith("Too many files"):
            raise ApiError(
                413,
                "too_large",
                f"more than {MAX_FILES} files in one upload (MAX_FILES)",
                field="files",
                hint="upload them in several batches",
            ) from None
        if exc.status_code == 400 and str(exc.detail).startswith("Too many fields"):
            raise ApiError(
                413,
                "too_large",
                f"more than {MAX_FORM_FIELDS} form fields besides the files (MAX_FORM_FIELDS)",
                hint="send only the 'files' field",
            ) from None
        raise
    uploads = [f for f in form.getlist("files") if isinstance(f, UploadFile)]
    if not uploads:
        raise ApiError(
            400,
            "invalid_input",
            "no file in the upload",
            field="files",
            hint="send the articles as multipart form field 'files'",
        )
    files = []
    for upload in uploads:
        data = await upload.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ApiError(
                413,
                "too_large",
                f"{upload.filename!r} is over the {MAX_FILE_BYTES // 2**20} MB limit for one file (MAX_FILE_BYTES)",
                field="files",
                hint="split it, or ingest it with the command line",
            )
        files.append((upload.filename, data))
    return files


async def _pasted(request: Request) -> PastedArticle:
    try:
        return PastedArticle.model_validate_json(await request.body())
    except ValidationError as exc:
        raise RequestValidationError([{**e, "loc": ("body", *e["loc"])} for e in exc.errors()]) from exc


@router.post("", response_model=IngestResult, openapi_extra={"requestBody": REQUEST_BODY})
async def ingest(request: Request, _token: TokenDep, ingestor: IngestorDep) -> IngestResult:
    """Extract the articles and store their claims, as ``factionmap ingest`` does: the same text again adds
    nothing, the same text from elsewhere is a copy, a file that cannot be read is listed in ``failures``."""
    content_type = request.headers.get("content-type", "")
    if content_type.startswith("multipart/form-data"):
        return await run_in_threadpool(ingestor.ingest_files, await _files(request))
    if content_type.startswith("application/json"):
        return await run_in_threadpool(ingestor.ingest_text, await _pasted(request))
    raise ApiError(
        415,
        "unsupported_media_type",
        f"cannot ingest a {content_type or 'body without a type'!r}",
        hint="send multipart/form-data with 'files', or application/json with 'text'",
    )
