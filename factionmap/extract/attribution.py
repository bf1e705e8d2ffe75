"""Who the article credits a claim to: quotes, reported speech, "according to", claims of responsibility.

Cheap by design: quote marks and a regex over speech-verb forms pick the few stretches of text that
can carry a source, and only those short fragments are handed to the parser to find the speaker's
noun phrase. An ``Attribution`` is a range of the article text (the quote's content, or the clause
reported by "X said that ...") with the speaker credited for it; ``attribution_at`` answers "who
said the text between these offsets?" for a claim.

The steps, in order:
1. Quotes: curly, straight and guillemet marks, nested quotes kept inside their outer quote, a quote
   left open ending at the end of its paragraph (the journalistic convention for long quotes).
2. Each quote's speaker: credited right after it (``…,” said X`` / ``…,” X told Y``), else
   introduced right before it (``X said:“…”``), else the speaker of the nearest credited quote in the
   same paragraph (``“A,” he said. “B.”``).
3. Reported speech in sentences outside quotes: the clausal complement of a speech verb
   (``X said that …``, ``…, X said``) or the sentence around ``according to X``.
4. Pronoun speakers ("he said") resolved to the subject of the preceding sentence where it is a person,
   else to the latest named speaker nearby; unresolved pronouns are dropped (no source is better than
   "he").
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from factionmap.extract.qualifiers import Lexicon, qualifier_lexicon

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from factionmap.model import Sentence

# How far back a "he said" may look for its speaker: about three news paragraphs (seed articles).
PRONOUN_LOOKBACK_CHARS = 1500
# How many words may stand between a closing quote and its speech verb (", an official in X told").
MAX_WORDS_BEFORE_VERB = 14
# A sentence is credited to a source whose range covers this share of it (seed quotes: the quote is
# ~85-95% of its sentence, the rest being marks and "he said"; a scare quote is far below half).
MIN_SENTENCE_COVER = 0.5
# Speaker noun phrases longer than this are parse failures, not names.
MAX_SPEAKER_CHARS = 90
OPENERS, CLOSERS, STRAIGHT = "“«", "”»", '"'
_DROP_DEPS = frozenset({"appos", "relcl", "acl", "punct", "advcl", "parataxis"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})


@dataclass(frozen=True, slots=True)
class Attribution:
    start: int
    end: int
    speaker: str
    cue: str


@dataclass(frozen=True, slots=True)
class Quote:
    """The content of one quote (marks excluded) and where its closing mark is (``end`` if unclosed)."""

    start: int
    end: int
    closed: bool


Parser = Callable[[str], "Doc"]
ParsedSentence = tuple["Doc", Callable[[int], int]]  # a parse and its offset map to the article
ParsedAt = Callable[[int], ParsedSentence | None] | None  # article offset -> the caller's parse covering it


def find_attributions(text: str, sentences: Sequence[Sentence], parse: Parser | None = None,
                      only: Collection[int] | None = None,
                      parsed: Mapping[int, ParsedSentence] | None = None) -> list[Attribution]:
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
    quotes = [q for q in find_quotes(text) if len(text[q.start:q.end].split()) >= lex.min_quote_words]
    wanted = None if only is None else _covering(sentences, only)
    found, used_verbs = _quote_attributions(text, sentences, quotes, parse, lex, wanted,
                                            _parsed_at(sentences, parsed or {}))
    found += _reported_speech(text, sentences, quotes, used_verbs, sentence_doc, lex, only)
    found.sort(key=lambda a: (a.start, a.end))
    return _resolve_pronouns(found, text, sentences, sentence_doc, lex)


def _sentence_docs(sentences: Sequence[Sentence], parse: Parser | None,
                   parsed: Mapping[int, ParsedSentence]) -> Callable[[int], ParsedSentence | None]:
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
    return _subject_of(verb) if verb is not None else None


# --- 1. quotes ------------------------------------------------------------------------------------

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


# --- 2. quote speakers ----------------------------------------------------------------------------

def _quote_attributions(text: str, sentences: Sequence[Sentence], quotes: list[Quote], parse: Parser | None,
                        lex: Lexicon, wanted: Callable[[int, int], bool] | None,
                        parsed_at: ParsedAt) -> tuple[list[Attribution], set[int]]:
    """Credit each quote (``wanted``: only those overlapping sentences that matter, and their neighbours)."""
    credits: dict[int, tuple[str, str, int] | None] = {}
    used_verbs: set[int] = set()

    def credit_of(k: int) -> tuple[str, str] | None:
        if k not in credits:
            q = quotes[k]
            credits[k] = (_credit_after(text, sentences, q, parse, lex, parsed_at)
                          or _credit_before(text, sentences, q, parse, lex, parsed_at))
            if credits[k]:
                used_verbs.add(credits[k][2])
        own = credits[k]
        return own[:2] if own else None

    found = []
    for k, q in enumerate(quotes):
        if wanted is not None and not wanted(q.start, q.end):
            continue
        credit = credit_of(k) or _neighbour_credit(text, quotes, credit_of, k)
        if credit:
            found.append(Attribution(q.start, q.end, credit[0], credit[1]))
    return found, used_verbs


def _credit_after(text: str, sentences: Sequence[Sentence], q: Quote, parse: Parser | None,
                  lex: Lexicon, parsed_at: ParsedAt = None) -> tuple[str, str, int] | None:
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
    speaker = _speaker_in_fragment(text, offset, fragment, verb, parse, lex, parsed_at)
    return (speaker, verb.group().lower(), offset + verb.start()) if speaker else None


def _credit_before(text: str, sentences: Sequence[Sentence], q: Quote, parse: Parser | None,
                   lex: Lexicon, parsed_at: ParsedAt = None) -> tuple[str, str, int] | None:
    """``X said: “…”``, ``X told Y that … : “…”``: the fragment from its sentence start to the quote."""
    sent_start = next((s.start for s in sentences if s.start < q.start <= s.end), None)
    line_start = text.rfind("\n", 0, q.start) + 1
    begin = max(sent_start if sent_start is not None else line_start, line_start)
    fragment = text[begin:q.start - 1].rstrip()
    if not fragment or not (fragment.endswith(":") or fragment.endswith(",")):
        return None
    verbs = list(_speech_verb_pattern(lex).finditer(fragment))
    if not verbs:
        return None
    speaker = _speaker_in_fragment(text, begin, fragment, verbs[-1], parse, lex, parsed_at)
    return (speaker, verbs[-1].group().lower(), begin + verbs[-1].start()) if speaker else None


def _neighbour_credit(text: str, quotes: list[Quote], credit_of: Callable[[int], tuple[str, str] | None],
                      k: int) -> tuple[str, str] | None:
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


def _speech_verb_near_start(fragment: str, lex: Lexicon) -> re.Match[str] | None:
    m = _speech_verb_pattern(lex).search(fragment)
    if m is None or len(fragment[:m.start()].split()) > MAX_WORDS_BEFORE_VERB:
        return None
    return m


@cache
def _speech_verb_pattern(lex: Lexicon) -> re.Pattern[str]:
    forms = sorted(lex.speech_forms, key=len, reverse=True)
    return re.compile(r"(?i)\b(?:according to|" + "|".join(map(re.escape, forms)) + r")\b")


# --- speaker noun phrases -------------------------------------------------------------------------

def _speaker_in_fragment(text: str, begin: int, fragment: str, verb: re.Match[str], parse: Parser | None,
                         lex: Lexicon, parsed_at: ParsedAt = None) -> str | None:
    """The speaker of the speech verb found in text[begin:begin + len(fragment)].

    Where the caller already parsed the whole sentence, that parse is read (the quote then hangs as the
    verb's complement, as the parser was trained on); otherwise the fragment alone is parsed.
    """
    known = parsed_at(begin + verb.start()) if parsed_at is not None else None
    if known is not None:
        doc, to_article = known
        token = next((t for t in doc if to_article(t.idx) >= begin + verb.start()), None)
        speaker = _speaker_token(token) if token is not None else None
        if speaker is None:
            return None
        first, last = _speaker_bounds(speaker)
        return _acceptable(_clean_phrase(text[to_article(first.idx):to_article(last.idx + len(last.text))]), lex)
    if parse is None:
        return _speaker_by_regex(fragment, verb, lex)
    doc = parse(fragment)
    token = next((t for t in doc if t.idx >= verb.start()), None)
    if token is None:
        return None
    speaker = _speaker_token(token)
    return _acceptable(speaker_phrase(speaker), lex) if speaker is not None else None


def _speaker_token(verb: Token) -> Token | None:
    """The nsubj of a speech verb, the object of "according to", or the NP after an inverted verb."""
    if verb.lower_ == "according":
        to = next((c for c in verb.children if c.lower_ == "to"), None)
        return next((c for c in to.children if c.dep_ == "pobj"), None) if to is not None else None
    subject = _subject_of(verb)
    if subject is not None:
        return subject
    after = [t for t in verb.doc[verb.i + 1:] if t.pos_ in {"PROPN", "NOUN"} and t.dep_ != "compound"]
    return after[0] if after else None


def speaker_phrase(token: Token) -> str:
    """The speaker's noun phrase without appositions, relative clauses and trailing descriptions.

    A description in apposition to a name gives way to the name ("the group's spokesman, Ahmed Musa").
    """
    first, last = _speaker_bounds(token)
    return _clean_phrase(first.doc[first.i:last.i + 1].text)


def _speaker_bounds(token: Token) -> tuple[Token, Token]:
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


def _clean_phrase(phrase: str) -> str:
    return " ".join(phrase.split()).strip(" ,;:-–—\"“”'")


def _kept_subtree(token: Token) -> set[int]:
    keep = {token.i}
    for child in token.children:
        if child.dep_ not in _DROP_DEPS and not (child.dep_ == "prep" and child.lower_ == "by"):
            keep |= _kept_subtree(child)
    return keep


def _speaker_by_regex(fragment: str, verb: re.Match[str], lex: Lexicon) -> str | None:
    """Without a parser: the words after an inverted verb, or before the verb, up to a comma."""
    before = fragment[:verb.start()].strip(" ,")
    if before:
        phrase = re.split(r",|\b(?:has|have|had|who|which)\b", before)[0]
    else:
        phrase = re.split(r"[,.;:(]|\b(?:who|which|that)\b", fragment[verb.end():])[0]
    return _acceptable(phrase.strip(" \"“”'"), lex)


def _acceptable(phrase: str, lex: Lexicon) -> str | None:
    low = phrase.lower()
    if not phrase or len(phrase) > MAX_SPEAKER_CHARS or low in lex.first_person | lex.vague_speakers:
        return None
    return phrase


# --- 3. reported speech ---------------------------------------------------------------------------

def _reported_speech(text: str, sentences: Sequence[Sentence], quotes: list[Quote], used_verbs: set[int],
                     sentence_doc: Callable[[int], ParsedSentence | None], lex: Lexicon,
                     only: Collection[int] | None) -> list[Attribution]:
    pattern = _speech_verb_pattern(lex)
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


def _speech_attribution(verb: Token, text: str, to_article: Callable[[int], int], lex: Lexicon) -> list[Attribution]:
    is_according = verb.lower_ == "according"
    if not is_according and (verb.lemma_.lower() not in lex.speech_lemmas or _is_relative(verb)):
        return []
    speaker = _speaker_token(verb)
    if speaker is None:
        return []
    first, last = _speaker_bounds(speaker)
    phrase = _acceptable(_clean_phrase(text[to_article(first.idx):to_article(last.idx + len(last.text))]), lex)
    if phrase is None:
        return []
    span = _reported_range(verb, is_according)
    if span is None:
        return []
    start, end = span
    return [Attribution(to_article(start), to_article(end), phrase, verb.lower_)]


def _is_relative(verb: Token) -> bool:
    """"officials who spoke to X", "what the group says": the verb reports nothing of its own."""
    return verb.dep_ in {"relcl", "amod"} or any(
        c.dep_ in {"dobj", "nsubj"} and c.lower_ in {"what", "which", "who"} for c in verb.children)


def _reported_range(verb: Token, is_according: bool) -> tuple[int, int] | None:
    """Character range (in the parsed sentence) of what the speech verb reports."""
    doc = verb.doc
    if is_according:
        sub = doc[verb.left_edge.i:verb.right_edge.i + 1]
        if sub.end >= len(doc) - 1:
            return 0, sub.start_char
        return (sub.end_char, len(doc.text)) if sub.start == 0 else (0, len(doc.text))
    complement = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if complement is not None:
        sub = doc[complement.left_edge.i:complement.right_edge.i + 1]
        return sub.start_char, sub.end_char
    if verb.dep_ in {"ccomp", "parataxis", "advcl", "conj"} and verb.head.i < verb.i:
        own = doc[verb.left_edge.i:verb.right_edge.i + 1]  # "Y attacked Z, officials said."
        return (0, own.start_char) if own.start_char > 0 else None
    return None


def _inside(quotes: list[Quote], position: int) -> bool:
    return any(q.start <= position < q.end for q in quotes)


# --- 4. pronoun speakers --------------------------------------------------------------------------

def _resolve_pronouns(found: list[Attribution], text: str, sentences: Sequence[Sentence],
                      sentence_doc: Callable[[int], ParsedSentence | None], lex: Lexicon) -> list[Attribution]:
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


def _latest_speaker(earlier: list[Attribution], position: int, lex: Lexicon) -> str | None:
    for a in reversed(earlier):
        if position - a.start <= PRONOUN_LOOKBACK_CHARS and a.speaker.lower() not in lex.pronouns:
            return a.speaker
    return None


def _previous_subject(a: Attribution, text: str, sentences: Sequence[Sentence],
                      sentence_doc: Callable[[int], ParsedSentence | None], lex: Lexicon) -> str | None:
    """The subject of the sentence before the attributed text, where it names a person."""
    index = next((k for k, s in enumerate(sentences) if s.start <= a.start < s.end), None)
    parsed = sentence_doc(index - 1) if index else None
    if parsed is None:
        return None
    doc, to_article = parsed
    subject = _subject_of(doc[:].root)
    if subject is None or not _is_person(subject, lex):
        return None
    first, last = _speaker_bounds(subject)
    return _acceptable(_clean_phrase(text[to_article(first.idx):to_article(last.idx + len(last.text))]), lex)


def _is_person(token: Token, lex: Lexicon) -> bool:
    return token.ent_type_ == "PERSON" or token.lemma_.lower() in lex.person_nouns


# --- claims of responsibility ---------------------------------------------------------------------

def _claiming_verb(cue: Token, lex: Lexicon) -> Token | None:
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


def _subject_of(verb: Token) -> Token | None:
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
