"""Where the statistical NER runs: only around the proper nouns the masking left.

NER is there for names the knowledge base lacks (mentions.ner_mentions turns its entities into provisional
actors). In en_core_web_sm it has its own token-to-vector network, and it costs about as much as the
tagger and parser together, so running it over every parsed sentence would double the parse's cost. After
masking, a known name is one placeholder word, so a name NER could still add must contain a proper noun the
tagger saw outside the placeholders. The NER then runs on a window around each such proper noun: its
convolutional encoder sees four tokens either side (four window-1 layers), so a window of
``WINDOW_TOKENS`` either side gives the entities a full-sentence run gives, for a fraction of the tokens.
"""

from __future__ import annotations

from collections.abc import Sequence

from factionmap.extract.masking import MaskedSentence
from factionmap.isodates import CALENDAR_WORDS

WINDOW_TOKENS = 6  # either side of an unknown proper noun: the encoder's receptive field (4) plus 2
BATCH = 64


def unknown_proper_nouns(doc, masked: MaskedSentence) -> list[int]:
    """Token indices of proper nouns outside the placeholders (calendar words aside)."""
    inside = [(s.masked_start, s.masked_start + s.masked_len) for s in masked.segments if s.mention >= 0]
    return [
        t.i
        for t in doc
        if t.pos_ == "PROPN" and t.lower_ not in CALENDAR_WORDS and not any(a <= t.idx < b for a, b in inside)
    ]


def windows(positions: Sequence[int], length: int, width: int = WINDOW_TOKENS) -> list[tuple[int, int]]:
    """Token ranges of ``width`` either side of each position, overlapping ones merged, in order."""
    out: list[tuple[int, int]] = []
    for i in sorted(positions):
        start, end = max(0, i - width), min(length, i + width + 1)
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def recognise(nlp, docs: Sequence, masked: Sequence[MaskedSentence]) -> None:
    """Set ``doc.ents`` on each parsed masked sentence from NER over its unknown-name windows."""
    if "ner" not in nlp.pipe_names:
        return
    jobs = []  # (doc, token offset of the window, window as its own doc)
    for doc, ms in zip(docs, masked, strict=True):
        for start, end in windows(unknown_proper_nouns(doc, ms), len(doc)):
            jobs.append((doc, start, doc[start:end].as_doc()))
    found: dict[int, list[tuple[int, int, str]]] = {}
    for (doc, offset, _), sub in zip(
        jobs, nlp.get_pipe("ner").pipe([j[2] for j in jobs], batch_size=BATCH), strict=True
    ):
        found.setdefault(id(doc), []).extend((offset + e.start, offset + e.end, e.label_) for e in sub.ents)
    from spacy.tokens import Span

    for doc in docs:
        if id(doc) in found:  # windows never overlap, so neither do their entities
            doc.set_ents([Span(doc, s, e, label=label) for s, e, label in found[id(doc)]], default="outside")
