"""The Extractor end to end on short invented articles: types, qualifiers, time, coreference, stages.

One Extractor (bundled knowledge base + spaCy) serves the whole module; each article is a sentence or
two, so the file runs in a few seconds.
"""

from __future__ import annotations

import pytest

from factionmap.errors import VocabError
from factionmap.extract.pipeline import RULES_VERSION, STAGES, Extractor, Stage, check_stages, load_nlp
from factionmap.model import Article
from factionmap.output import extraction_to_json


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(nlp=load_nlp(), relation_model=None)  # the frames alone: the rules these tests pin


def extract(extractor: Extractor, text: str, published: str | None = "2016-05-01") -> dict:
    return extraction_to_json(extractor.extract(Article("t", text, published=published)))


def triples(out: dict) -> set[tuple[str, str, str]]:
    return {(r["head"], r["type"], r["tail"]) for r in out["relations"]}


def only(out: dict, rtype: str) -> dict:
    found = [r for r in out["relations"] if r["type"] == rtype]
    assert len(found) == 1, out["relations"]
    return found[0]


def test_pledge_with_explicit_month(extractor):
    out = extract(extractor, "Boko Haram pledged allegiance to the Islamic State in March 2015.")
    pledge = only(out, "PLEDGED_ALLEGIANCE")
    assert (pledge["head"], pledge["tail"], pledge["time"]) == ("Boko Haram", "Islamic State", "2015-03")
    assert not pledge["negated"] and not pledge["hedged"] and pledge["attributed_to"] is None
    assert [e["type"] for e in out["events"]] == ["PLEDGE"]


def test_relative_time_is_resolved_from_the_publication_date(extractor):
    text = "Boko Haram pledged allegiance to the Islamic State last March."
    assert only(extract(extractor, text, "2016-05-01"), "PLEDGED_ALLEGIANCE")["time"] == "2016-03"
    assert only(extract(extractor, text, "2019-11-20"), "PLEDGED_ALLEGIANCE")["time"] == "2019-03"


def test_hedged_claim_is_marked_and_less_confident(extractor):
    plain = only(extract(extractor, "JNIM attacked the Malian army."), "ATTACKS")
    hedged = only(extract(extractor, "JNIM reportedly attacked the Malian army."), "ATTACKS")
    assert (hedged["head_text"], hedged["tail"]) == ("JNIM", "Mali")
    assert hedged["hedged"] and not plain["hedged"]
    assert not hedged["negated"]
    assert hedged["confidence"] < plain["confidence"]


def test_negated_claim_is_kept_as_negated_and_makes_no_event(extractor):
    out = extract(extractor, "Hamas has not pledged allegiance to the Islamic State.")
    pledge = only(out, "PLEDGED_ALLEGIANCE")
    assert (pledge["head"], pledge["tail"], pledge["negated"]) == ("Hamas", "Islamic State", True)
    assert out["events"] == []


def test_attributed_claim_names_its_source(extractor):
    out = extract(extractor, "According to the UN, al-Shabaab attacked the African Union mission.")
    attack = only(out, "ATTACKS")
    assert (attack["head"], attack["tail"]) == ("al-Shabaab", "African Union")
    assert attack["attributed_to"] and "UN" in attack["attributed_to"]
    assert not attack["hedged"]


def test_hedged_raising_construction(extractor):
    support = only(extract(extractor, "Hezbollah is believed to support Hamas."), "SUPPORTS")
    assert (support["head"], support["tail"], support["hedged"]) == ("Hezbollah", "Hamas", True)


def test_received_support_points_from_giver_to_receiver(extractor):
    assert triples(extract(extractor, "The Houthis received weapons from Iran.")) == {("Iran", "SUPPORTS", "Houthis")}


def test_time_in_a_relative_clause_stays_with_its_clause(extractor):
    out = extract(extractor, "Al-Shabaab, which pledged allegiance to al-Qaeda in 2012, attacked Kenya.")
    assert only(out, "PLEDGED_ALLEGIANCE")["time"] == "2012"
    assert only(out, "ATTACKS")["time"] is None


def test_coordinated_objects_give_one_claim_each(extractor):
    out = extract(extractor, "Hamas praised the Taliban, the Houthis and Hezbollah.")
    assert triples(out) == {
        ("Hamas", "PRAISES", "Taliban"),
        ("Hamas", "PRAISES", "Houthis"),
        ("Hamas", "PRAISES", "Hezbollah"),
    }


def test_pronoun_resolved_across_sentences(extractor):
    text = "Boko Haram was founded in Nigeria in 2002. It later pledged allegiance to the Islamic State."
    out = extract(extractor, text)
    pledge = only(out, "PLEDGED_ALLEGIANCE")
    assert (pledge["head"], pledge["head_text"], pledge["tail"]) == ("Boko Haram", "It", "Islamic State")
    assert pledge["evidence"] == "It later pledged allegiance to the Islamic State."
    boko = next(e for e in out["entities"] if e["name"] == "Boko Haram")
    assert boko["mentions"] == 2
    assert "It" not in boko["aliases"]


