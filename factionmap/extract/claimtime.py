"""A claim's time: which of the time expressions in its sentence dates the relation its cue word states.

timex.py finds and normalises an article's time expressions once, by calendar rules. Choosing among them
for each claim is a separate question, answered from the sentence's clause structure (clause breaks,
relative clauses, brackets and dashed asides) rather than from dates; relations.py asks it once per claim.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from factionmap.extract.timex import RECENT, TimeMention

_CLAUSE_BREAK = re.compile(r"[;:]|,\s+(?:but|while|whereas|although|though)\b")
_ASIDE = re.compile(r",\s+(?:which|who|whom|whose)\b[^,;]*|\([^)]*\)|\s[–—]\s[^–—]*?(?:\s[–—]\s|$)")
ASIDE_EXTRA_WORDS = 2  # "– in 2019 –", "(since March 2016)": an aside that only dates its sentence


def claim_time(
    times: Sequence[TimeMention], sent_start: int, sent_end: int, cue_char: int, text: str | None = None
) -> str | None:
    """The time of a claim: the time expression in its sentence nearest the cue.

    With ``text`` (the article), a time in the cue's own clause is preferred to a nearer one across a
    clause break (";", ", but") or inside an aside the cue is not in (", which …,", brackets, dashes).
    "Recent(ly)" (the anchor's year) only counts where nothing more precise is in the sentence, and
    decades are ignored: they do not fix when a relation held.
    """
    candidates = [t for t in times if sent_start <= t.start and t.end <= sent_end and len(t.value) >= 4]
    cue_aside = _aside(text, sent_start, sent_end, cue_char) if text else None
    if text:  # a time inside an aside the cue is not in dates the aside's own clause, not the cue's
        candidates = [
            t
            for t in candidates
            if _aside(text, sent_start, sent_end, t.start) == cue_aside or _only_a_time(text, sent_start, sent_end, t)
        ]
    if not candidates:
        return None

    def rank(t: TimeMention) -> tuple[bool, bool, int]:
        near = t.start if t.start >= cue_char else t.end
        crosses = False
        if text:
            crosses = (
                _CLAUSE_BREAK.search(text, min(near, cue_char), max(near, cue_char)) is not None
                or _aside(text, sent_start, sent_end, t.start) != cue_aside
            )
        return crosses, RECENT.fullmatch(t.text) is not None, abs(cue_char - near)

    return min(candidates, key=rank).value


def _only_a_time(text: str, start: int, end: int, t: TimeMention) -> bool:
    """Whether the aside holding ``t`` is nothing but the time expression (and a preposition or two)."""
    m = next((m for m in _ASIDE.finditer(text, start, end) if m.start() <= t.start < m.end()), None)
    if m is None:
        return False
    rest = text[m.start() : t.start] + text[t.end : m.end()]
    return len(re.findall(r"[A-Za-z]+", rest)) <= ASIDE_EXTRA_WORDS


def _aside(text: str, start: int, end: int, pos: int) -> int | None:
    """Where the relative clause, bracket or dashed aside holding ``pos`` starts; None outside one."""
    for m in _ASIDE.finditer(text, start, end):
        if m.start() <= pos < m.end():
            return m.start()
    return None
