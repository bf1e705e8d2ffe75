"""Mentions on invented sentences: which span names which actor, before any relation is decided.

Through ``Extractor.analyse`` with the bundled knowledge base and spaCy, because gazetteer matches,
NER spans and the article's other names decide together what a span stands for.
"""

from __future__ import annotations

import pytest

from factionmap.extract.pipeline import Extractor, load_nlp
from factionmap.model import Article


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(nlp=load_nlp(), relation_model=None, cue_gate=False)


def actors_of(extractor: Extractor, text: str) -> dict[str, tuple[str, str, str]]:
    """Each mention's surface → (actor name, actor type, method)."""
    state = extractor.analyse(Article("t", text, published="2025-03-01"))
    actors = state.registry.actors
    return {m.text: (actors[m.actor_id].name, m.actor_type, m.method) for m in state.mentions}


def test_an_alias_inside_a_longer_name_is_someone_else(extractor):
    found = actors_of(extractor, "The charter was signed by RSF commander Abdul Rahim Dagalo in Nairobi on Saturday.")
    assert "Dagalo" not in found
    assert found.get("Abdul Rahim Dagalo", ("?",))[0] == "Abdul Rahim Dagalo"


def test_a_national_council_is_not_the_un_security_council(extractor):
    found = actors_of(extractor, "Talks between the National Security Council and the rebels resumed in Kuala Lumpur.")
    assert all(name != "United Nations Security Council" for name, _, _ in found.values())


def test_the_alias_keeps_its_actor_after_a_title_or_a_demonym(extractor):
    found = actors_of(extractor, "General Dagalo met the envoy. Sudanese Dagalo loyalists marched in Nyala.")
    assert found["Dagalo"][0] == "Mohamed Hamdan Dagalo"


def test_a_dash_and_capitalised_words_after_a_group_name_make_a_faction(extractor):
    text = (
        "Other signatories included Sudan Liberation Movement–Transitional Council leader Hadi Idris "
        "and the BRN-Congress delegation."
    )
    found = actors_of(extractor, text)
    assert found["Sudan Liberation Movement–Transitional Council"][:3] == (
        "Sudan Liberation Movement–Transitional Council",
        "ARMED_GROUP",
        "faction",
    )
    assert "Transitional Council" not in found


def test_a_dash_before_another_known_name_or_a_participle_is_no_faction(extractor):
    found = actors_of(extractor, "The Israel-Hamas war drew in the Houthi-led government and Taliban-backed units.")
    assert all(method != "faction" for _, _, method in found.values())


def test_a_lone_given_name_joins_the_one_person_named_with_it(extractor):
    text = (
        "Thailand has given Hassan Taib one month to prove he represents the Barisan Revolusi Nasional. "
        "Officials said Mr Hassan and his group would be watched closely in Yala."
    )
    state = extractor.analyse(Article("t", text))
    people = {m.text: state.registry.actors[m.actor_id].name for m in state.mentions if m.actor_type == "PERSON"}
    assert people.get("Hassan Taib") == "Hassan Taib"
    assert people.get("Hassan") == "Hassan Taib"


def test_a_wire_dateline_with_date_and_agency_is_no_actor(extractor):
    text = (
        "NIAMEY, April 8 (Reuters) - Rebels in the extreme southeast of Niger said on Monday they had "
        "killed seven soldiers in an attack claimed by the Movement of Nigeriens for Justice."
    )
    found = actors_of(extractor, text)
    assert not any(surface.isupper() and len(surface) > 4 for surface in found)


def test_a_people_is_not_a_place(extractor):
    found = actors_of(extractor, "Toubou tribesmen said they had killed seven soldiers near Madama, in Niger.")
    assert "Toubou" not in found


def test_a_bare_army_is_the_state_the_article_is_about(extractor):
    text = (
        "Mali's junta expelled the French ambassador from Bamako. JNIM fighters attacked a convoy near Gao. "
        "The army said it had repelled the attack and killed twelve militants."
    )
    found = actors_of(extractor, text)
    assert found["army"] == ("Mali", "STATE", "home_state")


def test_a_bare_army_stays_unresolved_without_a_leading_state(extractor):
    two = (
        "Ethiopia and Eritrea traded accusations over the border. "
        "The army said its positions had come under fire overnight."
    )
    assert "army" not in actors_of(extractor, two)
    none = "Gunmen attacked a market on Sunday. The army said it had killed five of them."
    assert "army" not in actors_of(extractor, none)


def test_a_state_organ_named_with_its_state_is_not_a_home_state_description(extractor):
    text = (
        "Mali's junta expelled the French ambassador. Mali's army and Rwandan troops patrolled Gao, "
        "while the government of Niger stayed silent."
    )
    found = actors_of(extractor, text)
    assert all(method != "home_state" for _, _, method in found.values())


def test_the_prime_minister_unnamed_is_the_article_state_s_office(extractor):
    text = (
        "Spain's government welcomed the ceasefire declared by ETA in Madrid. "
        "Like most Spaniards, the prime minister, José Luis Rodríguez Zapatero, welcomed the news."
    )
    found = actors_of(extractor, text)
    assert found["minister"] == ("Spain", "STATE", "home_state")
    titled = actors_of(extractor, "Spain's government met the envoy. US President Joe Biden called Madrid.")
    assert all(method != "home_state" for _, _, method in titled.values())


def test_a_new_name_borrowing_a_knowledge_base_acronym_keeps_it_to_this_article(extractor):
    text = "Fighters of the Sahil Province (ISGS) attacked Menaka. ISGS later withdrew toward Niger."
    state = extractor.analyse(Article("t", text))
    [sahil] = [a for a in state.registry.actors.values() if a.name.endswith("Sahil Province")]
    assert sahil.provisional and "ISGS" not in sahil.aliases  # so a store never holds ISGS for two actors
