"""Find known actor names in text: one Aho-Corasick pass over the normalised article.

Aliases and text are folded by the same ``normalize`` so spelling variants ("al-Qaida", "Al Qaeda",
"al‑Qaeda’s") meet in one key; the offsets that normalisation keeps turn every hit back into an exact
span of the original text. Keys are stored padded with spaces (" al qaeda ") so that every hit is
already at word boundaries. Case rules then run on the *original* span:

1. a short acronym (≤ ACRONYM_MAX_LETTERS letters, all of whose spellings are capitalised, e.g. IS,
   TIP, ANA, U.S.) matches only written in capitals, or exactly as the KB spells it ("FAMa");
2. any other Latin-script alias needs at least one capital letter in the text, so ordinary words and
   phrases in running prose ("is", "tip", "the base of", "the youth") never match; news capitalises
   names. Aliases the KB itself writes in lower case only are exempt;
3. denylisted aliases (curated.yaml ``denylist``) are never added.

Among overlapping hits the longest wins ("Turkish government" over "Turkish", "Islamic State
Khorasan Province" over "Islamic State"). Bare demonyms ("an Afghan soldier") and capitals
("Damascus") are not actors: they are reported only when asked for, with ``kind`` saying which.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import ahocorasick

from factionmap.kb.actors import KnowledgeBase
from factionmap.kb.normalize import alias_key, is_latin, normalize_with_offsets

ACRONYM_MAX_LETTERS = 5  # IS, AQ, TIP, ISKP, ISWAP, IS-K; "ISIS-K" has 5 letters too
MIN_KEY_LENGTH = 2
NAME, DEMONYM, CAPITAL = "name", "demonym", "capital"
ANY_CASE, NEEDS_CAPITAL, ACRONYM = 0, 1, 2


@dataclass(frozen=True, slots=True)
class GazetteerMatch:
    """A hit: ``text[start:end]`` of the original text, the alias key it matched and the actor ids
    it may refer to (several when the alias is ambiguous, see resolve.py)."""

    start: int
    end: int
    text: str
    candidates: tuple[str, ...]
    alias: str
    kind: str = NAME

    @property
    def ambiguous(self) -> bool:
        return len(self.candidates) > 1


@dataclass(frozen=True, slots=True)
class _Entry:
    key: str
    kind: str
    candidates: tuple[str, ...]
    case_rule: int
    spellings: frozenset[str]  # letters of acronym spellings, compared case-sensitively


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def _is_acronym_form(form: str) -> bool:
    letters = _letters(form)
    return 1 < len(letters) <= ACRONYM_MAX_LETTERS and sum(ch.isupper() for ch in letters) >= 2


def _case_rule(forms: frozenset[str]) -> int:
    if not forms or not all(is_latin(f) for f in forms):
        return ANY_CASE
    if all(_is_acronym_form(f) for f in forms):
        return ACRONYM
    if all(f == f.lower() for f in forms):
        return ANY_CASE
    return NEEDS_CAPITAL


def _case_ok(entry: _Entry, span: str) -> bool:
    if entry.case_rule == ANY_CASE:
        return True
    letters = _letters(span)
    if entry.case_rule == ACRONYM:
        return letters.isupper() or letters in entry.spellings
    return letters != letters.lower()


class Gazetteer:
    """Built once per KnowledgeBase (well under a second); ``find`` is then a single pass."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self._automaton = ahocorasick.Automaton()
        entries: dict[str, _Entry] = {}
        for key, ids in kb.aliases.items():
            if key not in kb.denylist:
                entries[key] = self._entry(key, NAME, ids, kb.alias_forms(key))
        for table, kind in ((kb.demonyms, DEMONYM), (kb.capitals, CAPITAL)):
            for key, state_id in table.items():
                if key not in entries:
                    forms = frozenset(f for f in self._state_words(state_id, kind) if _matches_key(f, key))
                    entries[key] = self._entry(key, kind, (state_id,), forms or frozenset({key.title()}))
        for key, entry in entries.items():
            if len(key) >= MIN_KEY_LENGTH:
                self._automaton.add_word(f" {key} ", entry)
        self._automaton.make_automaton()

    @staticmethod
    def _entry(key: str, kind: str, ids: tuple[str, ...], forms: frozenset[str]) -> _Entry:
        rule = _case_rule(forms)
        spellings = frozenset(_letters(f) for f in forms) if rule == ACRONYM else frozenset()
        return _Entry(key, kind, tuple(ids), rule, spellings)

    def _state_words(self, state_id: str, kind: str) -> tuple[str, ...]:
        details = self.kb.details(state_id)
        if kind == DEMONYM:
            return details.demonyms
        return (details.capital,) if details.capital else ()

    def find(self, text: str, kinds: tuple[str, ...] = (NAME,)) -> list[GazetteerMatch]:
        """Longest non-overlapping matches in ``text``, in text order, with original offsets.
        ``kinds`` may add ``"demonym"`` and ``"capital"`` hits for the caller to interpret."""
        norm, offsets = normalize_with_offsets(text)
        hits: list[GazetteerMatch] = []
        for last, entry in self._automaton.iter(f" {norm} "):
            if entry.kind not in kinds:
                continue
            start = last - len(entry.key) - 1  # `last` indexes the trailing pad of " key " in " norm "
            o_start, o_end = offsets[start], offsets[start + len(entry.key) - 1] + 1
            span = text[o_start:o_end]
            if _case_ok(entry, span):
                hits.append(GazetteerMatch(o_start, o_end, span, entry.candidates, entry.key, entry.kind))
        return _longest_non_overlapping(hits)


def _matches_key(form: str, key: str) -> bool:
    return alias_key(form) == key


def _longest_non_overlapping(hits: list[GazetteerMatch]) -> list[GazetteerMatch]:
    """Longest first, then leftmost; a hit overlapping one already chosen is dropped. The chosen spans are
    disjoint and kept sorted, so one look at the neighbour left of the hit's end decides (a page of
    acronyms has tens of thousands of hits: comparing each with every chosen one cost minutes)."""
    chosen: list[GazetteerMatch] = []
    starts: list[int] = []
    for hit in sorted(hits, key=lambda h: (h.start - h.end, h.start)):
        at = bisect.bisect_left(starts, hit.end)  # chosen[:at] start before the hit ends
        if at and chosen[at - 1].end > hit.start:
            continue
        starts.insert(at, hit.start)
        chosen.insert(at, hit)
    return chosen
