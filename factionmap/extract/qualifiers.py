"""Claim qualifiers read off the dependency parse: is a claim negated, is it hedged?

Both questions are about *scope*: a "not" or a "may" counts only where it governs the cue. The cue's
**clause chain** is the cue plus the words it hangs from inside its own clause (object of, complement
of, preposition of, infinitive of, a conjoined verb sharing the subject ...), stopping at a relative
clause, an adverbial clause or a subject. Negation and modality on that chain scope over the cue;
"X, which never hid its goals, attacked Y" is not negated because "never" sits in a relative clause.
Beyond the chain, the **governors** (ancestors up to a relative clause or apposition) are searched for
lexical cues only: a verb that denies its complement ("denied that"), a hedging verb ("many believe
that", "is said to"), a hedging noun ("reports that").

The cue words live in qualifiers.yaml; ``qualifier_lexicon()`` loads and validates them once.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import yaml

from factionmap.errors import VocabError

if TYPE_CHECKING:
    from spacy.tokens import Token

LEXICON_FILE = "qualifiers.yaml"
# Dependencies that keep a word inside the clause of the word it hangs from.
CHAIN_DEPS = frozenset(
    {
        "xcomp",
        "dobj",
        "pobj",
        "prep",
        "pcomp",
        "acl",
        "attr",
        "acomp",
        "oprd",
        "amod",
        "compound",
        "nmod",
        "dative",
        "agent",
        "advmod",
        "npadvmod",
        "auxpass",
        "aux",
    }
)
# Dependencies that end the search for governors: what they introduce is asserted on its own.
SCOPE_BARRIERS = frozenset({"relcl", "appos", "parataxis"})
# Crossing these keeps the cue under the governor's modality ("it may be that", "X could say that").
MODAL_TRANSPARENT = frozenset({"ccomp", "xcomp", "conj", "acl", "csubj"})
_CLOSING = "”’\"'»)] \n\t"


@dataclass(frozen=True, slots=True)
class QualifierLexicon:
    """The validated contents of qualifiers.yaml, as frozensets for fast membership tests."""

    neg_particles: frozenset[str]
    neg_determiners: frozenset[str]
    neg_cancelled_by_next: frozenset[str]
    neg_idiom_nouns: frozenset[str]
    neg_verbs: frozenset[str]
    neg_nouns: frozenset[str]
    neg_prepositions: frozenset[str]
    neg_raising_verbs: frozenset[str]
    light_verbs: frozenset[str]
    hedge_modals: frozenset[str]
    hedge_adverbs: frozenset[str]
    hedge_adjectives: frozenset[str]
    hedge_verbs: frozenset[str]
    hedge_passive_verbs: frozenset[str]
    hedge_nouns: frozenset[str]
    hedge_markers: frozenset[str]
    hedge_phrases: tuple[str, ...]
    speech_forms: frozenset[str]
    speech_lemmas: frozenset[str]
    pronouns: frozenset[str]
    first_person: frozenset[str]
    vague_speakers: frozenset[str]
    person_nouns: frozenset[str]
    min_quote_words: int
    claim_direct_verbs: frozenset[str]
    claim_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    count_nouns: frozenset[str]


_FIELDS = {  # field -> (section, key)
    "neg_particles": ("negation", "particles"),
    "neg_determiners": ("negation", "determiners"),
    "neg_cancelled_by_next": ("negation", "cancelled_by_next"),
    "neg_idiom_nouns": ("negation", "idiom_nouns"),
    "neg_verbs": ("negation", "verbs"),
    "neg_nouns": ("negation", "nouns"),
    "neg_prepositions": ("negation", "prepositions"),
    "neg_raising_verbs": ("negation", "raising_verbs"),
    "light_verbs": ("negation", "light_verbs"),
    "hedge_modals": ("hedge", "modals"),
    "hedge_adverbs": ("hedge", "adverbs"),
    "hedge_adjectives": ("hedge", "adjectives"),
    "hedge_verbs": ("hedge", "verbs"),
    "hedge_passive_verbs": ("hedge", "passive_verbs"),
    "hedge_nouns": ("hedge", "nouns"),
    "hedge_markers": ("hedge", "markers"),
    "hedge_phrases": ("hedge", "phrases"),
    "speech_lemmas": ("attribution", "speech_lemmas"),
    "pronouns": ("attribution", "pronouns"),
    "first_person": ("attribution", "first_person"),
    "vague_speakers": ("attribution", "vague_speakers"),
    "person_nouns": ("attribution", "person_nouns"),
    "claim_direct_verbs": ("responsibility", "direct_verbs"),
    "claim_verbs": ("responsibility", "verbs"),
    "claim_nouns": ("responsibility", "nouns"),
    "count_nouns": ("timex", "count_nouns"),
}


@cache
def qualifier_lexicon() -> QualifierLexicon:
    """Load qualifiers.yaml once; a malformed file is a packaging mistake, so fail loudly."""
    raw = yaml.safe_load(resources.files("factionmap.extract").joinpath(LEXICON_FILE).read_text("utf-8"))
    if not isinstance(raw, dict):
        raise VocabError(f"{LEXICON_FILE}: expected a mapping at the top level")
    values: dict[str, Any] = {name: _word_list(raw, *where) for name, where in _FIELDS.items()}
    values["hedge_phrases"] = tuple(sorted(values["hedge_phrases"], key=len, reverse=True))
    forms = _section(raw, "attribution").get("speech_verbs")
    if not isinstance(forms, dict) or not forms:
        raise VocabError(f"{LEXICON_FILE}: attribution.speech_verbs must map lemmas to surface forms")
    values["speech_forms"] = frozenset(w for lemma in forms for w in _word_list(forms, lemma))
    minimum = _section(raw, "attribution").get("min_quote_words")
    if not isinstance(minimum, int) or minimum < 1:
        raise VocabError(f"{LEXICON_FILE}: attribution.min_quote_words must be a positive integer")
    values["min_quote_words"] = minimum
    return QualifierLexicon(**values)


def _section(raw: dict[str, Any], name: str) -> dict[str, Any]:
    section = raw.get(name)
    if not isinstance(section, dict):
        raise VocabError(f"{LEXICON_FILE}: missing section {name!r}")
    return section


def _word_list(raw: dict[str, Any], section: str, key: str | None = None) -> frozenset[str]:
    value = raw.get(section) if key is None else _section(raw, section).get(key)
    where = section if key is None else f"{section}.{key}"
    if not isinstance(value, list) or not value:
        raise VocabError(f"{LEXICON_FILE}: {where} must be a non-empty list")
    bad = [w for w in value if not isinstance(w, str) or not w.strip() or w != w.lower()]
    if bad:
        raise VocabError(f"{LEXICON_FILE}: {where} has entries that are not lower-case words: {bad!r}")
    return frozenset(value)


# --- scope ----------------------------------------------------------------------------------------


def clause_chain(cue: Token) -> list[Token]:
    """The cue and the words it hangs from without leaving its clause (see the module docstring)."""
    lex = qualifier_lexicon()
    chain = [cue]
    token = cue
    while token.head.i != token.i:
        if not _stays_in_clause(token, lex):
            break
        head = token.head
        chain.append(head)
        token = head
    return chain


def _stays_in_clause(token: Token, lex: QualifierLexicon) -> bool:
    dep = token.dep_
    if dep in {"nsubj", "nsubjpass"}:  # "no cooperation exists between X and Y"
        return token.head.lemma_.lower() in lex.light_verbs
    if dep == "conj":
        return _shares_clause(token, token.head)
    return dep in CHAIN_DEPS


def _shares_clause(conjunct: Token, first: Token) -> bool:
    """A conjoined verb shares its first conjunct's negation unless it has its own subject or a "but"."""
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in conjunct.children)
    contrast = any(c.dep_ == "cc" and c.lower_ in {"but", "yet"} for c in first.children)
    return not has_subject and not contrast


