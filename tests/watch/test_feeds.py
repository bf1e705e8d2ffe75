"""Feeds and sitemaps → article URLs, without fetching anything; XML with entity declarations refused."""

from __future__ import annotations

import gzip

import pytest

from factionmap.watch.feeds import Entry, FeedError, parse_listing

BASE = "https://example.org/feed.xml"


def test_rss_items_give_absolute_urls_titles_and_dates_once_each():
    body = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
        b"<item><title>One</title><link>/news/1#top</link><pubDate>Tue, 02 Dec 2025 08:00:00 GMT</pubDate></item>"
        b"<item><title>Again</title><link>https://example.org/news/1</link></item>"
        b"<item><title>Mail</title><link>mailto:x@example.org</link></item>"
        b"</channel></rss>"
    )
    assert parse_listing(body, BASE).entries == (Entry("https://example.org/news/1", "One", "2025-12-02"),)


def test_atom_entries_are_read():
    body = (
        b'<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>'
        b'<entry><title>A</title><link href="https://example.org/a"/><updated>2025-11-30T10:00:00Z</updated></entry>'
        b"</feed>"
    )
    assert parse_listing(body, BASE).entries == (Entry("https://example.org/a", "A", "2025-11-30"),)


def test_a_sitemap_an_index_and_a_gzipped_sitemap():
    urlset = (
        b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<url><loc>https://example.org/a</loc></url><url><loc> https://example.org/b </loc></url></urlset>"
    )
    assert [e.url for e in parse_listing(urlset, BASE).entries] == ["https://example.org/a", "https://example.org/b"]
    assert parse_listing(gzip.compress(urlset), BASE).entries == parse_listing(urlset, BASE).entries
    index = (
        b'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        b"<sitemap><loc>https://example.org/s1.xml</loc></sitemap></sitemapindex>"
    )
    assert parse_listing(index, BASE).sitemaps == ("https://example.org/s1.xml",)


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<html><body>hello</body></html>", "not an RSS or Atom feed"),
        (b"", "not an RSS or Atom feed"),
        (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>x', "not well-formed"),
        (
            b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
            b'<rss version="2.0"><channel><title>&b;</title></channel></rss>',
            "<!ENTITY",
        ),
        (b"\x1f\x8b\x08not gzip at all", "broken gzip"),
    ],
)
def test_what_cannot_be_read_is_a_feed_error(body, words):
    with pytest.raises(FeedError, match=words):
        parse_listing(body, BASE)
