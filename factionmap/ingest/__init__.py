"""Ingest: files, folders, JSONL and stdin → clean ``Article`` records (or ``ReadFailure``s).

A pure stage: it reads inputs and never touches the store or the web.
"""

from factionmap.ingest.html import read_html_article
from factionmap.ingest.readers import iter_articles, read_file, read_stdin
from factionmap.ingest.records import ReadFailure
from factionmap.ingest.text import clean_text, read_text_article

__all__ = [
    "ReadFailure",
    "clean_text",
    "iter_articles",
    "read_file",
    "read_html_article",
    "read_stdin",
    "read_text_article",
]
