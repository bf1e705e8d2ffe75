"""Queries over a small hand-built store (no spaCy): names, the relation answer, paths, who-questions."""

from __future__ import annotations

import dataclasses

import pytest

from factionmap.graph.maintained import refresh
from factionmap.model import Actor, Article, Claim, Extraction, Mention
from factionmap.queries.answers import LINEAGE_TYPES, Queries
from factionmap.queries.names import AmbiguousName, UnknownName
from factionmap.store.db import make_engine, migrate
from factionmap.store.dedupe import signature
from factionmap.store.writer import write_extraction

ACTORS = {
    a.id: a
    for a in (
        Actor("north_front", "North Front", "ARMED_GROUP", ("NF", "Jabhat al-Shamal")),
        Actor("river_brigade", "River Brigade", "ARMED_GROUP", ("Liwa al-Nahr",)),
        Actor("hill_council", "Hill Council", "ARMED_GROUP"),
        Actor("sea_army", "Sea Army", "ARMED_GROUP"),
        Actor("lone_cell", "Lone Cell", "ARMED_GROUP"),
        Actor("valley", "Valley", "LOCATION"),
    )
}


def claim(head: str, type_: str, tail: str, start: int = 0, **kw) -> Claim:
    values = {
        "negated": False,
        "hedged": False,
        "attributed_to": None,
        "time": None,
        "confidence": 0.8,
        "rule": "test",
    } | kw
    evidence = f"{ACTORS[head].name} {type_.lower()} {ACTORS[tail].name}."
    return Claim(
        head, type_, tail, evidence=evidence, evidence_start=start, evidence_end=start + len(evidence), **values
    )


def store(tmp_path, docs: list[tuple[str, str, list[Claim]]]):
    engine = make_engine(f"sqlite:///{tmp_path / 'q.db'}")
    migrate(engine)
    for doc_id, publisher, claims in docs:
        text = f"{doc_id}: " + " ".join(c.evidence for c in claims) + " " + doc_id * 20
        used = {c.head for c in claims} | {c.tail for c in claims}
        mentions = [Mention(0, 3, ACTORS[a].name, a, ACTORS[a].type, "gazetteer") for a in used]
        ex = Extraction(
            Article(doc_id, text, publisher=publisher, published="2023-01-01"),
            {a: ACTORS[a] for a in used},
            mentions,
            claims,
            extractor_version="v1",
        )
        write_extraction(engine, ex, signature(text), None, None, on_changed=refresh)
    return engine


@pytest.fixture
def queries(tmp_path) -> Queries:
    engine = store(
        tmp_path,
        [
            (
                "d1",
                "Alpha",
                [claim("north_front", "ALLY_OF", "river_brigade"), claim("north_front", "OPERATES_IN", "valley", 40)],
            ),
            (
                "d2",
                "Beta",
                [claim("river_brigade", "SUPPORTS", "hill_council"), claim("hill_council", "ATTACKS", "sea_army", 50)],
            ),
            (
                "d3",
                "Gamma",
                [
                    claim("north_front", "ALLY_OF", "river_brigade", hedged=True),
                    claim("sea_army", "OPERATES_IN", "valley", 60),
                ],
            ),
        ],
    )
    return Queries(engine)


def test_names_resolve_through_aliases_and_misspellings(queries):
    assert queries.resolver.resolve("Jabhat al-Shamal").id == "north_front"
    assert queries.resolver.resolve("the river brigade").id == "river_brigade"
    assert queries.resolver.resolve("Rivr Brigade").id == "river_brigade"
    with pytest.raises(UnknownName) as err:
        queries.resolver.resolve("Qqqqq Xxxx Front")
    assert not isinstance(err.value, AmbiguousName)


def test_relation_answer_counts_sources_and_reads_as_a_sentence(queries):
    answer = queries.relation("NF", "Liwa al-Nahr")
    ally = next(r for r in answer.relationships if r.type == "ALLY_OF")
    assert (ally.asserted, ally.independent_sources) == (2, 2)
    assert answer.summary.startswith("North Front is allied with River Brigade (2 claims, 2 independent sources")
    assert answer.path == []


def test_unrelated_pair_is_answered_with_the_chain_that_connects_them(queries):
    answer = queries.relation("North Front", "Sea Army")
    assert answer.relationships == []
    hops = [(r.head, r.type, r.tail) for r in answer.path]
    assert hops == [
        ("north_front", "ALLY_OF", "river_brigade"),
        ("river_brigade", "SUPPORTS", "hill_council"),
        ("hill_council", "ATTACKS", "sea_army"),
    ]  # not through the shared place: places are not links
    assert "connected through North Front → River Brigade → Hill Council → Sea Army" in answer.summary


