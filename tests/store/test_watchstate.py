"""`factionmap watch`'s state on both dialects: a source's polling state and the URLs seen, replaced in
place, with timestamps coming back in UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from factionmap.store import watchstate
from factionmap.store.watchstate import Seen, SourceState

T0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)


def test_a_source_state_is_saved_and_replaced(engine):
    assert watchstate.load_sources(engine) == {}
    first = SourceState("https://e.org/feed", etag='"a"', last_polled_at=T0, next_poll_at=T0 + timedelta(minutes=5))
    watchstate.save_source(engine, first)
    assert watchstate.load_sources(engine) == {first.url: first}
    failed = SourceState(first.url, etag='"a"', last_polled_at=T0, next_poll_at=T0, failures=2, last_error="HTTP 500")
    watchstate.save_source(engine, failed)
    assert watchstate.load_sources(engine) == {first.url: failed}


def test_seen_urls_keep_their_first_sighting_and_retries_are_listed(engine):
    src = "https://e.org/feed"
    watchstate.record_seen(engine, [Seen("https://e.org/a", src, "stored"), Seen("https://e.org/b", src, "error")], T0)
    later = T0 + timedelta(hours=1)
    watchstate.record_seen(engine, [Seen("https://e.org/b", src, "error", attempts=2)], later)
    assert watchstate.seen(engine, ["https://e.org/a", "https://e.org/b", "https://e.org/c"]) == {
        "https://e.org/a": Seen("https://e.org/a", src, "stored", 1),
        "https://e.org/b": Seen("https://e.org/b", src, "error", 2),
    }
    assert watchstate.retryable(engine, src, "error", max_attempts=3) == ["https://e.org/b"]
    assert watchstate.retryable(engine, src, "error", max_attempts=2) == []
    assert watchstate.seen(engine, []) == {}
