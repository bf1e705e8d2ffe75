"""The map's filters and its as_of rule, on a hand-made snapshot (no store needed)."""

from __future__ import annotations

import pytest

from factionmap.api.mapdata import MapSnapshot, filtered, in_force, parse_types
from factionmap.api.schemas import MapDates, MapEdge, MapNode
from factionmap.errors import InvalidInput


def edge(
    source: str,
    target: str,
    type_: str = "ALLY_OF",
    *,
    first: str | None = None,
    valid_from: str | None = None,
    valid_to: str | None = None,
    sources: int = 1,
    confidence: float = 0.6,
) -> MapEdge:
    return MapEdge(
        id=f"{source}|{type_}|{target}",
        source=source,
        target=target,
        type=type_,
        label=type_.lower(),
        symmetric=True,
        confidence=confidence,
        sources=sources,
        first_time=first,
        last_time=first,
        valid_from=valid_from,
        valid_to=valid_to,
        status="asserted",
    )


def node(actor_id: str, *country: str) -> MapNode:
    return MapNode(id=actor_id, name=actor_id.title(), type="ARMED_GROUP", country=list(country), degree=0)


@pytest.fixture
def snapshot() -> MapSnapshot:
    edges = (
        edge("a", "b", first="2015-06"),
        edge("a", "c", "SUPPORTS", valid_from="2018", valid_to="2020-03"),
        edge("b", "d", sources=3, confidence=0.9),
        edge("c", "d", "ATTACKS", first="2021-01-05"),
    )
    nodes = {"a": node("a", "Mali"), "b": node("b", "Niger"), "c": node("c", "Mali", "Niger"), "d": node("d", "Chad")}
    return MapSnapshot((1,), (), nodes, edges, MapDates(min="2015-06", max="2021-01-05"), ("Chad", "Mali", "Niger"))


@pytest.mark.parametrize(
    ("as_of", "kept"),
    [
        ("2014", False),  # before its first claim
        ("2015", True),  # the same year, at the common precision
        ("2015-06-30", True),
        ("2030", True),  # no end: still in force
    ],
)
def test_an_edge_is_in_force_from_its_start(as_of, kept):
    assert in_force(edge("a", "b", first="2015-06"), as_of) is kept


@pytest.mark.parametrize(("as_of", "kept"), [("2017", False), ("2019-12", True), ("2020", True), ("2020-04", False)])
def test_an_edge_with_a_dated_end_leaves_the_map_after_it(as_of, kept):
    assert in_force(edge("a", "c", valid_from="2018", valid_to="2020-03"), as_of) is kept


def test_an_undated_edge_is_always_in_force():
    assert in_force(edge("b", "d"), "1900")


def test_filters_keep_edges_and_count_degrees_on_what_is_left(snapshot):
    data = filtered(snapshot, as_of="2016")
    assert [e.id for e in data.edges] == ["a|ALLY_OF|b", "b|ALLY_OF|d"]
    assert {n.id: n.degree for n in data.nodes} == {"a": 1, "b": 2, "d": 1}
    assert data.dates.min == "2015-06" and data.regions == ["Chad", "Mali", "Niger"]
    assert [e.id for e in filtered(snapshot, types={"SUPPORTS", "ATTACKS"}).edges] == ["a|SUPPORTS|c", "c|ATTACKS|d"]
    assert [e.id for e in filtered(snapshot, min_sources=2, min_confidence=0.8).edges] == ["b|ALLY_OF|d"]


def test_region_keeps_edges_with_an_end_there(snapshot):
    assert [e.id for e in filtered(snapshot, region="chad").edges] == ["b|ALLY_OF|d", "c|ATTACKS|d"]
    assert filtered(snapshot, region="Yemen").edges == []


def test_types_are_checked_against_the_vocabulary():
    assert parse_types(" ally_of, SUPPORTS ,") == {"ALLY_OF", "SUPPORTS"}
    assert parse_types(None) == frozenset()
    with pytest.raises(InvalidInput) as caught:
        parse_types("ALLY_OF,BEST_FRIENDS")
    assert caught.value.field == "types" and "BEST_FRIENDS" in str(caught.value)
