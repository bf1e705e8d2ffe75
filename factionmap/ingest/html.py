"""HTML pages → Article with trafilatura: main text, title, author, site name, date.

trafilatura runs in fast mode (no readability/jusText fallback) with comments off: ~1.5x faster at
nearly its default quality (its benchmark: F1 0.900 vs 0.909; PERF-NOTES.md). Reader comments are
the one part of a news page that reliably asserts false relations, hence ``include_comments=False``.
Its output then goes through the plain-text cleaner, which removes the prompts trafilatura keeps
(paywall lines inside the article container, "Share this", credits).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

import trafilatura
from lxml import etree
from trafilatura.settings import Document

from factionmap.errors import InvalidInput
from factionmap.ingest.dates import to_iso_date
from factionmap.ingest.text import read_text_article
from factionmap.model import Article

FAST_MODE = True
"""trafilatura without fallback extractors; see the module docstring for the quality cost."""

MAX_HTML_TAGS = 30_000
"""Most tags one page may have, counted before any parsing; more fails naming this cap. trafilatura costs
75-200 µs a tag (200,000 paragraphs took 15 s and 320 MB; 50,000 links inside paragraphs 11 s), so this
bounds a page to ~7 s; a news page has a few thousand tags, the one-page print of a whole book ~25,000."""

MAX_HTML_DEPTH = 256
"""Deepest element nesting read: the HTML parser's own limit (libxml2 without its huge-tree option), past
which it stops and silently drops the rest of the page. A quick parse before trafilatura finds it, so
the page fails naming this cap instead of losing text; real pages nest a few dozen deep."""

MAX_HTML_TEXT_BYTES = 10_000_000
"""Longest run of text the HTML parser reads (libxml2's own limit, as for the depth); past it the parse
stops, so such a page fails naming this cap."""

MAX_PARAGRAPH_ELEMENTS = 500
"""Most elements inside one paragraph (<p>); more fails naming this cap. trafilatura's cost grows with the
square of a paragraph's inline elements (8,000 links in one <p> took 4 s, 49,000 bold words minutes, 49
paragraphs of 1,000 links 10 s), while a
paragraph of prose holds a few dozen, or one per word when every word is wrapped."""

_TAG = re.compile(r"<[A-Za-z]")
_TAG_BYTES = re.compile(rb"<[A-Za-z]")


def check_html_limits(html: str | bytes, source: str | None = None) -> None:
    """Raise InvalidInput naming the cap when a page is beyond what is parsed; cheap next to trafilatura
    (a tag count, then a libxml2 parse: ~40 ms for a 2 MB page)."""
    matches: Iterator[re.Match[bytes]] | Iterator[re.Match[str]] = (
        _TAG_BYTES.finditer(html) if isinstance(html, bytes) else _TAG.finditer(html)
    )
    tags = sum(1 for _ in itertools.islice(matches, MAX_HTML_TAGS + 1))
    if tags > MAX_HTML_TAGS:
        raise InvalidInput(
            f"HTML page with over {MAX_HTML_TAGS:,} tags, the limit for one page (MAX_HTML_TAGS)", source=source
        )
    data = html if isinstance(html, bytes) else html.encode("utf-8", errors="replace")
    parser = etree.HTMLParser(encoding=None if isinstance(html, bytes) else "utf-8")
    try:
        root = etree.fromstring(data, parser)
    except (etree.LxmlError, ValueError):  # empty or unparseable: trafilatura says what it makes of it
        return
    for error in parser.error_log:
        if error.type_name != "ERR_RESOURCE_LIMIT":
            continue
        if "depth" in error.message.lower():
            raise InvalidInput(
                f"HTML nested over {MAX_HTML_DEPTH} elements deep, the HTML parser's limit (MAX_HTML_DEPTH)",
                source=source,
            )
        raise InvalidInput(
            f"HTML with a run of text over the HTML parser's {MAX_HTML_TEXT_BYTES:,}-byte limit (MAX_HTML_TEXT_BYTES)",
            source=source,
        )
    if root is None:
        return
    for paragraph in root.iter("p"):
        if (
            sum(1 for _ in itertools.islice(paragraph.iterdescendants(), MAX_PARAGRAPH_ELEMENTS + 1))
            > MAX_PARAGRAPH_ELEMENTS
        ):
            raise InvalidInput(
                f"HTML paragraph with over {MAX_PARAGRAPH_ELEMENTS:,} elements in it, the limit for "
                "one paragraph (MAX_PARAGRAPH_ELEMENTS)",
                source=source,
            )


def read_html_article(html: str | bytes, doc_id: str, source: str | None = None, *, url: str | None = None) -> Article:
    """Extract one article from a page; raises InvalidInput when the page has no main text or is beyond
    the caps above."""
    check_html_limits(html, source)
    document = trafilatura.bare_extraction(
        html,
        url=url,
        fast=FAST_MODE,
        include_comments=False,
        include_tables=False,
        with_metadata=True,
        deduplicate=False,
    )
    # bare_extraction gives a Document (as_dict is off) or None
    if not isinstance(document, Document) or not document.text or not document.text.strip():
        raise InvalidInput(
            "no article text found in the HTML page",
            source=source,
            hint="is it an index page, or is the text loaded by JavaScript?",
        )
    article = read_text_article(
        document.text,
        doc_id,
        source,
        title=document.title or None,
        author=document.author or None,
        publisher=document.sitename or None,
        published=to_iso_date(document.date),
        url=url or document.url or None,
        guess_title=False,
    )
    if not article.text:
        raise InvalidInput("no article text left in the HTML page after removing boilerplate", source=source)
    return article
