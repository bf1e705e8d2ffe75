"""Knowledge-base loading, lookups, user extension files and their errors."""

import json
from pathlib import Path

import pytest

from factionmap.errors import KnowledgeBaseError, NotFound
from factionmap.kb.actors import ACTORS_FILE, RELATIONS_FILE, KnowledgeBase
from factionmap.kb.gazetteer import Gazetteer

DATA = Path(ACTORS_FILE).parent
PERSON = "actors:\n  - id: g\n    name: G\n    type: PERSON\n"


@pytest.fixture(scope="module")
def kb():
    return KnowledgeBase.load()


def test_default_kb_is_loaded_once(kb):
    assert KnowledgeBase.load() is kb
    assert len(kb) > 1600


def test_eu_2580_source_is_absent_from_the_bundle():
    text = ACTORS_FILE.read_text(encoding="utf-8") + RELATIONS_FILE.read_text(encoding="utf-8")
    assert "eu2580" not in text
    ids = {json.loads(line)["id"] for line in ACTORS_FILE.read_text(encoding="utf-8").splitlines()}
    assert "the_base" not in ids and "babbar_khalsa" not in ids  # groups only the EU list had
    lines = ACTORS_FILE.read_text(encoding="utf-8").splitlines()
    hamas = next(json.loads(x) for x in lines if '"id": "hamas"' in x)
    assert "Hamas-Izz al-Din al-Qassem" not in hamas["aliases"]  # an alias only the EU list brought
    assert "ucdp:209" in hamas["sources"]


def test_bundled_data_stays_small():
    assert sum(p.stat().st_size for p in DATA.iterdir()) < 3_000_000


def test_states_merge_with_ucdp_government_records(kb):
    turkey = kb.actor("government_of_turkey")
    assert turkey.id == "turkey" and turkey.name == "Turkey" and turkey.type == "STATE"
    assert "ucdp:115" in turkey.sources and "curated" in turkey.sources
    assert {a.id for a in kb.find_by_name("Türkiye")} == {"turkey"}
    assert [a.id for a in kb.find_by_name("Syrian Arab Republic")] == ["syria"]
    assert [a.id for a in kb.find_by_name("Assad regime")] == ["syria"]


def test_find_by_name_is_normalised(kb):
    assert [a.id for a in kb.find_by_name("AL-QAIDA")] == ["al_qaeda"]
    assert [a.id for a in kb.find_by_name("the Taliban")] == ["taliban"]
    assert kb.find_by_name("no such group") == []


def test_unknown_id_raises_not_found(kb):
    with pytest.raises(NotFound):
        kb.actor("no_such_actor")


def test_suggest_tolerates_misspellings(kb):
    assert "hts" in [a.id for a in kb.suggest("Hayat Tahrir al Sam")]
    assert "boko_haram" in [a.id for a in kb.suggest("Boko Harem")]


def test_leaders_resolve_to_their_groups(kb):
    # leadership first, the tie still in force first, then the most recent
    assert kb.leader_of("ahmed_al_sharaa") == ["syria", "hts", "jabhat_al_nusra"]
    assert "taliban" in kb.leader_of("zabihullah_mujahid")
    (link,) = [k for k in kb.links("abubakar_shekau") if k.target == "boko_haram"]
    assert (link.relation, link.start, link.end) == ("LEADS", "2009-07", "2021-05")


def test_demonyms_and_capitals(kb):
    assert kb.demonym("Turkish") == "turkey"
    assert kb.demonym("the Turks") == "turkey"
    assert kb.demonym("Somali") == "somalia"
    assert kb.demonym("Taliban") is None
    assert kb.capital_of("Damascus") == "syria"


def test_reference_relations_keep_provenance(kb):
    rels = kb.reference_relations("hts")
    succ = [r for r in rels if r.type == "SUCCESSOR_OF" and r.tail == "jabhat_al_nusra"]
    assert succ and all(r.source for r in succ)


def test_merged_ids_are_rewritten_in_reference_relations(kb):
    rels = kb.reference_relations("houthis")
    ids = {r.head for r in rels} | {r.tail for r in rels}
    assert "supporters_of_god" not in ids


def test_ambiguous_aliases_are_exposed(kb):
    assert set(kb.ambiguous["ansar al sharia"]) >= {"aqap", "ansar_al_shariah_tunisia"}


def test_extra_file_extends_and_adds(tmp_path):
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "denylist: [Lions]\n"
        "actors:\n"
        "  - id: katibat_example\n"
        "    name: Katibat al-Example\n"
        "    type: ARMED_GROUP\n"
        "    aliases: [KAE, Example Battalion]\n"
        "    country: [Mali]\n"
        "  - id: example_leader\n"
        "    name: Abu Example al-Malik\n"
        "    type: PERSON\n"
        "    leads: [{id: katibat_example, start: '2020'}]\n"
        "  - id: hts\n"
        "    aliases: [Example Liberation Board]\n",
        encoding="utf-8",
    )
    kb = KnowledgeBase.load([extra])
    assert kb is not KnowledgeBase.load()
    assert kb.actor("katibat_example").country == ("Mali",)
    assert kb.leader_of("example_leader") == ["katibat_example"]
    assert [a.id for a in kb.find_by_name("Example Liberation Board")] == ["hts"]
    assert kb.actor("katibat_example").sources == ("curated",)
    found = Gazetteer(kb).find("KAE and the Example Battalion attacked.")
    assert [m.candidates for m in found] == [("katibat_example",), ("katibat_example",)]
    assert not KnowledgeBase.load().find_by_name("Example Liberation Board")  # default KB untouched


@pytest.mark.parametrize(
    ("body", "needle"),
    [
        ("actors:\n  - id: new_group\n    aliases: [X]\n", "actor #1 (new_group) (field 'name')"),
        ("actors:\n  - id: g\n    name: G\n    type: MILITIA\n", "(field 'type')"),
        ("actors:\n  - id: g\n    name: G\n    type: PERSON\n    leeds: [hts]\n", "(field 'leeds')"),
        (PERSON + "    leads: [nobody_here]\n", "unknown actor id 'nobody_here'"),
        (PERSON + "    leads: [{id: hts, start: last year}]\n", "ISO date"),
        ("actors: [oops\n", "not valid YAML"),
        ("groups: []\n", "(field 'groups')"),
    ],
)
def test_malformed_extra_file_names_file_entry_and_field(tmp_path, body, needle):
    bad = tmp_path / "bad.yaml"
    bad.write_text(body, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as err:
        KnowledgeBase.load([bad])
    assert str(bad) in str(err.value)
    assert needle in str(err.value)


def test_missing_extra_file_is_a_kb_error(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="cannot read"):
        KnowledgeBase.load([tmp_path / "missing.yaml"])


@pytest.mark.parametrize(
    ("name", "actor_id"),
    [
        ("Africa Corps", "africa_corps"),
        ("Wagner Group", "wagner_group"),
        ("AMISOM", "amisom"),
        ("ATMIS", "atmis"),
        ("al-Qassam Brigades", "qassam_brigades"),
        ("Hamas", "hamas"),
        ("Saraya al-Quds", "al_quds_brigades"),
        ("Palestinian Islamic Jihad", "palestinian_islamic_jihad"),
    ],
)
def test_successors_and_armed_wings_are_their_own_actors(kb, name, actor_id):
    # articles state SUCCESSOR_OF / AFFILIATE_OF between these: one merged actor could not carry it
    assert [a.id for a in kb.find_by_name(name)] == [actor_id]
