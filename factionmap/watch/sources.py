"""The sources file `factionmap watch` follows: feeds and sitemaps, each with the outlet that publishes it.

::

    # sources.yaml
    sources:
      - url: https://example.org/feed.xml        # an RSS or Atom feed, or an XML sitemap
        outlet: Example News                      # the publisher every article from it is stored under
        reliability: 0.8                          # optional, 0..1
        interval: 900                             # optional, seconds between polls (default 1800)

The file is read with factionmap.yamlsafe (safe loader, bounded size and aliases). Every mistake is one
InvalidInput naming the file and the field (``sources[2].interval``), with a hint showing the shape.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from factionmap import yamlsafe
from factionmap.errors import InvalidInput

TOP_KEY = "sources"
KEYS = ("url", "outlet", "reliability", "interval")
DEFAULT_INTERVAL = 1800.0
"""Seconds between polls of a source when the file says nothing: news sites publish a few times an hour."""
MIN_INTERVAL = 60.0
"""Shortest poll interval allowed: more often than once a minute is impolite to any publisher."""
MAX_INTERVAL = 7 * 86400.0  # a week; a longer gap is not following a feed any more
MAX_SOURCES = 10_000
MAX_URL_CHARS = 2000  # the stored URL columns' size (store/schema.py watch_sources, watch_seen)
MAX_OUTLET_CHARS = 300  # as for an outlet in the reliability file
HINT = "expected `sources:` listing entries with `url:`, `outlet:` and optionally `reliability:` (0..1), `interval:`"


@dataclass(frozen=True, slots=True)
class Source:
    """One feed or sitemap to follow."""

    url: str
    outlet: str
    # The analyst's weight for the outlet, 0..1, checked here; claim weights are still read from the reliability
    # file (graph/reliability.py), which this does not feed yet.
    reliability: float | None = None
    interval: float = DEFAULT_INTERVAL  # seconds between polls


def load_sources(path: Path | str) -> list[Source]:
    """The sources listed in a YAML file, validated; raises InvalidInput naming the file and field."""
    where = str(path)

    def fail(message: str, field: str | None = None) -> InvalidInput:
        return InvalidInput(message, source=where, field=field, hint=HINT)

    try:
        data = yamlsafe.load(path, fail)
    except OSError as exc:
        raise InvalidInput(f"cannot read sources file: {exc.strerror or exc}", source=where) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        raise InvalidInput(f"not valid YAML: {getattr(exc, 'problem', exc)}", source=where, line=line) from None
    return parse_sources(data, fail)


def parse_sources(data: Any, fail: Any) -> list[Source]:
    """Sources from loaded YAML; ``fail(message, field)`` makes the error to raise."""
    if not isinstance(data, dict) or set(data) != {TOP_KEY}:
        raise fail("the file must be a mapping with one key, `sources:`")
    entries = data[TOP_KEY]
    if not isinstance(entries, list) or not entries:
        raise fail("`sources` must be a non-empty list", TOP_KEY)
    if len(entries) > MAX_SOURCES:
        raise fail(f"{len(entries):,} sources, over the limit of {MAX_SOURCES:,} (MAX_SOURCES)", TOP_KEY)
    sources: list[Source] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        source = _source(entry, f"{TOP_KEY}[{index}]", fail)
        if source.url in seen:
            raise fail(f"{source.url} is listed twice", f"{TOP_KEY}[{index}].url")
        seen.add(source.url)
        sources.append(source)
    return sources


def _source(entry: Any, at: str, fail: Any) -> Source:
    if not isinstance(entry, dict):
        raise fail("each source is a mapping with `url:` and `outlet:`", at)
    unknown = [str(key) for key in entry if key not in KEYS]
    if unknown:
        raise fail(f"unknown key {unknown[0][:40]!r} (known: {', '.join(KEYS)})", f"{at}.{unknown[0][:40]}")
    return Source(
        url=_url(entry.get("url"), f"{at}.url", fail),
        outlet=_outlet(entry.get("outlet"), f"{at}.outlet", fail),
        reliability=_number(entry, "reliability", at, fail, 0.0, 1.0),
        interval=_number(entry, "interval", at, fail, MIN_INTERVAL, MAX_INTERVAL) or DEFAULT_INTERVAL,
    )


def _url(value: Any, field: str, fail: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail("missing: the feed's or sitemap's address (http:// or https://)", field)
    url = value.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise fail(f"{url[:80]!r} is not an http:// or https:// address", field)
    if len(url) > MAX_URL_CHARS:
        raise fail(f"address over {MAX_URL_CHARS} characters (MAX_URL_CHARS)", field)
    return url


def _outlet(value: Any, field: str, fail: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise fail("missing: the outlet (publisher) the articles are stored under", field)
    if len(value.strip()) > MAX_OUTLET_CHARS:
        raise fail(f"over {MAX_OUTLET_CHARS} characters (MAX_OUTLET_CHARS)", field)
    return value.strip()


def _number(entry: dict, key: str, at: str, fail: Any, low: float, high: float) -> float | None:
    value = entry.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise fail(f"{str(value)[:40]!r} is not a number", f"{at}.{key}")
    if not low <= value <= high:
        raise fail(f"{value:g} is outside {low:g}..{high:g}", f"{at}.{key}")
    return float(value)
