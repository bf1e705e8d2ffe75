"""The file types ingest reads: ``{suffix: Reader}``, the one list every other place is generated from.

``readers.read_file`` and ``readers.walk_folder`` pick a reader by suffix here; the CLI's help for PATHS,
the API ingest route's OpenAPI description and the ingest page's ``accept`` attribute and text list
what is registered. A new input type is one module with a ``(path, source) -> Iterator[Article |
ReadFailure]`` function plus one :func:`register` call below.

Readers are named as ``"module:function"`` and imported on first use, so listing the types (``--help``,
the page) does not load the HTML extractor.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Reader:
    """One input type: a label for people, its suffixes (lower case, with the dot), and its reader."""

    label: str  # "plain text": how the help and the ingest page name it
    suffixes: tuple[str, ...]  # the first is the one shown where space is short
    target: str  # "module:function" taking (path, source) and yielding Article | ReadFailure

    def read(self, path: Path, source: str) -> Iterator[Any]:
        module, _, name = self.target.partition(":")
        function: Callable[[Path, str], Iterator[Any]] = getattr(importlib.import_module(module), name)
        return function(path, source)


READERS: dict[str, Reader] = {}  # suffix -> reader, in registration order


def register(reader: Reader) -> Reader:
    """Add a reader for its suffixes; a suffix registered twice is a programming error."""
    for suffix in reader.suffixes:  # all checked before any is added
        if suffix != suffix.lower() or not suffix.startswith("."):
            raise ValueError(f"a suffix is lower case with its dot, not {suffix!r}")
        if suffix in READERS:
            raise ValueError(f"{suffix} is already read by {READERS[suffix].label}")
    READERS.update(dict.fromkeys(reader.suffixes, reader))
    return reader


def reader_for(path: Path | str) -> Reader | None:
    """The reader for a file name by its suffix (case-insensitive), or None."""
    return READERS.get(Path(path).suffix.lower())


def readers() -> list[Reader]:
    """Each registered reader once, in registration order."""
    return list(dict.fromkeys(READERS.values()))


def suffixes() -> tuple[str, ...]:
    """Every accepted suffix, in registration order (".txt", ".text", ".html", ...)."""
    return tuple(READERS)


def accept_attribute() -> str:
    """The HTML file input's ``accept`` value: ``.txt,.text,.html,...``."""
    return ",".join(READERS)


def suffix_list() -> str:
    """The suffixes for a help line: ``.txt .text .html ...``."""
    return " ".join(READERS)


def describe() -> str:
    """The types in words, for the ingest page and the API: ``plain text (.txt, .text), ... or JSON Lines
    (.jsonl, .ndjson)``."""
    parts = [f"{r.label} ({', '.join(r.suffixes)})" for r in readers()]
    return parts[0] if len(parts) == 1 else f"{', '.join(parts[:-1])} or {parts[-1]}"


register(Reader("plain text", (".txt", ".text"), "factionmap.ingest.readers:read_text_file"))
register(Reader("web pages", (".html", ".htm", ".xhtml"), "factionmap.ingest.readers:read_html_file"))
register(Reader("JSON Lines", (".jsonl", ".ndjson"), "factionmap.ingest.jsonl:read_jsonl_file"))
