"""What protects readers from hostile article text and the server from oversized requests.

Article text is attacker-controlled: anyone can publish a page full of ``<script>`` and analysts ingest
it. The pages escape it (Jinja2 autoescape, textContent in JS); on top of that every response, JSON and
HTML alike, carries a Content-Security-Policy that allows scripts and styles only from our own /static
files (no inline script, no eval, no CDN), so a missed escape still cannot run code.

Request bodies are bounded before they are read: uploads to /api/ingest by the upload limits, every other
body by a small limit (review decisions are a few hundred bytes). A declared Content-Length over the limit
is refused at once; a body that streams past it is cut off when it does.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
       "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "no-referrer"),
    ("X-Frame-Options", "DENY"),  # frame-ancestors for browsers that predate it
    ("Cross-Origin-Opener-Policy", "same-origin"),
)

MB = 1024 * 1024
MAX_FILE_BYTES = 5 * MB  # one uploaded article file: a saved news page is well under 2 MB
MAX_UPLOAD_BYTES = 20 * MB  # all files of one upload together (the readers' own per-file ceiling)
MULTIPART_SLACK = 1 * MB  # boundaries and part headers around the files
MAX_FILES = 200  # files per upload
MAX_JSON_BYTES = 6 * MB  # a pasted article: 1,000,000 characters, up to 4 bytes each in UTF-8, plus escapes
MAX_SMALL_BODY = 64 * 1024  # every other request body (review decisions)
INGEST_PATH = "/api/ingest"


def security_headers() -> tuple[tuple[str, str], ...]:
    return HEADERS


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a body streams past its limit; an HTTPException so that FastAPI's body
    parsing passes it on and the app's handler answers 413 in the one error shape."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is over the {limit // 1024:,} KB limit for this endpoint")
        self.limit = limit


def body_limit(scope: Scope) -> int:
    """The largest body accepted for this request, by endpoint and content type."""
    if scope.get("path", "").rstrip("/") != INGEST_PATH:
        return MAX_SMALL_BODY
    content_type = Headers(scope=scope).get("content-type", "")
    return MAX_UPLOAD_BYTES + MULTIPART_SLACK if content_type.startswith("multipart/") else MAX_JSON_BYTES


class SecurityHeaders:
    """Adds the security headers to every HTTP response (pure ASGI, so streaming and files work)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS:
                    if name not in headers:
                        headers.append(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)


class BodyLimit:
    """Refuses request bodies over ``body_limit`` with 413, counting what is received, not what is claimed."""

    def __init__(self, app: ASGIApp, on_too_large) -> None:
        self.app = app
        self.on_too_large = on_too_large  # (scope, receive, send, BodyTooLarge) -> awaitable response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(scope)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self.on_too_large(scope, receive, send, BodyTooLarge(limit))
            return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, tracking)
        except BodyTooLarge as exc:  # read outside a route (a route's own read is answered by the handler)
            if started:
                raise
            await self.on_too_large(scope, receive, send, exc)
