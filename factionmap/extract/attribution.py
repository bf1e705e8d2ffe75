"""Who the article credits a claim to: quotes, reported speech, "according to", claims of responsibility.

Cheap by design: quote marks and a regex over speech-verb forms pick the few stretches of text that
can carry a source, and only those short fragments are handed to the parser to find the speaker's
noun phrase. An ``Attribution`` is a range of the article text (the quote's content, or the clause
reported by "X said that ...") with the speaker credited for it; ``attribution_at`` answers "who
said the text between these offsets?" for a claim.

The steps, in order:
1-2. Quotes and their speakers (quotes.py; speaker noun phrases in speakers.py).
3. Reported speech in sentences outside quotes: the clausal complement of a speech verb
   (``X said that …``, ``…, X said``) or the sentence around ``according to X``.
4. Pronoun speakers ("he said") resolved to the subject of the preceding sentence where it is a person,
   else to the latest named speaker nearby; unresolved pronouns are dropped (no source is better than
   "he").
"""

from __future__ import annotations

import functools
import operator
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from factionmap.extract.qualifiers import QualifierLexicon, qualifier_lexicon
from factionmap.extract.quotes import Quote, find_quotes, quote_credits
from factionmap.extract.speakers import (
    ParsedAt,
    ParsedSentence,
    Parser,
    acceptable,
    article_phrase,
    is_person,
    speaker_bounds,
    speaker_token,
    speech_verb_pattern,
    subject_of,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from factionmap.model import Sentence

# How far back a "he said" may look for its speaker: about three news paragraphs (seed articles).
PRONOUN_LOOKBACK_CHARS = 1500
# A sentence is credited to a source whose range covers this share of it (seed quotes: the quote is
# ~85-95% of its sentence, the rest being marks and "he said"; a scare quote is far below half).
MIN_SENTENCE_COVER = 0.5
_RELATIVE = frozenset({"who", "which", "that", "whom"})


@dataclass(frozen=True, slots=True)
class Attribution:
    start: int
    end: int
    speaker: str
    cue: str


def find_attributions(
    text: str,
    sentences: Sequence[Sentence],
    parse: Parser | None = None,
    only: Collection[int] | None = None,
    parsed: Mapping[int, ParsedSentence] | None = None,
) -> list[Attribution]:
    """Every stretch of ``text`` the article credits to a source, in text order.

    ``only``: the indices of the sentences whose reported speech matters (those that can hold a claim);
    reported speech stays inside its sentence, so parsing the others for it would be wasted work.
    ``parsed``: parses the caller already has, by sentence index, each with the map from its character
    offsets to the article's (a masked parse reads the speaker's words back from the article).
    """
    lex = qualifier_lexicon()
    if parse is not None:
        parse = _memoised(parse)
    sentence_doc = _sentence_docs(sentences, parse, parsed or {})
    quotes = [q for q in find_quotes(text) if len(text[q.start : q.end].split()) >= lex.min_quote_words]
    wanted = None if only is None else _covering(sentences, only)
    credits, used_verbs = quote_credits(
        text, sentences, quotes, parse, lex, wanted, _parsed_at(sentences, parsed or {})
    )
    found = [Attribution(*credit) for credit in credits]
    found += _reported_speech(text, sentences, quotes, used_verbs, sentence_doc, lex, only)
    found.sort(key=lambda a: (a.start, a.end))
    return _resolve_pronouns(found, text, sentences, sentence_doc, lex)


def _sentence_docs(
    sentences: Sequence[Sentence], parse: Parser | None, parsed: Mapping[int, ParsedSentence]
) -> Callable[[int], ParsedSentence | None]:
    """Sentence index -> its parse and offset map: the caller's parse if it has one, else a fresh one."""

    def sentence_doc(k: int) -> ParsedSentence | None:
        if k in parsed:
            return parsed[k]
        if parse is None:
            return None
        return parse(sentences[k].text), functools.partial(operator.add, sentences[k].start)

    return sentence_doc


def _parsed_at(sentences: Sequence[Sentence], parsed: Mapping[int, ParsedSentence]) -> ParsedAt:
    def lookup(offset: int) -> ParsedSentence | None:
        k = next((k for k in parsed if sentences[k].start <= offset < sentences[k].end), None)
        return parsed[k] if k is not None else None

    return lookup


def _covering(sentences: Sequence[Sentence], only: Collection[int]) -> Callable[[int, int], bool]:
    """Whether text[start:end] overlaps one of the ``only`` sentences (a quote worth crediting)."""
    spans = sorted((sentences[k].start, sentences[k].end) for k in only)

    def overlaps(start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in spans)

    return overlaps


def _memoised(parse: Parser) -> Parser:
    """Parse each fragment once per article (a sentence can be both a quote's tail and an antecedent)."""
    docs: dict[str, Doc] = {}

    def parse_once(fragment: str) -> Doc:
        if fragment not in docs:
            docs[fragment] = parse(fragment)
        return docs[fragment]

    return parse_once


def attribution_at(attributions: Sequence[Attribution], start: int, end: int) -> str | None:
    """The speaker credited with text[start:end], or None where the article speaks in its own voice.

    Works for a precise span (head mention to tail mention: the attribution must contain it) and for a
    whole sentence (the attribution must cover at least MIN_SENTENCE_COVER of it: a sentence holding a
    quote also holds its quote marks and the "he said"). Ties go to the narrower attribution.
    """
    size = max(end - start, 1)
    best: tuple[float, int, str] | None = None
    for a in attributions:
        cover = (min(end, a.end) - max(start, a.start)) / size
        if cover >= MIN_SENTENCE_COVER and (best is None or (cover, -(a.end - a.start)) > best[:2]):
            best = (cover, -(a.end - a.start), a.speaker)
    return best[2] if best else None


def responsibility_claimant(cue: Token) -> Token | None:
    """X in "X claimed (responsibility for) the attack on Y": the claim is then attributed to X."""
    lex = qualifier_lexicon()
    verb = _claiming_verb(cue, lex)
    return subject_of(verb) if verb is not None else None


# --- 3. reported speech ---------------------------------------------------------------------------


def _reported_speech(
    text: str,
    sentences: Sequence[Sentence],
    quotes: list[Quote],
    used_verbs: set[int],
    sentence_doc: Callable[[int], ParsedSentence | None],
    lex: QualifierLexicon,
    only: Collection[int] | None,
) -> list[Attribution]:
    pattern = speech_verb_pattern(lex)
    found = []
    for k, sent in enumerate(sentences):
        if only is not None and k not in only:
            continue
        hits = [sent.start + m.start() for m in pattern.finditer(sent.text)]
        hits = [h for h in hits if h not in used_verbs and not _inside(quotes, h)]
        if not hits:
            continue
        parsed = sentence_doc(k)
        if parsed is None:
            continue
        doc, to_article = parsed
        for token in doc:
            if to_article(token.idx) in hits:
                found += _speech_attribution(token, text, to_article, lex)
    return found


def _speech_attribution(
    verb: Token, text: str, to_article: Callable[[int], int], lex: QualifierLexicon
) -> list[Attribution]:
    is_according = verb.lower_ == "according"
    if not is_according and (verb.lemma_.lower() not in lex.speech_lemmas or _is_relative(verb)):
        return []
    speaker = speaker_token(verb)
    if speaker is None:
        return []
    first, last = speaker_bounds(speaker)
    phrase = acceptable(article_phrase(text, to_article, first, last), lex)
    if phrase is None:
        return []
    span = _reported_range(verb, is_according)
    if span is None:
        return []
    start, end = span
    return [Attribution(to_article(start), to_article(end), phrase, verb.lower_)]


def _is_relative(verb: Token) -> bool:
    """ "officials who spoke to X", "what the group says": the verb reports nothing of its own."""
    return verb.dep_ in {"relcl", "amod"} or any(
        c.dep_ in {"dobj", "nsubj"} and c.lower_ in {"what", "which", "who"} for c in verb.children
    )


def _reported_range(verb: Token, is_according: bool) -> tuple[int, int] | None:
    """Character range (in the parsed sentence) of what the speech verb reports."""
    doc = verb.doc
    if is_according:
        sub = doc[verb.left_edge.i : verb.right_edge.i + 1]
        if sub.end >= len(doc) - 1:
            return 0, sub.start_char
        return (sub.end_char, len(doc.text)) if sub.start == 0 else (0, len(doc.text))
    complement = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if complement is not None:
        sub = doc[complement.left_edge.i : complement.right_edge.i + 1]
        return sub.start_char, sub.end_char
    if verb.dep_ in {"ccomp", "parataxis", "advcl", "conj"} and verb.head.i < verb.i:
        own = doc[verb.left_edge.i : verb.right_edge.i + 1]  # "Y attacked Z, officials said."
        return (0, own.start_char) if own.start_char > 0 else None
    return None


def _inside(quotes: list[Quote], position: int) -> bool:
    return any(q.start <= position < q.end for q in quotes)


# --- 4. pronoun speakers --------------------------------------------------------------------------


def _resolve_pronouns(
    found: list[Attribution],
    text: str,
    sentences: Sequence[Sentence],
    sentence_doc: Callable[[int], ParsedSentence | None],
    lex: QualifierLexicon,
) -> list[Attribution]:
    out: list[Attribution] = []
    for a in found:
        if a.speaker.lower() not in lex.pronouns:
            out.append(a)
            continue
        named = _previous_subject(a, text, sentences, sentence_doc, lex) if a.speaker.lower() in {"he", "she"} else None
        named = named or _latest_speaker(out, a.start, lex)
        if named:
            out.append(replace(a, speaker=named))
    return out


def _latest_speaker(earlier: list[Attribution], position: int, lex: QualifierLexicon) -> str | None:
    for a in reversed(earlier):
        if position - a.start <= PRONOUN_LOOKBACK_CHARS and a.speaker.lower() not in lex.pronouns:
            return a.speaker
    return None


def _previous_subject(
    a: Attribution,
    text: str,
    sentences: Sequence[Sentence],
    sentence_doc: Callable[[int], ParsedSentence | None],
    lex: QualifierLexicon,
) -> str | None:
    """The subject of the sentence before the attributed text, where it names a person."""
    index = next((k for k, s in enumerate(sentences) if s.start <= a.start < s.end), None)
    parsed = sentence_doc(index - 1) if index else None
    if parsed is None:
        return None
    doc, to_article = parsed
    subject = subject_of(doc[:].root)
    if subject is None or not is_person(subject, lex):
        return None
    first, last = speaker_bounds(subject)
    return acceptable(article_phrase(text, to_article, first, last), lex)


# --- claims of responsibility ---------------------------------------------------------------------


def _claiming_verb(cue: Token, lex: QualifierLexicon) -> Token | None:
    """The verb of "claimed the attack", "took responsibility for the attack", "was claimed by"."""
    if cue.dep_ in {"dobj", "nsubjpass"} and cue.head.lemma_.lower() in lex.claim_direct_verbs:
        return cue.head
    token = cue
    for _ in range(4):
        if token.head.i == token.i or token.dep_ not in {"pobj", "pcomp", "prep", "compound", "conj"}:
            return None
        token = token.head
        if token.lower_ == "for" and token.head.lemma_.lower() in lex.claim_nouns:
            noun = token.head
            verb = noun.head
            if noun.dep_ == "dobj" and verb.lemma_.lower() in lex.claim_verbs:
                return verb
            return None
    return None
