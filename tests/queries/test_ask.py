"""Plain-English questions are read as the query they ask, or refused with the forms understood."""

from __future__ import annotations

import pytest

from factionmap.errors import InvalidInput
from factionmap.queries.ask import parse_question


@pytest.mark.parametrize(
    ("question", "kind", "a", "b"),
    [
        ("What is the relationship between the Taliban and Tahrir al-Sham?", "relation", "Taliban", "Tahrir al-Sham"),
        (
            "relations between JNIM and the Islamic State Sahel Province",
            "relation",
            "JNIM",
            "Islamic State Sahel Province",
        ),
        ("How are Hamas and the Houthis connected?", "path", "Hamas", "Houthis"),
        ("How are Hamas and Hezbollah related?", "relation", "Hamas", "Hezbollah"),
        ("al-Shabaab and AQAP", "relation", "al-Shabaab", "AQAP"),
    ],
)
def test_pair_questions(question, kind, a, b):
    reading = parse_question(question)
    assert (reading.kind, reading.a, reading.b) == (kind, a, b)


@pytest.mark.parametrize(
    ("question", "a", "types", "role"),
    [
        ("Who supports HTS?", "HTS", ("SUPPORTS",), "tail"),
        ("Whom does Iran support?", "Iran", ("SUPPORTS",), "head"),
        ("Who praised the Taliban?", "Taliban", ("PRAISES",), "tail"),
        ("Who did Boko Haram pledge allegiance to?", "Boko Haram", ("PLEDGED_ALLEGIANCE",), "head"),
        ("Who split from al-Qaeda?", "al-Qaeda", ("SPLINTER_OF",), "tail"),
        ("Who is allied with Hamas?", "Hamas", ("ALLY_OF",), "tail"),
        ("Allies of the Houthis", "Houthis", ("ALLY_OF",), "tail"),
        ("Who are the rivals of ISIS?", "ISIS", ("RIVAL_OF",), "tail"),
        ("Hezbollah's enemies", "Hezbollah", ("RIVAL_OF",), "tail"),
        ("Who inspired Boko Haram?", "Boko Haram", ("INSPIRED_BY",), "head"),  # the subject of "inspire" is the tail
    ],
)
def test_who_questions(question, a, types, role):
    reading = parse_question(question)
    assert (reading.kind, reading.a, reading.types, reading.role) == ("who", a, types, role)


def test_when_question_names_both_actors_and_the_type():
    reading = parse_question("When did HTS split from al-Qaeda?")
    assert (reading.kind, reading.a, reading.b, reading.types) == ("when", "HTS", "al-Qaeda", ("SPLINTER_OF",))


@pytest.mark.parametrize(
    ("question", "as_of"),
    [
        ("Who attacked JNIM in 2020?", "2020"),
        ("Allies of Hamas as of March 2019", "2019-03"),
        ("What is the relationship between the SDF and Turkey before 2018?", "2018"),
    ],
)
def test_a_trailing_date_limits_the_answer(question, as_of):
    assert parse_question(question).as_of == as_of


def test_an_unreadable_question_names_the_forms_understood():
    with pytest.raises(InvalidInput, match="relationship between X and Y"):
        parse_question("What is the weather in Mogadishu?")
