"""GEXF and CSV exports (GraphML: test_graphml.py; JSON: tests/public/test_export.py), read back as a tool would."""

from __future__ import annotations

import csv

import networkx as nx
import pytest

from factionmap.graph.exports import (
    CSV_FILES,
    csv_cell,
    write_csv,
    write_gexf,
)
from factionmap.graph.relationships import Relationship
from factionmap.model import Actor, Claim, ReferenceRelation, Source, StoredClaim

HOSTILE = "They said \"<script>alert('x')</script>\", then, of course,\n=cmd|' /C calc'!A0 & <b>bold</b>"
FORMULA = "=cmd|' /C calc'!A0"


def claim(
    claim_id: str,
    head: str,
    rtype: str,
    tail: str,
    *,
    evidence: str = "Red Band allied with Blue Army.",
    time: str | None = "2019-03",
    negated: bool = False,
    publisher: str | None = "Gazette",
    title: str | None = "Fighting in the hills",
    attributed_to: str | None = None,
) -> StoredClaim:
    src = Source(
        1, f"doc-{claim_id}", title, f"https://news.example/{claim_id}?a=1&b=2", publisher, "2019-04-01", None, 7
    )
    return StoredClaim(
        claim_id,
        Claim(head, rtype, tail, negated, False, attributed_to, time, evidence, 0, len(evidence), 0.8, "test-rule"),
        src,
    )


def relationship(
    head: str,
    rtype: str,
    tail: str,
    claims: tuple[StoredClaim, ...],
    *,
    confidence: float = 0.7,
    valid_from: str | None = None,
    valid_to: str | None = None,
) -> Relationship:
    return Relationship(
        head,
        rtype,
        tail,
        claims,
        len(claims),
        0,
        len(claims),
        "2019-03",
        "2020-01",
        valid_from,
        valid_to,
        0.0,
        confidence,
        "asserted",
    )


ACTORS = {
    "red_band": Actor("red_band", "Red Band", "ARMED_GROUP", ("RB", "Liwa al-Ahmar")),
    "blue_army": Actor("blue_army", "Blue Army", "ARMED_GROUP"),
    "ruritania": Actor("ruritania", "Ruritania", "STATE", ("Government of Ruritania",)),
}
RELS = [
    relationship(
        "red_band",
        "ALLY_OF",
        "blue_army",
        (claim("c1", "red_band", "ALLY_OF", "blue_army"),),
        confidence=0.82,
        valid_from="2019",
        valid_to="2021-06",
    ),
    relationship(
        "red_band", "SPLINTER_OF", "blue_army", (claim("c2", "red_band", "SPLINTER_OF", "blue_army"),), confidence=0.4
    ),
    relationship(
        "ruritania",
        "SUPPORTS",
        "red_band",
        (claim("c3", "ruritania", "SUPPORTS", "red_band", evidence=HOSTILE, title="@SUM(A1)", attributed_to=FORMULA),),
        confidence=0.55,
    ),
]
REFERENCE = [
    ReferenceRelation(
        "red_band", "ALLY_OF", "green_front", "2012", "2014", "mmp_rel:42", 'MMP: "allies", until the split'
    )
]


def test_gexf_has_dynamic_edges_from_the_validity_interval(tmp_path):
    path = write_gexf(tmp_path / "map.gexf", RELS, ACTORS, REFERENCE)
    graph = nx.read_gexf(path)
    assert graph.graph["mode"] == "dynamic"
    assert graph.nodes["ruritania"]["label"] == "Ruritania" and graph.nodes["ruritania"]["type"] == "STATE"
    edges = {d["id"]: d for _, _, d in graph.edges(data=True)}
    ally = edges["news:ALLY_OF"]
    assert (ally["start"], ally["end"]) == ("2019-01-01", "2021-06-30")
    assert ally["relation"] == "ALLY_OF" and ally["weight"] == pytest.approx(0.82) and ally["sources"] == 1
    supports = edges["news:SUPPORTS"]
    assert supports["start"] == "2019-03-01" and "end" not in supports  # no dated end: still holds
    assert edges["reference:ALLY_OF:mmp_rel:42"]["end"] == "2014-12-31"


