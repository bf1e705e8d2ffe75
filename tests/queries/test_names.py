"""Names as analysts type them, against an empty store and the bundled knowledge base: a misspelling of a
whole name still finds its actor; anything else is unknown, never the nearest substring (issue 10)."""

from __future__ import annotations

import pytest

from factionmap.queries.names import AmbiguousName, NameResolver, UnknownName
from factionmap.store.db import make_engine, migrate


@pytest.fixture(scope="module")
def resolver(tmp_path_factory) -> NameResolver:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('names') / 'empty.db'}")
    migrate(engine)
    return NameResolver(engine)


NONSENSE = [
    # random strings
    "nonexistent_x",
    "qqqq zzzz",
    "xkcd",
    "asdfgh",
    "lorem ipsum",
    "zzyzx front",
    "foo bar baz",
    "q1w2e3",
    "blorptastic",
    "xyzzy",
    # common English words
    "the",
    "is",
    "an",
    "it",
    "of",
    "and",
    "banana",
    "apple",
    "hello world",
    "weather",
    "table",
    "yesterday",
    "football",
    "music",
    # pieces of aliases and names
    "al",
    "isl",
    "sham",
    "tahrir",
    "shab",
    "qaed",
    "haram",
    "nusr",
]

MISSPELLINGS = {
    "Talibn": "Taliban",
    "Talliban": "Taliban",
    "Hayat Tahrir al Sam": "Hayat Tahrir al-Sham",
    "Boko Harm": "Boko Haram",
    "Boko Haramm": "Boko Haram",
    "al-Shabab": "al-Shabaab",
    "Al Shabbab": "al-Shabaab",
    "Hezbolla": "Hezbollah",
    "Hizbullah": "Hezbollah",
    "Hamass": "Hamas",
    "Islamic Stat": "Islamic State",
    "Al Qaida": "al-Qaeda",
    "al-Qaeeda": "al-Qaeda",
    "Lashkar e Taiba": "Lashkar-e-Taiba",
    "Wagnr Group": "Wagner Group",
    "Huthis": "Houthis",
    "Jabhat al Nusra": "Jabhat al-Nusra",
    "Ansar Dinne": "Ansar Dine",
    "Jaish e Muhammad": "Jaish-e-Mohammad",
    "Hayat Tahrir al-Shams": "Hayat Tahrir al-Sham",
    "Tehrik-i-Talban Pakistan": "Tehrik-i-Taliban Pakistan",
    "Kataib Hezbolah": "Kata'ib Hezbollah",
    "Rapid Suport Forces": "Rapid Support Forces",
    "Arakan Armyy": "Arakan Army",
    "Sinaloa Cartell": "Sinaloa Cartel",
    "Jamaat Nusrat al-Islam wal-Muslimeen": "Jama'at Nusrat al-Islam wal-Muslimin",
    "Islamic State Khorasan Provnce": "Islamic State Khorasan Province",
    "Abu Sayaf Group": "Abu Sayyaf Group",
    "Haqani Network": "Haqqani Network",
    "Ahrar al Sham": "Ahrar al-Sham",
    "Muslim Brotherhod": "Muslim Brotherhood",
    "Liberation Tigers of Tamil Ellam": "Liberation Tigers of Tamil Elam",
}


@pytest.mark.parametrize("name", NONSENSE)
def test_a_name_that_is_no_actor_s_is_unknown_not_the_nearest_substring(resolver, name):
    with pytest.raises(UnknownName) as err:
        resolver.resolve(name)
    assert not isinstance(err.value, AmbiguousName)


@pytest.mark.parametrize(("typed", "meant"), [(k, v) for k, v in MISSPELLINGS.items() if v])
def test_a_misspelling_of_a_whole_name_still_finds_its_actor(resolver, typed, meant):
    assert resolver.resolve(typed).name == meant


def test_acronyms_are_matched_exactly_and_short_ones_in_capitals(resolver):
    assert resolver.resolve("IS").name == "Islamic State"
    assert resolver.resolve("JNIM").name == "Jama'at Nusrat al-Islam wal-Muslimin"
    for typo in ("JNIN", "ISSI", "TPP"):
        with pytest.raises(UnknownName):
            resolver.resolve(typo)


def test_an_unknown_name_lists_the_closest_whole_names(resolver):
    with pytest.raises(UnknownName) as err:
        resolver.resolve("Hayat Tahrir")  # a part of the name, not a misspelling of it
    assert any(c.name == "Hayat Tahrir al-Sham" for c in err.value.candidates)


def test_a_provisional_actor_never_makes_a_knowledge_base_acronym_ambiguous(tmp_path):
    from factionmap.model import Actor, Article, Claim, Extraction, Mention
    from factionmap.store.dedupe import signature
    from factionmap.store.writer import write_extraction

    engine = make_engine(f"sqlite:///{tmp_path / 'p.db'}")
    migrate(engine)
    sahil = Actor(
        "new:armed_group:sahil_province", "Sahil Province", "ARMED_GROUP", ("Sahil Province", "ISGS"), provisional=True
    )
    mali = Actor("mali", "Mali", "STATE")
    text = "Sahil Province (ISGS) attacked Mali. " * 3
    evidence = "Sahil Province (ISGS) attacked Mali."
    claim = Claim(sahil.id, "ATTACKS", "mali", False, False, None, None, evidence, 0, len(evidence), 0.8, "test")
    ex = Extraction(
        Article("a1", text, publisher="P", published="2024-01-01"),
        {a.id: a for a in (sahil, mali)},
        [Mention(0, 14, "Sahil Province", sahil.id, "ARMED_GROUP", "acronym")],
        [claim],
        extractor_version="v1",
    )
    write_extraction(engine, ex, signature(text), None, None)
    assert NameResolver(engine).resolve("ISGS").name == "Islamic State in the Greater Sahara"


def test_names_a_store_learns_are_found_by_their_misspellings_at_once(tmp_path):
    # The names misspellings are matched against are kept between searches, and must not go stale.
    from factionmap.model import Actor, Article, Claim, Extraction, Mention
    from factionmap.store.dedupe import signature
    from factionmap.store.writer import write_extraction

    engine = make_engine(f"sqlite:///{tmp_path / 'n.db'}")
    migrate(engine)
    resolver = NameResolver(engine)
    with pytest.raises(UnknownName):
        resolver.resolve("Brigade of Martyrs of Qasimiyya")
    group = Actor(
        "new:armed_group:brigade_of_the_martyrs_of_qasimiyya",
        "Brigade of the Martyrs of Qasimiyya",
        "ARMED_GROUP",
        provisional=True,
    )
    text = "The Brigade of the Martyrs of Qasimiyya attacked Mali in 2024. " * 2
    claim = Claim(group.id, "ATTACKS", "mali", False, False, None, "2024", text[:60], 0, 60, 0.8, "test")
    actors = {group.id: group, "mali": Actor("mali", "Mali", "STATE")}
    ex = Extraction(
        Article("b1", text, published="2024-02-01"),
        actors,
        [Mention(4, 40, group.name, group.id, "ARMED_GROUP", "ner")],
        [claim],
        extractor_version="v1",
    )
    write_extraction(engine, ex, signature(text), None, None)
    assert resolver.resolve("Brigade of Martyrs of Qasimiya").id == group.id  # same resolver, new name
