"""Removes web boilerplate from plain-text articles, line by line, by general heuristics.

Text copied from a web page keeps the page's furniture: menus, photo credits, share and comment
prompts, paywall and newsletter offers, disclaimers and author biographies. They are found by the
shape of a line (length, sentence-final punctuation, quotes) and by multilingual keyword lexicons
(boilerplate.yaml), never by strings of particular articles. The cascade:

0. A reader-comment section in the second half of the text goes with all that follows it.
1. Interface prompts: a line equal to a known prompt ("Show more", "Leave a Reply") goes anywhere.
   A list prompt ("Related Articles", "Tags") takes the short headline lines after it along.
2. Keyword-dominated lines: subscription, paywall, cookie and newsletter offers go anywhere.
3. Navigation: short lines made of menu words or glued menu items go anywhere.
4. Link labels ("Read more: …") and credits ("Photo: …", "NurPhoto / Getty") go anywhere; a credit
   attached to a caption sentence is cut and the caption kept.
5. End matter: from the last line upwards, every line that is not article prose (short non-sentence
   lines, disclaimers, contact lines, the author's biography, any prompt) goes, up to the first
   line of prose.

A line is protected from the shape rules when it quotes someone or ends a sentence, so quotes and
question headlines inside the body survive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from factionmap.ingest.lexicon import PageLexicon, fold

SHORT_LINE_WORDS = 8
"""A line this short with a single weak cue ("Newsletter", "Log in") is a prompt. Calibrated on
invented prompt lines in en/es/fr/de; real one-cue headlines were longer in the seed corpus."""

MAX_PROMPT_WORDS = 40
"""Above this a line is an article paragraph whatever words it contains."""

SENTENCE_CUE_SCORE = 4
"""Cue score (strong cue = 2, weak = 1) above which even a full sentence not addressing the reader
is a prompt; below it, a sentence reporting on a group's "newsletter" or "sign-up" is kept."""

END_MATTER_WORDS = 12
"""Trailing lines up to this long with no sentence end are end matter (tags, site footers)."""

CREDIT_WORDS = 6
"""Longest credit after its label ("Photo: A. Name / Agency") or agency-only line."""

MAX_END_BLOCK_WORDS = 80
"""Longest disclaimer or biography line removed from the end; longer ones are article text."""

COMMENTS_MIN_POSITION = 0.5
"""A comment-section header counts only after this share of the lines: earlier, "Comments" may be
a heading of the article itself."""

LISTED_LINE_WORDS = 20
"""Longest line taken as an entry of a related-articles or tag list (a headline)."""

CONTACT_LINE_WORDS = 25
"""Longest closing line with an e-mail address or URL removed as a contact line."""

NAV_SHARE = 0.5
"""Share of a short line's words that must be menu words for it to count as navigation."""