def test_gexf_escapes_markup_and_drops_illegal_characters(tmp_path):
    actors = {**ACTORS, "red_band": Actor("red_band", 'Red <script>"Band"</script> & co\x0b', "ARMED_GROUP")}
    gexf = nx.read_gexf(write_gexf(tmp_path / "m.gexf", RELS, actors))
    assert gexf.nodes["red_band"]["label"] == 'Red <script>"Band"</script> & co'
    assert "<script>" not in (tmp_path / "m.gexf").read_text(encoding="utf-8")


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_csv_round_trip_and_formula_guard(tmp_path):
    paths = write_csv(tmp_path / "out", RELS, ACTORS, REFERENCE)
    assert sorted(p.name for p in paths.values()) == sorted(CSV_FILES)
    claims = {r["claim_id"]: r for r in read_rows(paths["claims.csv"])}
    hostile = claims["c3"]
    assert hostile["evidence"] == HOSTILE  # quotes, commas, newline and markup survive
    assert hostile["attributed_to"] == "'" + FORMULA and hostile["title"] == "'@SUM(A1)"
    assert hostile["url"] == "https://news.example/c3?a=1&b=2" and hostile["publisher"] == "Gazette"
    assert hostile["relationship_id"] == RELS[2].id
    rels = read_rows(paths["relationships.csv"])
    assert [(r["head"], r["type"], r["tail"]) for r in rels] == [
        ("red_band", "ALLY_OF", "blue_army"),
        ("red_band", "SPLINTER_OF", "blue_army"),
        ("ruritania", "SUPPORTS", "red_band"),
    ]
    assert rels[0]["confidence"] == "0.82" and rels[0]["symmetric"] == "true" and rels[0]["valid_to"] == "2021-06"
    actors = {r["id"]: r for r in read_rows(paths["actors.csv"])}
    assert actors["red_band"]["aliases"] == "RB; Liwa al-Ahmar" and actors["green_front"]["type"] == "UNKNOWN"
    reference = read_rows(paths["reference.csv"])
    assert reference == [
        {
            "head": "red_band",
            "head_name": "Red Band",
            "type": "ALLY_OF",
            "tail": "green_front",
            "tail_name": "green_front",
            "start": "2012",
            "end": "2014",
            "source": "mmp_rel:42",
            "note": 'MMP: "allies", until the split',
        }
    ]


def test_csv_writes_the_same_files_without_reference(tmp_path):
    paths = write_csv(tmp_path, RELS[:1], ACTORS)
    assert read_rows(paths["reference.csv"]) == []
    assert paths["reference.csv"].read_text(encoding="utf-8").startswith("head,head_name,type")


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("plain, text", "plain, text"),
        (-2, -2),
        (0.5, 0.5),
        (None, ""),
        (True, "true"),
    ],
)
def test_csv_cell_defuses_formulas_only_in_text(value, cell):
    assert csv_cell(value) == cell


def test_a_date_only_the_article_gives_starts_no_edge_and_is_labelled(tmp_path):
    # The sentences of c5 and c6 state no date; their article is of 2019-04-01. Gephi must not be told
    # the alliance began then, and the CSV says where each date comes from.
    from factionmap.graph.relationships import aggregate

    stated = claim("c4", "red_band", "SUPPORTS", "blue_army", time="2017-05")
    reported = [
        claim("c5", "red_band", "ALLY_OF", "blue_army", time=None),
        claim("c6", "red_band", "SUPPORTS", "blue_army", time=None),
    ]
    rels = aggregate([stated, *reported])
    graph = nx.read_gexf(write_gexf(tmp_path / "m.gexf", rels, ACTORS))
    edges = {d["relation"]: d for _, _, d in graph.edges(data=True)}
    assert "start" not in edges["ALLY_OF"] and edges["ALLY_OF"]["first_reported"] == "2019-04-01"
    assert edges["SUPPORTS"]["start"] == "2017-05-01"
    paths = write_csv(tmp_path / "csv", rels, ACTORS)
    sources = {r["claim_id"]: (r["time"], r["date"], r["time_source"]) for r in read_rows(paths["claims.csv"])}
    assert sources == {
        "c4": ("2017-05", "2017-05", "stated"),
        "c5": ("", "2019-04-01", "article"),
        "c6": ("", "2019-04-01", "article"),
    }
