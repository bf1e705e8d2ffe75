"""Files, folders and stdin → Articles, with a ReadFailure for each input that cannot be read.

Folders are walked recursively in sorted order, so the same tree always gives the same sequence;
hidden files and folders and unknown extensions are skipped there (a file named explicitly with an
unknown extension is reported instead). A doc_id seen twice in one call gets a ``-2``, ``-3`` suffix
so that per-document outputs never overwrite each other.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TextIO

from factionmap.errors import InvalidInput
from factionmap.ingest.html import read_html_article
from factionmap.ingest.jsonl import parse_if_jsonl, records_from_lines
from factionmap.ingest.normalize import decode_bytes, safe_doc_id
from factionmap.ingest.records import ReadFailure, failure_from, unreadable
from factionmap.ingest.registry import READERS, reader_for
from factionmap.ingest.text import read_text_article
from factionmap.model import Article

MAX_FILE_BYTES = 20 * 1024 * 1024
"""Largest text or HTML file read (JSONL is streamed and bounded per line instead). A news page is
under 2 MB; anything near this is a dump or a wrong file, and reading it whole would cost memory."""

KNOWN_SUFFIXES = frozenset(READERS)  # what ingest reads: registered in factionmap.ingest.registry
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
            if not _is_hidden(name) and reader_for(name) is not None:
                yield Path(root) / name


def _empty_failure(source: str) -> ReadFailure:
    return ReadFailure(source, "no article text (empty, or only boilerplate)")


def _read_whole(path: Path, source: str, parse: Callable[[bytes, str, str], Article]) -> Result:
    """A whole file, bounded in size, parsed as ``parse(data, doc_id, source)``; errors become a ReadFailure."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            return ReadFailure(
                source,
                f"file is {size / 2**20:.1f} MB, over the {MAX_FILE_BYTES // 2**20} MB limit for one article",
            )
        data = path.read_bytes()
        article = parse(data, safe_doc_id(path.stem), source)
    except OSError as error:
        return ReadFailure(source, f"cannot read file: {error.strerror or error}")
    except InvalidInput as error:
        return failure_from(error, source)
    except Exception as error:  # whatever breaks one file costs that file only
        return ReadFailure(source, f"cannot parse file: {unreadable(error)}")
    return article if article.text else _empty_failure(source)


def read_text_file(path: Path, source: str) -> Iterator[Result]:
    """A plain-text file (registered for .txt/.text)."""
    yield _read_whole(path, source, lambda data, doc_id, where: read_text_article(decode_bytes(data)[0], doc_id, where))


def read_html_file(path: Path, source: str) -> Iterator[Result]:
    """A web page (registered for .html/.htm/.xhtml)."""
    yield _read_whole(path, source, read_html_article)


def read_file(path: Path, source: str | None = None) -> Iterator[Result]:
    """One file by its extension, with the reader registered for it (factionmap.ingest.registry)."""
    where = source or str(path)
    reader = reader_for(path)
    if reader is not None:
        yield from reader.read(path, where)
    else:
        known = ", ".join(sorted(READERS))
        suffix = path.suffix.lower()
        yield ReadFailure(where, f"unsupported file type {suffix or '(none)'!r}; expected one of {known}")


def read_stdin(stream: TextIO) -> Iterator[Result]:
    """stdin as JSONL when every non-empty line is a JSON object, else as one plain-text article."""
    text = stream.read(MAX_FILE_BYTES + 1)
    if len(text) > MAX_FILE_BYTES:
        yield ReadFailure(
            STDIN_SOURCE,
            f"stdin over the {MAX_FILE_BYTES // 2**20} MB limit; pass a file instead (JSONL files are streamed)",
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
