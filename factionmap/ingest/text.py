"""Plain text → a clean Article: metadata lines read and removed, boilerplate removed, title split off.

The order matters: bylines and dates are read before the boilerplate pass (which would drop a
closing "Written by" line as end matter), and the title is taken after it (a menu line above the
headline must not become the title).
"""

from __future__ import annotations

from factionmap.ingest.boilerplate import strip_boilerplate
from factionmap.ingest.dates import to_iso_date
from factionmap.ingest.lexicon import fold, load_lexicon
from factionmap.ingest.metadata import (
    TextMeta,
    dateline_date,
    publisher_from_dropped,
    read_metadata_lines,
    site_of,
    split_title,
)
from factionmap.ingest.normalize import normalize_text, safe_doc_id, truncate_text
from factionmap.model import Article


def clean_text(text: str, *, title: str | None = None, guess_title: bool = True) -> tuple[str, TextMeta]:
    """Clean article text and read its metadata lines; paragraphs stay separated by one '\\n'.

    With a known ``title`` a first line repeating it is removed instead of guessing one.
    """
    lex = load_lexicon()
    lines = [line for line in normalize_text(text).split("\n") if line]
    body, meta = read_metadata_lines(lines, lex)
    cleaned = strip_boilerplate(body, lex, author=meta.author)
    kept = list(cleaned.lines)
    if title:
        if kept and fold(kept[0]) == fold(title):
            kept = kept[1:]
    elif guess_title:
        found, kept = split_title(kept)
        meta = meta.fill(title=found)
    meta = meta.fill(published=dateline_date(kept), publisher=publisher_from_dropped(cleaned.dropped, lex))
    return truncate_text("\n".join(kept)), meta


def read_text_article(
    text: str,
    doc_id: str,
    source: str | None = None,
    *,
    title: str | None = None,
    author: str | None = None,
    publisher: str | None = None,
    published: str | None = None,
    url: str | None = None,
    guess_title: bool = True,
) -> Article:
    """Plain text → cleaned Article. Given metadata wins over what the text's own lines say.

    ``published`` may be any date form; it is stored as ISO (None when it cannot be read).
    """
    body, meta = clean_text(text, title=title, guess_title=guess_title)
    meta_url = meta.url
    given = TextMeta(
        title=title or None,
        author=author or None,
        publisher=publisher or None,
        published=to_iso_date(published) if published else None,
    )
    meta = given.fill(title=meta.title, author=meta.author, publisher=meta.publisher, published=meta.published)
    url = url or meta_url
    # an outlet is never left blank when the page's address names it
    meta = meta.fill(publisher=site_of(url))
    return Article(
        doc_id=safe_doc_id(doc_id),
        text=body,
        title=meta.title,
        author=meta.author,
        publisher=meta.publisher,
        published=meta.published,
        url=url or None,
        source=source,
    )
