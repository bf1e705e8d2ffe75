"""Which sentences are worth the statistical parse.

The parse (tagger + parser + lemmatizer) costs ~100 µs a token, about 400 times the rest of the pipeline
(PERF-NOTES), so it runs only on sentences that can yield a claim. A claim needs two actors and either a
relation cue from the vocabulary (in any inflection) or the place-plus-group shape of the locative
OPERATES_IN rule. Everything is decided on surface forms, before any parse:

- actors: known mentions (gazetteer, acronyms, demonyms) plus anaphors ("they", "the group") and unknown
  capitalised names the NER may still find;
- cues: every form of every cue word, generated from the lemma by inverting the lemmatizer's own suffix
  rules and exception table (so "fought", "allies", "pledging" all count), plus the modifier words the frame
  rules read;
- the locative shape: a known place, a known group or organisation, and a locative preposition.

The gate is deliberately generous (over-generated forms are harmless); a sentence it drops can only lose a
claim whose cue word the vocabulary does not have.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from factionmap.inflect import DEFAULT_RULES, inflections  # shared with queries/ask.py
from factionmap.model import Mention, Sentence

MIN_ACTORS = 2  # a sentence needs two actor-ish spans to hold a relation
# Words that may stand for an actor once resolved: pronouns, "the group", and a state's organs named
# without the state ("the army said"), which coreference gives the article's state.
ANAPHOR = re.compile(
    r"\b(?:it|its|they|them|their|he|his|him|group|groups|organization|movement"
    r"|army|military|government|junta|regime|authorities)\b",
    re.I,
)
CAPITALISED = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]+(?:[ \-][A-Z][a-z]+)*")
WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
PLACE_ACTOR_TYPES = frozenset({"LOCATION", "STATE"})
ACTOR_TYPES = frozenset({"ARMED_GROUP", "ORGANIZATION"})
LOCATIVE_WORDS = frozenset({"in", "across", "throughout", "inside", "from", "based"})


@dataclass(frozen=True, slots=True)
class CueForms:
    """Every lower-case surface form of the cue words, and the test for one sentence."""

    forms: frozenset[str]

    def in_text(self, text: str) -> bool:
        return any(w in self.forms for w in WORD.findall(text.lower()))


def lemmatizer_tables(nlp) -> tuple[Mapping, Mapping]:
    """The suffix rules and exceptions of the pipeline's rule lemmatizer (defaults if it has none)."""
    try:
        lookups = nlp.get_pipe("lemmatizer").lookups
        rules = {k: [tuple(r) for r in lookups.get_table("lemma_rules").get(k, [])] for k in DEFAULT_RULES}
        exc_table = lookups.get_table("lemma_exc")
        exceptions = {k: dict(exc_table.get(k, {})) for k in DEFAULT_RULES}
    except (KeyError, ValueError, AttributeError):
        return DEFAULT_RULES, {}
    return rules, exceptions


def cue_forms(cue_words: Iterable[tuple[str, str]], nlp=None) -> CueForms:
    """Forms of (lemma, pos) cue words; multi-word lemmas contribute each of their words."""
    rules, exceptions = lemmatizer_tables(nlp) if nlp is not None else (DEFAULT_RULES, {})
    forms: set[str] = set()
    for lemma, pos in cue_words:
        for word in lemma.lower().split():
            forms |= inflections(word, pos, rules, exceptions)
    return CueForms(frozenset(forms))


def select_sentences(
    sentences: Sequence[Sentence],
    mentions: Sequence[Mention],
    cues: CueForms | None,
    plural_phrases: tuple[str, ...] = (),
) -> list[int]:
    """Indices of the sentences worth parsing, in order. A plural description ("the two groups") stands
    for two actors, so "The two groups clashed in Kaduna" is parsed without another name.

    With ``cues`` None (the learned decision, which reads cues as features) two actor-ish spans suffice:
    a cue gate drops sentences whose relation is worded outside the vocabulary."""
    plural = _phrase_pattern(plural_phrases)
    by_sentence: dict[int, list[Mention]] = {}
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    chosen = []
    for s in sentences:
        known = by_sentence.get(s.index, [])
        pairs = 2 * len(plural.findall(s.text)) if plural else 0
        if not known and not pairs and cues is not None:
            continue  # the frames need a known actor; the model also reads pronouns and unknown names
        extra = len(ANAPHOR.findall(s.text)) + len(CAPITALISED.findall(s.text)) + pairs
        if len(known) + extra < MIN_ACTORS:
            continue
        if cues is None or cues.in_text(s.text) or _locative_shape(s.text, known):
            chosen.append(s.index)
    return chosen


@functools.cache
def _phrase_pattern(phrases: tuple[str, ...]) -> re.Pattern[str] | None:
    if not phrases:
        return None
    return re.compile(r"(?i)\b(?:" + "|".join(map(re.escape, sorted(phrases, key=len, reverse=True))) + r")\b")


def _locative_shape(text: str, known: Sequence[Mention]) -> bool:
    kinds = {m.actor_type for m in known}
    if not (kinds & PLACE_ACTOR_TYPES and (kinds & ACTOR_TYPES or ANAPHOR.search(text))):
        return False
    return any(w in LOCATIVE_WORDS for w in WORD.findall(text.lower()))
