"""Ambiguity resolution picks different namesakes in different contexts, and says why."""

import pytest

from factionmap.kb.actors import KnowledgeBase
from factionmap.kb.gazetteer import Gazetteer
from factionmap.kb.resolve import DEFAULT_FEATURES, ResolutionContext, Resolver, resolve

KINDS = ("name", "demonym", "capital")


@pytest.fixture(scope="module")
def env():
    kb = KnowledgeBase.load()
    return kb, Gazetteer(kb), Resolver(kb)


def resolved(env, text, alias):
    kb, gaz, resolver = env
    matches = gaz.find(text, kinds=KINDS)
    ctx = ResolutionContext.from_matches(kb, matches)
    (m,) = [m for m in matches if m.alias == alias]
    return resolver.resolve(m, ctx)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ansar al-Sharia gunmen attacked a checkpoint in Benghazi, Libya.", "ansar_al_charia_benghazi"),
        ("Ansar al-Sharia fighters were driven out of Derna.", "ansar_al_charia_derna"),
        (
            "Police in Tunis arrested Ansar al-Sharia members after the Tunisian raid.",
            "ansar_al_shariah_tunisia",
        ),
        ("In Yemen, Ansar al-Sharia seized towns in Abyan.", "aqap"),
    ],
)
def test_same_name_resolves_by_place(env, text, expected):
    assert resolved(env, text, "ansar al sharia").actor_id == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The SNA, backed by Ankara, pushed towards Kurdish positions in Syria.", "syria_national_army"),
        ("The SNA and African Union troops retook a town from al-Shabaab in Somalia.", "somalia"),
    ],
)
def test_acronym_resolves_by_place(env, text, expected):
    assert resolved(env, text, "sna").actor_id == expected


def test_co_mentioned_related_group_is_evidence(env):
    _, _, resolver = env
    ctx = ResolutionContext(actors=frozenset({"al_qaeda", "aqap"}))
    score_aqap, detail = resolver.score("aqap", ctx)
    score_tunisia, _ = resolver.score("ansar_al_shariah_tunisia", ctx)
    assert detail["related_mentioned"] > 0
    assert score_aqap > score_tunisia


def test_resolution_explains_itself(env):
    res = resolved(env, "Ansar al-Sharia gunmen attacked a checkpoint in Benghazi, Libya.", "ansar al sharia")
    assert set(res.features) == {f.name for f in DEFAULT_FEATURES}
    assert res.score == pytest.approx(sum(res.features.values()), abs=1e-3)
    assert res.features["place_in_name"] > 0 and res.margin > 0
    assert all(score <= res.score for _, score in res.alternatives)


def test_module_level_resolve_uses_the_bundled_kb(env):
    _, gaz, _ = env
    (m,) = gaz.find("Ansar al-Sharia in Derna")
    assert resolve(m, ResolutionContext()).actor_id in m.candidates
