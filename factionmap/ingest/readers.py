"""Files, folders and stdin → Articles, with a ReadFailure for each input that cannot be read.

Folders are walked recursively in sorted order, so the same tree always gives the same sequence;
hidden files and folders and unknown extensions are skipped there (a file named explicitly with an
unknown extension is reported instead). A doc_id seen twice in one call gets a ``-2``, ``-3`` suffix
so that per-document outputs never overwrite each other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from factionmap.errors import InvalidInput
from factionmap.ingest.html import read_html_article
from factionmap.ingest.jsonl import parse_if_jsonl, read_jsonl_file, records_from_lines
from factionmap.ingest.normalize import decode_bytes, safe_doc_id
from factionmap.ingest.records import ReadFailure, failure_from, unreadable
from factionmap.ingest.text import read_text_article
from factionmap.model import Article

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest text or HTML file read (JSONL is streamed and bounded per line instead). A news page is
under 2 MB; anything near this is a dump or a wrong file, and reading it whole would cost memory."""

TEXT_SUFFIXES = frozenset({".txt", ".text"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
JSONL_SUFFIXES = frozenset({".jsonl", ".ndjson"})
KNOWN_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
STDIN = "-"
STDIN_SOURCE = "<stdin>"
STDIN_ID = "stdin"

Result = Article | ReadFailure


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def walk_folder(folder: Path) -> Iterator[Path]:
    """Readable files under ``folder``, depth-first in sorted order; hidden entries skipped."""
    for root, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
        for name in sorted(files):
            if not _is_hidden(name) and Path(name).suffix.lower() in KNOWN_SUFFIXES:
                yield Path(root) / name


def _empty_failure(source: str) -> ReadFailure:
    return ReadFailure(source, "no article text (empty, or only boilerplate)")


def _read_whole(path: Path, source: str) -> Result:
    """A .txt or .html file, bounded in size; errors become a ReadFailure."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ReadFailure(
                source,
                f"file is {size / 2**20:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit for one article",
            )
        data = path.read_bytes()
        doc_id = safe_doc_id(path.stem)
        if path.suffix.lower() in HTML_SUFFIXES:
            article = read_html_article(data, doc_id, source)
        else:
            article = read_text_article(decode_bytes(data)[0], doc_id, source)
    except OSError as error:
        return ReadFailure(source, f"cannot read file: {error.strerror or error}")
    except InvalidInput as error:
        return failure_from(error, source)
    except Exception as error:  # whatever breaks one file costs that file only
        return ReadFailure(source, f"cannot parse file: {unreadable(error)}")
    return article if article.text else _empty_failure(source)


def read_file(path: Path, source: str | None = None) -> Iterator[Result]:
    """One file by its extension: .txt/.text, .html/.htm/.xhtml, .jsonl/.ndjson."""
    where = source or str(path)
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from read_jsonl_file(path, where)
    elif suffix in TEXT_SUFFIXES | HTML_SUFFIXES:
        yield _read_whole(path, where)
    else:
        known = ", ".join(sorted(KNOWN_SUFFIXES))
        yield ReadFailure(where, f"unsupported file type {suffix or '(none)'!r}; expected one of {known}")


def read_stdin(stream: TextIO) -> Iterator[Result]:
    """stdin as JSONL when every non-empty line is a JSON object, else as one plain-text article."""
    text = stream.read(MAX_FILE_BYTES + 1)
    if len(text) > MAX_FILE_BYTES:
        yield ReadFailure(
            STDIN_SOURCE,
            f"stdin over the {MAX_FILE_BYTES // 2**20} MB limit; "
            "pass a file instead (JSONL files are streamed)",
        )
        return
    numbered = parse_if_jsonl(text)
    if numbered is not None:
        yield from records_from_lines(numbered, STDIN_ID, STDIN_SOURCE)
        return
    article = read_text_article(text, STDIN_ID, STDIN_SOURCE)
    yield article if article.text else _empty_failure(STDIN_SOURCE)


def _expand(paths: Sequence[str | Path], stdin: TextIO | None) -> Iterator[Result]:
    for item in paths:
        if str(item) == STDIN:
            yield from read_stdin(stdin if stdin is not None else sys.stdin)
            continue
        path = Path(item)
        if path.is_dir():
            for file in walk_folder(path):
                yield from read_file(file)
        elif path.is_file():
            yield from read_file(path, str(item))
        else:
            yield ReadFailure(str(item), "no such file or folder")


def iter_articles(paths: Sequence[str | Path], stdin: TextIO | None = None) -> Iterator[Result]:
    """Every article in ``paths`` (files, folders, or '-' for stdin), in order, with failures inline.

    Reading never stops at a bad input: the caller counts or logs the ReadFailures it receives.
    """
    seen: dict[str, int] = {}
    for result in _expand(paths, stdin):
        if isinstance(result, Article):
            count = seen.get(result.doc_id, 0) + 1
            seen[result.doc_id] = count
            if count > 1:
                result = replace(result, doc_id=f"{result.doc_id}-{count}")
        yield result
