"""One JSON error shape for every failure, converted here and nowhere else (STYLE 7).

    {"error": {"status": 404, "code": "unknown_name", "message": "...", "field": null, "hint": null,
               "candidates": [{"id": ..., "name": ..., "type": ...}]}}

``candidates`` appears only for an actor name that is unknown or ambiguous. Our own errors keep their
message (it was written for the user); an unexpected exception becomes a bare 500 whose body says
nothing about the code (the traceback goes to the server log only).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from factionmap.api.schemas import ErrorDetail, ErrorPublic
from factionmap.api.security import security_headers
from factionmap.errors import FactionmapError, InvalidInput, LimitExceeded, ModelUnavailable, NotFound, StoreError
from factionmap.public import convert
from factionmap.queries.names import AmbiguousName, UnknownName

log = logging.getLogger("factionmap.api")

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "too_large",
    414: "uri_too_long",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    431: "headers_too_large",
    500: "internal_error",
    503: "unavailable",
}
MAX_VALIDATION_ERRORS = 3  # listed in the message; the first also names the field
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorPublic, "description": "A client error, in the one error shape"},
    "5XX": {"model": ErrorPublic, "description": "A server error, in the one error shape"},
}


class ApiError(Exception):
    """An HTTP failure raised by a route, already in the API's terms."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        *,
        field: str | None = None,
        hint: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.field, self.hint, self.headers = field, hint, headers


def error_response(
    status: int,
    code: str,
    message: str,
    *,
    field: str | None = None,
    hint: str | None = None,
    candidates: list | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    detail = ErrorDetail(status=status, code=code, message=message, field=field, hint=hint, candidates=candidates)
    body = ErrorPublic(error=detail).model_dump(exclude={"error": {"candidates"}} if candidates is None else None)
    return JSONResponse(body, status_code=status, headers=headers)


def _plain_message(exc: InvalidInput) -> str:
    """InvalidInput's text without what the shape carries separately: the field prefix and the hint (a
    source file, when there is one, stays in the message: the shape has no place for it)."""
    text = str(exc)
    if exc.hint:
        text = text.removesuffix(f" — {exc.hint}")
    if exc.field and exc.source is None and exc.line is None:
        text = text.removeprefix(f" (field {exc.field!r}): ")
    return text


async def _api_error(_request: Request, exc: ApiError) -> JSONResponse:
    return error_response(exc.status, exc.code, exc.message, field=exc.field, hint=exc.hint, headers=exc.headers)


async def _ours(_request: Request, exc: FactionmapError) -> JSONResponse:
    """Our exception hierarchy → status: bad input 400, a name that fits several actors 409, anything not
    found 404, a store or model that cannot be used 503, the rest (a packaging mistake) 500."""
    if isinstance(exc, AmbiguousName | UnknownName):
        status, code = (409, "ambiguous_name") if isinstance(exc, AmbiguousName) else (404, "unknown_name")
        return error_response(
            status,
            code,
            str(exc),
            hint="use the full name or the actor's id",
            candidates=[convert.candidate(c) for c in exc.candidates],
        )
    if isinstance(exc, InvalidInput):
        return error_response(400, "invalid_input", _plain_message(exc), field=exc.field, hint=exc.hint)
    if isinstance(exc, NotFound):
        return error_response(404, "not_found", str(exc))
    if isinstance(exc, LimitExceeded):
        status, code = (503, "too_slow") if exc.kind == "time" else (413, "too_large")
        return error_response(status, code, str(exc), hint=exc.hint)
    if isinstance(exc, StoreError | ModelUnavailable):
        log.error("store or model unavailable: %s", exc)
        return error_response(503, "unavailable", str(exc))
    log.error("factionmap error: %s", exc)
    return error_response(500, "internal_error", str(exc))


async def _http(request: Request, exc: HTTPException) -> JSONResponse:
    """Starlette's own failures (unknown route, wrong method, body too large) in our shape."""
    status = exc.status_code
    message, hint = str(exc.detail), None
    if status == 404:
        message = f"nothing at {request.url.path}"
        hint = "the JSON API is under /api (see /openapi.json); pages are / and the links from it"
    elif status == 405:
        message = f"{request.method} is not allowed on {request.url.path}"
        hint = f"allowed: {exc.headers.get('Allow')}" if exc.headers and exc.headers.get("Allow") else None
    return error_response(status, HTTP_CODES.get(status, "http_error"), message, hint=hint, headers=exc.headers)


def _where(loc: tuple) -> str:
    """("query", "limit") → "limit"; ("body", "files", 0) → "files.0"."""
    parts = [str(x) for x in loc if x not in ("query", "path", "body", "header", "cookie")]
    return ".".join(parts) or "body"


async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
    """422 naming the first bad field; the offending values are never echoed back (they may be huge or hostile)."""
    errors = exc.errors()
    listed = "; ".join(
        f"{_where(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}" for e in errors[:MAX_VALIDATION_ERRORS]
    )
    more = f" (and {len(errors) - MAX_VALIDATION_ERRORS} more)" if len(errors) > MAX_VALIDATION_ERRORS else ""
    field = _where(tuple(errors[0].get("loc", ()))) if errors else None
    return error_response(
        422,
        "invalid_request",
        f"invalid request: {listed}{more}",
        field=field,
        hint="see /openapi.json for the parameters and bodies each endpoint takes",
    )


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    """A bug: logged with its traceback on the server, a plain 500 to the client. This handler runs outside
    the app's middleware, so it sets the security headers itself."""
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(
        500,
        "internal_error",
        "the server failed to answer this request",
        hint="the server log has the details",
        headers=dict(security_headers()),
    )


def install(app: FastAPI) -> None:
    # FastAPI's exception_handler registers through add_exception_handler, whose Starlette signature takes
    # only handlers of Exception itself; this one accepts a handler for the subclass it is registered for
    app.exception_handler(ApiError)(_api_error)
    app.exception_handler(FactionmapError)(_ours)
    app.exception_handler(HTTPException)(_http)
    app.exception_handler(RequestValidationError)(_validation)
    app.exception_handler(Exception)(_unexpected)
