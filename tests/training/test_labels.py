"""Gold relations laid onto candidates: evidence sentence, direction, and pairs left out of training."""

from __future__ import annotations

import pytest

from factionmap.extract.pipeline import Extractor, load_nlp
from factionmap.model import Article
from factionmap.training.labels import GoldNames, candidate_labels, norm


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(nlp=load_nlp(), relation_model=None, cue_gate=False)


TEXT = (
    "Boko Haram attacked the Nigerian army near Maiduguri on Monday. The Nigerian army later fought Boko Haram again."
)
GOLD = {
    "entities": [
        {"name": "Boko Haram", "type": "ARMED_GROUP", "aliases": ["JAS"]},
        {"name": "Nigeria", "type": "STATE", "aliases": ["Nigerian army"]},
    ],
    "relations": [
        {
            "head": "Boko Haram",
            "type": "ATTACKS",
            "tail": "Nigeria",
            "negated": False,
            "evidence": "Boko Haram attacked the Nigerian army near Maiduguri on Monday.",
        }
    ],
}


def test_names_map_like_the_scorer():
    names = GoldNames(GOLD)
    assert norm("The Nigerian-Army") == "nigerian army"
    assert names.of("Nigerian army", []) == "nigeria"
    assert names.of("unknown words", ["JAS"]) == "boko haram"
    assert names.of("nobody", ["nothing"]) is None


def test_the_evidence_sentence_labels_its_pair_and_a_repeat_elsewhere_is_left_out(extractor):
    state = extractor.analyse(Article("t", TEXT))
    rows = candidate_labels(state, GOLD, extractor.vocab)
    by_sentence = {}
    for sp, row in zip(state.pairs, rows, strict=True):
        for cand, labels in zip(sp.candidates, row, strict=True):
            a = sp.graph.spans[cand.first].actor_id
            b = sp.graph.spans[cand.second].actor_id
            by_sentence.setdefault(sp.ctx.sentence.index, {})[(a, b)] = labels
    first = by_sentence[0]
    assert first[("boko_haram", "nigeria")] == {"ATTACKS>"}  # Boko Haram is the earlier mention and the head
    assert all(v == set() for k, v in first.items() if "nigeria" not in k or "boko_haram" not in k)
    # sentence 2 says the two fight again: not the gold evidence, so neither positive nor negative
    assert by_sentence[1][("nigeria", "boko_haram")] is None