_SENTENCE_END = re.compile(r"[.!?…؟۔][\"'”’»)\]]*$")
_QUOTES = re.compile(r"[\"“”«»„]|(?<!\w)[‘'](?=\w)")
_GLUED_MENU = re.compile(r"[a-z][A-Z]")
_MENU_SEPARATORS = re.compile(r"\s[|•·»/]\s")
_URL = re.compile(r"https?://\S+|www\.\S+|\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_CONNECTORS = frozenset({"via", "and", "&", "/", "|", "-", "–", "—", ",", "y", "et", "und", "for"})


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Kept lines and the dropped ones (the latter are read for the publisher's name)."""

    lines: tuple[str, ...]
    dropped: tuple[str, ...]


def word_count(line: str) -> int:
    return len(line.split())


def is_sentence(line: str) -> bool:
    """Ends like a sentence (., !, ?, …, Arabic/Urdu stops), perhaps inside closing quotes."""
    return bool(_SENTENCE_END.search(line.rstrip()))


def has_quote(line: str) -> bool:
    return bool(_QUOTES.search(line))


def cue_score(line: str, lex: PageLexicon) -> int:
    """Strong cues count 2, weak cues 1."""
    return 2 * len(lex.strong.findall(line)) + len(lex.weak.findall(line))


def is_prompt(line: str, lex: PageLexicon) -> bool:
    return word_count(line) <= lex.prompt_max_words and fold(line) in lex.prompts


def is_promo(line: str, lex: PageLexicon, *, at_end: bool = False) -> bool:
    """Step 2: a subscription, newsletter or cookie offer; in the end matter one cue suffices
    unless the line is a full sentence that does not address the reader."""
    words = word_count(line)
    if words > MAX_PROMPT_WORDS:
        return False
    score = cue_score(line, lex)
    if score == 0:
        return False
    prose = is_sentence(line) and words > SHORT_LINE_WORDS and not lex.reader.search(line)
    if prose:
        return score >= (2 if at_end else SENTENCE_CUE_SCORE)
    return at_end or score >= 2 or words <= SHORT_LINE_WORDS


def is_nav(line: str, lex: PageLexicon) -> bool:
    """Step 3: short, no sentence, mostly menu words, glued menu items or separated items."""
    words = word_count(line)
    if words == 0 or words > END_MATTER_WORDS or is_sentence(line) or has_quote(line):
        return False
    if len(_GLUED_MENU.findall(line)) >= 2 or len(_MENU_SEPARATORS.findall(line)) >= 2:
        return True
    nav_words = sum(word_count(m) for m in lex.nav.findall(line))
    return nav_words / words >= NAV_SHARE


def _agency_only(text: str, lex: PageLexicon) -> bool:
    """Names around a picture agency and nothing else: "A. Name / Agency", "Agency via Agency"."""
    words = word_count(text)
    if words == 0 or words > CREDIT_WORDS or is_sentence(text) or has_quote(text):
        return False
    tokens = re.split(r"[\s/|,]+", text.strip())
    if not all(t[:1].isupper() or not t[:1].isalpha() or t.casefold() in _CONNECTORS for t in tokens if t):
        return False
    folded = f" {fold(text.replace('/', ' '))} "
    return any(f" {agency} " in folded for agency in lex.agencies)


def _strip_credit_suffix(line: str, lex: PageLexicon) -> str:
    """Cut "… sentence. Source: X", "… caption (Photo by X)" and "… caption | Name/Agency"."""
    match = lex.credit_suffix.search(line)
    if match and word_count(match["rest"]) <= CREDIT_WORDS // 2 + 1:
        line = line[: match.start()]
    head, paren, tail = line.rpartition(" (")
    if paren and lex.credit_by.match("(" + tail):
        line = head
    head, sep, tail = line.rpartition(" | ")
    if sep and _agency_only(tail, lex):
        line = head
    return line.rstrip()


def credit(line: str, lex: PageLexicon) -> str | None:
    """Step 4: None if the line is only a credit, else the line without any credit attached."""
    if _agency_only(line, lex):
        return None
    by = lex.credit_by.match(line)
    if by and word_count(by["rest"]) <= CREDIT_WORDS:
        return None
    match = lex.credit_label.match(line)
    if match:
        rest = match["rest"].strip()
        if not rest or (word_count(rest) <= CREDIT_WORDS and not is_sentence(rest)):
            return None
        line = rest
    return _strip_credit_suffix(line, lex)


def is_link(line: str, lex: PageLexicon) -> bool:
    """Step 4: "Read more: <another article's headline>"."""
    return bool(lex.link_label.match(line)) or (bool(_URL.fullmatch(line.strip())))


def _is_bio(line: str, lex: PageLexicon, author: str | None) -> bool:
    if word_count(line) > MAX_END_BLOCK_WORDS or not lex.bio_profession.search(line):
        return False
    by_author = bool(author and line.casefold().startswith(author.casefold()))
    return by_author or bool(lex.bio_cue.search(line))


def is_end_matter(line: str, lex: PageLexicon, author: str | None = None) -> bool:
    """Step 5: a trailing line that is not article prose."""
    if is_prompt(line, lex) or is_promo(line, lex, at_end=True) or is_nav(line, lex) or is_link(line, lex):
        return True
    if credit(line, lex) is None or _is_bio(line, lex, author):
        return True
    words = word_count(line)
    if (words <= MAX_END_BLOCK_WORDS and lex.disclaimer.search(line)) or (
        words <= CONTACT_LINE_WORDS and _URL.search(line)
    ):
        return True
    return word_count(line) <= END_MATTER_WORDS and not is_sentence(line) and not has_quote(line)


def _body_line(line: str, lex: PageLexicon) -> str | None:
    """Steps 1-4 for one line: None to drop it, else the (perhaps credit-stripped) line."""
    if is_prompt(line, lex) or is_promo(line, lex) or is_nav(line, lex) or is_link(line, lex):
        return None
    return credit(line, lex)


def comments_start(lines: list[str] | tuple[str, ...], lex: PageLexicon) -> int:
    """Step 0: index of a reader-comment section header in the second half, else len(lines)."""
    for index in range(int(len(lines) * COMMENTS_MIN_POSITION), len(lines)):
        line = lines[index]
        if word_count(line) <= END_MATTER_WORDS and not is_sentence(line) and lex.comment_header.match(line):
            return index
    return len(lines)


def _is_listed(line: str) -> bool:
    """A line of a headline or tag list: short, and not ending with a full stop (headlines may ask)."""
    return word_count(line) <= LISTED_LINE_WORDS and not re.search(r"[.…][\"'”’»)\]]*$", line)


def strip_boilerplate(lines: list[str] | tuple[str, ...], lex: PageLexicon, *, author: str | None = None) -> Cleaned:
    """Run the cascade over non-empty, stripped lines; returns kept and dropped lines in order."""
    end = comments_start(lines, lex)
    kept: list[str] = []
    dropped: list[str] = list(lines[end:])
    in_list = False
    for line in lines[:end]:
        cleaned = None if in_list and _is_listed(line) else _body_line(line, lex)
        in_list = (in_list and cleaned is None) or fold(line) in lex.list_prompts
        if cleaned:
            kept.append(cleaned)
        else:
            dropped.append(line)
    cut = len(kept)
    while cut > 0 and is_end_matter(kept[cut - 1], lex, author):
        cut -= 1
    dropped.extend(kept[cut:])
    return Cleaned(tuple(kept[:cut]), tuple(dropped))
