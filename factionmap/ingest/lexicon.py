"""Loads boilerplate.yaml once and compiles its phrase lists into word-bounded regexes.

The lexicons are data so that a new language or content-management system is supported by adding
phrases, not code. Compiled once per process (``load_lexicon`` is cached) because cleaning runs on
every article.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from factionmap.errors import FactionmapError

LEXICON_FILE = "boilerplate.yaml"
_LIST_KEYS = (
    "prompts",
    "list_prompts",
    "comment_headers",
    "strong_cues",
    "weak_cues",
    "reader_address",
    "link_labels",
    "credit_labels",
    "photo_agencies",
    "nav_cues",
    "disclaimer_cues",
    "bio_professions",
    "bio_cues",
    "byline_labels",
    "byline_roles",
    "date_labels",
    "publisher_labels",
    "publisher_cues",
    "url_labels",
)


def fold(text: str) -> str:
    """Case-, width- and punctuation-folded form used to compare a line with a prompt."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("’", "'")
    text = re.sub(r"[^\w'&\s-]+", " ", text)
    return " ".join(text.split())


def phrase_regex(phrases: list[str] | tuple[str, ...]) -> re.Pattern[str]:
    """One alternation of the phrases, longest first, bounded so that 'share' does not hit 'shared'."""
    ordered = sorted({p.strip() for p in phrases if p.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in ordered) or r"(?!)"
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


def label_regex(labels: list[str] | tuple[str, ...], *, loose: bool = False) -> re.Pattern[str]:
    """A label at the start of a line, then ':' or a dash (or, if ``loose``, a space), and the rest."""
    ordered = sorted({x.strip() for x in labels if x.strip()}, key=len, reverse=True)
    body = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in ordered)
    sep = r"(?:\s*[:：]|\s+[-–—|]|\s)" if loose else r"(?:\s*[:：]|\s+[-–—|])"
    return re.compile(rf"^\W{{0,3}}(?:{body}){sep}\s*(?P<rest>.*)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class PageLexicon:
    """The compiled lexicons; built by ``load_lexicon``."""

    prompts: frozenset[str]
    prompt_max_words: int
    list_prompts: frozenset[str]
    comment_header: re.Pattern[str]
    strong: re.Pattern[str]
    weak: re.Pattern[str]
    reader: re.Pattern[str]
    link_label: re.Pattern[str]
    credit_label: re.Pattern[str]
    credit_suffix: re.Pattern[str]
    credit_by: re.Pattern[str]
    agencies: frozenset[str]
    nav: re.Pattern[str]
    disclaimer: re.Pattern[str]
    bio_profession: re.Pattern[str]
    bio_cue: re.Pattern[str]
    byline: re.Pattern[str]
    byline_roles: frozenset[str]
    date_label: re.Pattern[str]
    publisher_label: re.Pattern[str]
    url_label: re.Pattern[str]
    publisher_cue: re.Pattern[str]


def _read_lists() -> dict[str, tuple[str, ...]]:
    text = resources.files("factionmap.ingest").joinpath(LEXICON_FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text) or {}
    missing = [k for k in _LIST_KEYS if not isinstance(data.get(k), list)]
    if missing:
        raise FactionmapError(f"{LEXICON_FILE}: missing or malformed lists: {', '.join(missing)}")
    return {k: tuple(str(x) for x in data[k]) for k in _LIST_KEYS}


def _byline_regex(labels: tuple[str, ...]) -> re.Pattern[str]:
    """'By Name', 'Author: Name', 'Written By: Name' — the label then a colon or a space."""
    ordered = sorted(labels, key=len, reverse=True)
    body = "|".join(re.escape(x).replace(r"\ ", r"\s+") for x in ordered)
    return re.compile(rf"^\W{{0,3}}(?:{body})(?:\s*[:：]\s*|\s+)(?P<rest>\S.*)$", re.IGNORECASE)


def _comment_header_regex(headers: tuple[str, ...]) -> re.Pattern[str]:
    """'Comments', '12 Comments', 'Comments (3)', '5 thoughts on "Title"', 'Leave a Reply'."""
    body = phrase_regex(headers).pattern
    return re.compile(rf"^\W*(?:\d+\s+)?{body}(?:\s*\(\d+\)|\s*:|\s+[\"“«].*)?\W*$", re.IGNORECASE)


def _credit_by_regex(labels: tuple[str, ...]) -> re.Pattern[str]:
    """'(Photo by A. Name/Agency)', 'Image courtesy of X' — a credit with 'by' instead of a colon."""
    body = phrase_regex(labels).pattern
    return re.compile(
        rf"^[(\[]?{body}\s+(?:by|courtesy(?:\s+of)?|via|de|par|von)\s+(?P<rest>[^()\[\]]+)[)\]]?$",
        re.IGNORECASE,
    )


@cache
def load_lexicon() -> PageLexicon:
    """Read and compile the packaged lexicons (once per process)."""
    lists = _read_lists()
    credit_body = label_regex(lists["credit_labels"]).pattern.removeprefix(r"^\W{0,3}").removesuffix("$")
    return PageLexicon(
        prompts=frozenset(fold(p) for p in lists["prompts"] + lists["list_prompts"]),
        prompt_max_words=max((len(p.split()) for p in lists["prompts"] + lists["list_prompts"]), default=0),
        list_prompts=frozenset(fold(p) for p in lists["list_prompts"]),
        comment_header=_comment_header_regex(lists["comment_headers"]),
        strong=phrase_regex(lists["strong_cues"]),
        weak=phrase_regex(lists["weak_cues"]),
        reader=phrase_regex(lists["reader_address"]),
        link_label=label_regex(lists["link_labels"]),
        credit_label=label_regex(lists["credit_labels"]),
        credit_suffix=re.compile(r"(?<=[.!?…])\s+" + credit_body + r"$", re.IGNORECASE),
        credit_by=_credit_by_regex(lists["credit_labels"]),
        agencies=frozenset(fold(a) for a in lists["photo_agencies"]),
        nav=phrase_regex(lists["nav_cues"]),
        disclaimer=phrase_regex(lists["disclaimer_cues"]),
        bio_profession=phrase_regex(lists["bio_professions"]),
        bio_cue=phrase_regex(lists["bio_cues"]),
        byline=_byline_regex(lists["byline_labels"]),
        byline_roles=frozenset(fold(r) for r in lists["byline_roles"]),
        date_label=label_regex(lists["date_labels"], loose=True),
        publisher_label=label_regex(lists["publisher_labels"]),
        url_label=label_regex(lists["url_labels"]),
        publisher_cue=phrase_regex(lists["publisher_cues"]),
    )
