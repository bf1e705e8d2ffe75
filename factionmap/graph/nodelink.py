"""Relationships as networkx node-link JSON: the graph of the GraphML/GEXF exports, for Python and D3.

``networkx.node_link_graph(json.load(f))`` gives back a ``MultiDiGraph`` with the same nodes, edges, keys
and attributes as :func:`factionmap.graph.exports.export_graph` (``edges="edges"``, the networkx 3.4+
naming). Nodes are actor ids; an edge's key is ``news:TYPE`` or ``reference:TYPE:SOURCE``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import networkx as nx

from factionmap.graph.exports import Actors, export_graph, write_document
from factionmap.graph.relationships import Relationship
from factionmap.model import ReferenceRelation

NODELINK_FORMAT_VERSION = 1  # in the graph attributes; bump when the attributes change incompatibly


def to_nodelink(
    relationships: Iterable[Relationship], actors: Actors, reference: Iterable[ReferenceRelation] = ()
) -> dict[str, Any]:
    graph = export_graph(relationships, actors, reference)
    graph.graph.update(format="factionmap-nodelink", version=NODELINK_FORMAT_VERSION)
    return nx.node_link_data(graph, edges="edges")


def write_nodelink(
    path: str | Path, relationships: Iterable[Relationship], actors: Actors, reference: Iterable[ReferenceRelation] = ()
) -> Path:
    """:func:`to_nodelink` written as UTF-8 JSON (non-ASCII kept as is)."""
    return write_document(path, to_nodelink(relationships, actors, reference), indent=1)
