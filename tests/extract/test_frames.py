"""The cue frames on invented sentences: each relation type, its direction, and the roles and modifiers
that make a cue's type (frames.py). Which tokens and mentions fill a cue's slots is tests/extract/test_grammar.py.
"""

from __future__ import annotations

import pytest

G = "ARMED_GROUP"
S = "STATE"
P = "PERSON"
L = "LOCATION"


@pytest.mark.parametrize(
    ("sentence", "actors", "expected"),
    [
        (
            "Boko Haram pledged allegiance to the Islamic State in 2015.",
            {"Boko Haram": G, "Islamic State": G},
            ("Boko Haram", "PLEDGED_ALLEGIANCE", "Islamic State"),
        ),
        (
            "Hezbollah congratulated Hamas on the operation.",
            {"Hezbollah": G, "Hamas": G},
            ("Hezbollah", "PRAISES", "Hamas"),
        ),
        ("Hamas was praised by Hezbollah.", {"Hezbollah": G, "Hamas": G}, ("Hezbollah", "PRAISES", "Hamas")),
        (
            "Iran provides weapons and training to the Houthis.",
            {"Iran": S, "Houthis": G},
            ("Iran", "SUPPORTS", "Houthis"),
        ),
        (
            "Weapons and funding for the Houthis are provided by Iran.",
            {"Iran": S, "Houthis": G},
            ("Iran", "SUPPORTS", "Houthis"),
        ),
        (
            "Al-Shabaab attacked the Kenyan army base.",
            {"Al-Shabaab": G, "Kenyan army": S},
            ("Al-Shabaab", "ATTACKS", "Kenyan army"),
        ),
        ("JNIM split from Ansar Dine in 2017.", {"JNIM": G, "Ansar Dine": G}, ("JNIM", "SPLINTER_OF", "Ansar Dine")),
        (
            "The Nusra Front broke ties with al-Qaeda.",
            {"Nusra Front": G, "al-Qaeda": G},
            ("Nusra Front", "SPLINTER_OF", "al-Qaeda"),
        ),
        (
            "ISWAP, an offshoot of Boko Haram, grew quickly.",
            {"ISWAP": G, "Boko Haram": G},
            ("ISWAP", "AFFILIATE_OF", "Boko Haram"),
        ),
        ("AQIM is a branch of al-Qaeda.", {"AQIM": G, "al-Qaeda": G}, ("AQIM", "AFFILIATE_OF", "al-Qaeda")),
        ("JNIM is an extension of Ansar Dine.", {"JNIM": G, "Ansar Dine": G}, ("JNIM", "SUCCESSOR_OF", "Ansar Dine")),
        (
            "The Wagner Group condemned Ukraine.",
            {"Wagner Group": G, "Ukraine": S},
            ("Wagner Group", "DENOUNCES", "Ukraine"),
        ),
        (
            "The group, led by Iyad Ag Ghaly, expanded south.",
            {"group": G, "Iyad Ag Ghaly": P},
            ("Iyad Ag Ghaly", "LEADS", "group"),
        ),
        (
            "Ahmed Musa, a commander of Boko Haram, was arrested.",
            {"Ahmed Musa": P, "Boko Haram": G},
            ("Ahmed Musa", "MEMBER_OF", "Boko Haram"),
        ),
        ("Al-Shabaab captured Baidoa last week.", {"Al-Shabaab": G, "Baidoa": L}, ("Al-Shabaab", "CONTROLS", "Baidoa")),
        (
            "The fall of Mosul to the Islamic State shocked Iraq.",
            {"Mosul": L, "Islamic State": G, "Iraq": S},
            ("Islamic State", "CONTROLS", "Mosul"),
        ),
        (
            "The Houthis were inspired by Hezbollah.",
            {"Houthis": G, "Hezbollah": G},
            ("Houthis", "INSPIRED_BY", "Hezbollah"),
        ),
        ("Hamas negotiated with Israel.", {"Hamas": G, "Israel": S}, ("Hamas", "NEGOTIATES_WITH", "Israel")),
    ],
)
def test_frame_gives_directed_claim(triples, sentence, actors, expected):
    assert expected in triples(sentence, actors)


def test_alliance_between_two_groups_is_symmetric_pair(triples):
    found = triples(
        "The alliance between JNIM and Ansarul Islam worried Mali.", {"JNIM": G, "Ansarul Islam": G, "Mali": S}
    )
    assert ("JNIM", "ALLY_OF", "Ansarul Islam") in found or ("Ansarul Islam", "ALLY_OF", "JNIM") in found


def test_war_between_gives_attacks_both_ways(triples):
    found = triples("The war between ISWAP and Boko Haram killed hundreds.", {"ISWAP": G, "Boko Haram": G})
    assert {("ISWAP", "ATTACKS", "Boko Haram"), ("Boko Haram", "ATTACKS", "ISWAP")} <= found


def test_fighting_alongside_is_alliance_not_attack(triples):
    found = triples(
        "Ansaru fighters fought alongside Boko Haram against the Nigerian army.",
        {"Ansaru": G, "Boko Haram": G, "Nigerian army": S},
    )
    assert ("Ansaru", "ALLY_OF", "Boko Haram") in found
    assert ("Ansaru", "ATTACKS", "Nigerian army") in found
    assert ("Ansaru", "ATTACKS", "Boko Haram") not in found


def test_an_office_title_before_a_name_is_leadership(triples):
    found = triples("Kenyan President William Ruto met the envoy.", {"Kenyan": S, "William Ruto": P})
    assert ("William Ruto", "LEADS", "Kenyan") in found


def test_local_leader_title_stays_membership(triples):
    found = triples(
        "The raid killed a senior al-Shabaab leader, Ahmed Omar, near Jilib.",
        {"al-Shabaab": G, "Ahmed Omar": P, "Jilib": L},
    )
    assert ("Ahmed Omar", "LEADS", "al-Shabaab") not in found


def test_firing_at_a_target_is_an_attack(triples):
    found = triples(
        "Ansar Allah fired two missiles at Saudi Arabia on Monday.",
        {"Ansar Allah": "ARMED_GROUP", "Saudi Arabia": "STATE"},
    )
    assert ("Ansar Allah", "ATTACKS", "Saudi Arabia") in found
    fired = triples(
        "The Hamas leadership fired Ali Baraka last year.", {"Hamas": "ARMED_GROUP", "Ali Baraka": "PERSON"}
    )
    assert not any(r == "ATTACKS" for _, r, _ in fired)  # dismissal: "fire" takes its target only after at/on


def test_exchanging_fire_with_is_an_attack(triples):
    found = triples(
        "Hezbollah exchanged fire with Israel across the border.", {"Hezbollah": "ARMED_GROUP", "Israel": "STATE"}
    )
    assert ("Hezbollah", "ATTACKS", "Israel") in found


def test_thanking_is_praise(triples):
    found = triples("Ansar Allah thanked Iran for its support.", {"Ansar Allah": "ARMED_GROUP", "Iran": "STATE"})
    assert ("Ansar Allah", "PRAISES", "Iran") in found
