"""A local web site on 127.0.0.1 whose pages a test sets and changes, logging every request, and the
pieces a watcher needs (a migrated SQLite store, the rules-only extractor, a fetcher that does not wait)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from factionmap.store import schema as t
from factionmap.store.db import make_engine, migrate
from factionmap.watch import Fetcher, Source, Watcher


@dataclass
class Page:
    body: bytes
    status: int = 200
    content_type: str = "text/html; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    delay: float = 0.0


class Site:
    """path -> Page; requests logged as (path, headers)."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
                page = site.pages.get(self.path)
                try:
                    if page is None:
                        self.send_error(404)
                        return
                    time.sleep(page.delay)
                    if (page.etag and self.headers.get("If-None-Match") == page.etag) or (
                        page.last_modified and self.headers.get("If-Modified-Since") == page.last_modified
                    ):
                        self.send_response(304)
                        self.end_headers()
                        return
                    self.send_response(page.status)
                    self.send_header("Content-Type", page.content_type)
                    self.send_header("Content-Length", str(len(page.body)))
                    if page.etag:
                        self.send_header("ETag", page.etag)
                    if page.last_modified:
                        self.send_header("Last-Modified", page.last_modified)
                    self.end_headers()
                    self.wfile.write(page.body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (a timeout test)
                    pass

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.server.block_on_close = False  # a handler still sleeping (timeout test) does not hold up the test
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
        self.thread.start()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"

    def hits(self, path: str) -> int:
        return sum(1 for p, _ in self.requests if p == path)

    def headers_of_last(self, path: str) -> dict[str, str]:
        return [h for p, h in self.requests if p == path][-1]

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


STORIES = [
    "The North Front announced on Monday that it had formed an alliance with the River Brigade, according "
    "to a statement posted by the group on its channels late in the evening.",
    "Fighters of the Hill Council clashed with the North Front near the river crossing on Tuesday, local "
    "residents said, and the fighting went on until the early hours of the morning.",
    "The Republic of X denied sending weapons to the River Brigade, saying the reports were invented by "
    "its enemies to discredit the government before the talks in the capital.",
    "Elders from the valley met commanders of the River Brigade to discuss the return of families who fled "
    "the fighting last year, officials from the provincial council said on Thursday.",
]


def article_html(n: int, title: str | None = None) -> bytes:
    """A news page whose text (two paragraphs) differs for every ``n``."""
    first, second = STORIES[n % len(STORIES)], STORIES[(n + 1) % len(STORIES)]
    heading = title or f"Story number {n}"
    return (
        f"<html><head><title>{heading}</title></head><body><nav><a href='/'>Home</a></nav>"
        f"<article><h1>{heading}</h1><p>Report {n}. {first}</p><p>{second} This was report number {n}.</p>"
        "</article><footer>Copyright</footer></body></html>"
    ).encode()


PUBLISHED = "Mon, 01 Dec 2025 10:00:00 GMT"


def rss(site: Site, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Item {p}</title><link>{site.url(p)}</link><pubDate>{PUBLISHED}</pubDate></item>" for p in paths
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>'
        f"<link>{site.url('/')}</link><description>d</description>{items}</channel></rss>"
    ).encode()


def sitemap(site: Site, paths: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{site.url(p)}</loc></url>" for p in paths)
    return f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'.encode()


@pytest.fixture(scope="session")
def extractor():
    from factionmap.extract.pipeline import Extractor

    return Extractor(relation_model=None)  # the rules alone: quick and deterministic


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'store.db'}"


@pytest.fixture
def engine(db_url):
    eng = make_engine(db_url)
    migrate(eng)
    yield eng
    eng.dispose()


class Clock:
    """A settable now for the watcher, so a test decides when sources are due."""

    def __init__(self) -> None:
        self.now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def make_watcher(extractor, clock):
    """make_watcher(engine, sources, timeout=1.0): a watcher whose fetcher does not pause between requests."""
    made: list[Fetcher] = []

    def make(engine, sources: list[Source], timeout: float = 1.0) -> Watcher:
        fetcher = Fetcher("factionmap-test/1.0", timeout=timeout, polite_delay=0)
        made.append(fetcher)
        return Watcher(engine, extractor, sources, fetcher, clock=clock)

    yield make
    for fetcher in made:
        fetcher.close()


def documents(engine) -> list[tuple[str, str, str]]:
    """(url, publisher, title) of every stored document."""
    with engine.connect() as conn:
        rows = conn.execute(select(t.documents.c.url, t.documents.c.publisher, t.documents.c.title)).all()
    return sorted(tuple(r) for r in rows)


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


@pytest.fixture
def web() -> SimpleNamespace:
    """The builders and store counts above, for the test modules (conftest is not importable under
    --import-mode=importlib)."""
    return SimpleNamespace(
        Page=Page, article_html=article_html, rss=rss, sitemap=sitemap, documents=documents, count=count
    )
