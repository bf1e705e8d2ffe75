"""The streamed GraphML export: networkx reads it back as exports.export_graph's graph, attribute for
attribute, and it stays well-formed whatever the article text holds."""

from __future__ import annotations

from dataclasses import replace
from xml.etree import ElementTree

import networkx as nx
import pytest

from factionmap.graph import graphml
from factionmap.graph.exports import export_graph
from factionmap.graph.graphml import EDGE_KEYS, NEWS_FIELDS, escape, news_row, write_graphml, write_rows
from factionmap.model import Actor, ReferenceRelation
from tests.graph.test_exports import ACTORS, HOSTILE, REFERENCE, RELS, relationship

NS = "{http://graphml.graphdrawing.org/xmlns}"


def edges(graph):
    return sorted(graph.edges(keys=True, data=True), key=repr)


def test_networkx_reads_back_the_graph_export_graph_builds(tmp_path):
    path = write_graphml(tmp_path / "map.graphml", RELS, ACTORS, REFERENCE)
    loaded = nx.read_graphml(path, force_multigraph=True)
    built = export_graph(RELS, ACTORS, REFERENCE)
    assert dict(loaded.nodes(data=True)) == dict(built.nodes(data=True))
    assert edges(loaded) == edges(built)  # floats, ints and booleans typed as written


def test_node_and_edge_attributes_an_analyst_reads(tmp_path):
    graph = nx.read_graphml(write_graphml(tmp_path / "map.graphml", RELS, ACTORS, REFERENCE), force_multigraph=True)
    assert set(graph) == {"red_band", "blue_army", "ruritania", "green_front"}
    assert graph.nodes["red_band"] == {
        "label": "Red Band",
        "type": "ARMED_GROUP",
        "provisional": False,
        "aliases": "RB; Liwa al-Ahmar",
    }
    assert graph.nodes["green_front"]["type"] == "UNKNOWN"  # not in the lookup: kept, not dropped
    ally = graph.edges["red_band", "blue_army", "news:ALLY_OF"]
    assert ally["relation"] == "ALLY_OF" and ally["origin"] == "news" and ally["symmetric"] is True
    assert ally["weight"] == pytest.approx(0.82) and ally["sources"] == 1 and ally["status"] == "asserted"
    assert (ally["first_time"], ally["last_time"]) == ("2019-03", "2020-01")
    assert "first_reported" not in ally  # a missing value is left out, not written empty
    assert graph.number_of_edges("red_band", "blue_army") == 2  # ALLY_OF and SPLINTER_OF stay separate
    ref = graph.edges["red_band", "green_front", "reference:ALLY_OF:mmp_rel:42"]
    assert ref["origin"] == "reference" and ref["reference_source"] == "mmp_rel:42"
    assert ref["note"] == 'MMP: "allies", until the split' and ref["weight"] == 1.0


def test_keys_are_declared_once_each_with_unique_ids(tmp_path):
    root = ElementTree.parse(write_graphml(tmp_path / "map.graphml", RELS, ACTORS)).getroot()
    keys = root.findall(f"{NS}key")
    ids = [k.get("id") for k in keys]
    assert len(ids) == len(set(ids))  # GraphML's schema: a key id is an ID
    edge_keys = {k.get("attr.name"): k.get("attr.type") for k in keys if k.get("for") == "edge"}
    assert edge_keys == EDGE_KEYS
    used = {d.get("key") for d in root.iter(f"{NS}data")}
    assert used <= set(ids)


def test_hostile_text_is_escaped_and_illegal_characters_dropped(tmp_path):
    actors = {
        **ACTORS,
        "red_band": Actor("red_band", 'Red <script>"Band"</script> & co\x0b', "ARMED_GROUP", (HOSTILE,)),
    }
    reference = [ReferenceRelation('a"<b>', "ALLY_OF", "c&d", None, None, "src'\x00", HOSTILE)]
    path = write_graphml(tmp_path / "m.graphml", RELS, actors, reference)
    text = path.read_text(encoding="utf-8")
    assert "<script>" not in text and "<b>" not in text and "\x0b" not in text and "\x00" not in text
    graph = nx.read_graphml(path, force_multigraph=True)
    assert graph.nodes["red_band"]["label"] == 'Red <script>"Band"</script> & co'
    assert graph.nodes["red_band"]["aliases"] == HOSTILE
    ref = graph.edges['a"<b>', "c&d", "reference:ALLY_OF:src'"]
    assert ref["note"] == HOSTILE and ref["reference_source"] == "src'"


def test_rows_in_the_tables_column_order_give_the_same_document(tmp_path):
    """write_rows takes the table's rows as they come: its columns start with NEWS_FIELDS, in order."""
    assert NEWS_FIELDS[:3] == ("head_id", "type", "tail_id") and len(news_row(RELS[0])) == len(NEWS_FIELDS)
    nodes = [ACTORS[i] for i in ("blue_army", "red_band", "ruritania")]
    rows = [(*news_row(r), 0.5, 0.1, 0) for r in sorted(RELS, key=lambda r: r.key)]  # support, denial, accepted
    assert write_rows(tmp_path / "rows.graphml", rows, nodes) == len(RELS)
    by_rows = (tmp_path / "rows.graphml").read_text(encoding="utf-8")
    assert by_rows == write_graphml(tmp_path / "rels.graphml", RELS, ACTORS).read_text(encoding="utf-8")


def test_an_undated_relationship_has_no_dates_and_an_empty_map_no_edges(tmp_path):
    undated = replace(relationship("red_band", "ATTACKS", "blue_army", ()), first_time=None, last_time=None)
    graph = nx.read_graphml(write_graphml(tmp_path / "u.graphml", [undated], ACTORS), force_multigraph=True)
    data = graph.edges["red_band", "blue_army", "news:ATTACKS"]
    assert not {"first_time", "last_time", "valid_from", "valid_to"} & set(data)
    assert data["claims"] == 0 and data["symmetric"] is False
    empty = nx.read_graphml(write_graphml(tmp_path / "e.graphml", [], {}))
    assert empty.number_of_nodes() == 0 and empty.number_of_edges() == 0


def test_escape_keeps_plain_text_and_escapes_markup():
    assert escape("2019-03") == "2019-03"
    assert escape('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"


def test_chunks_reach_the_file_in_order(tmp_path, monkeypatch):
    whole = write_graphml(tmp_path / "whole.graphml", RELS, ACTORS, REFERENCE).read_bytes()
    monkeypatch.setattr(graphml, "FLUSH_EDGES", 1)  # one chunk per edge, through the writing thread
    assert write_graphml(tmp_path / "chunked.graphml", RELS, ACTORS, REFERENCE).read_bytes() == whole


def test_a_failed_export_leaves_the_earlier_file_and_no_partial_one(tmp_path, monkeypatch):
    target = write_graphml(tmp_path / "map.graphml", RELS, ACTORS)
    before = target.read_bytes()
    monkeypatch.setattr(graphml, "FLUSH_EDGES", 1)

    def rows():
        yield news_row(RELS[0])
        yield news_row(RELS[1])
        raise ConnectionError("the store went away")

    with pytest.raises(ConnectionError):
        write_rows(target, rows(), list(ACTORS.values()))
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.graphml"]