def test_no_chain_at_all(tmp_path):
    engine = store(
        tmp_path,
        [
            ("d1", "Alpha", [claim("north_front", "ALLY_OF", "river_brigade")]),
            ("d2", "Beta", [claim("lone_cell", "OPERATES_IN", "valley")]),
        ],
    )
    answer = Queries(engine).relation("North Front", "Lone Cell")
    assert (answer.relationships, answer.path) == ([], [])
    assert answer.summary == "No article in the store relates North Front and Lone Cell."


def test_who_questions_take_the_named_actor_in_its_role(queries):
    supporters = queries.who("Hill Council", ["SUPPORTS"], "tail")
    assert [(r.head, r.tail) for r in supporters] == [("river_brigade", "hill_council")]
    assert queries.who("Hill Council", ["SUPPORTS"], "head") == []
    allies = queries.who("River Brigade", ["ALLY_OF"], "tail")  # symmetric: either side
    assert [r.type for r in allies] == ["ALLY_OF"]


def test_an_exact_id_resolves_as_it_is_even_a_provisional_one(tmp_path):
    ACTORS["new:armed_group:dune riders"] = Actor(
        "new:armed_group:dune riders", "Dune Riders", "ARMED_GROUP", provisional=True
    )
    try:
        engine = store(tmp_path, [("d1", "Alpha", [claim("new:armed_group:dune riders", "ATTACKS", "sea_army")])])
        resolver = Queries(engine).resolver
        assert resolver.resolve("new:armed_group:dune riders").name == "Dune Riders"
        assert resolver.resolve("sea_army").id == "sea_army"
        assert resolver.resolve("Dune Riders").id == "new:armed_group:dune riders"
    finally:
        del ACTORS["new:armed_group:dune riders"]


def test_the_watchlist_weighs_a_partisan_source_as_the_relation_answer_does(tmp_path):
    # "a spokesman of Jabhat al-Shamal" speaks for the North Front under one of its aliases: both answers
    # must discount it as partisan, or the watchlist reports confidences the relation answer never gives.
    spokesman = claim(
        "north_front", "ATTACKS", "sea_army", attributed_to="a spokesman of Jabhat al-Shamal", time="2023"
    )
    queries = Queries(store(tmp_path, [("d1", "Alpha", [spokesman])]))
    answered = {r.key: r.confidence for r in queries.relation("North Front", "Sea Army").relationships}
    watched = {
        ch.relationship.key: ch.relationship.confidence
        for ch in queries.changes("2000", by_ingestion=False)
        if ch.relationship
    }
    assert answered == watched
    assert answered[("north_front", "ATTACKS", "sea_army")] < 0.8 * 0.85  # partisan (x0.6), not third party


def _statements(engine):
    """The SQL statements the engine runs while the ``with`` block is open (SQLAlchemy's cursor event)."""
    from contextlib import contextmanager

    from sqlalchemy import event

    @contextmanager
    def counting():
        seen: list[str] = []

        def count(conn, cursor, statement, params, context, executemany):
            seen.append(statement)

        event.listen(engine, "before_cursor_execute", count)
        try:
            yield seen
        finally:
            event.remove(engine, "before_cursor_execute", count)

    return counting()


def test_a_relation_answer_reads_the_store_at_most_ten_times_and_comes_complete(queries):
    queries.relation("NF", "Liwa al-Nahr")  # warm: the resolver's knowledge base, the vocabulary
    with _statements(queries.engine) as seen:
        answer = queries.relation("NF", "Liwa al-Nahr")
    assert len(seen) <= 10, "\n".join(seen)
    named = {answer.a.id, answer.b.id} | {x for r in answer.relationships for x in (r.head, r.tail)}
    assert named <= set(answer.actors) and answer.names["river_brigade"] == "River Brigade"
    assert answer.claim_counts == {"north_front": 3, "river_brigade": 3}
    with _statements(queries.engine) as seen:  # the public record is built from the answer alone
        from factionmap.public import convert

        record = convert.relation_answer(answer)
    assert seen == [] and record.a.claims == 3 and record.relationships[0].head_name == "North Front"


