"""``create_app(settings)``: the store opened and migrated once, the queries built once, the routers
mounted (one per resource), and the web pages when the ``factionmap.web`` package is installed.
The API does not import the pages: a package with pages registers an installer under the ``factionmap.pages``
entry-point group (pyproject.toml: ``web = "factionmap.web:install"``), and ``create_app`` runs each one.

``GET /healthz`` (routers/health.py) is mounted at the root, outside /api: probes send no token and expect
the conventional path. Every GET route answers HEAD too, and every request is written to the access log
(middleware.py).

There is no module-level app: ``factionmap serve`` (and any ASGI server, with ``--factory``) calls
``create_app``, and tests build one per store. FastAPI's own documentation pages are switched off: they
load scripts from a CDN, which the Content-Security-Policy forbids; the schema stays at /openapi.json.
"""

from __future__ import annotations

import logging
from importlib.metadata import entry_points

from fastapi import APIRouter, FastAPI

from factionmap import __version__
from factionmap.api import errors
from factionmap.api.bounds import RequestDeadline
from factionmap.api.ingestor import Ingestor
from factionmap.api.mapdata import MapCache
from factionmap.api.middleware import AccessLog, HeadAsGet
from factionmap.api.routers import (
    actors,
    ask,
    changes,
    claims,
    documents,
    exports,
    health,
    ingest,
    reference,
    relationships,
    review,
    vocab,
)
from factionmap.api.routers import map as map_
from factionmap.api.security import BodyLimit, SecurityHeaders
from factionmap.queries.answers import Queries
from factionmap.settings import Settings

log = logging.getLogger("factionmap.api")

PAGES_GROUP = "factionmap.pages"  # entry points: callables taking the FastAPI app and adding pages to it
ROUTERS = (vocab, actors, relationships, claims, documents, ask, changes, exports, map_, ingest, reference, review)


def _queries(settings: Settings) -> Queries:
    from factionmap.graph.reliability import load_reliability
    from factionmap.store.db import make_engine, migrate

    engine = make_engine(settings.database_url())
    migrate(engine)
    reliability = load_reliability(settings.reliability) if settings.reliability else None
    return Queries(engine, reliability=reliability)


async def _too_large(scope, receive, send, exc) -> None:
    """A request over a size limit (security.RequestTooLarge: body 413, URL 414, headers 431), in the one shape."""
    response = errors.error_response(exc.status_code, exc.code, str(exc.detail), hint=exc.hint)
    await response(scope, receive, send)


def _web(app: FastAPI) -> None:
    """The HTML pages of every installed package that registers some (the API works without any)."""
    found = sorted(entry_points(group=PAGES_GROUP), key=lambda ep: ep.name)
    if not found:
        log.info("no web pages registered (entry points %r); serving the JSON API only", PAGES_GROUP)
    for entry in found:
        try:
            install = entry.load()
        except ImportError as exc:
            log.info("web pages %r not available (%s); serving the JSON API without them", entry.name, exc)
            continue
        install(app)


def create_app(settings: Settings | None = None) -> FastAPI:
    """The web application over one store. Raises StoreError when the store cannot be opened."""
    settings = settings or Settings()
    app = FastAPI(
        title="factionmap",
        version=__version__,
        docs_url=None,
        redoc_url=None,
        summary="Evidence-backed maps of armed-group relationships extracted from the news",
        description="Reads are open; writes (ingest, review) need `Authorization: Bearer <FACTIONMAP_TOKEN>`"
        " and are refused when the server has no token. Every failure has one shape: "
        '`{"error": {status, code, message, field, hint, candidates?}}`.',
    )
    queries = _queries(settings)
    app.state.settings = settings
    app.state.engine = queries.engine
    app.state.queries = queries
    app.state.map_cache = MapCache(queries)
    app.state.ingestor = Ingestor(queries.engine, queries.resolver.kb)
    api = APIRouter(prefix="/api", responses=errors.ERROR_RESPONSES)
    for module in ROUTERS:
        api.include_router(module.router)
    app.include_router(api)
    app.include_router(health.router)  # /healthz, outside /api
    _web(app)
    errors.install(app)
    app.add_middleware(HeadAsGet)  # innermost: the routes see HEAD as GET, every layer above sees the HEAD
    app.add_middleware(RequestDeadline)
    app.add_middleware(BodyLimit, on_too_large=_too_large)
    app.add_middleware(SecurityHeaders)  # outside BodyLimit: 413s from it get the headers too
    app.add_middleware(AccessLog)  # added last, so outermost: it times and logs every answer, refusals included
    return app


def worker_app() -> FastAPI:
    """The app of one ``factionmap serve --workers N`` process (uvicorn's factory): settings from the
    environment, then the start-up heap set aside as for one process (see factionmap.heap)."""
    from factionmap import heap

    app = create_app()
    heap.settle()
    return app
