"""Rounds of `factionmap watch`: poll the sources that are due, fetch the pages not seen before, ingest them.

One round:

1. Each source whose ``next_poll_at`` has passed (or that was never polled) is fetched with its stored
   validators (If-None-Match / If-Modified-Since). A failure (network, HTTP, a broken feed) is recorded
   on the source with its back-off (:func:`factionmap.watch.fetch.backoff`) and the next source goes on.
2. Its listed article URLs minus those already in ``watch_seen``, plus its earlier transient failures
   with tries left (at most :data:`MAX_PAGE_ATTEMPTS` in all), are fetched one by one, robots.txt
   permitting, and read by the HTML reader ingest uses (trafilatura), the outlet as publisher.
3. They go through :func:`factionmap.run.ingest`, the one write path, lazily: a page is fetched when
   the extractor is ready for it. What came of each URL is then recorded in ``watch_seen``.

A source's new validators are saved only after its pages are recorded, so a watcher killed mid-round
polls the feed again in full next time; pages it had already stored are then not fetched again if
recorded, or recognised by ingest as unchanged if not.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import Engine

from factionmap.errors import InvalidInput
from factionmap.extract.pipeline import Extractor
from factionmap.ingest import ReadFailure, read_html_article
from factionmap.ingest.normalize import safe_doc_id
from factionmap.ingest.records import failure_from, unreadable
from factionmap.model import Article, content_id
from factionmap.run import IngestSummary
from factionmap.run import ingest as run_ingest
from factionmap.store import watchstate
from factionmap.store.watchstate import Seen, SourceState
from factionmap.watch.feeds import MAX_FEED_BYTES, Entry, FeedError, parse_listing
from factionmap.watch.fetch import Fetcher, FetchError, backoff
from factionmap.watch.sources import Source

MAX_PAGE_BYTES = 5 * 1024 * 1024
"""Largest article page fetched: news pages are under 2 MB (ingest's cap for an HTML file is 20 MB)."""
MAX_PAGE_ATTEMPTS = 3
"""Tries for a page that failed transiently (timeout, 5xx), one per poll of its source; then it is given up."""
MAX_CHILD_SITEMAPS = 10  # sitemaps read from one sitemap index per poll (news sites list the newest first)
MAX_ERROR_CHARS = 500  # of a source's last error, as stored
MIN_SLEEP_SECONDS = 1.0  # between rounds, however soon the next source is due
MAX_SLEEP_SECONDS = 300.0  # between rounds at most: a suspended machine or a clock change never oversleeps long
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
ERROR = "error"  # the outcome of a transient page failure, tried again later
STORED = {"new": "stored", "replaced": "stored", "copy": "copy", "unchanged": "unchanged"}  # ingest's -> ours

Progress = Callable[[str, str], None]  # (url or doc_id, outcome)


@dataclass(slots=True)
class RoundSummary:
    """What one round did: sources polled, unchanged (304) and failed; pages by outcome; the ingest."""

    polled: int = 0
    not_modified: int = 0
    source_errors: list[str] = field(default_factory=list)
    pages: Counter[str] = field(default_factory=Counter)  # outcome -> pages
    ingest: IngestSummary | None = None


@dataclass(frozen=True, slots=True)
class _Page:
    """An article URL to fetch this round, the source listing it, and which try this is."""

    entry: Entry
    source: Source
    attempts: int


@dataclass(slots=True)
class _Round:
    """One round's bookkeeping: pages to fetch, each page's outcome, and source states to save after."""

    pages: list[_Page] = field(default_factory=list)
    outcomes: dict[str, str] = field(default_factory=dict)  # url -> outcome
    keys: dict[str, str] = field(default_factory=dict)  # doc_id or failure source -> url
    polled: list[SourceState] = field(default_factory=list)


# How a round's pages are stored: (articles, progress) -> summary. This machine's ingest by default;
# ``watch --dask`` passes one that sends them to a Dask cluster (factionmap.cluster.ingest_dask).
Ingest = Callable[[Iterable["Article | ReadFailure"], Progress], IngestSummary]


class Watcher:
    """Follows ``sources`` into the store; :meth:`run_round` does one round (see the module docstring)."""

    def __init__(
        self,
        engine: Engine,
        extractor: Extractor,
        sources: Iterable[Source],
        fetcher: Fetcher,
        *,
        workers: int = 1,
        kb_extra: tuple[Path, ...] = (),
        progress: Progress | None = None,
        clock: Callable[[], datetime] = lambda: datetime.now(UTC),
        ingest: Ingest | None = None,
    ) -> None:
        self.engine, self.extractor, self.fetcher = engine, extractor, fetcher
        self.sources = list(sources)
        self.workers, self.kb_extra, self.clock = workers, kb_extra, clock
        self.progress: Progress = progress or (lambda key, outcome: None)
        self.ingest: Ingest = ingest or self._ingest_here

    def run_round(self) -> RoundSummary:
        """Poll every due source, then fetch and ingest their new pages."""
        now = self.clock()
        states = watchstate.load_sources(self.engine)
        summary, work = RoundSummary(), _Round()
        for source in self.sources:
            state = states.get(source.url) or SourceState(source.url)
            if state.next_poll_at is None or state.next_poll_at <= now:
                self._poll(source, state, now, summary, work)
        try:
            if work.pages:
                summary.ingest = self._ingest(work)
        finally:
            seen = [Seen(p.entry.url, p.source.url, work.outcomes.get(p.entry.url, ""), p.attempts) for p in work.pages]
            watchstate.record_seen(self.engine, [s for s in seen if s.outcome], now)
            summary.pages.update(s.outcome for s in seen if s.outcome)
        for state in work.polled:
            watchstate.save_source(self.engine, state)
        return summary

    def next_due(self) -> datetime:
        """When the next source is due (now, if one never polled is listed)."""
        states = watchstate.load_sources(self.engine)
        times = [getattr(states.get(s.url), "next_poll_at", None) or self.clock() for s in self.sources]
        return min(times, default=self.clock())

    def _poll(self, source: Source, state: SourceState, now: datetime, summary: RoundSummary, work: _Round) -> None:
        summary.polled += 1
        try:
            if not self.fetcher.allowed(source.url):
                raise FetchError("robots.txt disallows fetching this feed", transient=True)
            response = self.fetcher.get(
                source.url, max_bytes=MAX_FEED_BYTES, etag=state.etag, last_modified=state.last_modified
            )
            entries = () if response.not_modified else self._entries(response.body, response.url)
        except (FetchError, FeedError) as exc:
            failures = state.failures + 1
            due = now + timedelta(seconds=backoff(source.interval, failures))
            error = f"{exc}"[:MAX_ERROR_CHARS]
            watchstate.save_source(
                self.engine, replace(state, last_polled_at=now, next_poll_at=due, failures=failures, last_error=error)
            )
            summary.source_errors.append(f"{source.url}: {error}")
            self.progress(source.url, "source failed")
            return
        summary.not_modified += response.not_modified
        self.progress(source.url, "not modified" if response.not_modified else f"{len(entries)} listed")
        work.polled.append(
            SourceState(
                source.url,
                etag=response.etag or (state.etag if response.not_modified else None),
                last_modified=response.last_modified or (state.last_modified if response.not_modified else None),
                last_polled_at=now,
                next_poll_at=now + timedelta(seconds=source.interval),
            )
        )
        self._queue(source, entries, work)

    def _entries(self, body: bytes, url: str) -> tuple[Entry, ...]:
        """A feed's or sitemap's entries; a sitemap index's child sitemaps are read too (one level)."""
        listing = parse_listing(body, url)
        entries = list(listing.entries)
        for child in listing.sitemaps[:MAX_CHILD_SITEMAPS]:
            if self.fetcher.allowed(child):
                found = self.fetcher.get(child, max_bytes=MAX_FEED_BYTES)
                entries.extend(parse_listing(found.body, found.url).entries)
        return tuple(entries)

    def _queue(self, source: Source, entries: Iterable[Entry], work: _Round) -> None:
        """Queue the entries not dealt with yet, and the source's pages due another try."""
        listed = {e.url: e for e in entries}
        for url in watchstate.retryable(self.engine, source.url, ERROR, MAX_PAGE_ATTEMPTS):
            listed.setdefault(url, Entry(url))
        known = watchstate.seen(self.engine, listed)
        queued = {p.entry.url for p in work.pages}
        for url, entry in listed.items():
            before = known.get(url)
            if url in queued or (before is not None and before.outcome != ERROR):
                continue
            page = _Page(entry, source, before.attempts + 1 if before is not None else 1)
            work.pages.append(page)
            queued.add(url)
            if not self.fetcher.allowed(url):
                work.outcomes[url] = "robots"

    def _ingest(self, work: _Round) -> IngestSummary:
        def report(key: str, status: str) -> None:
            url = work.keys.get(key)
            if url is not None:
                work.outcomes.setdefault(url, STORED.get(status, "failed"))
            self.progress(key, status)

        return self.ingest(self._read_pages(work), report)

    def _ingest_here(self, articles: Iterable[Article | ReadFailure], progress: Progress) -> IngestSummary:
        """The round's pages through this machine's ingest (``--workers`` processes, one writer)."""
        return run_ingest(
            (),
            self.engine,
            self.extractor,
            workers=self.workers,
            kb_extra=self.kb_extra,
            progress=progress,
            articles=articles,
        )

    def _read_pages(self, work: _Round) -> Iterator[Article | ReadFailure]:
        for page in work.pages:
            if page.entry.url in work.outcomes:  # disallowed by robots.txt: not fetched
                continue
            item = self._read(page, work.outcomes)
            work.keys[item.doc_id if isinstance(item, Article) else item.source] = page.entry.url
            yield item

    def _read(self, page: _Page, outcomes: dict[str, str]) -> Article | ReadFailure:
        """One page fetched and read into an Article, or a ReadFailure with its outcome set."""
        url = page.entry.url
        try:
            response = self.fetcher.get(url, max_bytes=MAX_PAGE_BYTES)
        except FetchError as exc:
            retry = exc.transient and page.attempts < MAX_PAGE_ATTEMPTS
            outcomes[url] = ERROR if retry else "failed"
            return ReadFailure(url, f"{exc}" + (" (tried again at the next poll)" if retry else ""))
        media_type = response.content_type.split(";")[0].strip().lower()
        if media_type and media_type not in HTML_TYPES:
            outcomes[url] = "skipped"
            return ReadFailure(url, f"not a web page ({media_type[:60]})")
        try:
            article = read_html_article(response.body, doc_id_for(url), url, url=response.url)
        except InvalidInput as exc:
            outcomes[url] = "skipped"
            return failure_from(exc, url)
        except Exception as exc:  # whatever breaks one page costs that page only (as readers.py does)
            outcomes[url] = "failed"
            return ReadFailure(url, f"cannot read page: {unreadable(exc)}")
        return replace(
            article,
            publisher=page.source.outlet,
            title=article.title or page.entry.title,
            published=article.published or page.entry.published,
        )


def doc_id_for(url: str) -> str:
    """A page's doc_id: its host and a hash of its URL, the same every time the URL is read."""
    return safe_doc_id(f"{urlsplit(url).hostname or 'page'}-{content_id(url, size=12)}")


def run_forever(
    watcher: Watcher,
    on_round: Callable[[RoundSummary], None],
    *,
    sleep: Callable[[float], None] = time.sleep,
    rounds: int | None = None,
) -> None:
    """Rounds until interrupted (Ctrl-C raises KeyboardInterrupt out of here, between two transactions),
    sleeping until the next source is due; ``rounds`` stops after that many (tests)."""
    done = 0
    while rounds is None or done < rounds:
        on_round(watcher.run_round())
        done += 1
        wait = (watcher.next_due() - watcher.clock()).total_seconds()
        if rounds is None or done < rounds:
            sleep(min(max(wait, MIN_SLEEP_SECONDS), MAX_SLEEP_SECONDS))
