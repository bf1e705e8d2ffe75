"""Sentence splitting with character offsets, by rule.

Why not spaCy's senter: the cheap pass (gazetteer, cue words) runs on every sentence of every
article, and only sentences that can hold a relation are parsed. A regex splitter runs at millions of
tokens a second (PERF-NOTES) and keeps exact offsets into the article text for evidence spans.
"""

from __future__ import annotations

import re

from factionmap.model import Sentence

# Words after which a period does not end a sentence (titles, initials, common abbreviations).
ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "sgt",
        "cpl",
        "adm",
        "brig",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "pres",
        "st",
        "jr",
        "sr",
        "vs",
        "etc",
        "no",
        "nos",
        "fig",
        "approx",
        "dept",
        "est",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
        "al",
    ]
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then whitespace.
_BOUNDARY = re.compile(r"""([.!?…]+)(["'”’»)\]]*)(\s+)""")
_PARAGRAPH = re.compile(r"\n\s*\n|\n")
MAX_SENTENCE_CHARS = 2000  # longer runs are cut at the last comma/semicolon: parser cost grows fast


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the period at ``dot`` closes an abbreviation or an initial, not a sentence."""
    start = dot
    while start > 0 and (text[start - 1].isalpha() or text[start - 1] == "."):
        start -= 1
    word = text[start:dot].lower()
    if not word:
        return False
    if word in ABBREVIATIONS:
        return True
    return len(word) == 1 and text[start].isupper()  # an initial: "Joseph R. Biden"


def _next_starts_sentence(text: str, pos: int) -> bool:
    """A sentence starts with a capital, digit, quote or bracket — not a lowercase continuation."""
    if pos >= len(text):
        return True
    ch = text[pos]
    return not ch.islower()


def _split_paragraph(text: str, base: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        end = m.end(2)
        if m.group(1) == "." and _is_abbreviation(text, m.start(1)):
            continue
        if not _next_starts_sentence(text, m.end(3)):
            continue
        spans.append((base + start, base + end))
        start = m.end(3)
    if start < len(text):
        spans.append((base + start, base + len(text)))
    return spans


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    while end - start > MAX_SENTENCE_CHARS:
        window = text[start : start + MAX_SENTENCE_CHARS]
        # the last clause break if there is one, else the last comma, else the last space
        cut = next((found for sep in ("; ", ", ", " ") if (found := window.rfind(sep)) > 0), -1)
        cut = cut + 1 if cut > 0 else MAX_SENTENCE_CHARS
        out.append((start, start + cut))
        start += cut
    out.append((start, end))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """Split article text into sentences; paragraph breaks always end a sentence."""
    sentences: list[Sentence] = []
    pos = 0
    for para in _PARAGRAPH.split(text):
        para_start = text.find(para, pos) if para else pos
        pos = para_start + len(para)
        for s, e in _split_paragraph(para, para_start):
            raw = text[s:e]
            lead = len(raw) - len(raw.lstrip())
            trail = len(raw) - len(raw.rstrip())
            s, e = s + lead, e - trail
            if e <= s:
                continue
            for a, b in _cut_long(text, s, e):
                sentences.append(Sentence(len(sentences), a, b, text[a:b]))
    return sentences
