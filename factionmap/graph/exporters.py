"""The export formats: ``{name: Exporter}``, the one list every other place is generated from.

``factionmap export --format`` takes its choices and help from here, ``GET /api/export/{fmt}`` its
accepted names, media types and file names, the README its export row. Every writer has the signature
``writer(path, relationships, actors, reference)`` of :mod:`factionmap.graph.exports`; a format that
``writes_folder`` is given a folder (the API zips it). A new format is one module with such a writer
plus one :func:`register` call below. The writer may live in any layer that can build what it writes:
the JSON export is factionmap.public.export, beside the public records it holds.

Writers are named as ``"module:function"`` and imported on first use, so ``--help`` and the API's
start do not load stix2 or followthemoney.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Exporter:
    """One export format."""

    name: str  # what --format and /api/export/{fmt} take
    target: str  # "module:function": writer(path, relationships, actors, reference)
    media_type: str  # of the API's download (a folder is zipped: application/zip)
    extension: str  # of the API's download, without the dot
    description: str  # one line for the help and the README
    writes_folder: bool = False  # the writer fills a folder rather than one file
    tag: str = ""  # added to the download's name ("factionmap-stix.json") where the extension is generic
    with_claims: bool = True  # writes the claims behind each relationship (False: the graph alone, which the
    # store's maintained relationships give without aggregating every claim)
    # "module:function": writer(path, rows, nodes, reference) taking the maintained table's rows as a cursor
    # yields them (graph.graphml.NEWS_FIELDS first) and the node actors in order, for a whole store that
    # streams to the file rather than being held ("" where the format needs the whole graph first)
    rows_target: str = ""

    @property
    def writer(self) -> Callable[..., Any]:
        return _load(self.target)

    def write(self, path: str | Path, relationships: Iterable[Any], actors: Any, reference: Iterable[Any] = ()) -> Any:
        return self.writer(path, relationships, actors, reference)

    def write_rows(self, path: str | Path, rows: Iterable[Any], nodes: Iterable[Any], reference: Iterable[Any]) -> int:
        """Write from the table's rows (only where :attr:`rows_target` is set); the number of edges written."""
        return _load(self.rows_target)(path, rows, nodes, reference)

    def filename(self, stem: str) -> str:
        """The download's file name: ``factionmap-2021-stix.json`` for stem ``factionmap-2021``."""
        return f"{stem}{'-' + self.tag if self.tag else ''}.{self.extension}"


def _load(target: str) -> Callable[..., Any]:
    """The function a ``"module:function"`` target names, its module imported on first use."""
    module, _, name = target.partition(":")
    return getattr(importlib.import_module(module), name)


EXPORTERS: dict[str, Exporter] = {}  # in registration order: the order the help and the README list


def register(exporter: Exporter) -> Exporter:
    if exporter.name in EXPORTERS:
        raise ValueError(f"export format {exporter.name!r} is registered twice")
    EXPORTERS[exporter.name] = exporter
    return exporter


def names() -> tuple[str, ...]:
    return tuple(EXPORTERS)


def metavar() -> str:
    """``[graphml|gexf|...]``, the CLI's metavar for --format."""
    return f"[{'|'.join(EXPORTERS)}]"


def get(name: str) -> Exporter | None:
    return EXPORTERS.get(name)


def api_path() -> str:
    """The API route with its formats, as the README's API table writes it (``|`` escaped for Markdown)."""
    escaped_bar = "\\|"
    return f"GET /api/export/{{{escaped_bar.join(EXPORTERS)}}}"


def markdown_list() -> str:
    """The formats as the README's export row lists them: ```graphml` (...), `gexf` (...), ...``."""
    return ", ".join(f"`{e.name}` ({e.description})" for e in EXPORTERS.values())


register(
    Exporter(
        "graphml",
        "factionmap.graph.graphml:write_graphml",
        "application/graphml+xml",
        "graphml",
        "GraphML for Gephi, yEd, Cytoscape: edge type, weight = confidence, first/last time, sources",
        with_claims=False,
        rows_target="factionmap.graph.graphml:write_rows",
    )
)
register(
    Exporter(
        "gexf",
        "factionmap.graph.exports:write_gexf",
        "application/gexf+xml",
        "gexf",
        "GEXF 1.2 for Gephi, the same attributes with dynamic edges",
        with_claims=False,
    )
)
register(
    Exporter(
        "csv",
        "factionmap.graph.exports:write_csv",
        "application/zip",
        "zip",
        "a folder of CSV tables: actors, relationships, claims with evidence, reference; zipped by the API",
        writes_folder=True,
    )
)
register(
    Exporter(
        "json",
        "factionmap.public.export:write_json",
        "application/json",
        "json",
        "the whole export as one JSON document, claims and evidence included",
    )
)
register(
    Exporter(
        "stix",
        "factionmap.graph.stix:write_stix",
        "application/stix+json;version=2.1",
        "json",
        "a STIX 2.1 bundle: groups as intrusion-set, states and persons as identity, relationship "
        "types such as allied-with, articles and quotes as external references",
        tag="stix",
    )
)
register(
    Exporter(
        "nodelink",
        "factionmap.graph.nodelink:write_nodelink",
        "application/json",
        "json",
        "networkx node-link JSON of the GraphML graph, which networkx.node_link_graph reads",
        tag="nodelink",
        with_claims=False,
    )
)
register(
    Exporter(
        "ftm",
        "factionmap.graph.ftm:write_ftm",
        "application/x-ndjson",
        "ftm.json",
        "FollowTheMoney entities as JSON lines, for OpenAleph and OpenSanctions tooling",
    )
)
