"""GET /healthz: whether this server process can do its work, for a reverse proxy's or an orchestrator's checks.

It sits outside /api and needs no token, since probes carry none. It answers 200 only when the store answers
and its schema is at the head of the migrations this release ships. A store migrated by a newer release
("ahead") or not yet migrated ("behind") would give wrong answers or fail on the first query, so either is
503. The check costs one pooled connection and one read of Alembic's version table, with nothing of the map or
the knowledge base involved, so probing every few seconds is cheap. Why it failed goes to the server's log;
the response says only which part failed (``store``, ``migrations``), because a database error can name hosts
and users, and the endpoint is open to anyone who can reach the port.
"""

from __future__ import annotations

import logging
from typing import Literal

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from factionmap.errors import StoreError
from factionmap.store.db import migration_revisions, store_revisions

log = logging.getLogger("factionmap.api.health")

router = APIRouter(tags=["health"])


class Health(BaseModel):
    """The one shape of both answers (200 and 503)."""

    status: Literal["ok", "unavailable"] = Field(description="ok: the server can answer; else see store, migrations")
    store: Literal["reachable", "unreachable"] = Field(description="whether the store answered a trivial query")
    migrations: Literal["current", "behind", "ahead", "unknown"] = Field(
        description="the store's schema against this release's newest migration (unknown: the store did not answer)"
    )
    revision: str | None = Field(description="the store's migration revision (several joined by commas; null if none)")


def check(engine) -> Health:
    """The store's state, as the health endpoint reports it."""
    try:
        current = store_revisions(engine)
    except StoreError as exc:
        log.warning("health check: %s", exc)
        return Health(status="unavailable", store="unreachable", migrations="unknown", revision=None)
    heads, known = migration_revisions()
    revision = ",".join(sorted(current)) or None
    if current == heads:
        return Health(status="ok", store="reachable", migrations="current", revision=revision)
    ahead = bool(current - known)  # a revision this release does not ship: a newer release migrated the store
    log.warning(
        "health check: the store is at migration %s, this release's head is %s (%s)",
        revision or "none",
        ",".join(sorted(heads)),
        "upgrade factionmap" if ahead else "restart the server to migrate it",
    )
    return Health(status="unavailable", store="reachable", migrations="ahead" if ahead else "behind", revision=revision)


@router.get(
    "/healthz",
    response_model=Health,
    summary="Health check",
    responses={503: {"model": Health, "description": "the store does not answer or its migrations are not current"}},
)
def healthz(request: Request, response: Response) -> Health:
    """200 when the store answers and its migrations are current, else 503 with what is wrong."""
    health = check(request.app.state.engine)
    response.headers["Cache-Control"] = "no-store"  # a cached "ok" would hide an outage from the prober
    if health.status != "ok":
        response.status_code = 503
    return health