def test_the_answers_the_edges_once_built_themselves(queries):
    path = queries.path("North Front", "Sea Army")
    assert [r.type for r in path.path] and {"north_front", "sea_army"} <= set(path.actors)
    asked = queries.ask("Who supports the Hill Council?")
    assert asked.reading.kind == "who" and [r.head for r in asked.relationships] == ["river_brigade"]
    assert asked.names["river_brigade"] == "River Brigade"
    pair = queries.ask("What is the relationship between NF and Liwa al-Nahr?")
    assert pair.relation is not None and {r.type for r in pair.relationships} == {"ALLY_OF"}


def test_a_document_answer_carries_its_mentions_claims_and_their_actors(queries):
    from factionmap.errors import NotFound

    doc = queries.document(1)
    assert doc.doc_id == "d1" and doc.text.startswith("d1: ")
    assert {m[3] for m in doc.mentions} == {"north_front", "river_brigade", "valley"}
    assert {(c.head, c.type, c.tail) for c in doc.claims} == {
        ("north_front", "ALLY_OF", "river_brigade"),
        ("north_front", "OPERATES_IN", "valley"),
    }
    assert doc.names["valley"] == "Valley"
    with pytest.raises(NotFound):
        queries.document(999)


def test_an_export_bundle_names_every_actor_of_its_relationships(queries):
    rels = queries.all_relationships()
    bundle = queries.export_bundle(rels)
    assert bundle.relationships == rels and bundle.reference == []  # this store holds no reference rows
    assert {x for r in rels for x in (r.head, r.tail)} <= set(bundle.actors)
    assert queries.export_bundle(rels, reference=False).reference == []


def test_a_timeline_answer_names_the_actor_and_every_counterpart(queries):
    answer = queries.timeline("River Brigade")
    assert answer.actor.id == "river_brigade"
    assert {(t.counterpart, t.type) for t in answer.tracks} == {
        ("north_front", "ALLY_OF"),
        ("hill_council", "SUPPORTS"),
    }
    assert {"river_brigade", "north_front", "hill_council"} <= set(answer.names)


def test_a_profile_from_the_table_reads_only_the_shown_claims_and_matches_the_aggregation(queries, monkeypatch):
    """With ``claims_for`` (the API and the pages) the relationships come from the maintained table and only
    the strongest ones get their claims; every number, the outlets and the documents equal the answer
    aggregated from all of the actor's claims (the command line's)."""
    from factionmap.store import reader

    full = queries.actor("River Brigade")
    monkeypatch.setattr(reader, "claims_of", lambda *a, **k: pytest.fail("the actor's claims were all read"))
    table = queries.actor("River Brigade", claims_for=1)
    assert [r.key for r in table.relationships] == [r.key for r in full.relationships]
    assert [dataclasses.replace(r, claims=()) for r in table.relationships] == [
        dataclasses.replace(r, claims=()) for r in full.relationships
    ]
    lineage = [r.key for r in table.relationships if r.type in LINEAGE_TYPES][:1]
    shown = {table.relationships[0].key, *lineage}  # the strongest and the strongest lineage one
    for got, want in zip(table.relationships, full.relationships, strict=True):
        assert got == (want if got.key in shown else dataclasses.replace(want, claims=()))
    assert (table.outlets, table.documents) == (full.outlets, full.documents)


@pytest.mark.parametrize(("since", "by_ingestion"), [("2022", False), ("2023-06", False), ("2000", True)])
def test_changes_read_only_the_pairs_with_new_claims_and_match_the_whole_store(tmp_path, since, by_ingestion):
    """The watchlist reads the claims of the pairs with a new claim only; what it finds equals the answer
    worked out from every claim of the store (contradictions.changes over all of them)."""
    from factionmap.graph import contradictions
    from factionmap.store import reader

    engine = store(
        tmp_path,
        [
            ("d1", "Alpha", [claim("north_front", "ALLY_OF", "river_brigade", time="2021")]),
            ("d2", "Beta", [claim("north_front", "RIVAL_OF", "river_brigade", time="2023-07")]),
            ("d3", "Gamma", [claim("hill_council", "ATTACKS", "sea_army", time="2022-02", negated=True)]),
            (
                "d4",
                "Alpha",
                [
                    claim("hill_council", "ATTACKS", "sea_army", time="2020"),
                    claim("sea_army", "SUPPORTS", "lone_cell", 40),
                ],
            ),
        ],
    )
    q = Queries(engine)
    everything = list(reader.iter_claims(engine))
    ids = {x for c in everything for x in (c.head, c.tail)}
    want = contradictions.changes(
        everything,
        since,
        ingested=reader.ingestion_dates(engine) if by_ingestion else None,
        names=q.names(ids),
        aliases=q.aliases(ids),
    )
    got = q.changes(since, by_ingestion=by_ingestion)
    assert got == want and got
