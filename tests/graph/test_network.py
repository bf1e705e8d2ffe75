"""Graph, metrics, paths and timelines (coalitions: test_coalitions.py); expected values worked out by hand."""

from __future__ import annotations

import itertools

import pytest

from factionmap.graph.network import (
    participation_coefficient,
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


def test_participation_coefficient_by_hand():
    p = participation_coefficient([("a", "x", 1.0), ("b", "x", 1.0), ("c", "x", 2.0)], [{"x", "a", "b"}, {"c"}])
    # x: strength 4, 2 into its own community, 2 into c's: 1 - (0.5^2 + 0.5^2) = 0.5
    assert p["x"] == pytest.approx(0.5)
    # c: its only tie goes to x's community: 1 - 1^2 = 0
    assert p["c"] == pytest.approx(0.0)
    assert participation_coefficient([], [{"lonely"}]) == {"lonely": 0.0}  # no ties: 0, not a division by zero


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
