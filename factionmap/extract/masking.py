"""Entity masking before the parse, and the offset map back to the article.

The small English parser mis-parses long transliterated names ("Al-Shabaab captured Baidoa" comes out
as a noun phrase). Replacing each known mention with one plain proper noun of its kind before parsing
("Hamas captured Paris") gives the parser the sentence shape it was trained on; the mention is then that
one token. The map below turns every character offset of the masked text back into the article's.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from factionmap.model import Mention, MentionMethod, Sentence

# One ordinary, unambiguous proper noun per kind: single tokens the parser and tagger know well.
PLACEHOLDER = {
    "ARMED_GROUP": "Hamas",
    "ORGANIZATION": "Oxfam",
    "STATE": "France",
    "PERSON": "Johnson",
    "LOCATION": "Paris",
}
MASKED_METHODS = frozenset(
    {MentionMethod.GAZETTEER, MentionMethod.FACTION, MentionMethod.ACRONYM, MentionMethod.DEMONYM}
)


@dataclass(frozen=True, slots=True)
class Segment:
    masked_start: int
    orig_start: int  # absolute offset in the article
    masked_len: int
    orig_len: int
    mention: int  # index into the sentence's masked mentions, -1 for plain text


@dataclass(frozen=True, slots=True)
class MaskedSentence:
    sentence: Sentence
    text: str
    segments: tuple[Segment, ...]
    masked: tuple[Mention, ...]

    masked_starts: tuple[int, ...] = ()  # segment starts, precomputed: orig() runs per token
    orig_starts: tuple[int, ...] = ()

    def orig(self, pos: int) -> int:
        """Article offset of a masked-text offset (inside a placeholder: the mention's start/end)."""
        k = max(0, bisect.bisect_right(self.masked_starts, pos) - 1)
        seg = self.segments[k]
        delta = pos - seg.masked_start
        if seg.mention >= 0:
            return seg.orig_start + (seg.orig_len if delta >= seg.masked_len else 0)
        return seg.orig_start + delta

    def to_masked(self, pos: int) -> int:
        k = max(0, bisect.bisect_right(self.orig_starts, pos) - 1)
        seg = self.segments[k]
        delta = pos - seg.orig_start
        if seg.mention >= 0:
            return seg.masked_start + (seg.masked_len if delta >= seg.orig_len else 0)
        return seg.masked_start + delta


def mask_sentence(sentence: Sentence, mentions: Sequence[Mention]) -> MaskedSentence:
    """Replace each knowledge-base/acronym/demonym mention of the sentence with its kind's placeholder."""
    parts: list[str] = []
    segments: list[Segment] = []
    masked: list[Mention] = []
    pos, mpos = sentence.start, 0
    for m in sorted(mentions, key=lambda x: x.start):
        if m.method not in MASKED_METHODS or m.start < pos or m.end > sentence.end:
            continue
        if m.start > pos:
            chunk = sentence.text[pos - sentence.start : m.start - sentence.start]
            segments.append(Segment(mpos, pos, len(chunk), len(chunk), -1))
            parts.append(chunk)
            mpos += len(chunk)
        word = PLACEHOLDER.get(m.actor_type, "Hamas")
        segments.append(Segment(mpos, m.start, len(word), m.end - m.start, len(masked)))
        masked.append(m)
        parts.append(word)
        mpos += len(word)
        pos = m.end
    tail = sentence.text[pos - sentence.start :]
    segments.append(Segment(mpos, pos, len(tail), len(tail), -1))
    parts.append(tail)
    return MaskedSentence(
        sentence,
        "".join(parts),
        tuple(segments),
        tuple(masked),
        tuple(x.masked_start for x in segments),
        tuple(x.orig_start for x in segments),
    )


# spaCy entity labels for the placeholders, so a masked parse carries the kinds the masking hid.
ENTITY_LABEL = {"ARMED_GROUP": "ORG", "ORGANIZATION": "ORG", "STATE": "GPE", "PERSON": "PERSON", "LOCATION": "LOC"}


def label_placeholders(doc, masked: MaskedSentence) -> None:
    """Mark each placeholder of a parsed masked sentence as an entity of its mention's kind.

    Readers of the parse that ask "is this token a person?" (attribution's speaker tests) then get the
    answer the knowledge base gave, with or without the statistical NER; NER entities elsewhere are kept.
    """
    from spacy.tokens import Span
    from spacy.util import filter_spans

    spans = []
    for seg in masked.segments:
        if seg.mention < 0:
            continue
        span = doc.char_span(seg.masked_start, seg.masked_start + seg.masked_len)
        if span is not None:
            label = ENTITY_LABEL.get(masked.masked[seg.mention].actor_type, "ORG")
            spans.append(Span(doc, span.start, span.end, label=label))
    if spans:
        kept = filter_spans(
            spans + [e for e in doc.ents if not any(s.start < e.end and e.start < s.end for s in spans)]
        )
        doc.set_ents(kept, default="outside")