def governors(cue: Token, chain: list[Token] | None = None) -> list[tuple[Token, bool]]:
    """Ancestors beyond the clause chain, each with whether the cue is still in its modal scope."""
    chain = chain or clause_chain(cue)
    out: list[tuple[Token, bool]] = []
    modal_scope = True
    token = chain[-1]
    while token.head.i != token.i and token.dep_ not in SCOPE_BARRIERS:
        modal_scope = modal_scope and token.dep_ in MODAL_TRANSPARENT | CHAIN_DEPS
        token = token.head
        out.append((token, modal_scope))
    return out


# --- negation -------------------------------------------------------------------------------------


def is_negated(cue: Token, head: Token | None = None, tail: Token | None = None) -> bool:
    """True where the text asserts the relation does not hold ("did not attack", "denied supporting")."""
    lex = qualifier_lexicon()
    chain = _below_speech_verb(clause_chain(cue), lex)
    if any(_negates(t, t.i == cue.i, lex) for t in chain):
        return True
    if any(_negated_argument(arg, lex) for arg in (head, tail) if arg is not None):
        return True
    return _negated_by_governor(chain[-1], lex)


def _below_speech_verb(chain: list[Token], lex: QualifierLexicon) -> list[Token]:
    """Cut the chain below a speech verb: "did not comment on its alliance with X" does not deny it
    (while "denied its alliance" does: deny is a negative verb, checked on its own)."""
    for k, token in enumerate(chain[1:], start=1):
        lemma = token.lemma_.lower()
        if lemma in lex.speech_lemmas and lemma not in lex.neg_verbs:
            return chain[:k]
    return chain


def _negates(token: Token, is_cue: bool, lex: QualifierLexicon) -> bool:
    if not is_cue and _is_negative_word(token, lex):
        return True
    for child in token.children:
        low = child.lower_
        is_neg = child.dep_ == "neg" or (low in lex.neg_particles and child.dep_ in {"advmod", "preconj"})
        if is_neg and not _cancelled(child, lex):
            return True
        is_det = child.dep_ in {"det", "preconj"} and low in lex.neg_determiners
        if is_det and token.lemma_.lower() not in lex.neg_idiom_nouns:
            return True
        if low == "yet" and child.i + 1 < len(child.doc) and child.doc[child.i + 1].lower_ == "to":
            return True  # "have yet to condemn"
        if low == "longer" and any(g.lower_ == "no" for g in child.children):
            return True  # "no longer supports"
    return False


