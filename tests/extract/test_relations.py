"""Claims that come from a titled name ("Somali President X") rather than a cue word's frame."""

from __future__ import annotations

import pytest

from factionmap.extract.pipeline import Extractor, load_nlp
from factionmap.extract.relations import _title_type
from factionmap.model import Article
from factionmap.output import extraction_to_json
from factionmap.vocab import load_vocab


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(nlp=load_nlp(), relation_model=None)  # the frames alone: the rules these tests pin


def triples(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    out = extraction_to_json(extractor.extract(Article("t", text, published="2024-05-01")))
    return {(r["head"], r["type"], r["tail"]) for r in out["relations"]}


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Nigerian President", "LEADS"),
        ("Somali prime minister", "LEADS"),
        ("Kenyan Foreign Minister", "MEMBER_OF"),
        ("Malian vice president", "MEMBER_OF"),
        ("US envoy", "MEMBER_OF"),
        ("Yemeni government", None),
        ("President", "LEADS"),
    ],
)
def test_title_type_reads_the_office_word(surface, expected):
    assert _title_type(surface, load_vocab()) == expected


def test_state_title_before_a_name_is_leadership(extractor):
    assert ("Bola Tinubu", "LEADS", "Nigeria") in triples(
        extractor, "Nigerian President Bola Tinubu visited Maiduguri after the ISWAP raid."
    )


def test_minister_title_before_a_name_is_membership(extractor):
    found = triples(extractor, "Kenyan Foreign Minister Musalia Mudavadi condemned al-Shabaab.")
    assert ("Musalia Mudavadi", "MEMBER_OF", "Kenya") in found
    assert ("Musalia Mudavadi", "LEADS", "Kenya") not in found
