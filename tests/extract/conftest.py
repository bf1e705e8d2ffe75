"""Shared by test_grammar.py and test_frames.py: the cue frames' candidate triples for an invented sentence.

Mentions are placed by hand (name -> kind), so the tests check the syntax-to-role logic alone, independent
of the knowledge base.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from factionmap.extract.frames import find_candidates
from factionmap.extract.grammar import MentionSpan, SentenceGraph
from factionmap.extract.masking import mask_sentence
from factionmap.model import Mention, Sentence
from factionmap.vocab import load_vocab

Triples = Callable[[str, dict[str, str]], set[tuple[str, str, str]]]


@pytest.fixture(scope="module")
def triples() -> Triples:
    """Mask the named actors as the pipeline does, parse, and list the candidate triples. A lower-case
    "name" ("its", "they") stands for a resolved pronoun: a mention that is not masked."""
    from factionmap.extract.pipeline import load_nlp

    nlp = load_nlp()

    def run(sentence: str, actors: dict[str, str]) -> set[tuple[str, str, str]]:
        found = [
            Mention(m.start(), m.end(), name, name, kind, "coref" if name.islower() else "gazetteer")
            for name, kind in actors.items()
            for m in re.finditer(rf"\b{re.escape(name)}\b", sentence)
        ]
        masked = mask_sentence(Sentence(0, 0, len(sentence), sentence), found)
        doc = nlp(masked.text)
        spans = []
        for m in sorted(found, key=lambda x: x.start):
            span = doc.char_span(masked.to_masked(m.start), masked.to_masked(m.end), alignment_mode="expand")
            spans.append(MentionSpan(len(spans), span.start, span.end, span.root.i, m.actor_id, m.actor_type))
        graph = SentenceGraph(doc, spans)
        return {
            (graph.spans[c.head].actor_id, c.type, graph.spans[c.tail].actor_id)
            for c in find_candidates(graph, load_vocab())
        }

    return run