def _is_negative_word(token: Token, lex: QualifierLexicon) -> bool:
    """A governing word that asserts its complement is false: deny, refuse, lack of, without."""
    lemma = token.lemma_.lower()
    if lemma in lex.neg_verbs and token.pos_ in {"VERB", "AUX"}:
        return True
    particles = {c.lower_ for c in token.children if c.dep_ == "prt"}
    if any(f"{lemma} {p}" in lex.neg_verbs for p in particles):
        return True
    if lemma in lex.neg_nouns and token.pos_ == "NOUN":
        return True
    return token.lower_ in lex.neg_prepositions and token.dep_ in {"prep", "advmod"}


def _cancelled(neg: Token, lex: QualifierLexicon) -> bool:
    nxt = neg.i + 1
    return nxt < len(neg.doc) and neg.doc[nxt].lower_ in lex.neg_cancelled_by_next


def _negated_argument(arg: Token, lex: QualifierLexicon) -> bool:
    """ "Neither X nor Y attacked Z", "X supports no faction"."""
    return any(c.dep_ in {"det", "preconj"} and c.lower_ in lex.neg_determiners for c in arg.children)


def _negated_by_governor(top: Token, lex: QualifierLexicon) -> bool:
    """A clausal complement of "deny"/"reject", or of a negated "think"/"believe" (neg-raising)."""
    if top.dep_ not in {"ccomp", "xcomp", "acl"} or top.head.i == top.i:
        return False
    gov = top.head
    if _is_negative_word(gov, lex):
        return True
    negated = any(c.dep_ == "neg" and not _cancelled(c, lex) for c in gov.children)
    return negated and gov.lemma_.lower() in lex.neg_raising_verbs


# --- hedging --------------------------------------------------------------------------------------


def is_hedged(cue: Token) -> bool:
    """True where the text marks the claim uncertain (see ``hedge_cues`` for what counts)."""
    return bool(hedge_cues(cue))


def hedge_cues(cue: Token) -> list[str]:
    """The hedging cues that scope over ``cue``, in the order found, for explanations."""
    lex = qualifier_lexicon()
    chain = clause_chain(cue)
    found: list[str] = []
    for token in chain:
        found += _modality(token, lex)
        if token.i != cue.i:
            found += _lexical_hedge(token, lex)
    govs = governors(cue, chain)
    for token, modal_scope in govs:
        found += _lexical_hedge(token, lex)
        if modal_scope:
            found += _modality(token, lex)
    found += _phrase_hedges(cue, {t.i for t in chain} | {t.i for t, _ in govs}, lex)
    if _is_question(cue):
        found.append("?")
    return list(dict.fromkeys(found))


def _modality(token: Token, lex: QualifierLexicon) -> list[str]:
    out = []
    for child in token.children:
        words = _MODALITY_DEPS.get(child.dep_)
        if words is not None and child.lower_ in getattr(lex, words):
            out.append(child.lower_)
    return out


# Which lexicon field a dependent must be in to mark modality on its head.
_MODALITY_DEPS = {
    "aux": "hedge_modals",
    "auxpass": "hedge_modals",
    "advmod": "hedge_adverbs",
    "npadvmod": "hedge_adverbs",
    "mark": "hedge_markers",
}


def _lexical_hedge(token: Token, lex: QualifierLexicon) -> list[str]:
    lemma, pos = token.lemma_.lower(), token.pos_
    if pos in {"VERB", "AUX"} and lemma in lex.hedge_verbs:
        return [token.lower_]
    if pos == "VERB" and lemma in lex.hedge_passive_verbs and _is_passive(token):
        return [token.lower_]
    if pos == "ADJ" and token.lower_ in lex.hedge_adjectives:
        return [token.lower_]
    if pos == "NOUN" and lemma in lex.hedge_nouns:
        return [token.lower_]
    return []


def _is_passive(token: Token) -> bool:
    return any(c.dep_ in {"auxpass", "nsubjpass"} for c in token.children) or (
        token.tag_ == "VBN" and token.dep_ in {"acl", "amod"}
    )


def _phrase_hedges(cue: Token, scope: set[int], lex: QualifierLexicon) -> list[str]:
    """Sentence-level phrases ("there are reports that") whose words govern the cue."""
    sent = cue.sent
    text = sent.text.lower()
    out = []
    for m in _hedge_phrase_pattern(lex.hedge_phrases).finditer(text, 0, max(0, cue.idx - sent.start_char)):
        span = sent.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is not None and any(t.i in scope for t in span) and m.group() not in out:
            out.append(m.group())
    return out


@functools.cache
def _hedge_phrase_pattern(phrases: frozenset[str] | tuple[str, ...]) -> re.Pattern[str]:
    """All hedge phrases as one pattern, longest first (one pass per sentence instead of one per phrase)."""
    ordered = sorted(phrases, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b")


def _is_question(cue: Token) -> bool:
    return cue.sent.text.rstrip(_CLOSING).endswith("?")
