"""The map's filters and its as_of rule, as SQL on the store's relationships table (hand-made rows)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from factionmap.api.mapdata import map_answer, overview, parse_types
from factionmap.errors import InvalidInput
from factionmap.isodates import earlier
from factionmap.queries.answers import Queries
from factionmap.store import schema as t
from factionmap.store.db import bulk_insert, make_engine, migrate

ACTORS = {"a": "ML", "b": "NE", "c": "ML,NE", "d": "TD", "e": "SD"}


def row(head: str, tail: str, type_: str = "ALLY_OF", **values) -> dict:
    base = {
        "head_id": head,
        "type": type_,
        "tail_id": tail,
        "claim_count": 1,
        "asserted": 1,
        "negated": 0,
        "independent_sources": 1,
        "first_time": None,
        "last_time": None,
        "valid_from": None,
        "valid_to": None,
        "first_reported": None,
        "last_reported": None,
        "share_hedged": 0.0,
        "confidence": 0.6,
        "status": "asserted",
        "support": 0.6,
        "denial": 0.0,
        "accepted": 0,
        "evidence": "{}",
        "updated_at": datetime.now(UTC),
    }
    return base | values


ROWS = [
    row("a", "b", first_time="2015-06", last_time="2015-06", valid_from="2015-06"),
    row("a", "c", "SUPPORTS", valid_from="2018", first_time="2018", last_time="2018", valid_to="2020-03"),
    row("b", "d", independent_sources=3, confidence=0.9, support=0.9),
    row("c", "d", "ATTACKS", first_time="2021-01-05", last_time="2021-01-05", valid_from="2021-01-05"),
    row("d", "e", "ATTACKS", status="denied", confidence=0.0, asserted=0, negated=1),  # no assertion: no dates
]


@pytest.fixture(scope="module")
def queries(tmp_path_factory) -> Queries:
    engine = make_engine(f"sqlite:///{tmp_path_factory.mktemp('map') / 'store.db'}")
    migrate(engine)
    with engine.begin() as conn:
        actors = [
            {"id": i, "name": i.upper(), "type": "ARMED_GROUP", "country": c, "provisional": False}
            for i, c in ACTORS.items()
        ]
        bulk_insert(conn, t.actors, actors)
        bulk_insert(conn, t.relationships, ROWS)
    return Queries(engine)


def ids(queries: Queries, **filters) -> list[str]:
    return [e.id for e in map_answer(queries, overview(queries), **filters).edges]


@pytest.mark.parametrize(
    ("as_of", "kept"),
    [
        ("2014", ["b|ALLY_OF|d"]),  # before the alliance's first claim; the undated edge is always in force
        ("2015", ["b|ALLY_OF|d", "a|ALLY_OF|b"]),  # the same year, at the common precision
        ("2015-06-30", ["b|ALLY_OF|d", "a|ALLY_OF|b"]),
        ("2019-12", ["b|ALLY_OF|d", "a|ALLY_OF|b", "a|SUPPORTS|c"]),
        ("2020", ["b|ALLY_OF|d", "a|ALLY_OF|b", "a|SUPPORTS|c"]),  # its end, 2020-03, is within 2020
        ("2020-04", ["b|ALLY_OF|d", "a|ALLY_OF|b"]),  # after its dated end
        ("2030", ["b|ALLY_OF|d", "a|ALLY_OF|b", "c|ATTACKS|d"]),
    ],
)
def test_an_edge_is_in_force_from_its_start_until_its_end(queries, as_of, kept):
    assert ids(queries, as_of=as_of) == kept


@pytest.mark.parametrize("as_of", ["2014", "2015", "2015-05", "2015-06", "2015-06-01", "2018", "2020-03", "2021"])
def test_the_sql_rule_is_isodates_earlier(queries, as_of):
    """The SQL comparison at the common precision keeps exactly what isodates.earlier would."""

    def in_force(r: dict) -> bool:
        start = r["valid_from"] or r["first_time"]
        return not (start and earlier(as_of, start)) and not (r["valid_to"] and earlier(r["valid_to"], as_of))

    want = {f"{r['head_id']}|{r['type']}|{r['tail_id']}" for r in ROWS if r["status"] != "denied" and in_force(r)}
    assert set(ids(queries, as_of=as_of)) == want


def test_filters_keep_edges_and_count_degrees_on_what_is_left(queries):
    data = map_answer(queries, overview(queries), as_of="2016")
    assert [e.id for e in data.edges] == ["b|ALLY_OF|d", "a|ALLY_OF|b"]  # strongest first
    assert {n.id: n.degree for n in data.nodes} == {"a": 1, "b": 2, "d": 1}
    assert data.total_edges == 2
    assert ids(queries, types={"SUPPORTS", "ATTACKS"}) == ["a|SUPPORTS|c", "c|ATTACKS|d"]
    assert ids(queries, min_sources=2, min_confidence=0.8) == ["b|ALLY_OF|d"]
    capped = map_answer(queries, overview(queries), max_edges=1)
    assert [e.id for e in capped.edges] == ["b|ALLY_OF|d"] and capped.total_edges == 4


def test_denied_relationships_are_not_edges(queries):
    assert "d|ATTACKS|e" not in ids(queries)
    assert map_answer(queries, overview(queries)).total_edges == 4


def test_the_overview_spans_the_edges_dates_and_lists_the_actors_countries(queries):
    seen = overview(queries)
    assert (seen.dates.min, seen.dates.max) == ("2015-06", "2021-01-05")
    assert seen.regions == ("ML", "NE", "SD", "TD")


def test_region_keeps_edges_with_an_end_there(queries):
    assert ids(queries, region="td") == ["b|ALLY_OF|d", "c|ATTACKS|d"]
    assert ids(queries, region="Yemen") == []
    # "c" is recorded in two countries; a country matches whole, never part of another's code
    assert ids(queries, region="ne") == ["b|ALLY_OF|d", "a|ALLY_OF|b", "a|SUPPORTS|c", "c|ATTACKS|d"]
    assert ids(queries, region="n") == [] and ids(queries, region="%") == []


def test_types_are_checked_against_the_vocabulary():
    assert parse_types(" ally_of, SUPPORTS ,") == {"ALLY_OF", "SUPPORTS"}
    assert parse_types(None) == frozenset()
    with pytest.raises(InvalidInput) as caught:
        parse_types("ALLY_OF,BEST_FRIENDS")
    assert caught.value.field == "types" and "BEST_FRIENDS" in str(caught.value)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"as_of": "2016"},
        {"as_of": "2021-06"},
        {"types": {"ALLY_OF", "ATTACKS"}},
        {"min_sources": 2},
        {"min_confidence": 0.5, "max_edges": 5},
        {"region": "af"},
    ],
)
def test_the_table_and_the_aggregated_claims_give_the_same_map(sample_db, filters):
    """A server given a reliability file maps from the aggregated claims (map_answer with rels); without one,
    from the table. With the default weights both must give the same answer on the sample articles."""
    queries = Queries(make_engine(f"sqlite:///{sample_db}"))
    seen = overview(queries)
    from_claims = map_answer(queries, seen, rels=queries.all_relationships(), **filters)
    assert map_answer(queries, seen, **filters) == from_claims
    assert from_claims.edges or filters.get("region")


def test_the_map_shows_each_stored_document_at_once(sample_db, tmp_path):
    """The map reads the table each write maintains, so a document stored outside any run (as `watch` stores
    them one by one) is on the next map, not after the run ends."""
    from factionmap.graph.maintained import refresh
    from factionmap.model import Actor, Article, Claim, Extraction
    from factionmap.store.dedupe import signature
    from factionmap.store.writer import write_extraction
    from tests.api.conftest import client_for, copy_store

    path = copy_store(sample_db, tmp_path)
    client = client_for(path)
    before = client.get("/api/map", params={"max_edges": 20000}).json()
    actors = {i: Actor(i, i.replace("_", " ").title(), "ARMED_GROUP") for i in ("lake_front", "delta_band")}
    text = "The Lake Front and the Delta Band announced an alliance in the marshes, a spokesman said on Friday."
    claim = Claim("lake_front", "ALLY_OF", "delta_band", False, False, None, "2024-05", text, 0, len(text), 0.9, "t")
    article = Article("watched-1", text, publisher="Marsh Wire", published="2024-05-03")
    engine = make_engine(f"sqlite:///{path}")
    write_extraction(engine, Extraction(article, actors, [], [claim]), signature(text), None, None, on_changed=refresh)
    after = client.get("/api/map", params={"max_edges": 20000}).json()
    assert after["total_edges"] == before["total_edges"] + 1
    assert "delta_band|ALLY_OF|lake_front" in {e["id"] for e in after["edges"]}


@pytest.mark.parametrize("params", [{}, {"actor": "taliban"}, {"type": "ALLY_OF,SUPPORTS", "min_sources": 1}])
def test_the_relationships_list_from_the_table_equals_the_aggregated_one(client, params):
    """Without a date the list reads the table and the claims of its page; with a date after every claim
    it aggregates all of them: the same relationships, numbers and claims."""
    today = client.get("/api/relationships", params={"limit": 500, **params}).json()
    aggregated = client.get("/api/relationships", params={"limit": 500, "as_of": "2100", **params}).json()
    assert today == aggregated and today["count"] > 0
