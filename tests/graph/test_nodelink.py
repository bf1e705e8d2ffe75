"""The node-link export reads back with networkx as the same graph the GraphML/GEXF exports draw."""

from __future__ import annotations

import json

import networkx as nx

from factionmap.graph.exports import export_graph
from factionmap.graph.nodelink import write_nodelink
from factionmap.graph.relationships import Relationship
from factionmap.model import Actor, Claim, ReferenceRelation, Source, StoredClaim

ACTORS = {
    "red_band": Actor("red_band", "Red Band", "ARMED_GROUP", ("RB", "Rote Bande")),
    "blue_army": Actor("blue_army", "Blue Army", "ARMED_GROUP"),
    "ruritania": Actor("ruritania", "Ruritania", "STATE"),
}


def relationship(head: str, rtype: str, tail: str, *, valid_from: str | None = None) -> Relationship:
    evidence = f"{head} and {tail}: ünïcode «quoted»"
    src = Source(1, f"{head}-{tail}", "Title", "https://news.example/a", "Gazette", "2020-02-01", None, 1)
    claim = StoredClaim(
        f"c-{head}-{rtype}",
        Claim(head, rtype, tail, False, False, None, "2020-01", evidence, 0, len(evidence), 0.8, "rule"),
        src,
    )
    return Relationship(
        head, rtype, tail, (claim,), 1, 0, 1, "2019-03", "2020-01", valid_from, None, 0.0, 0.73, "asserted"
    )


RELS = [
    relationship("red_band", "ALLY_OF", "blue_army", valid_from="2019"),
    relationship("ruritania", "SUPPORTS", "red_band"),
]
REFERENCE = [ReferenceRelation("red_band", "AFFILIATE_OF", "blue_army", "2012", "2014", "ucdp:77", "UCDP dyad")]


def test_node_link_graph_loads_it_back_with_nodes_edges_and_attributes(tmp_path):
    path = write_nodelink(tmp_path / "map.json", RELS, ACTORS, REFERENCE)
    graph = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")), edges="edges")
    assert isinstance(graph, nx.MultiDiGraph)
    assert set(graph.nodes) == {"red_band", "blue_army", "ruritania"}
    assert graph.nodes["red_band"] == {
        "label": "Red Band",
        "type": "ARMED_GROUP",
        "provisional": False,
        "aliases": "RB; Rote Bande",
    }
    assert graph.nodes["ruritania"]["type"] == "STATE"
    assert set(graph.edges(keys=True)) == {
        ("red_band", "blue_army", "news:ALLY_OF"),
        ("ruritania", "red_band", "news:SUPPORTS"),
        ("red_band", "blue_army", "reference:AFFILIATE_OF:ucdp:77"),
    }
    ally = graph.edges["red_band", "blue_army", "news:ALLY_OF"]
    assert ally["relation"] == "ALLY_OF" and ally["origin"] == "news" and ally["symmetric"] is True
    assert ally["weight"] == 0.73 and ally["valid_from"] == "2019" and ally["first_time"] == "2019-03"
    reference = graph.edges["red_band", "blue_army", "reference:AFFILIATE_OF:ucdp:77"]
    assert reference["origin"] == "reference" and reference["valid_to"] == "2014"
    assert graph.graph["format"] == "factionmap-nodelink"


def test_it_is_the_graphml_graph(tmp_path):
    path = write_nodelink(tmp_path / "map.json", RELS, ACTORS, REFERENCE)
    loaded = nx.node_link_graph(json.loads(path.read_text(encoding="utf-8")))  # networkx 3.6's default naming
    built = export_graph(RELS, ACTORS, REFERENCE)
    assert dict(loaded.nodes(data=True)) == dict(built.nodes(data=True))
    assert sorted(loaded.edges(keys=True, data=True), key=repr) == sorted(built.edges(keys=True, data=True), key=repr)


def test_an_empty_map_is_an_empty_graph(tmp_path):
    graph = nx.node_link_graph(json.loads(write_nodelink(tmp_path / "e.json", [], {}).read_text(encoding="utf-8")))
    assert graph.number_of_nodes() == 0 and graph.number_of_edges() == 0
