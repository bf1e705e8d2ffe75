"""What routes receive, as ``Annotated`` aliases (the FastAPI template's ``SessionDep`` style).

Everything a route needs was built once by ``create_app`` and lives on ``app.state``; these functions
only hand it over, so a route's signature says what it uses and tests can override any of them.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Path, Query, Request, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import AfterValidator
from sqlalchemy import Engine

from factionmap.api.errors import ApiError
from factionmap.api.ingestor import Ingestor
from factionmap.api.mapdata import MapCache
from factionmap.errors import InvalidInput
from factionmap.isodates import ISO_PATTERN
from factionmap.queries.answers import Queries
from factionmap.settings import Settings
from factionmap.store.db import MAX_ROW_ID

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="FACTIONMAP_TOKEN",
    description="The token the server was started with (FACTIONMAP_TOKEN); needed for writes",
)


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_engine(request: Request) -> Engine:
    return request.app.state.engine


def get_queries(request: Request) -> Queries:
    return request.app.state.queries


def get_map_cache(request: Request) -> MapCache:
    return request.app.state.map_cache


def get_ingestor(request: Request) -> Ingestor:
    return request.app.state.ingestor


SettingsDep = Annotated[Settings, Depends(get_settings)]
EngineDep = Annotated[Engine, Depends(get_engine)]
QueriesDep = Annotated[Queries, Depends(get_queries)]
MapCacheDep = Annotated[MapCache, Depends(get_map_cache)]
IngestorDep = Annotated[Ingestor, Depends(get_ingestor)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def require_token(settings: SettingsDep, credentials: Credentials) -> None:
    """Writes need ``Authorization: Bearer <FACTIONMAP_TOKEN>``. With no token configured the server is
    read-only (403): an open write endpoint on a shared machine would let anyone rewrite the evidence.
    The comparison takes the same time whatever the guess (hmac.compare_digest)."""
    token = settings.token
    if not token:
        raise ApiError(
            403,
            "writes_disabled",
            "this server is read-only: it was started without FACTIONMAP_TOKEN",
            hint="restart it with FACTIONMAP_TOKEN=<a long random string> to allow ingest and review",
        )
    given = credentials.credentials if credentials is not None else ""
    if not given or not hmac.compare_digest(given.encode(), token.encode()):
        raise ApiError(
            401,
            "unauthorized",
            "this needs the server's token as 'Authorization: Bearer <token>'"
            if not given
            else "the token does not match the server's FACTIONMAP_TOKEN",
            hint="send the value of FACTIONMAP_TOKEN the server was started with",
            headers={"WWW-Authenticate": "Bearer"},
        )


TokenDep = Annotated[None, Depends(require_token)]


# --- query parameters shared by several routes ----------------------------------------------------


def real_date(value: str | None) -> str | None:
    """The query's date checked by the one date reader the command line uses too (isodates.py): a
    shape-valid "2030-99-99" is refused (422) rather than answered with nothing."""
    from factionmap.isodates import parse_iso_date

    if value is None:
        return None
    try:
        return parse_iso_date(value)
    except InvalidInput as exc:
        raise ValueError(str(exc)) from None


RealDate = AfterValidator(real_date)
AsOf = Annotated[
    str | None,
    Query(
        pattern=ISO_PATTERN, description="Only what the claims said on or before this date (2021, 2021-08, 2021-08-15)"
    ),
    RealDate,
]
Limit = Annotated[int, Query(ge=1, le=500, description="Items per page")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="Items skipped")]


def json_response(body: bytes) -> Response:
    """JSON already serialised (a kept answer): sent as it is, not validated and encoded again."""
    return Response(body, media_type="application/json")


# A stored integer id in a path: checked before it reaches SQL (a larger number is a 422, not a 500)
RowId = Annotated[int, Path(ge=0, le=MAX_ROW_ID, description="A stored id (0 to 2**63-1)")]
