"""Regional families of the curated layer: state forms such as "the junta" and "Tatmadaw", the armed groups
of Myanmar, Colombia, Mexico, Sudan, Ethiopia, the DRC and the Philippines, and renamed or merged groups
kept apart from their predecessors."""

import pytest

from factionmap.kb.actors import KnowledgeBase
from factionmap.kb.gazetteer import Gazetteer
from factionmap.kb.resolve import ResolutionContext, Resolver

KINDS = ("name", "demonym", "capital")


@pytest.fixture(scope="module")
def env():
    kb = KnowledgeBase.load()
    return kb, Gazetteer(kb), Resolver(kb)


def ids(kb, name):
    return {a.id for a in kb.find_by_name(name)}


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tatmadaw", "myanmar"),
        ("State Administration Council", "myanmar"),
        ("Armed Forces of the Philippines", "philippines"),
        ("Ethiopian National Defense Force", "ethiopia"),
        ("Rwanda Defence Force", "rwanda"),
        ("UPDF", "uganda"),
        ("Arakan Army", "arakan_army"),
        ("TNLA", "taang_national_liberation_army"),
        ("Clan del Golfo", "clan_del_golfo"),
        ("CJNG", "jalisco_cartel_new_generation"),
        ("SPLM-N", "splm_a_north"),
        ("Fano", "fano"),
        ("CODECO", "codeco"),
        ("BIFF", "bangsamoro_islamic_freedom_fighters"),
        ("Bangsamoro Islamic Freedom Movement", "bangsamoro_islamic_freedom_fighters"),
        ("NPA", "communist_party_of_the_philippines_new_peoples_army"),
        ("Ahl al-Sunnah wa al Jamma'ah", "islamic_state_mozambique"),
        ("Islamic State of Iraq and the Levant – Khorasan Province", "iskp"),
    ],
)
def test_regional_names(env, name, expected):
    kb, _, _ = env
    assert ids(kb, name) == {expected}


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("jabhat_al_nusra", "hts"),
        ("revolutionary_armed_forces_of_colombia_peoples_army", "farc_dissidents"),
        ("the_coordination_of_the_movements_of_azawad", "azawad_liberation_front"),
        ("csp_dpa", "azawad_liberation_front"),
        ("national_congress_for_the_defence_of_the_people", "march_23_movement"),
        ("alliance_of_democratic_forces", "islamic_state_central_africa_province"),
        ("janjaweed", "rapid_support_forces"),
        ("oromo_liberation_front", "oromo_liberation_army"),
    ],
)
def test_predecessors_and_successors_stay_apart(env, old, new):
    kb, _, _ = env
    assert kb.canonical_id(old) != kb.canonical_id(new)
    assert not set(kb.actor(old).aliases) & set(kb.actor(new).aliases)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Junta troops shelled villages in Rakhine State as the Arakan Army advanced on Sittwe.", "myanmar"),
        ("The junta expelled French forces; fighting continued near Gao and Timbuktu.", "mali"),
        ("The junta in Niamey ordered the troops out, officials in Tillabéri said.", "niger"),
    ],
)
def test_bare_junta_resolves_from_places(env, text, expected):
    kb, gaz, resolver = env
    matches = gaz.find(text, kinds=KINDS)
    ctx = ResolutionContext.from_matches(kb, matches)
    (m,) = [m for m in matches if m.alias == "junta"]
    res = resolver.resolve(m, ctx)
    assert res.actor_id == expected and res.margin > 0


def test_bare_junta_without_context_stays_unresolved(env):
    kb, gaz, resolver = env
    matches = gaz.find("The junta said it would hold elections next year.", kinds=KINDS)
    (m,) = [m for m in matches if m.alias == "junta"]
    assert resolver.resolve(m, ResolutionContext.from_matches(kb, matches)).margin == 0


def test_un_panel_resolves_from_country(env):
    kb, gaz, resolver = env
    text = "A UN panel said weapons reached the RSF in Darfur through Chad, Sudan's neighbour."
    matches = gaz.find(text, kinds=KINDS)
    (m,) = [m for m in matches if m.alias == "un panel"]
    assert resolver.resolve(m, ResolutionContext.from_matches(kb, matches)).actor_id == "un_panel_of_experts_sudan"
