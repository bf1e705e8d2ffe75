"""The fetcher's bounds and rules against a local server: size, robots.txt when it cannot be read, the
Crawl-delay, and the back-off arithmetic."""

from __future__ import annotations

import pytest

from factionmap.watch.fetch import MAX_BACKOFF_SECONDS, Fetcher, FetchError, backoff


def test_a_response_over_its_cap_fails_naming_it(site, web):
    site.pages["/big"] = web.Page(b"x" * 5000)
    with Fetcher(polite_delay=0) as fetcher, pytest.raises(FetchError, match="limit") as caught:
        fetcher.get(site.url("/big"), max_bytes=1000)
    assert not caught.value.transient


def test_the_default_user_agent_names_factionmap(site, web):
    site.pages["/x"] = web.Page(b"ok")
    with Fetcher(polite_delay=0) as fetcher:
        assert fetcher.get(site.url("/x"), max_bytes=100).body == b"ok"
    assert site.headers_of_last("/x")["user-agent"].startswith("factionmap/")


def test_robots_txt_that_cannot_be_read_disallows_everything_and_none_allows_all(site, web):
    with Fetcher(polite_delay=0) as fetcher:
        assert fetcher.allowed(site.url("/a")), "no robots.txt (404): everything allowed"
    site.pages["/robots.txt"] = web.Page(b"down", status=503)
    with Fetcher(polite_delay=0) as fetcher:
        assert not fetcher.allowed(site.url("/a"))
        assert site.hits("/robots.txt") == 2
        assert not fetcher.allowed(site.url("/b")), "cached: not asked again at once"
        assert site.hits("/robots.txt") == 2


def test_requests_to_one_host_wait_for_the_crawl_delay(site, web):
    site.pages["/robots.txt"] = web.Page(b"User-agent: *\nCrawl-delay: 7\n", content_type="text/plain")
    site.pages["/x"] = web.Page(b"ok")
    now = [100.0]
    slept: list[float] = []
    with Fetcher(polite_delay=1, clock=lambda: now[0], sleep=slept.append) as fetcher:
        assert fetcher.allowed(site.url("/x"))
        fetcher.get(site.url("/x"), max_bytes=10)
    assert slept == [7.0]


def test_backoff_doubles_per_failure_up_to_a_day():
    assert [backoff(600, n) for n in range(4)] == [600, 1200, 2400, 4800]
    assert backoff(600, 50) == MAX_BACKOFF_SECONDS
