"""Coreference on invented articles: plural sets, binding, titles and governments named after a person.

End to end through the Extractor (bundled knowledge base + spaCy), because the resolver reads parses,
earlier mentions and the knowledge base's leader links; plus unit tests of the antecedent choice.
"""

from __future__ import annotations

import pytest

from factionmap.extract.coref import pick_antecedent
from factionmap.extract.pipeline import Extractor, load_nlp
from factionmap.model import Article, Mention
from factionmap.output import extraction_to_json


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(nlp=load_nlp(), relation_model=None)  # the frames alone: the rules these tests pin


def triples(extractor: Extractor, text: str) -> set[tuple[str, str, str]]:
    out = extraction_to_json(extractor.extract(Article("t", text, published="2024-05-01")))
    return {(r["head"], r["type"], r["tail"]) for r in out["relations"]}


def mention(text: str, actor: str, kind: str, sentence: int, start: int, method: str = "gazetteer") -> Mention:
    return Mention(start, start + len(text), text, actor, kind, method, 1.0, sentence)


def test_plural_pronoun_after_a_plural_description_stands_for_the_whole_set(extractor):
    text = (
        "ISWAP and Boko Haram raided Maiduguri. "
        "These groups differ in ideology, but they united against the Nigerian army."
    )
    found = triples(extractor, text)
    assert {("Islamic State West Africa Province", "ATTACKS", "Nigeria"), ("Boko Haram", "ATTACKS", "Nigeria")} <= found


def test_subject_pronoun_is_not_the_object_of_its_own_verb(extractor):
    text = "Al-Shabaab fought the Somali army. They trained Hizbul Islam fighters to use drones."
    found = triples(extractor, text)
    assert ("al-Shabaab", "SUPPORTS", "Hizbul Islam") in found
    assert not any(h == "Hizbul Islam" and t == "Hizbul Islam" for h, _, t in found)


def test_bare_head_of_state_title_names_the_state_the_person_leads(extractor):
    assert ("Bola Tinubu", "LEADS", "Nigeria") in triples(
        extractor, "President Bola Tinubu condemned the attack by ISWAP."
    )


def test_title_with_a_modifier_is_left_alone(extractor):
    found = triples(extractor, "Former President Barack Obama praised the deal with Iran.")
    assert not any(r == "LEADS" for _, r, _ in found)


def test_government_named_after_its_head_is_the_state(extractor):
    assert ("Jama'at Nusrat al-Islam wal-Muslimin", "ATTACKS", "Mali") in triples(
        extractor, "JNIM vowed to topple the government of Assimi Goita."
    )


def test_group_led_by_a_known_leader_is_that_leaders_group(extractor):
    text = "ISWAP fighters entered Borno. The group, led by Abubakar Shekau, killed ISWAP commanders."
    found = triples(extractor, text)
    assert ("Boko Haram", "ATTACKS", "Islamic State West Africa Province") in found
    assert ("Abubakar Shekau", "LEADS", "Boko Haram") in found


def test_plural_pronoun_prefers_a_group_to_a_bare_state_name():
    prior = [mention("US", "united_states", "STATE", 0, 0), mention("Houthis", "houthis", "ARMED_GROUP", 0, 20)]
    kinds = ("ARMED_GROUP", "ORGANIZATION", "STATE")
    assert pick_antecedent(prior, kinds, 1, plural=True).actor_id == "houthis"
    # a plural state form ("Somali forces") stays available to "they"
    forces = [mention("Somali forces", "somalia", "STATE", 0, 0)]
    assert pick_antecedent(forces, kinds, 1, plural=True).actor_id == "somalia"


def test_binding_excludes_every_mention_of_the_co_argument():
    prior = [mention("Hamas", "hamas", "ARMED_GROUP", 0, 0), mention("Hezbollah", "hezbollah", "ARMED_GROUP", 0, 30)]
    kinds = ("ARMED_GROUP",)
    assert pick_antecedent(prior, kinds, 1, exclude={"hezbollah"}).actor_id == "hamas"
    assert pick_antecedent(prior, kinds, 1, exclude={"hamas", "hezbollah"}) is None


def test_possessive_after_an_object_pronoun_is_that_pronouns_actor(extractor):
    text = "The Houthis attacked ships near Hodeidah. Iran praised them for their courage."
    out = extractor.extract(Article("t", text, published="2024-05-01"))
    their = next(m for m in out.mentions if m.text == "their")
    assert their.actor_id == next(m for m in out.mentions if m.text == "them").actor_id
    assert out.actors[their.actor_id].name == "Houthis"


def test_the_two_groups_skips_states_named_in_between(extractor):
    text = (
        "Ansaru competes with Boko Haram for recruits along the border with Chad and Cameroon. "
        "The two groups have clashed repeatedly in Kaduna since 2019, Nigerian officials said."
    )
    found = triples(extractor, text)
    assert ("Ansarul Muslimina fi Biladis Sudan", "ATTACKS", "Boko Haram") in found
    assert not any(h in ("Chad", "Cameroon") and r == "ATTACKS" for h, r, _ in found)
