"""JSON Lines → Articles: one object per line with ``text`` or ``html`` and optional metadata.

Recognised fields: ``doc_id``, ``text``, ``html``, ``url``, ``title``, ``author``, ``publisher``,
``published``; others are ignored. A bad line becomes a ReadFailure naming its line and the file
goes on. Files are streamed, so a JSONL file has no size limit, only each line has.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, BinaryIO

from factionmap.errors import InvalidInput
from factionmap.ingest.dates import to_iso_date
from factionmap.ingest.html import read_html_article
from factionmap.ingest.normalize import decode_bytes, safe_doc_id
from factionmap.ingest.records import ReadFailure, failure_from, unreadable
from factionmap.ingest.text import read_text_article
from factionmap.model import Article

MAX_LINE_BYTES = 5 * 1024 * 1024
"""Longest JSONL line read; a news page's HTML is well under 1 MB, so more is a corrupt or wrong file."""

_CHUNK = 1 << 16
META_FIELDS = ("title", "author", "publisher", "published", "url")

Result = Article | ReadFailure


def _string_field(record: dict[str, Any], name: str) -> str | None:
    """A field as stripped text (numbers allowed, e.g. a numeric doc_id); None when absent or blank."""
    value = record.get(name)
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if value is not None and not isinstance(value, str):
        raise InvalidInput(f"field {name!r} must be a string, not {type(value).__name__}")
    return value.strip() or None if value else None


def _build(record: dict[str, Any], default_id: str, source: str) -> Article:
    fields = {name: _string_field(record, name) for name in META_FIELDS}
    raw_id = _string_field(record, "doc_id")
    doc_id = safe_doc_id(raw_id) if raw_id else default_id
    text = _string_field(record, "text")
    if text:
        return read_text_article(
            text,
            doc_id,
            source,
            title=fields["title"],
            author=fields["author"],
            publisher=fields["publisher"],
            published=fields["published"],
            url=fields["url"],
        )
    html = _string_field(record, "html")
    if not html:
        raise InvalidInput(
            "no 'text' or 'html' field",
            hint="each line needs the article as 'text' (plain) or 'html' (a page)",
        )
    article = read_html_article(html, doc_id, source, url=fields["url"])
    # a given (non-blank) field wins over what the page says
    published = fields["published"]
    return replace(
        article,
        title=fields["title"] or article.title,
        author=fields["author"] or article.author,
        publisher=fields["publisher"] or article.publisher,
        published=(to_iso_date(published) or article.published) if published else article.published,
        url=fields["url"] or article.url,
    )


def record_to_article(record: Any, *, default_id: str, where: str, line: int) -> Result:
    """One parsed JSON value → an Article, or a ReadFailure saying what is wrong with it."""
    if not isinstance(record, dict):
        return ReadFailure(where, f"line is JSON {type(record).__name__}, not an object", line)
    try:
        article = _build(record, default_id, f"{where}:{line}")
    except InvalidInput as error:
        return failure_from(error, where, line)
    except Exception as error:  # whatever breaks one line costs that line only
        return ReadFailure(where, f"could not read the article: {unreadable(error)}", line)
    if not article.text:
        return ReadFailure(where, "no article text left after removing boilerplate", line)
    return article


def records_from_lines(lines: Iterable[tuple[int, str | None]], stem: str, where: str) -> Iterator[Result]:
    """(line number, line text or None for an over-long line) → Articles and failures."""
    for number, text in lines:
        if text is None:
            yield ReadFailure(where, f"line longer than {MAX_LINE_BYTES // 2**20} MB skipped", number)
            continue
        if not text.strip():
            continue
        try:
            record = json.loads(text)
        except json.JSONDecodeError as error:
            yield ReadFailure(where, f"invalid JSON: {error.msg} (column {error.colno})", number)
            continue
        except (ValueError, RecursionError) as error:  # a 5,000-digit number, arrays nested 100,000 deep
            yield ReadFailure(where, f"JSON beyond what is read: {unreadable(error)}", number)
            continue
        yield record_to_article(record, default_id=f"{stem}-{number}", where=where, line=number)


def _capped_lines(handle: BinaryIO) -> Iterator[tuple[int, str | None]]:
    """Lines with their numbers; an over-long line is skipped without holding it in memory."""
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := handle.readline(_CHUNK)) and not rest.endswith(b"\n"):
                pass
            yield number, None
            continue
        yield number, decode_bytes(raw)[0]


def read_jsonl_file(path: Path, where: str) -> Iterator[Result]:
    """Stream a JSONL file; the doc_id of a line without one is ``<stem>-<line>``."""
    results = 0
    try:
        with path.open("rb") as handle:
            for result in records_from_lines(_capped_lines(handle), safe_doc_id(path.stem), where):
                results += 1
                yield result
    except OSError as error:
        yield ReadFailure(where, f"cannot read file: {error.strerror or error}")
        return
    if not results:  # like an empty text file: reported, never passed over in silence
        yield ReadFailure(where, "no JSON lines (the file is empty or blank)")


def parse_if_jsonl(text: str) -> list[tuple[int, str]] | None:
    """The numbered lines of ``text`` if every non-empty line is a JSON object, else None."""
    # split on newlines only: str.splitlines() also breaks at U+2028, U+0085 and others, which JSON strings
    # may hold raw, and would cut such a line in two
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        return None
    for _, line in numbered:
        if not line.lstrip().startswith("{"):
            return None
        try:
            if not isinstance(json.loads(line), dict):
                return None
        except json.JSONDecodeError:
            return None
        except (ValueError, RecursionError):  # JSON too big to read: records_from_lines reports the line
            continue
    return numbered
