"""Title, author, publisher and date from the lines of a plain-text article.

Only lines whose form says what they are are read: a byline ("By …", "Author: Name, Publisher"),
a labelled date or publisher line ("Published: …"), a date alone near the top or bottom, a
dateline opening the first paragraph, and a headline-shaped first line. The lines read are
removed from the body so that extraction never treats "By Jane Doe" as a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from factionmap.ingest.boilerplate import is_sentence, word_count
from factionmap.ingest.dates import has_year, to_iso_date
from factionmap.ingest.lexicon import PageLexicon, fold

BYLINE_MAX_WORDS = 14
"""Longest byline line ("Written by: First Middle Last, The Long Name of a Publisher")."""

NAME_MAX_WORDS = 6
"""Longest author name (or two names joined by 'and'); longer means prose starting with "By"."""

PUBLISHER_MAX_WORDS = 8
"""Longest publisher name taken from a byline or a boilerplate line."""

EDGE_LINES = 8
"""Bylines and bare dates are read only among the first and last lines, where pages print them;
in the body "By Land and Sea" is a heading."""

DATE_LINE_MAX_WORDS = 8
"""Longest line that can be a bare date ("Monday, 9 December 2024 10:32 AM EST")."""

TITLE_MAX_WORDS = 30
"""Longest first line taken as a headline; longer first lines are the lead paragraph."""

NAME_PARTICLES = frozenset(
    {
        "al",
        "al-",
        "el",
        "bin",
        "ibn",
        "bint",
        "abu",
        "de",
        "del",
        "der",
        "den",
        "van",
        "von",
        "da",
        "di",
        "du",
        "des",
        "do",
        "la",
        "le",
        "y",
        "and",
        "&",
        "of",
        "the",
        "e",
        "dos",
        "das",
        "zu",
        "ul",
        "ud",
    }
)
"""Lower-case words allowed inside a personal or publication name."""

WEB_ADDRESS = re.compile(r"https?://[^\s/$.?#][^\s]{1,2000}", re.IGNORECASE)
_PART_SPLIT = re.compile(r"\s*(?:,|;|\||·|•|\s[-–—]\s|\s(?:on|at|for)\s)\s*")
_DATELINE = re.compile(r"^[A-Z][\w .'’-]{1,40},\s*(?P<date>[^—–(]{6,40}?)\s*(?:\([^)]{1,30}\)\s*)?[—–-]{1,2}\s")


@dataclass(frozen=True, slots=True)
class TextMeta:
    title: str | None = None
    author: str | None = None
    publisher: str | None = None
    published: str | None = None
    url: str | None = None

    def fill(self, **values: str | None) -> TextMeta:
        """Set the fields that are still empty; a value found first wins."""
        missing = {k: v for k, v in values.items() if v and getattr(self, k) is None}
        return replace(self, **missing) if missing else self


def is_name(text: str, max_words: int = NAME_MAX_WORDS) -> bool:
    """Capitalised words and name particles only ("Abu Name al-Name", "A. Name and B. Name").

    Scripts without letter case (Arabic, Persian) pass on length alone.
    """
    tokens = text.split()
    if not 1 <= len(tokens) <= max_words:
        return False
    cased = [t for t in tokens if t[:1].isalpha() and t[:1].lower() != t[:1].upper()]
    if not cased:
        return True
    return all(
        t[:1].isupper() or t.casefold() in NAME_PARTICLES or t.casefold().startswith("al-") for t in cased
    ) and any(t[:1].isupper() for t in cased)


def name_after(text: str, max_words: int = PUBLISHER_MAX_WORDS) -> str | None:
    """The capitalised name opening ``text``: "The Name of Things para leer" → "The Name of Things"."""
    taken: list[str] = []
    for token in text.split():
        word = token.strip("\"'“”‘’()[],;:")
        if not taken and re.fullmatch(r"\d{4}", word):
            continue  # "© 2024 Name"
        final = bool(re.search(r"[.!?]$", word)) and not re.fullmatch(r"[A-Z]\.", word)
        word = word.rstrip(".!?") if final else word
        if not word or not (word[:1].isupper() or (taken and word.casefold() in NAME_PARTICLES)):
            break
        taken.append(word)
        if final or len(taken) >= max_words:
            break
    while taken and taken[-1].casefold() in NAME_PARTICLES:
        taken.pop()
    return " ".join(taken) or None


def parse_byline(line: str, lex: PageLexicon) -> TextMeta | None:
    """ "By Name", "Author: Name, Publisher", "Written by Name | Date" → author (+ publisher, date)."""
    match = lex.byline.match(line)
    if not match or word_count(line) > BYLINE_MAX_WORDS or (is_sentence(line) and word_count(line) > 4):
        return None  # "By Sunday, the group had withdrawn." is prose
    parts = [p.strip(" .") for p in _PART_SPLIT.split(match["rest"]) if p.strip(" .")]
    if not parts or not is_name(parts[0]):
        return None
    meta = TextMeta(author=parts[0])
    for part in parts[1:]:
        if has_year(part):
            meta = meta.fill(published=to_iso_date(part))
        elif is_name(part, PUBLISHER_MAX_WORDS):
            meta = meta if fold(part) in lex.byline_roles else meta.fill(publisher=part)
        elif fold(part) not in lex.byline_roles:
            return None  # a part that is no name, date or role: not a byline
    return meta


def parse_labelled(line: str, lex: PageLexicon) -> TextMeta | None:
    """ "Published: 3 May 2024", "Publisher: Name", "Source: Name" or "URL: https://…"."""
    match = lex.url_label.match(line)
    if match and WEB_ADDRESS.fullmatch(match["rest"].strip()):
        return TextMeta(url=match["rest"].strip())
    match = lex.date_label.match(line)
    if match and word_count(line) <= BYLINE_MAX_WORDS and has_year(match["rest"]):
        published = to_iso_date(match["rest"])
        return TextMeta(published=published) if published else None
    match = lex.publisher_label.match(line)
    if match and is_name(match["rest"].strip(" ."), PUBLISHER_MAX_WORDS):
        return TextMeta(publisher=match["rest"].strip(" ."))
    return None


def parse_bare_date(line: str) -> str | None:
    """A line that is only a date (and perhaps a weekday or time)."""
    if word_count(line) > DATE_LINE_MAX_WORDS or not has_year(line):
        return None
    if is_sentence(line) and not re.search(r"\b[A-Z][a-z]{2}\.$|\d\.$", line):
        return None
    if len(re.findall(r"[^\W\d_]{4,}", line)) > 3:
        return None  # more words than "Monday, 9 December 2024": a heading, not a date
    return to_iso_date(line)


def read_metadata_lines(lines: list[str], lex: PageLexicon) -> tuple[list[str], TextMeta]:
    """Remove byline, labelled and bare-date lines; return the rest and what they said."""
    meta = TextMeta()
    body: list[str] = []
    last = len(lines)
    for index, line in enumerate(lines):
        near_edge = index < EDGE_LINES or index >= last - EDGE_LINES
        found = (parse_byline(line, lex) if near_edge else None) or parse_labelled(line, lex)
        if found is None and near_edge and (date := parse_bare_date(line)):
            found = TextMeta(published=date)
        if found is None:
            body.append(line)
            continue
        meta = meta.fill(author=found.author, publisher=found.publisher, published=found.published, url=found.url)
    return body, meta


def site_of(url: str | None) -> str | None:
    """The site a web address belongs to, as a reader names an outlet by it: "www.example.com" →
    "example.com"; None for anything that is not an http(s) address."""
    if not url:
        return None
    host = urlsplit(url.strip()).hostname if WEB_ADDRESS.fullmatch(url.strip()) else None
    if not host:
        return None
    return host.removeprefix("www.")


def dateline_date(lines: list[str] | tuple[str, ...]) -> str | None:
    """'CITY, 8 December 2024 (Agency) — …' opening one of the first paragraphs."""
    for line in lines[:3]:
        match = _DATELINE.match(line)
        if match and has_year(match["date"]):
            return to_iso_date(match["date"])
    return None


def split_title(lines: list[str] | tuple[str, ...]) -> tuple[str | None, list[str]]:
    """The first line as title when it is headline-shaped: short, not ending in . : , ; and more follows."""
    if len(lines) < 2:
        return None, list(lines)
    first = lines[0]
    words = word_count(first)
    if words < 2 or words > TITLE_MAX_WORDS or re.search(r"[.:,;]$", first):
        return None, list(lines)
    if words >= word_count(lines[1]) and len(lines) > 2 and words > TITLE_MAX_WORDS // 2:
        return None, list(lines)  # a first line as long as the next is a paragraph, not a headline
    return first, list(lines[1:])


def publisher_from_dropped(dropped: tuple[str, ...], lex: PageLexicon) -> str | None:
    """A publication naming itself in its own prompts: "Subscribe to X", "© 2024 X", "opinion of X"."""
    for line in dropped:
        for match in lex.publisher_cue.finditer(line):
            name = name_after(line[match.end() :])
            if name and fold(name) not in lex.prompts:
                return name
    return None
