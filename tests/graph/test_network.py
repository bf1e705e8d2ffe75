"""Graph, metrics, paths and timelines (coalitions: test_coalitions.py); expected values worked out by hand."""

from __future__ import annotations

import io
import itertools

import networkx as nx
import pytest

from factionmap.errors import InvalidInput, NotFound
from factionmap.graph.network import (
    active_at,
    betweenness,
    build_graph,
    participation_coefficient,
    path,
    strength,
    timeline,
)
from factionmap.graph.relationships import Relationship
from factionmap.model import Claim, Source, StoredClaim

_ids = itertools.count(1)


def rel(
    head: str, type_: str, tail: str, confidence: float = 0.9, status: str = "asserted", first: str | None = None
) -> Relationship:
    return Relationship(head, type_, tail, (), 1, 0, 1, first, first, None, None, 0.0, confidence, status)


def claim(
    head: str, type_: str, tail: str, published: str | None, *, time: str | None = None, negated: bool = False
) -> StoredClaim:
    n = next(_ids)
    src = Source(n, f"d{n}", None, None, f"outlet{n}", published, None, n)
    return StoredClaim(f"c{n}", Claim(head, type_, tail, negated, False, None, time, "e", 0, 1, 0.8, "r"), src)


def test_build_graph_one_edge_per_relationship_without_denied_or_none_attributes():
    g = build_graph(
        [
            rel("a", "ALLY_OF", "b", 0.7, first="2020"),
            rel("a", "SUPPORTS", "b", 0.5),
            rel("b", "ATTACKS", "c", 0.0, status="denied"),
        ]
    )
    assert sorted(g.edges(keys=True)) == [("a", "b", "ALLY_OF"), ("a", "b", "SUPPORTS")]
    edge = g.edges["a", "b", "ALLY_OF"]
    assert (edge["weight"], edge["symmetric"], edge["first_time"]) == (0.7, True, "2020")
    assert "valid_to" not in edge and g.edges["a", "b", "SUPPORTS"]["symmetric"] is False
    nx.write_graphml(g, io.BytesIO())  # primitives only: Gephi's formats accept it


def test_strength_is_the_weighted_degree():
    g = nx.Graph()
    g.add_edge("x", "y", weight=0.5)
    g.add_edge("x", "z", weight=0.25)
    assert strength(g) == {"x": 0.75, "y": 0.5, "z": 0.25}


def test_participation_coefficient_by_hand():
    g = nx.Graph()
    g.add_edge("x", "a", weight=1)
    g.add_edge("x", "b", weight=1)
    g.add_edge("x", "c", weight=2)
    p = participation_coefficient(g, [{"x", "a", "b"}, {"c"}])
    # x: strength 4, 2 into its own community, 2 into c's: 1 - (0.5^2 + 0.5^2) = 0.5
    assert p["x"] == pytest.approx(0.5)
    # c: its only tie goes to x's community: 1 - 1^2 = 0
    assert p["c"] == pytest.approx(0.0)


def test_betweenness_on_a_chain_by_hand():
    g = nx.path_graph(["a", "b", "c", "d"])
    # b lies on the a-c and a-d shortest paths: 2 of the 3 pairs not involving it
    assert betweenness(g) == pytest.approx({"a": 0.0, "b": 2 / 3, "c": 2 / 3, "d": 0.0})


def test_path_by_hops_or_by_confidence():
    rels = [rel("a", "ALLY_OF", "b", 0.9), rel("b", "SUPPORTS", "c", 0.9), rel("a", "RIVAL_OF", "c", 0.1)]
    assert [r.key for r in path(rels, "a", "c")] == [("a", "RIVAL_OF", "c")]
    # -log 0.9 * 2 = 0.21 < -log 0.1 = 2.30
    assert [r.key for r in path(rels, "a", "c", by="confidence")] == [("a", "ALLY_OF", "b"), ("b", "SUPPORTS", "c")]
    assert [r.key for r in path(rels, "c", "a", types={"ALLY_OF", "SUPPORTS"})] == [
        ("b", "SUPPORTS", "c"),
        ("a", "ALLY_OF", "b"),
    ]


def test_path_prefers_the_more_confident_of_equally_short_chains():
    rels = [
        rel("a", "ALLY_OF", "x", 0.3),
        rel("x", "ALLY_OF", "b", 0.3),
        rel("a", "ALLY_OF", "y", 0.8),
        rel("y", "ALLY_OF", "b", 0.8),
    ]
    assert [r.key for r in path(rels, "a", "b")] == [("a", "ALLY_OF", "y"), ("y", "ALLY_OF", "b")]


def test_path_skips_places_and_denials_and_reports_unknown_actors():
    rels = [
        rel("a", "OPERATES_IN", "town"),
        rel("c", "OPERATES_IN", "town"),
        rel("a", "ALLY_OF", "c", 0.0, "denied"),
        rel("a", "ALLY_OF", "d"),
    ]
    assert path(rels, "a", "d") and path(rels, "d", "a")[0].key == ("a", "ALLY_OF", "d")
    with pytest.raises(NotFound):
        path(rels, "a", "c")  # c's only ties are a place and a denial
    assert len(path(rels, "a", "c", types={"OPERATES_IN"})) == 2
    assert path([*rels, rel("e", "ALLY_OF", "f")], "a", "e") == []
    with pytest.raises(InvalidInput):
        path(rels, "a", "d", by="vibes")


def test_timeline_tracks_per_counterpart_and_type():
    claims = [
        claim("cell", "AFFILIATE_OF", "core", "2015", time="2012"),
        claim("cell", "AFFILIATE_OF", "core", "2016"),
        claim("cell", "SPLINTER_OF", "core", "2019", time="2017"),
        claim("rival", "ATTACKS", "cell", None),
        claim("cell", "ALLY_OF", "aaa", "2021-05"),
        claim("other", "ALLY_OF", "third", "2020"),
    ]  # not about cell: ignored
    tracks = timeline(claims, "cell")
    assert [(t.counterpart, t.type, t.direction) for t in tracks] == [
        ("core", "AFFILIATE_OF", "out"),
        ("core", "SPLINTER_OF", "out"),
        ("aaa", "ALLY_OF", "both"),
        ("rival", "ATTACKS", "in"),
    ]
    affiliation = tracks[0]
    assert (affiliation.start, affiliation.end) == ("2012", "2017")  # explicit start, ended by the split
    assert [(p.date, p.explicit) for p in affiliation.points] == [("2012", True), ("2016", False)]
    assert (tracks[3].points, tracks[3].undated) == ((), 1)
    assert active_at(affiliation, "2014") and not active_at(affiliation, "2018")
    assert not active_at(tracks[3], "2014")  # undated: no bar
