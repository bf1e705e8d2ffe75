"""Two pieces of HTTP plumbing every route gets: HEAD answered like GET, and one access-log line per request.

HEAD: FastAPI's routes answer only the methods they are declared with, so ``HEAD /`` or ``HEAD /api/map`` was
405 although GET works. Monitoring tools, link checkers and ``curl -I`` send HEAD, and HTTP says a server that
answers GET should answer HEAD with the same headers and no body. :class:`HeadAsGet` runs the GET route and drops
the body, so every GET route, page or API, answers HEAD without a second declaration and without HEAD operations
in the OpenAPI schema. (uvicorn drops a HEAD response's body too; this makes the app right under any server.)

Access log: uvicorn's own access log gives neither the time a request took nor control over what of the URL is
written. :class:`AccessLog` writes one line per request to the ``factionmap.access`` logger: client, method,
path, the query parameters' names (not their values: search terms and filters are the analysts' business, and
a value could be a secret pasted into the wrong place), status and duration in milliseconds. ``factionmap serve
--log-level`` sets its level; successful health checks are logged at DEBUG so a probe every few seconds does
not drown the requests people make.
"""

from __future__ import annotations

import logging
import time
from urllib.parse import parse_qsl, quote

from starlette.types import ASGIApp, Message, Receive, Scope, Send

access_log = logging.getLogger("factionmap.access")

HEALTH_PATH = "/healthz"
MAX_LOGGED_PATH = 300  # characters of the path in a log line (a URL may be 16 KB: see security.MAX_URL_BYTES)


class HeadAsGet:
    """Answers HEAD by running the request as GET and sending the response's status and headers (its
    Content-Length included, as HTTP asks) without the body."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # a streamed body's chunks: none is sent, the last (empty) message ends the response
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, headers_only)


def logged_target(scope: Scope) -> str:
    """The path as the client sent it (percent-encoded, so no control character reaches the log) and the names
    of its query parameters, values left out: ``/api/relationships?actor&type``."""
    raw = scope.get("raw_path")
    path = raw.decode("latin-1") if raw else quote(scope.get("path", ""))
    if len(path) > MAX_LOGGED_PATH:
        path = path[:MAX_LOGGED_PATH] + "…"
    query = scope.get("query_string", b"").decode("latin-1")
    if not query:
        return path
    names = dict.fromkeys(quote(name) for name, _ in parse_qsl(query, keep_blank_values=True))
    return f"{path}?{'&'.join(names)}"[: MAX_LOGGED_PATH * 2]


def client_address(scope: Scope) -> str:
    """host:port of the client; behind a proxy that uvicorn trusts (FORWARDED_ALLOW_IPS) the forwarded one."""
    client = scope.get("client")
    if not client:
        return "-"
    host, port = str(client[0]), client[1]
    if not port:  # a forwarded address has no port (uvicorn gives 0)
        return host
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class AccessLog:
    """Writes one line per HTTP request when its response has been sent (or the app failed: status 500)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 500  # what the server answers when the app raises before it starts a response

        async def recording(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording)
        finally:
            quiet = scope.get("path") == HEALTH_PATH and status < 400
            access_log.log(
                logging.DEBUG if quiet else logging.INFO,
                '%s "%s %s" %d %.1f ms',
                client_address(scope),
                scope.get("method", "-"),
                logged_target(scope),
                status,
                (time.perf_counter() - started) * 1000,
            )
