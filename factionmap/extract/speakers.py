"""The speaker of a speech verb: "said X", "X told Y", "according to X", "X, a spokesman, said".

Shared by the quote and reported-speech steps of attribution.py. A speaker is read from a parse, either
one the caller already has (a masked sentence: the words are then read back from the article through
the offset map) or a fresh parse of the short fragment around the verb; without a parser, a regex takes
the words next to the verb.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from factionmap.extract.qualifiers import QualifierLexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Speaker noun phrases longer than this are parse failures, not names.
MAX_SPEAKER_CHARS = 90
_DROP_DEPS = frozenset({"appos", "relcl", "acl", "punct", "advcl", "parataxis"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})

Parser = Callable[[str], "Doc"]
ParsedSentence = tuple["Doc", Callable[[int], int]]  # a parse and its offset map to the article
ParsedAt = Callable[[int], ParsedSentence | None] | None  # article offset -> the caller's parse covering it


def article_phrase(text: str, to_article: Callable[[int], int], first: Token, last: Token) -> str:
    """The article's words from token ``first`` to ``last`` of a parse mapped by ``to_article``."""
    return clean_phrase(text[to_article(first.idx) : to_article(last.idx + len(last.text))])


def speaker_in_fragment(
    text: str,
    begin: int,
    fragment: str,
    verb: re.Match[str],
    parse: Parser | None,
    lex: QualifierLexicon,
    parsed_at: ParsedAt = None,
) -> str | None:
    """The speaker of the speech verb found in text[begin:begin + len(fragment)].

    Where the caller already parsed the whole sentence, that parse is read (the quote then hangs as the
    verb's complement, as the parser was trained on); otherwise the fragment alone is parsed.
    """
    known = parsed_at(begin + verb.start()) if parsed_at is not None else None
    if known is not None:
        doc, to_article = known
        token = next((t for t in doc if to_article(t.idx) >= begin + verb.start()), None)
        speaker = speaker_token(token) if token is not None else None
        if speaker is None:
            return None
        first, last = speaker_bounds(speaker)
        return acceptable(article_phrase(text, to_article, first, last), lex)
    if parse is None:
        return _speaker_by_regex(fragment, verb, lex)
    doc = parse(fragment)
    token = next((t for t in doc if t.idx >= verb.start()), None)
    if token is None:
        return None
    speaker = speaker_token(token)
    return acceptable(speaker_phrase(speaker), lex) if speaker is not None else None


def speaker_token(verb: Token) -> Token | None:
    """The nsubj of a speech verb, the object of "according to", or the NP after an inverted verb."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    subject = subject_of(verb)
    if subject is not None:
        return subject
    after = [t for t in verb.doc[verb.i + 1 :] if t.pos_ in {"PROPN", "NOUN"} and t.dep_ != "compound"]
    return after[0] if after else None


def speaker_phrase(token: Token) -> str:
    """The speaker's noun phrase without appositions, relative clauses and trailing descriptions.

    A description in apposition to a name gives way to the name ("the group's spokesman, Ahmed Musa").
    """
    first, last = speaker_bounds(token)
    return clean_phrase(first.doc[first.i : last.i + 1].text)


def speaker_bounds(token: Token) -> tuple[Token, Token]:
    """First and last token of the speaker phrase headed by ``token`` (see speaker_phrase)."""
    if token.pos_ != "PROPN":
        name = next((c for c in token.children if c.dep_ == "appos" and c.pos_ == "PROPN"), None)
        name = name or next((t for t in token.subtree if t.dep_ == "appos" and t.ent_type_ == "PERSON"), None)
        token = name if name is not None else token
    keep = _kept_subtree(token)
    left = right = token.i
    while left - 1 in keep:
        left -= 1
    while right + 1 in keep:
        right += 1
    return token.doc[left], token.doc[right]


def clean_phrase(phrase: str) -> str:
    return " ".join(phrase.split()).strip(" ,;:-–—\"“”'")


def _kept_subtree(token: Token) -> set[int]:
    keep = {token.i}
    for child in token.children:
        if child.dep_ not in _DROP_DEPS and not (child.dep_ == "prep" and child.lower_ == "by"):
            keep |= _kept_subtree(child)
    return keep


def _speaker_by_regex(fragment: str, verb: re.Match[str], lex: QualifierLexicon) -> str | None:
    """Without a parser: the words after an inverted verb, or before the verb, up to a comma."""
    before = fragment[: verb.start()].strip(" ,")
    if before:
        phrase = re.split(r",|\b(?:has|have|had|who|which)\b", before)[0]
    else:
        phrase = re.split(r"[,.;:(]|\b(?:who|which|that)\b", fragment[verb.end() :])[0]
    return acceptable(phrase.strip(" \"“”'"), lex)


def acceptable(phrase: str, lex: QualifierLexicon) -> str | None:
    low = phrase.lower()
    if not phrase or len(phrase) > MAX_SPEAKER_CHARS or low in lex.first_person | lex.vague_speakers:
        return None
    return phrase


def subject_of(verb: Token) -> Token | None:
    """The verb's subject: its nsubj, the agent of a passive, a relative clause's antecedent, or the
    subject of the verb it is conjoined or subordinated to."""
    for _ in range(3):
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        if verb.dep_ == "relcl" and (subject is None or subject.lower_ in _RELATIVE):
            return verb.head
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        if agent is not None and (subject is None or subject.dep_ == "nsubjpass"):
            by = next((c for c in agent.children if c.dep_ == "pobj"), None)
            if by is not None:
                return by
        if subject is not None and subject.dep_ == "nsubj":
            return subject
        if verb.dep_ not in {"conj", "xcomp", "advcl"} or verb.head.i == verb.i:
            return subject
        verb = verb.head
    return None


def is_person(token: Token, lex: QualifierLexicon) -> bool:
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in lex.person_nouns


@cache
def speech_verb_pattern(lex: QualifierLexicon) -> re.Pattern[str]:
    forms = sorted(lex.speech_forms, key=len, reverse=True)
    return re.compile(r"(?i)\b(?:according to|" + "|".join(map(re.escape, forms)) + r")\b")
