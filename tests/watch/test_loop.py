"""Rounds against a local site: new items ingested once, conditional polls, failures recorded per source
with their back-off, pages that are not articles, robots.txt, sitemaps, and a restart that resumes."""

from __future__ import annotations

from datetime import timedelta

from factionmap.store import schema as t
from factionmap.store import watchstate
from factionmap.store.db import make_engine
from factionmap.watch import Fetcher, Source, Watcher
from factionmap.watch.fetch import backoff

ETAG = '"v1"'


def _feed(site, web, paths, etag=ETAG) -> None:
    site.pages["/feed.xml"] = web.Page(web.rss(site, paths), content_type="application/rss+xml", etag=etag)


def _articles(site, web, *numbers: int) -> None:
    for n in numbers:
        site.pages[f"/news/{n}"] = web.Page(web.article_html(n))


def test_a_changed_feed_brings_in_its_new_item_once_and_never_refetches_the_old(site, web, engine, clock, make_watcher):
    _articles(site, web, 1, 2)
    _feed(site, web, ["/news/1"])
    source = Source(site.url("/feed.xml"), "Test Outlet", interval=600)
    watcher = make_watcher(engine, [source])

    first = watcher.run_round()
    assert first.polled == 1 and first.pages == {"stored": 1}
    assert web.documents(engine) == [(site.url("/news/1"), "Test Outlet", "Story number 1")]

    _feed(site, web, ["/news/2", "/news/1"], etag='"v2"')
    assert watcher.run_round().polled == 0, "not due yet: nothing polled"
    clock.advance(601)
    second = watcher.run_round()
    assert second.pages == {"stored": 1}
    assert [d[0] for d in web.documents(engine)] == [site.url("/news/1"), site.url("/news/2")]
    assert site.hits("/news/1") == 1 and site.hits("/news/2") == 1
    seen = watchstate.seen(engine, [site.url("/news/1"), site.url("/news/2")])
    assert {s.outcome for s in seen.values()} == {"stored"}
    assert all(s.source_url == source.url for s in seen.values())


def test_the_second_poll_is_conditional_and_a_304_changes_nothing(site, web, engine, clock, make_watcher):
    _articles(site, web, 1)
    _feed(site, web, ["/news/1"])
    site.pages["/feed.xml"].last_modified = "Mon, 01 Dec 2025 10:00:00 GMT"
    watcher = make_watcher(engine, [Source(site.url("/feed.xml"), "Outlet", interval=60)])
    watcher.run_round()
    clock.advance(61)

    summary = watcher.run_round()
    headers = site.headers_of_last("/feed.xml")
    assert headers["if-none-match"] == ETAG
    assert headers["if-modified-since"] == "Mon, 01 Dec 2025 10:00:00 GMT"
    assert headers["user-agent"] == "factionmap-test/1.0"
    assert summary.not_modified == 1 and summary.pages == {} and summary.ingest is None
    state = watchstate.load_sources(engine)[site.url("/feed.xml")]
    assert state.etag == ETAG and state.failures == 0
    assert state.next_poll_at == clock.now + timedelta(seconds=60)


def test_a_failing_source_backs_off_and_the_next_source_is_still_polled(site, web, engine, clock, make_watcher):
    site.pages["/broken.xml"] = web.Page(b"oops", status=500)
    _articles(site, web, 3)
    _feed(site, web, ["/news/3"])
    broken = Source(site.url("/broken.xml"), "Broken", interval=100)
    watcher = make_watcher(engine, [broken, Source(site.url("/feed.xml"), "Good")])

    summary = watcher.run_round()
    assert len(summary.source_errors) == 1 and "HTTP 500" in summary.source_errors[0]
    assert summary.pages == {"stored": 1}
    state = watchstate.load_sources(engine)[broken.url]
    assert state.failures == 1 and "HTTP 500" in (state.last_error or "")
    assert state.next_poll_at == clock.now + timedelta(seconds=backoff(100, 1))

    clock.advance(backoff(100, 1))
    watcher.run_round()
    state = watchstate.load_sources(engine)[broken.url]
    assert state.failures == 2 and state.next_poll_at == clock.now + timedelta(seconds=400)

    site.pages["/broken.xml"] = web.Page(web.rss(site, []))
    clock.advance(400)
    assert watcher.run_round().source_errors == []
    assert watchstate.load_sources(engine)[broken.url].failures == 0


def test_a_source_that_does_not_answer_in_time_is_recorded_as_a_timeout(site, web, engine, make_watcher):
    site.pages["/slow.xml"] = web.Page(web.rss(site, []), delay=2.0)
    watcher = make_watcher(engine, [Source(site.url("/slow.xml"), "Slow")], timeout=0.3)
    summary = watcher.run_round()
    assert len(summary.source_errors) == 1 and "timeout" in summary.source_errors[0]
    assert "timeout" in (watchstate.load_sources(engine)[site.url("/slow.xml")].last_error or "")


def test_a_malformed_feed_is_recorded_without_stopping_the_round(site, web, engine, make_watcher):
    site.pages["/bad.xml"] = web.Page(b"<html><body>not a feed <p>at all", content_type="application/rss+xml")
    _articles(site, web, 1)
    _feed(site, web, ["/news/1"])
    watcher = make_watcher(engine, [Source(site.url("/bad.xml"), "Bad"), Source(site.url("/feed.xml"), "Good")])
    summary = watcher.run_round()
    assert len(summary.source_errors) == 1 and "not an RSS or Atom feed" in summary.source_errors[0]
    assert summary.pages == {"stored": 1}