def test_reciprocal_clash_gives_attacks_both_ways(extractor):
    out = extract(extractor, "Al-Shabaab and Hizbul Islam clashed near the port.")
    assert triples(out) == {("al-Shabaab", "ATTACKS", "Hizbul Islam"), ("Hizbul Islam", "ATTACKS", "al-Shabaab")}


def test_symmetric_relation_stated_twice_is_recorded_once(extractor):
    out = extract(extractor, "The Houthis allied with Iran. Iran is an ally of the Houthis.")
    assert len([r for r in out["relations"] if r["type"] == "ALLY_OF"]) == 1


def test_evidence_is_the_verbatim_sentence_at_its_offsets(extractor):
    text = "Officials met on Monday.\n\nAnsaru split from Boko Haram in 2012, officials said."
    out = extract(extractor, text)
    split = only(out, "SPLINTER_OF")
    assert (split["head_text"], split["tail"], split["time"]) == ("Ansaru", "Boko Haram", "2012")
    assert text[split["evidence_start"] : split["evidence_end"]] == split["evidence"]
    assert split["evidence"].startswith("Ansaru split")
    assert out["extractor_version"] == extractor.version == RULES_VERSION


def test_text_without_actors_gives_nothing(extractor):
    out = extract(extractor, "The weather was mild across the region on Tuesday.")
    assert (out["entities"], out["relations"], out["events"]) == ([], [], [])


def test_extraction_is_deterministic(extractor):
    text = "Al-Shabaab operates in Somalia. It attacked the African Union mission in 2019."
    assert extract(extractor, text) == extract(extractor, text)


def test_extract_many_yields_one_extraction_per_article(extractor):
    articles = [Article("a", "Hamas praised the Houthis."), Article("b", "Nothing happened.")]
    results = list(extractor.extract_many(articles))
    assert [r.article.doc_id for r in results] == ["a", "b"]
    assert [len(r.claims) for r in results] == [1, 0]


def test_the_bundled_stage_order_is_consistent():
    check_stages(STAGES)


def test_check_stages_rejects_a_stage_before_what_it_requires():
    def noop(ex, st):
        return None

    bad = (
        Stage("relations", noop, ("claims:input",), ("claims",)),
        Stage("parse", noop, ("article",), ("claims:input",)),
    )
    with pytest.raises(VocabError, match="relations"):
        check_stages(bad)
    with pytest.raises(VocabError, match="events"):
        check_stages(tuple(reversed(STAGES)))


def test_relative_time_in_an_undated_article_uses_its_latest_date(extractor):
    text = "Soldiers were deployed to Gao on 12 June 2022. Last night JNIM attacked the Malian army near the town."
    out = extract(extractor, text, published=None)
    assert (out["time_anchor"], out["time_anchor_source"]) == ("2022-06-12", "latest date in text")
    assert only(out, "ATTACKS")["time"] == "2022-06-11"
    dated = extract(extractor, text, published="2022-06-20")
    assert dated["time_anchor_source"] == "published"


def test_dateline_is_not_an_actor_of_the_first_sentence(extractor):
    out = extract(extractor, "NIAMEY - Fighters from Ansaru attacked Nigerien troops on Monday.")
    assert ("Ansarul Muslimina fi Biladis Sudan", "ATTACKS", "Niger") in triples(out)
    names = {e["name"].lower() for e in out["entities"]}
    assert not any("niamey" in n and "fighters" in n for n in names) and "fighters" not in names


def test_fighters_from_a_group_stand_for_the_group(extractor):
    out = extract(extractor, "The convoy was ambushed by gunmen from al-Shabaab near the coast.")
    assert ("al-Shabaab", "ATTACKS", "convoy") not in triples(out)
    out = extract(extractor, "Militants from Ansaru attacked the Nigerian army in Kaduna.")
    assert ("Ansarul Muslimina fi Biladis Sudan", "ATTACKS", "Nigeria") in triples(out)


def test_hyphenated_backer_supports_the_noun_it_modifies(extractor):
    out = extract(extractor, "The Qatari-built stadium hosted Hezbollah officials in Beirut.")
    assert not any(r == "SUPPORTS" for _, r, _ in triples(out))
    out = extract(extractor, "The Russian-backed Wagner Group attacked Ansar Dine in Kidal.")
    assert ("Russia", "SUPPORTS", "Wagner Group") in triples(out)


def test_coordinated_demonyms_share_the_role_noun(extractor):
    out = extract(extractor, "French and Malian troops attacked Ansar Dine near Gao last year.")
    found = triples(out)
    assert ("France", "ATTACKS", "Ansar Dine") in found and ("Mali", "ATTACKS", "Ansar Dine") in found


def test_armed_wing_is_its_own_actor(extractor):
    out = extract(extractor, "The Qassam Brigades, the armed wing of Hamas, fired rockets at Israel on Monday.")
    found = triples(out)
    assert ("Izz ad-Din al-Qassam Brigades", "AFFILIATE_OF", "Hamas") in found
    assert ("Izz ad-Din al-Qassam Brigades", "ATTACKS", "Israel") in found
