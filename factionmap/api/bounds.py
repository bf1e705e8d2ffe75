"""What one request may cost the server: its time, and the rows it may read and send.

Twenty analysts at once on a store of 50,000 claims share a few cores. A request for a hub's every
claim, or for the whole store as a file, would hold a core for seconds while the others wait. So:

* Time: every request runs under :data:`factionmap.deadline.REQUEST_SECONDS` (:class:`RequestDeadline`);
  the long loops stop at it with 503 and a message saying how to ask for less. Ingest is exempt: it is
  one authorised writer at a time, and its work is the point.
* Rows: lists of relationships carry at most :data:`LIST_CLAIMS` claims each (the strongest; each says
  how many it has, ``claim_count``), an actor's profile at most :data:`PROFILE_RELATIONSHIPS`
  relationships with :data:`PROFILE_CLAIMS` claims each, a pair's answer at most :data:`PAIR_CLAIMS`
  claims per relationship. A web export holds at most :data:`EXPORT_CLAIMS` claims and the watchlist
  compares at most :data:`CHANGED_CLAIMS` new claims: past that, 413 names the bound and points to the
  command line, which has none.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Receive, Scope, Send

from factionmap import deadline

LIST_CLAIMS = 10  # claims per relationship in lists: the evidence to judge it, not all of it
PAIR_CLAIMS = 500  # claims per relationship in a pair's answer; a hub pair's thousands are in the CLI
# A profile is an overview: its strongest relationships with a few claims each (~100 KB for a hub of
# 1,000 relationships, against 0.9 MB and ~80 ms of a core at 200 x 10); /api/relationships?actor= pages
# through the rest.
PROFILE_RELATIONSHIPS = 50
PROFILE_CLAIMS = 3
TIMELINE_POINTS = 20  # claims drawn per timeline track (the latest); the bar still spans them all
EXPORT_CLAIMS = 20_000  # claims in a web export (the JSON of 50,000 claims is ~60 MB and 5 s of a core)
DECISIONS_PAGE = 100  # review decisions per page
# New claims the web watchlist compares (before vs after, their pairs' other claims too): ~1 s of a
# core at 5,000 on the synthetic 50,000-claim store; an analyst's week or month is far below it.
CHANGED_CLAIMS = 5_000

UNBOUNDED_PATHS = ("/api/ingest",)  # writes whose work is the point: one at a time, authorised


class RequestDeadline:
    """Runs every HTTP request under :func:`factionmap.deadline.bounded` (pure ASGI: the deadline is a
    context variable, which the threads FastAPI runs endpoints in inherit)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(UNBOUNDED_PATHS):
            await self.app(scope, receive, send)
            return
        with deadline.bounded(deadline.REQUEST_SECONDS):
            await self.app(scope, receive, send)
