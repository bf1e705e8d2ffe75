"""An outlet as a person reads it: never the internal cluster key of an unattributed article (issue 10)."""

from __future__ import annotations

from factionmap.model import Source


def source(**kw) -> Source:
    values = {
        "document_id": 1,
        "doc_id": "d1",
        "title": None,
        "url": None,
        "publisher": None,
        "published": None,
        "time_anchor": None,
        "cluster_id": 7,
    } | kw
    return Source(**values)


def test_the_outlet_name_is_the_publisher_or_site_and_never_a_cluster_key():
    gazette = source(publisher=" The Gazette ")
    assert gazette.outlet_name == "The Gazette"  # as written, for people
    assert gazette.outlet == "the gazette"  # folded, for counting independent sources
    assert gazette.cited_as == "The Gazette" and source(title="A Story").cited_as == "“A Story”"
    assert source(url="https://www.sahel-watch.org/x").outlet_name == "sahel-watch.org"
    unattributed = source()
    assert unattributed.outlet == "cluster:7"  # the counting key stays: one story, one source
    assert unattributed.outlet_name == "unattributed article (d1)"