def test_pages_that_are_not_articles_are_recorded_and_nothing_is_stored(site, web, engine, clock, make_watcher):
    site.pages["/index"] = web.Page(b"<html><body><nav><a href='/a'>A</a></nav></body></html>")
    site.pages["/photo.jpg"] = web.Page(b"\xff\xd8\xff", content_type="image/jpeg")
    _feed(site, web, ["/index", "/photo.jpg", "/gone"])
    watcher = make_watcher(engine, [Source(site.url("/feed.xml"), "Outlet", interval=60)])

    summary = watcher.run_round()
    assert summary.pages == {"skipped": 2, "failed": 1}  # /gone: 404, for good
    assert web.count(engine, t.documents) == 0
    assert len(summary.ingest.failures) == 3
    clock.advance(61)
    _feed(site, web, ["/index", "/photo.jpg", "/gone"], etag='"v2"')
    watcher.run_round()
    assert (site.hits("/index"), site.hits("/photo.jpg"), site.hits("/gone")) == (1, 1, 1)


def test_a_page_that_fails_for_now_is_tried_again_at_most_three_times(site, web, engine, clock, make_watcher):
    site.pages["/news/9"] = web.Page(b"busy", status=503)
    _feed(site, web, ["/news/9"])
    watcher = make_watcher(engine, [Source(site.url("/feed.xml"), "Outlet", interval=60)])
    outcomes = []
    for _ in range(4):
        outcomes.append(dict(watcher.run_round().pages))
        clock.advance(61)
    assert outcomes == [{"error": 1}, {"error": 1}, {"failed": 1}, {}]
    assert site.hits("/news/9") == 3


def test_robots_txt_is_honoured(site, web, engine, make_watcher):
    site.pages["/robots.txt"] = web.Page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    _articles(site, web, 1)
    site.pages["/private/2"] = web.Page(web.article_html(2))
    _feed(site, web, ["/news/1", "/private/2"])
    watcher = make_watcher(engine, [Source(site.url("/feed.xml"), "Outlet")])
    summary = watcher.run_round()
    assert summary.pages == {"stored": 1, "robots": 1}
    assert site.hits("/private/2") == 0 and site.hits("/robots.txt") == 1
    assert watchstate.seen(engine, [site.url("/private/2")])[site.url("/private/2")].outcome == "robots"


def test_a_sitemap_is_followed_like_a_feed(site, web, engine, make_watcher):
    _articles(site, web, 1, 2)
    site.pages["/sitemap.xml"] = web.Page(web.sitemap(site, ["/news/1", "/news/2"]), content_type="application/xml")
    summary = make_watcher(engine, [Source(site.url("/sitemap.xml"), "Mapped")]).run_round()
    assert summary.pages == {"stored": 2}
    assert {d[1] for d in web.documents(engine)} == {"Mapped"}


def test_a_new_process_resumes_from_the_stored_state(site, web, engine, db_url, clock, make_watcher):
    _articles(site, web, 1, 2)
    _feed(site, web, ["/news/1", "/news/2"])
    source = Source(site.url("/feed.xml"), "Outlet", interval=60)
    make_watcher(engine, [source]).run_round()
    assert site.hits("/feed.xml") == 1

    restarted = make_engine(db_url)  # another engine, as a restarted process opens
    try:
        again = make_watcher(restarted, [source])
        assert again.run_round().polled == 0, "the stored next_poll_at still holds"
        clock.advance(61)
        site.pages["/feed.xml"].etag = '"v2"'  # the feed is sent in full again; its items are known
        summary = again.run_round()
        assert summary.polled == 1 and summary.pages == {} and summary.ingest is None
        assert site.headers_of_last("/feed.xml")["if-none-match"] == ETAG
    finally:
        restarted.dispose()
    assert (site.hits("/news/1"), site.hits("/news/2")) == (1, 1)
    assert web.count(engine, t.documents) == 2


def test_run_forever_sleeps_until_the_next_source_is_due(site, web, engine, make_watcher):
    from factionmap.watch import run_forever

    _feed(site, web, [])
    watcher = make_watcher(engine, [Source(site.url("/feed.xml"), "Outlet", interval=120)])
    summaries, slept = [], []
    run_forever(watcher, summaries.append, sleep=slept.append, rounds=2)
    assert [s.polled for s in summaries] == [1, 0] and slept == [120.0]


def test_a_round_can_store_its_pages_elsewhere(site, web, engine, extractor, clock):
    """`watch --dask` hands each round's pages to the cluster's ingest; the watcher keeps the state."""
    from factionmap.run import ingest as run_ingest

    _articles(site, web, 1)
    _feed(site, web, ["/news/1"])
    handed: list[str] = []

    def elsewhere(articles, progress):
        pages = list(articles)
        handed.extend(a.doc_id for a in pages)
        return run_ingest((), engine, extractor, progress=progress, articles=pages)

    fetcher = Fetcher("factionmap-test/1.0", timeout=1.0, polite_delay=0)
    with fetcher:
        watcher = Watcher(
            engine, extractor, [Source(site.url("/feed.xml"), "Wire")], fetcher, clock=clock, ingest=elsewhere
        )
        assert watcher.run_round().pages == {"stored": 1}
    assert len(handed) == 1 and web.documents(engine)[0][0] == site.url("/news/1")
    assert watchstate.seen(engine, [site.url("/news/1")])[site.url("/news/1")].outcome == "stored"
