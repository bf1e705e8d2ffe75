"""What protects readers from hostile article text and the server from oversized requests.

Article text is attacker-controlled: anyone can publish a page full of ``<script>`` and analysts ingest
it. The pages escape it (Jinja2 autoescape, textContent in JS); on top of that every response, JSON and
HTML alike, carries a Content-Security-Policy that allows scripts and styles only from our own /static
files (no inline script, no eval, no CDN), so a missed escape still cannot run code.

Request bodies are bounded before they are read: uploads to /api/ingest by the upload limits, every other
body by a small limit (review decisions are a few hundred bytes). A declared Content-Length over the limit
is refused at once; a body that streams past it is cut off when it does. The URL (path and query string)
and the request headers are bounded too (414, 431): h11 stops a request head at 16 KB, but httptools, which
uvicorn prefers when it is installed, has no such bound. Every refusal names the limit and its constant.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
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
# path and query string, as sent (percent-encoded): two 300-character names in a path are ~7 KB at worst
MAX_URL_BYTES = 16 * 1024
MAX_HEADER_BYTES = 16 * 1024  # all request header names and values together (h11's bound on the whole head)
MAX_HEADER_COUNT = 100  # request header lines
INGEST_PATH = "/api/ingest"


def security_headers() -> tuple[tuple[str, str], ...]:
    return HEADERS


class RequestTooLarge(HTTPException):
    """A request over one of the size limits: status 413 (body), 414 (URL) or 431 (headers), an error code
    and a hint, answered in the one error shape (by the ``on_too_large`` callback given to BodyLimit)."""

    code = "too_large"
    hint = "upload fewer or smaller files, or split the text"

    def __init__(
        self, status: int, message: str, limit: int, *, code: str | None = None, hint: str | None = None
    ) -> None:
        super().__init__(status, message)
        self.limit = limit
        self.code, self.hint = code or self.code, hint or self.hint


class BodyTooLarge(RequestTooLarge):
    """Raised from ``receive`` when a body streams past its limit; an HTTPException so that FastAPI's body
    parsing passes it on and the app's handler answers 413 in the one error shape."""

    def __init__(self, limit: int, name: str = "MAX_SMALL_BODY") -> None:
        size = f"{limit / MB:g} MB" if limit >= MB else f"{limit // 1024:,} KB"
        super().__init__(413, f"the request body is over the {size} limit for this endpoint ({name})", limit)


def body_limit(scope: Scope) -> tuple[int, str]:
    """The largest body accepted for this request, by endpoint and content type, and the limit's name."""
    if scope.get("path", "").rstrip("/") != INGEST_PATH:
        return MAX_SMALL_BODY, "MAX_SMALL_BODY"
    content_type = Headers(scope=scope).get("content-type", "")
    if content_type.startswith("multipart/"):
        return MAX_UPLOAD_BYTES + MULTIPART_SLACK, "MAX_UPLOAD_BYTES"
    return MAX_JSON_BYTES, "MAX_JSON_BYTES"


def head_too_large(scope: Scope) -> RequestTooLarge | None:
    """The refusal for a request whose URL or headers are over their limits, else None."""
    url = len(scope.get("raw_path") or scope.get("path", "").encode()) + len(scope.get("query_string", b""))
    if url > MAX_URL_BYTES:
        return RequestTooLarge(
            414,
            f"the URL is over the {MAX_URL_BYTES // 1024} KB limit (MAX_URL_BYTES)",
            MAX_URL_BYTES,
            code="uri_too_long",
            hint="ask for less in the query string (fewer or shorter parameters)",
        )
    headers = scope.get("headers", [])
    if len(headers) > MAX_HEADER_COUNT:
        return RequestTooLarge(
            431,
            f"the request has more than {MAX_HEADER_COUNT} headers (MAX_HEADER_COUNT)",
            MAX_HEADER_COUNT,
            code="headers_too_large",
            hint="send fewer headers",
        )
    if sum(len(name) + len(value) for name, value in headers) > MAX_HEADER_BYTES:
        return RequestTooLarge(
            431,
            f"the request headers are over the {MAX_HEADER_BYTES // 1024} KB limit (MAX_HEADER_BYTES)",
            MAX_HEADER_BYTES,
            code="headers_too_large",
            hint="send fewer or shorter headers (cookies included)",
        )
    return None


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
    """Refuses a URL or headers over their limits (414, 431) and request bodies over ``body_limit`` with 413,
    counting what is received, not what is claimed."""

    def __init__(self, app: ASGIApp, on_too_large) -> None:
        self.app = app
        self.on_too_large = on_too_large  # (scope, receive, send, BodyTooLarge) -> awaitable response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refused = head_too_large(scope)
        if refused is not None:
            await self.on_too_large(scope, receive, send, refused)
            return
        limit, name = body_limit(scope)
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            await self.on_too_large(scope, receive, send, BodyTooLarge(limit, name))
            return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit, name)
            return message

        async def tracking(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, tracking)
        except RequestTooLarge as exc:  # read outside a route (a route's own read is answered by the handler)
            if started:
                raise
            await self.on_too_large(scope, receive, send, exc)
