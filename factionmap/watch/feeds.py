"""A fetched feed or sitemap → the article URLs it lists (with a title and date when a feed gives them).

RSS and Atom go to feedparser, which copes with the broken feeds the web is full of; a feed it cannot make
sense of (no version and no entries) is a :class:`FeedError`. XML sitemaps (``<urlset>``, and
``<sitemapindex>`` naming child sitemaps) are small enough for the standard library's ElementTree. Neither
parser fetches anything (both get bytes), and XML declaring entities (``<!ENTITY``, the "billion laughs"
and external-entity attacks) is refused before any parser sees it: news feeds and sitemaps never need one.
Only http(s) addresses are kept, without their ``#fragment``, each once, at most :data:`MAX_ENTRIES`.
"""

from __future__ import annotations

import re
import time
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass
from urllib.parse import urldefrag, urljoin, urlsplit

import feedparser

from factionmap.errors import FactionmapError

MAX_FEED_BYTES = 10 * 1024 * 1024
"""Largest feed or sitemap fetched, and largest a gzipped sitemap may inflate to: the sitemap protocol
caps a file at 50 MB and 50,000 URLs, but a news sitemap (the last two days) is a few hundred KB."""
MAX_ENTRIES = 1_000  # article URLs taken from one feed or sitemap, in its order (newest first, usually)
MAX_URL_CHARS = 2000  # as the store's URL columns (factionmap.watch.sources.MAX_URL_CHARS)
_SITEMAP_ROOT = re.compile(rb"<(?:[\w.-]+:)?(urlset|sitemapindex)[\s>]")
_ENTITY = re.compile(rb"<!ENTITY", re.IGNORECASE)
_GZIP_MAGIC = b"\x1f\x8b"


class FeedError(FactionmapError):
    """A feed or sitemap that cannot be read."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One article a feed or sitemap lists."""

    url: str
    title: str | None = None
    published: str | None = None  # ISO date, from the feed's entry (sitemaps give none)


@dataclass(frozen=True, slots=True)
class Listing:
    """What one feed or sitemap lists: its articles, and (for a sitemap index) further sitemaps to read."""

    entries: tuple[Entry, ...] = ()
    sitemaps: tuple[str, ...] = ()


def parse_listing(body: bytes, url: str) -> Listing:
    """The articles (or child sitemaps) in a fetched feed or sitemap; raises FeedError."""
    body = _gunzip(body)
    if _ENTITY.search(body[:65536]):
        raise FeedError("the XML declares entities (<!ENTITY), which a feed or sitemap never needs; refused")
    match = _SITEMAP_ROOT.search(body[:4096])
    if match is not None:
        return _sitemap(body, url)
    return Listing(entries=_feed(body, url))


def _gunzip(body: bytes) -> bytes:
    """A gzipped sitemap (``sitemap.xml.gz``) inflated, at most MAX_FEED_BYTES."""
    if not body.startswith(_GZIP_MAGIC):
        return body
    inflater = zlib.decompressobj(wbits=31)
    try:
        data = inflater.decompress(body, MAX_FEED_BYTES + 1)
    except zlib.error as exc:
        raise FeedError(f"broken gzip data: {exc}") from None
    if len(data) > MAX_FEED_BYTES:
        raise FeedError(f"over {MAX_FEED_BYTES // 2**20} MB once decompressed (MAX_FEED_BYTES)")
    return data


def _feed(body: bytes, url: str) -> tuple[Entry, ...]:
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        detail = f": {' '.join(str(problem).split())[:200]}" if problem else ""
        raise FeedError(f"not an RSS or Atom feed, nor a sitemap{detail}")
    entries = []
    for item in parsed.entries:
        link = _article_url(item.get("link"), url)
        if link is not None:
            entries.append(Entry(link, _text(item.get("title")), _iso_date(item)))
    return _unique(entries)


def _sitemap(body: bytes, url: str) -> Listing:
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise FeedError(f"not well-formed XML: {exc}") from None
    kind = root.tag.rsplit("}", 1)[-1]
    locs = [el.text for el in root.iter() if el.tag.rsplit("}", 1)[-1] == "loc"]
    urls = [u for u in (_article_url(loc, url) for loc in locs) if u is not None]
    if kind == "sitemapindex":
        return Listing(sitemaps=tuple(dict.fromkeys(urls))[:MAX_ENTRIES])
    return Listing(entries=_unique([Entry(u) for u in urls]))


def _article_url(value: object, base: str) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    absolute, _ = urldefrag(urljoin(base, value.strip()))
    parts = urlsplit(absolute)
    if parts.scheme not in ("http", "https") or not parts.hostname or len(absolute) > MAX_URL_CHARS:
        return None
    return absolute


def _unique(entries: list[Entry]) -> tuple[Entry, ...]:
    first: dict[str, Entry] = {}
    for entry in entries:
        first.setdefault(entry.url, entry)
    return tuple(first.values())[:MAX_ENTRIES]


def _text(value: object) -> str | None:
    return " ".join(value.split()) or None if isinstance(value, str) else None


def _iso_date(item: dict) -> str | None:
    """The entry's publication (or else update) date as ISO, when the feed gives one feedparser can read."""
    for key in ("published_parsed", "updated_parsed"):
        parsed = item.get(key)
        if isinstance(parsed, time.struct_time):
            return time.strftime("%Y-%m-%d", parsed)
    return None
