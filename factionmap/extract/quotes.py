"""Quotes and whom they are credited to.

1. Quotes: curly, straight and guillemet marks, nested quotes kept inside their outer quote, a quote
   left open ending at the end of its paragraph (the journalistic convention for long quotes).
2. Each quote's speaker: credited right after it (``…,” said X`` / ``…,” X told Y``), else introduced
   right before it (``X said: “…”``), else the speaker of the nearest credited quote in the same
   paragraph (``“A,” he said. “B.”``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from factionmap.extract.qualifiers import QualifierLexicon
from factionmap.extract.speakers import ParsedAt, Parser, speaker_in_fragment, speech_verb_pattern

if TYPE_CHECKING:
    from factionmap.model import Sentence

# How many words may stand between a closing quote and its speech verb (", an official in X told").
MAX_WORDS_BEFORE_VERB = 14
OPENERS, CLOSERS, STRAIGHT = "“«", "”»", '"'


@dataclass(frozen=True, slots=True)
class Quote:
    """The content of one quote (marks excluded) and where its closing mark is (``end`` if unclosed)."""

    start: int
    end: int
    closed: bool


def find_quotes(text: str) -> list[Quote]:
    """Quote contents; a quote still open at a line break ends there."""
    quotes: list[Quote] = []
    depth, start, straight = 0, 0, False
    for m in re.finditer(r'[“”«»"\n]', text):
        ch, i = m.group(), m.start()
        if ch == "\n":
            if depth:
                quotes.append(Quote(start, i, closed=False))
            depth = 0
        elif ch in OPENERS and not straight:
            depth, start = depth + 1, (i + 1 if depth == 0 else start)
        elif ch in CLOSERS and depth and not straight:
            depth -= 1
            if depth == 0:
                quotes.append(Quote(start, i, closed=True))
        elif ch == STRAIGHT and (straight or depth == 0):
            if straight:
                quotes.append(Quote(start, i, closed=True))
                depth, straight = 0, False
            else:
                depth, start, straight = 1, i + 1, True
    if depth:
        quotes.append(Quote(start, len(text), closed=False))
    return quotes


def quote_credits(
    text: str,
    sentences: Sequence[Sentence],
    quotes: list[Quote],
    parse: Parser | None,
    lex: QualifierLexicon,
    wanted: Callable[[int, int], bool] | None,
    parsed_at: ParsedAt,
) -> tuple[list[tuple[int, int, str, str]], set[int]]:
    """(start, end, speaker, cue) for each credited quote, and the offsets of the speech verbs used.

    ``wanted``: only quotes overlapping the sentences that matter are credited (their neighbours are
    looked at when one has no credit of its own).
    """
    credits: dict[int, tuple[str, str, int] | None] = {}
    used_verbs: set[int] = set()

    def credit_of(k: int) -> tuple[str, str] | None:
        if k not in credits:
            q = quotes[k]
            credit = _credit_after(text, sentences, q, parse, lex, parsed_at) or _credit_before(
                text, sentences, q, parse, lex, parsed_at
            )
            credits[k] = credit
            if credit:
                used_verbs.add(credit[2])
        own = credits[k]
        return own[:2] if own else None

    found = []
    for k, q in enumerate(quotes):
        if wanted is not None and not wanted(q.start, q.end):
            continue
        credit = credit_of(k) or _neighbour_credit(text, quotes, credit_of, k)
        if credit:
            found.append((q.start, q.end, credit[0], credit[1]))
    return found, used_verbs


def _credit_after(
    text: str,
    sentences: Sequence[Sentence],
    q: Quote,
    parse: Parser | None,
    lex: QualifierLexicon,
    parsed_at: ParsedAt = None,
) -> tuple[str, str, int] | None:
    """``…,” said X`` or ``…,” X told Y``: the fragment after the closing mark, to its sentence end."""
    if not q.closed:
        return None
    begin = q.end + 1
    stop = _fragment_end(text, sentences, begin)
    fragment = text[begin:stop]
    m = re.match(r"[\s,;:]*", fragment)
    offset = begin + (m.end() if m else 0)
    fragment = text[offset:stop]
    verb = _speech_verb_near_start(fragment, lex)
    if verb is None:
        return None
    speaker = speaker_in_fragment(text, offset, fragment, verb, parse, lex, parsed_at)
    return (speaker, verb.group().lower(), offset + verb.start()) if speaker else None


def _credit_before(
    text: str,
    sentences: Sequence[Sentence],
    q: Quote,
    parse: Parser | None,
    lex: QualifierLexicon,
    parsed_at: ParsedAt = None,
) -> tuple[str, str, int] | None:
    """``X said: “…”``, ``X told Y that … : “…”``: the fragment from its sentence start to the quote."""
    sent_start = next((s.start for s in sentences if s.start < q.start <= s.end), None)
    line_start = text.rfind("\n", 0, q.start) + 1
    begin = max(sent_start if sent_start is not None else line_start, line_start)
    fragment = text[begin : q.start - 1].rstrip()
    if not fragment or not (fragment.endswith(":") or fragment.endswith(",")):
        return None
    verbs = list(speech_verb_pattern(lex).finditer(fragment))
    if not verbs:
        return None
    speaker = speaker_in_fragment(text, begin, fragment, verbs[-1], parse, lex, parsed_at)
    return (speaker, verbs[-1].group().lower(), begin + verbs[-1].start()) if speaker else None


def _neighbour_credit(
    text: str, quotes: list[Quote], credit_of: Callable[[int], tuple[str, str] | None], k: int
) -> tuple[str, str] | None:
    """A quote with no credit of its own continues the nearest credited quote of its paragraph."""
    for j in sorted(range(len(quotes)), key=lambda j: (abs(j - k), j > k)):
        if j == k:
            continue
        lo, hi = sorted((quotes[j].start, quotes[k].start))
        if "\n" in text[lo:hi]:
            continue
        credit = credit_of(j)
        if credit is not None:
            return credit
    return None


def _fragment_end(text: str, sentences: Sequence[Sentence], begin: int) -> int:
    """Where the credit after a quote can end: its sentence's end, or the next sentence's if that one
    carries on in lower case (``…”,⏎stated the director``); never past another quote or line break."""
    containing = next((s for s in sentences if s.start <= begin < s.end), None)
    end = containing.end if containing else begin
    if not text[begin:end].strip(" ,\n\t"):
        following = next((s for s in sentences if s.start >= begin), None)
        if following is not None and following.text[:1].islower():
            end = following.end
    for stop in (text.find(c, begin, end) for c in OPENERS + STRAIGHT + "\n"):
        if stop != -1 and text[begin:stop].strip(" ,\n\t"):
            end = min(end, stop)
    return end


def _speech_verb_near_start(fragment: str, lex: QualifierLexicon) -> re.Match[str] | None:
    m = speech_verb_pattern(lex).search(fragment)
    if m is None or len(fragment[: m.start()].split()) > MAX_WORDS_BEFORE_VERB:
        return None
    return m
