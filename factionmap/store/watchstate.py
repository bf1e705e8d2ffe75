"""What `factionmap watch` remembers between rounds and restarts: each source's polling state and the
article URLs already dealt with (tables ``watch_sources`` and ``watch_seen``, migration 0004).

The SQL lives here because all of factionmap's SQL lives in ``store/``; the watcher holds an Engine and
calls these functions. Writes are "update, else insert" in one transaction, which both dialects run
the same way: one watcher writes a given source's rows, so the insert never races another writer's.
SQLite hands back timestamps without a zone; they were written in UTC, so they are read as UTC.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, insert, select, update

from factionmap.store import schema as t
from factionmap.store.db import one_of


@dataclass(frozen=True, slots=True)
class SourceState:
    """One feed or sitemap as last polled; a source never polled has no row (and is due at once)."""

    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_polled_at: datetime | None = None
    next_poll_at: datetime | None = None
    failures: int = 0
    last_error: str | None = None


@dataclass(frozen=True, slots=True)
class Seen:
    """One article URL the watcher has dealt with: what came of it, and how often it was tried."""

    url: str
    source_url: str
    outcome: str
    attempts: int = 1


def _utc(value: datetime | None) -> datetime | None:
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=UTC)


def load_sources(engine: Engine) -> dict[str, SourceState]:
    """Every source's stored state, by URL."""
    with engine.connect() as conn:
        rows = conn.execute(select(t.watch_sources)).all()
    return {
        row.url: SourceState(
            url=row.url,
            etag=row.etag,
            last_modified=row.last_modified,
            last_polled_at=_utc(row.last_polled_at),
            next_poll_at=_utc(row.next_poll_at),
            failures=row.failures,
            last_error=row.last_error,
        )
        for row in rows
    }


def save_source(engine: Engine, state: SourceState) -> None:
    """Store one source's state (replacing what was there), in its own transaction."""
    values = {
        "etag": state.etag,
        "last_modified": state.last_modified,
        "last_polled_at": state.last_polled_at,
        "next_poll_at": state.next_poll_at,
        "failures": state.failures,
        "last_error": state.last_error,
    }
    with engine.begin() as conn:
        _update_else_insert(conn, t.watch_sources, state.url, values)


def seen(engine: Engine, urls: Iterable[str]) -> dict[str, Seen]:
    """The ones of ``urls`` already dealt with, by URL."""
    urls = list(urls)
    found: dict[str, Seen] = {}
    if not urls:
        return found
    c = t.watch_seen.c
    with engine.connect() as conn:
        for condition in one_of(conn, c.url, urls):
            for row in conn.execute(select(c.url, c.source_url, c.outcome, c.attempts).where(condition)):
                found[row.url] = Seen(row.url, row.source_url, row.outcome, row.attempts)
    return found


def retryable(engine: Engine, source_url: str, outcome: str, max_attempts: int) -> list[str]:
    """URLs of ``source_url`` whose last try ended in ``outcome`` (a transient error) with tries left."""
    c = t.watch_seen.c
    query = (
        select(c.url)
        .where(c.source_url == source_url, c.outcome == outcome, c.attempts < max_attempts)
        .order_by(c.first_seen_at, c.url)
    )
    with engine.connect() as conn:
        return list(conn.execute(query).scalars())


def record_seen(engine: Engine, items: Iterable[Seen], when: datetime) -> None:
    """Record what came of each URL, in one transaction; a URL seen before keeps its first_seen_at."""
    with engine.begin() as conn:
        for item in items:
            values = {"source_url": item.source_url, "outcome": item.outcome, "attempts": item.attempts}
            _update_else_insert(conn, t.watch_seen, item.url, values, first_seen_at=when)


def _update_else_insert(conn: Connection, table, url: str, values: dict, **on_insert: object) -> None:
    updated = conn.execute(update(table).where(table.c.url == url).values(**values))
    if updated.rowcount == 0:
        conn.execute(insert(table).values(url=url, **values, **on_insert))
