"""Network and timeline pictures: a real PNG of a sensible size, and the drawn content as expected."""

from __future__ import annotations

import struct
from datetime import date

import pytest

from factionmap.errors import NotFound
from factionmap.graph.pictures import (
    ACTOR_COLOURS,
    DPI,
    NETWORK_SIZE,
    RELATION_COLOURS,
    draw_network,
    draw_timeline,
)
from factionmap.graph.relationships import Relationship, aggregate
from factionmap.model import ACTOR_TYPES, Actor, Claim, ReferenceRelation, Source, StoredClaim
from factionmap.vocab import load_vocab

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

ACTORS = {
    "red_band": Actor("red_band", "Red Band", "ARMED_GROUP"),
    "blue_army": Actor("blue_army", "Blue Army", "ARMED_GROUP"),
    "ruritania": Actor("ruritania", "Ruritania", "STATE"),
    "ivan_k": Actor("ivan_k", "Ivan K.", "PERSON"),
    "far_cell": Actor("far_cell", "Far Cell", "ARMED_GROUP"),
}


def claim(claim_id: str, head: str, rtype: str, tail: str, time: str | None, negated: bool = False) -> StoredClaim:
    src = Source(1, claim_id, None, None, "Gazette", None, None, 1)
    return StoredClaim(claim_id, Claim(head, rtype, tail, negated, False, None, time, "quote", 0, 5, 0.8, "rule"), src)


def relationship(
    head: str,
    rtype: str,
    tail: str,
    times: tuple[str | None, ...],
    *,
    confidence: float = 0.6,
    valid_from: str | None = None,
    valid_to: str | None = None,
    negated: int = 0,
) -> Relationship:
    claims = tuple(
        claim(f"{head}{rtype}{tail}{i}", head, rtype, tail, t, negated=i < negated) for i, t in enumerate(times)
    )
    dated = sorted(t for t in times if t)
    return Relationship(
        head,
        rtype,
        tail,
        claims,
        len(claims) - negated,
        negated,
        1,
        dated[0] if dated else None,
        dated[-1] if dated else None,
        valid_from,
        valid_to,
        0.0,
        confidence,
        "asserted",
    )


RELS = [
    relationship(
        "red_band", "ALLY_OF", "blue_army", ("2018-02", "2019"), confidence=0.9, valid_from="2018", valid_to="2020-03"
    ),
    relationship("red_band", "SPLINTER_OF", "blue_army", ("2020-04",), valid_from="2020-04"),
    relationship("ruritania", "SUPPORTS", "red_band", ("2019-06-01", None), confidence=0.3, negated=1),
    relationship("ruritania", "ATTACKS", "blue_army", ("2021",)),
    relationship("ivan_k", "LEADS", "far_cell", ("2017",)),  # two hops away from red_band
    relationship("ivan_k", "LEADS", "red_band", (None, None), confidence=0.1),  # never dated
]
REFERENCE = [ReferenceRelation("red_band", "AFFILIATE_OF", "blue_army", "2015", None, "mmp_rel:9", "MMP")]


def png_size(path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == PNG_SIGNATURE and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_network_draws_the_neighbourhood(tmp_path):
    path = tmp_path / "map.png"
    graph = draw_network(RELS, ACTORS, "red_band", path, reference=REFERENCE)
    width, height = png_size(path)
    assert (width, height) == (NETWORK_SIZE[0] * DPI, NETWORK_SIZE[1] * DPI)
    assert set(graph) == {"red_band", "blue_army", "ruritania", "ivan_k"}  # far_cell is two hops away
    edges = {(u, v, d["relation"], d["origin"]) for u, v, d in graph.edges(data=True)}
    assert edges == {
        ("red_band", "blue_army", "ALLY_OF", "news"),
        ("red_band", "blue_army", "SPLINTER_OF", "news"),
        ("ruritania", "red_band", "SUPPORTS", "news"),
        ("ruritania", "blue_army", "ATTACKS", "news"),
        ("red_band", "blue_army", "AFFILIATE_OF", "reference"),
        ("ivan_k", "red_band", "LEADS", "news"),
    }
    assert graph.nodes["ruritania"]["type"] == "STATE"


def test_network_keeps_the_strongest_counterparts(tmp_path):
    graph = draw_network(RELS, ACTORS, "red_band", tmp_path / "m.png", limit=1)
    assert set(graph) == {"red_band", "blue_army"}  # ALLY_OF 0.9 beats SUPPORTS 0.3


def test_network_of_an_actor_without_relationships_is_one_node(tmp_path):
    graph = draw_network(RELS, {**ACTORS, "loner": Actor("loner", "Loner", "PERSON")}, "loner", tmp_path / "m.png")
    assert list(graph) == ["loner"] and graph.number_of_edges() == 0
    assert png_size(tmp_path / "m.png")[0] > 0


def test_unknown_focus_is_not_found(tmp_path):
    with pytest.raises(NotFound):
        draw_network(RELS, ACTORS, "nobody", tmp_path / "m.png")
    with pytest.raises(NotFound):
        draw_timeline(RELS, ACTORS, "nobody", tmp_path / "t.png")
    assert not (tmp_path / "m.png").exists()


def test_timeline_rows_points_and_bars(tmp_path):
    path = tmp_path / "timeline.png"
    summary = draw_timeline(RELS, ACTORS, "red_band", path, reference=REFERENCE)
    width, height = png_size(path)
    assert 800 <= width <= 2000 and 250 <= height <= 1500
    labels = [r.label for r in summary.rows]
    assert labels == [
        "[ref] → Blue Army (AFFILIATE_OF)",
        "↔ Blue Army (ALLY_OF)",
        "← Ruritania (SUPPORTS)",
        "→ Blue Army (SPLINTER_OF)",
    ]  # earliest first; the undated LEADS row is left out
    ally = summary.rows[1]
    assert ally.points == ((date(2018, 2, 14), False, True), (date(2019, 7, 2), False, True))  # stated: filled
    assert ally.interval == (date(2018, 1, 1), date(2020, 3, 31))
    assert summary.rows[2].points == ((date(2019, 6, 1), True, True),)  # the denial, drawn as a cross
    assert summary.rows[0].interval == (date(2015, 1, 1), None)  # open end runs to the right edge
    assert (summary.points, summary.bars, summary.undated) == (4, 3, 3)


def test_every_type_has_a_fixed_colour():
    assert set(load_vocab().relations) <= set(RELATION_COLOURS)
    assert set(ACTOR_TYPES) <= set(ACTOR_COLOURS)
    assert len(set(RELATION_COLOURS.values())) == len(RELATION_COLOURS)  # no two types look alike


def test_a_claim_dated_only_by_its_article_is_a_hollow_point_and_draws_no_bar(tmp_path):
    reported = StoredClaim(
        "r1",
        Claim("red_band", "ATTACKS", "blue_army", False, False, None, None, "evidence", 0, 8, 0.7, "rule"),
        Source(2, "r1", None, None, "Gazette", "2016-10", None, 2),
    )
    rel = aggregate([reported])[0]
    summary = draw_timeline([rel], ACTORS, "red_band", tmp_path / "t.png")
    (row,) = summary.rows
    assert row.points == ((date(2016, 10, 16), False, False),)  # at its article's date, marked not stated
    assert row.interval is None and summary.bars == 0
