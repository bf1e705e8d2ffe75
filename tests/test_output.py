"""output.py: an Extraction in the schema's JSON shape, with names, aliases and provenance extras."""

from __future__ import annotations

import json

import pytest

from factionmap.model import Actor, Article, Claim, Event, Extraction, Mention
from factionmap.output import MAX_KB_ALIASES, extraction_to_json

TEXT = "The Sahel Front attacked Gao. SF later praised the Northern Brigade. It denied any link."
SCHEMA_TOP = {
    "doc_id",
    "title",
    "author",
    "publisher",
    "published",
    "url",
    "source",
    "extractor_version",
    "time_anchor",
    "time_anchor_source",
    "entities",
    "relations",
    "events",
}
ENTITY_KEYS = {"name", "type", "aliases", "id", "provisional", "mentions"}
RELATION_KEYS = {
    "head",
    "type",
    "tail",
    "negated",
    "hedged",
    "attributed_to",
    "time",
    "time_source",
    "evidence",
    "evidence_start",
    "evidence_end",
    "confidence",
    "rule",
    "cue",
    "head_id",
    "tail_id",
    "head_text",
    "tail_text",
}
EVENT_KEYS = {
    "type",
    "date",
    "location",
    "actors",
    "targets",
    "casualties",
    "evidence",
    "evidence_start",
    "evidence_end",
}


def at(surface: str, actor: Actor, method: str = "gazetteer", nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(surface, start + 1)
    return Mention(start, start + len(surface), surface, actor.id, actor.type, method)


@pytest.fixture
def extraction() -> Extraction:
    front = Actor("sahel_front", "Sahel Front", "ARMED_GROUP", ("SF", "Front du Sahel"))
    brigade = Actor(
        "new:armed_group:northern_brigade", "Northern Brigade", "ARMED_GROUP", ("Northern Brigade",), provisional=True
    )
    gao = Actor("gao", "Gao", "LOCATION")
    article = Article(
        "doc-1",
        TEXT,
        title="A title",
        author="A. Writer",
        publisher="The Paper",
        published="2023-04-02",
        url="https://example.org/a",
        source="in/doc-1.txt",
    )
    first = TEXT[: TEXT.index(".") + 1]
    second_start = len(first) + 1
    second = TEXT[second_start : TEXT.index(".", second_start) + 1]
    claims = [
        Claim(
            "sahel_front",
            "ATTACKS",
            "gao",
            False,
            False,
            None,
            "2023-04",
            first,
            0,
            len(first),
            0.8,
            "frame:verb:subj->obj",
            "attack",
            "The Sahel Front",
            "Gao",
        ),
        Claim(
            "sahel_front",
            "PRAISES",
            brigade.id,
            False,
            True,
            "officials",
            None,
            second,
            second_start,
            second_start + len(second),
            0.42,
            "frame:verb:subj->obj",
            "praise",
            "SF",
            "Northern Brigade",
        ),
    ]
    events = [Event("ATTACK", "2023-04", "gao", ("sahel_front",), (), None, first, 0, len(first), "attack")]
    mentions = [
        at("Sahel Front", front),
        at("Gao", gao),
        at("SF", front, "acronym"),
        at("Northern Brigade", brigade, "ner"),
        at("It", front, "coref"),
    ]
    return Extraction(
        article,
        {a.id: a for a in (front, brigade, gao)},
        mentions,
        claims,
        events,
        "rules-test",
        "2023-04-02",
        "published",
    )


def test_top_level_fields_carry_the_articles_metadata(extraction):
    out = extraction_to_json(extraction)
    assert set(out) == SCHEMA_TOP
    assert (
        out["doc_id"],
        out["title"],
        out["author"],
        out["publisher"],
        out["published"],
        out["url"],
        out["source"],
        out["extractor_version"],
    ) == (
        "doc-1",
        "A title",
        "A. Writer",
        "The Paper",
        "2023-04-02",
        "https://example.org/a",
        "in/doc-1.txt",
        "rules-test",
    )
    assert (out["time_anchor"], out["time_anchor_source"]) == ("2023-04-02", "published")


def test_entities_sorted_by_name_with_kind_counts_and_aliases(extraction):
    entities = extraction_to_json(extraction)["entities"]
    assert [e["name"] for e in entities] == ["Gao", "Northern Brigade", "Sahel Front"]
    assert all(set(e) == ENTITY_KEYS for e in entities)
    front = entities[2]
    assert front["type"] == "ARMED_GROUP" and front["id"] == "sahel_front" and not front["provisional"]
    assert front["mentions"] == 3  # name, acronym and the resolved pronoun
    # surface forms first, then the KB's other names; never the canonical name, never a pronoun
    assert front["aliases"] == ["SF", "Front du Sahel"]
    brigade = entities[1]
    assert brigade["provisional"] and brigade["aliases"] == []


def test_relations_use_canonical_names_and_keep_provenance(extraction):
    attack, praise = extraction_to_json(extraction)["relations"]
    assert all(set(r) == RELATION_KEYS for r in (attack, praise))
    assert (attack["head"], attack["type"], attack["tail"], attack["time"]) == (
        "Sahel Front",
        "ATTACKS",
        "Gao",
        "2023-04",
    )
    assert (attack["time_source"], praise["time"], praise["time_source"]) == ("stated", None, "article")
    assert TEXT[attack["evidence_start"] : attack["evidence_end"]] == attack["evidence"]
    assert (praise["head"], praise["tail"], praise["head_text"], praise["tail_text"]) == (
        "Sahel Front",
        "Northern Brigade",
        "SF",
        "Northern Brigade",
    )
    assert (praise["negated"], praise["hedged"], praise["attributed_to"]) == (False, True, "officials")
    assert (praise["head_id"], praise["tail_id"]) == ("sahel_front", "new:armed_group:northern_brigade")
    assert (praise["confidence"], praise["rule"], praise["cue"]) == (0.42, "frame:verb:subj->obj", "praise")


def test_events_name_their_actors_and_place(extraction):
    (event,) = extraction_to_json(extraction)["events"]
    assert set(event) == EVENT_KEYS
    assert (event["type"], event["date"], event["location"], event["actors"], event["targets"]) == (
        "ATTACK",
        "2023-04",
        "Gao",
        ["Sahel Front"],
        [],
    )


def test_output_is_plain_json(extraction):
    out = extraction_to_json(extraction)
    assert json.loads(json.dumps(out)) == out


def test_kb_aliases_are_capped():
    many = tuple(f"Name {i}" for i in range(MAX_KB_ALIASES * 2))
    actor = Actor("big", "Big Group", "ARMED_GROUP", many)
    ex = Extraction(
        Article("d", "Big Group."), {"big": actor}, [Mention(0, 9, "Big Group", "big", "ARMED_GROUP", "gazetteer")]
    )
    (entity,) = extraction_to_json(ex)["entities"]
    assert entity["aliases"] == list(many[:MAX_KB_ALIASES])
