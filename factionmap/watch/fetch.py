"""HTTP for `factionmap watch`: conditional GETs, robots.txt, politeness, bounds and the back-off.

Everything fetched comes from sites we do not control, so every response is bounded in time (connect and
each read within ``timeout``, the whole body within :data:`BODY_SECONDS_PER_TIMEOUT` of them) and in size
(the caller says how many bytes; more fails naming the cap), and failures are one :class:`FetchError`
that says whether trying again later could help (``transient``): a timeout, a refused connection, 5xx,
408 and 429 could; 404 or a page past the cap never will.

robots.txt is read once a day per site (RFC 9309): none (4xx) allows everything, one that cannot be read
(5xx, network) disallows everything until it can; ``Crawl-delay`` is honoured up to
:data:`MAX_CRAWL_DELAY`. Requests to one host are spaced by at least ``polite_delay`` seconds.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from factionmap import __version__
from factionmap.errors import FactionmapError

PROJECT_URL = "https://github.com/factionmap/factionmap"
DEFAULT_USER_AGENT = f"factionmap/{__version__} (+{PROJECT_URL})"
TIMEOUT_SECONDS = 20.0
"""Connect, and each read of a response, must happen within this; a news site answers in 1-2 s."""
BODY_SECONDS_PER_TIMEOUT = 3
"""A whole response body must arrive within this many ``timeout``s (60 s by default): a server dripping
one byte a second never trips the per-read timeout, so the body gets a deadline too."""
MAX_REDIRECTS = 5
MAX_ROBOTS_BYTES = 512 * 1024  # Google reads the first 500 KiB of a robots.txt; so do we
ROBOTS_TTL = 86400.0  # seconds a site's robots.txt is trusted (RFC 9309 asks for no more than a day)
ROBOTS_RETRY = 600.0  # seconds an unreadable robots.txt (site disallowed meanwhile) waits to be read again
MAX_CRAWL_DELAY = 60.0  # a larger Crawl-delay is taken as this much: the site is still followed, slowly
POLITE_DELAY_SECONDS = 1.0  # between two requests to one host, when robots.txt says nothing longer
MAX_BACKOFF_SECONDS = 86400.0  # a failing source is still tried at least once a day
MAX_BACKOFF_DOUBLINGS = 16  # 2**16 x the interval is past any cap; keeps the arithmetic small


class FetchError(FactionmapError):
    """A fetch that gave nothing usable; ``transient``: trying again later may succeed."""

    def __init__(self, message: str, *, transient: bool, status: int | None = None) -> None:
        self.transient, self.status = transient, status
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Response:
    """A fetched document (status 200), or "not modified" (304, empty body)."""

    url: str  # after redirects
    status: int
    body: bytes
    etag: str | None = None
    last_modified: str | None = None
    content_type: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def backoff(interval: float, failures: int) -> float:
    """Seconds until a source that failed ``failures`` times in a row is tried again: its interval doubled
    per failure, at most MAX_BACKOFF_SECONDS; with no failure, its interval."""
    return min(interval * 2 ** min(failures, MAX_BACKOFF_DOUBLINGS), max(interval, MAX_BACKOFF_SECONDS))


class Fetcher:
    """One HTTP client for a watcher: its User-Agent on every request, robots.txt cached per site."""

    def __init__(
        self,
        user_agent: str = DEFAULT_USER_AGENT,
        *,
        timeout: float = TIMEOUT_SECONDS,
        polite_delay: float = POLITE_DELAY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.user_agent, self.timeout, self.polite_delay = user_agent, timeout, polite_delay
        self._clock, self._sleep = clock, sleep
        self._client = httpx.Client(
            headers={"User-Agent": user_agent},
            timeout=httpx.Timeout(timeout),
            follow_redirects=True,
            max_redirects=MAX_REDIRECTS,
        )
        self._robots: dict[str, tuple[RobotFileParser, float]] = {}  # origin -> (rules, expires at)
        self._last_request: dict[str, float] = {}  # host -> when it was last asked for something

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, url: str, *, max_bytes: int, etag: str | None = None, last_modified: str | None = None) -> Response:
        """GET ``url`` (conditionally when given its validators); raises FetchError."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        self._wait_turn(url)
        try:
            return self._get(url, headers, max_bytes)
        except httpx.TimeoutException:
            raise FetchError(f"no answer within {self.timeout:g} s (timeout)", transient=True) from None
        except httpx.TooManyRedirects:
            raise FetchError(f"more than {MAX_REDIRECTS} redirects", transient=False) from None
        except httpx.HTTPError as exc:
            raise FetchError(f"cannot fetch: {type(exc).__name__}: {exc}", transient=True) from None

    def _get(self, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        deadline = self._clock() + self.timeout * BODY_SECONDS_PER_TIMEOUT
        with self._client.stream("GET", url, headers=headers) as r:
            if r.status_code == 304:
                return Response(str(r.url), 304, b"", r.headers.get("etag"), r.headers.get("last-modified"))
            if r.status_code != 200:  # redirects are followed; 204 or 206 carry no whole document
                transient = r.status_code >= 500 or r.status_code in (408, 429)
                raise FetchError(
                    f"HTTP {r.status_code} {r.reason_phrase}".strip(), transient=transient, status=r.status_code
                )
            declared = r.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise FetchError(_too_large(max_bytes), transient=False)
            chunks: list[bytes] = []
            size = 0
            for chunk in r.iter_bytes():
                size += len(chunk)
                if size > max_bytes:
                    raise FetchError(_too_large(max_bytes), transient=False)
                if self._clock() > deadline:
                    raise FetchError(
                        f"the response took over {self.timeout * BODY_SECONDS_PER_TIMEOUT:g} s", transient=True
                    )
                chunks.append(chunk)
            return Response(
                str(r.url),
                200,
                b"".join(chunks),
                r.headers.get("etag"),
                r.headers.get("last-modified"),
                r.headers.get("content-type", ""),
            )

    def allowed(self, url: str) -> bool:
        """Whether the site's robots.txt lets this User-Agent fetch ``url``."""
        return self._rules(url).can_fetch(self.user_agent, url)

    def _rules(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        cached = self._robots.get(origin)
        if cached is not None and cached[1] > self._clock():
            return cached[0]
        rules, ttl = RobotFileParser(f"{origin}/robots.txt"), ROBOTS_TTL
        try:
            found = self.get(f"{origin}/robots.txt", max_bytes=MAX_ROBOTS_BYTES)
            rules.parse(found.body.decode("utf-8", errors="replace").splitlines())
        except FetchError as exc:
            if exc.status is not None and 400 <= exc.status < 500 and exc.status != 429:
                rules.parse([])  # no robots.txt: everything is allowed
            else:
                rules.parse(["User-agent: *", "Disallow: /"])  # unreadable: nothing, until it can be read
                ttl = ROBOTS_RETRY
        self._robots[origin] = (rules, self._clock() + ttl)
        return rules

    def _wait_turn(self, url: str) -> None:
        """Sleep until this host's last request is ``polite_delay`` (or its Crawl-delay) ago."""
        host = urlsplit(url).netloc
        delay = self.polite_delay
        cached = self._robots.get(f"{urlsplit(url).scheme}://{host}")
        if cached is not None:
            crawl_delay = cached[0].crawl_delay(self.user_agent)
            if crawl_delay is not None:
                delay = max(delay, min(float(crawl_delay), MAX_CRAWL_DELAY))
        last = self._last_request.get(host)
        if last is not None and delay > 0:
            wait = last + delay - self._clock()
            if wait > 0:
                self._sleep(wait)
        self._last_request[host] = self._clock()


def _too_large(max_bytes: int) -> str:
    return f"response over the {max_bytes / 2**20:g} MB limit for it"
