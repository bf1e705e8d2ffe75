"""Gazetteer on invented sentences: spans, case rules, variants, longest match, non-Latin script."""

import pytest

from factionmap.kb.actors import KnowledgeBase
from factionmap.kb.gazetteer import Gazetteer


@pytest.fixture(scope="module")
def gaz():
    return Gazetteer(KnowledgeBase.load())


def hits(gaz, text, kinds=("name",)):
    return [(m.text, m.candidates) for m in gaz.find(text, kinds=kinds)]


def test_spans_are_exact_original_offsets(gaz):
    text = "On Monday, al‑Qaeda’s commanders met the Taliban's envoy."
    for m in gaz.find(text):
        assert text[m.start : m.end] == m.text
    assert hits(gaz, text) == [("al‑Qaeda", ("al_qaeda",)), ("Taliban", ("taliban",))]


@pytest.mark.parametrize("variant", ["al-Qaeda", "al-Qaida", "Al Qaeda", "Al-Qaida", "al Qaeda", "al-Qa'ida"])
def test_transliteration_variants_all_match(gaz, variant):
    assert hits(gaz, f"Fighters of {variant} withdrew.") == [(variant, ("al_qaeda",))]


def test_acronyms_match_only_in_capitals(gaz):
    assert hits(gaz, "This is a tip: it is what it is.") == []
    assert hits(gaz, "Tip the waiter.") == []
    assert hits(gaz, "IS and TIP fighters clashed with the ANA.") == [
        ("IS", ("islamic_state",)),
        ("TIP", ("tip_etim",)),
        ("ANA", ("afghan_republic",)),
    ]


def test_acronym_with_hyphen_and_dots(gaz):
    assert hits(gaz, "ISIS-K and IS-K are one group; the U.S. disagrees.") == [
        ("ISIS-K", ("iskp",)),
        ("IS-K", ("iskp",)),
        ("U.S", ("united_states",)),
    ]


def test_ordinary_words_never_match_in_lower_case(gaz):
    assert hits(gaz, "the youth of the base joined the islamic army of volunteers") == []


def test_denylisted_aliases_never_match(gaz):
    assert hits(gaz, "The Base and THE YOUTH are generic words.") == []


def test_longest_match_wins(gaz):
    assert hits(gaz, "Islamic State Khorasan Province claimed it.") == [("Islamic State Khorasan Province", ("iskp",))]
    assert hits(gaz, "Hayat Tahrir al-Sham took Idlib.") == [
        ("Hayat Tahrir al-Sham", ("hts",)),
        ("Idlib", ("idlib",)),
    ]


def test_state_forms_match_as_the_state_but_bare_demonyms_do_not(gaz):
    text = "The Turkish government and the Nigerian army met; an Afghan soldier and a Syrian refugee watched."
    assert hits(gaz, text) == [("Turkish government", ("turkey",)), ("Nigerian army", ("nigeria",))]
    demonyms = [(m.text, m.candidates, m.kind) for m in gaz.find(text, kinds=("name", "demonym"))]
    assert ("Afghan", ("afghanistan",), "demonym") in demonyms
    assert ("Syrian", ("syria",), "demonym") in demonyms


def test_afghan_government_is_the_republic_not_the_country(gaz):
    assert hits(gaz, "The Afghan government collapsed as Afghan security forces fled.") == [
        ("Afghan government", ("afghan_republic",)),
        ("Afghan security forces", ("afghan_republic",)),
    ]


def test_capitals_are_metonym_candidates_only_when_asked(gaz):
    assert hits(gaz, "Talks were held in Ankara.") == []
    found = gaz.find("Talks were held in Ankara.", kinds=("name", "capital"))
    assert [(m.text, m.candidates, m.kind) for m in found] == [("Ankara", ("turkey",), "capital")]


def test_non_latin_script_alias_from_the_data(gaz):
    assert hits(gaz, "بيان من طالبان") == [("طالبان", ("taliban",))]
    assert hits(gaz, "Он говорил о Группа Вагнера.") == [("Группа Вагнера", ("wagner_group",))]


def test_ambiguous_alias_reports_every_candidate(gaz):
    (m,) = gaz.find("Ansar al-Sharia issued a statement.")
    assert m.ambiguous
    assert {"aqap", "ansar_al_charia_benghazi", "ansar_al_shariah_tunisia"} <= set(m.candidates)


def test_people_match_by_surname_forms(gaz):
    assert hits(gaz, "Jolani and Zawahiri spoke.") == [
        ("Jolani", ("ahmed_al_sharaa",)),
        ("Zawahiri", ("ayman_al_zawahiri",)),
    ]


def test_find_on_a_long_article_is_correct(gaz):
    sentence = "The Houthis fired at ships while al-Shabaab’s fighters and JNIM attacked Malian troops. "
    found = gaz.find(sentence * 60)
    assert len(found) == 4 * 60
    assert {m.candidates for m in found} == {("houthis",), ("al_shabaab",), ("jnim",), ("mali",)}
