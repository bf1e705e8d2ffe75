"""Relationships out to the analyst's other tools: GraphML and GEXF (Gephi) and CSV (the JSON export, in the
public records' shape, is factionmap.public.export).

Every export is a pure function of three inputs, so the CLI, the API and the tests call the same code:

- ``relationships``: :class:`~factionmap.graph.relationships.Relationship` records (news-derived edges);
- ``actors``: a lookup ``id -> actor`` (:class:`factionmap.model.Actor`); an id missing from it is
  exported with its id as name and type ``UNKNOWN`` rather than dropped;
- ``reference``: optional :class:`~factionmap.kb.assemble.ReferenceRelation` rows (MMP, UCDP, UN). They are
  never merged with news-derived edges: graph edges carry ``origin`` = ``news`` | ``reference``, the CSV
  export writes them to their own file and the JSON export to their own key.

Only actors that take part in an exported relationship become nodes/rows: the lookup may be the whole
knowledge base. Article text is hostile input: XML exports drop characters XML 1.0 cannot hold, CSV cells
that a spreadsheet would run as a formula are defused (OWASP "CSV injection"), and JSON documents are
written by the json module (:func:`write_document`).
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import networkx as nx

from factionmap.graph.relationships import Relationship
from factionmap.isodates import span
from factionmap.model import Actor, ReferenceRelation, StoredClaim
from factionmap.vocab import load_vocab

UNKNOWN_TYPE = "UNKNOWN"  # type of an actor id the lookup does not know
REFERENCE_WEIGHT = 1.0  # reference rows carry no confidence; curated data (MMP/UCDP/UN) counts as certain
ALIAS_SEPARATOR = "; "  # GraphML/GEXF/CSV cells hold one string, so aliases are joined
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")  # OWASP CSV-injection list
XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed anywhere in XML 1.0

ACTOR_COLUMNS = ("id", "name", "type", "aliases", "provisional")
RELATIONSHIP_COLUMNS = (
    "relationship_id",
    "head",
    "head_name",
    "type",
    "tail",
    "tail_name",
    "symmetric",
    "status",
    "confidence",
    "asserted",
    "negated",
    "independent_sources",
    "first_time",
    "last_time",
    "valid_from",
    "valid_to",
    "share_hedged",
    "first_reported",
    "last_reported",
)
# ``date`` is ``time`` when the sentence states it, else the article's date; ``time_source`` says which
# ("stated", "article", "none"): only a stated date says when the relation held.
CLAIM_COLUMNS = (
    "claim_id",
    "relationship_id",
    "head",
    "type",
    "tail",
    "negated",
    "hedged",
    "attributed_to",
    "time",
    "date",
    "time_source",
    "confidence",
    "review",
    "rule",
    "evidence",
    "evidence_start",
    "evidence_end",
    "doc_id",
    "title",
    "url",
    "publisher",
    "published",
    "outlet",
    "cluster_id",
)
REFERENCE_COLUMNS = ("head", "head_name", "type", "tail", "tail_name", "start", "end", "source", "note")
CSV_FILES = ("actors.csv", "relationships.csv", "claims.csv", "reference.csv")


Actors = Mapping[str, Actor]  # id -> actor (stored, or the knowledge base's)


# --- shared helpers (also used by stix.py and pictures.py) -----------------------------------------


def actor_of(actors: Actors, actor_id: str) -> Actor:
    """The actor for an id, or a stand-in that keeps the edge exportable."""
    found = actors.get(actor_id)
    return found if found is not None else Actor(actor_id, actor_id, UNKNOWN_TYPE, provisional=True)


def node_actors(ids: Iterable[str], actors: Mapping[str, Actor]) -> list[Actor]:
    """The nodes for ``ids``, in that order: an id the lookup lacks becomes a stand-in (:func:`actor_of`)."""
    return [actor_of(actors, actor_id) for actor_id in ids]


def write_document(path: str | Path, document: Any, indent: int = 2) -> Path:
    """A JSON export written as UTF-8, non-ASCII kept as is (json escapes what JSON must)."""
    Path(path).write_text(json.dumps(document, ensure_ascii=False, indent=indent) + "\n", encoding="utf-8")
    return Path(path)


def sorted_relationships(relationships: Iterable[Relationship]) -> list[Relationship]:
    return sorted(relationships, key=lambda r: (r.head, r.type, r.tail))


def sorted_reference(reference: Iterable[ReferenceRelation]) -> list[ReferenceRelation]:
    return sorted(reference, key=lambda r: (r.head, r.type, r.tail, r.start or "", r.source))


def involved_ids(relationships: Iterable[Relationship], reference: Iterable[ReferenceRelation] = ()) -> list[str]:
    """Every actor id that takes part in an exported edge, sorted."""
    ids: set[str] = set()
    for rel in relationships:
        ids.update((rel.head, rel.tail))
    for ref in reference:
        ids.update((ref.head, ref.tail))
    return sorted(ids)


def is_symmetric(relation_type: str) -> bool:
    spec = load_vocab().relations.get(relation_type)
    return bool(spec and spec.symmetric)


# --- graph exports ---------------------------------------------------------------------------------


def _xml_text(value: str) -> str:
    return XML_ILLEGAL.sub("", value)


def node_attrs(actor: Actor) -> dict[str, Any]:
    return {
        "label": _xml_text(actor.name),
        "type": actor.type,
        "provisional": bool(actor.provisional),
        "aliases": _xml_text(ALIAS_SEPARATOR.join(actor.aliases)),
    }


def news_edge(rel: Relationship) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "label": rel.type,
        "relation": rel.type,
        "origin": "news",
        "symmetric": is_symmetric(rel.type),
        "weight": float(rel.confidence),
        "confidence": float(rel.confidence),
        "status": str(rel.status),
        "claims": rel.claim_count,
        "asserted": rel.asserted,
        "negated": rel.negated,
        "sources": rel.independent_sources,
        "share_hedged": float(rel.share_hedged),
        "first_time": rel.first_time,
        "last_time": rel.last_time,
        "valid_from": rel.valid_from,
        "valid_to": rel.valid_to,
        "first_reported": rel.first_reported,
        "last_reported": rel.last_reported,
    }
    return {k: v for k, v in attrs.items() if v is not None}


def reference_edge(ref: ReferenceRelation) -> dict[str, Any]:
    attrs: dict[str, Any] = {
        "label": ref.type,
        "relation": ref.type,
        "origin": "reference",
        "symmetric": is_symmetric(ref.type),
        "weight": REFERENCE_WEIGHT,
        "reference_source": _xml_text(ref.source),
        "note": _xml_text(ref.note),
        "valid_from": ref.start,
        "valid_to": ref.end,
    }
    return {k: v for k, v in attrs.items() if v is not None}


def export_graph(
    relationships: Iterable[Relationship], actors: Actors, reference: Iterable[ReferenceRelation] = ()
) -> nx.MultiDiGraph:
    """One node per involved actor, one edge per relationship (key ``news:TYPE``) and per reference row
    (key ``reference:TYPE:SOURCE``). A symmetric type keeps its stored direction and says ``symmetric``."""
    rels, refs = sorted_relationships(relationships), sorted_reference(reference)
    graph = nx.MultiDiGraph()
    for actor_id in involved_ids(rels, refs):
        graph.add_node(actor_id, **node_attrs(actor_of(actors, actor_id)))
    for rel in rels:
        graph.add_edge(rel.head, rel.tail, key=f"news:{rel.type}", **news_edge(rel))
    for ref in refs:
        graph.add_edge(ref.head, ref.tail, key=f"reference:{ref.type}:{ref.source}", **reference_edge(ref))
    return graph


def gexf_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy ready for the GEXF writer: dynamic ``start``/``end`` as whole dates.

    An edge starts at its dated start (``valid_from``) or else its first stated time (never an article's
    date: an edge only the articles date has no ``start``), and ends at its dated end
    (``valid_to``) when there is one; an open end means "still holds" in Gephi's timeline. Symmetric
    relations stay directed edges marked ``symmetric``: a per-edge ``type="undirected"`` would make a mixed
    graph that networkx (and so anyone re-reading the file in Python) refuses to read.
    """
    out = nx.MultiDiGraph()
    out.add_nodes_from(graph.nodes(data=True))
    for head, tail, key, data in graph.edges(keys=True, data=True):
        attrs = dict(data, id=key)
        start = span(data.get("valid_from") or data.get("first_time"))
        end = span(data.get("valid_to"))
        if start:
            attrs["start"] = start[0].isoformat()
        if end and (not start or end[1] >= start[0]):
            attrs["end"] = end[1].isoformat()
        out.add_edge(head, tail, key=key, **attrs)
    return out


def write_gexf(
    path: str | Path, relationships: Iterable[Relationship], actors: Actors, reference: Iterable[ReferenceRelation] = ()
) -> Path:
    """GEXF 1.2 for Gephi, with the same attributes as GraphML and dynamic edges (see :func:`gexf_graph`)."""
    graph = gexf_graph(export_graph(relationships, actors, reference))
    nx.write_gexf(graph, str(path))
    return Path(path)


# --- CSV -------------------------------------------------------------------------------------------


def csv_cell(value: object) -> object:
    """A value as a safe CSV cell: text a spreadsheet would evaluate gets a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _actor_row(actor: Actor) -> tuple[object, ...]:
    return actor.id, actor.name, actor.type, ALIAS_SEPARATOR.join(actor.aliases), bool(actor.provisional)


def _relationship_row(rel: Relationship, actors: Actors) -> tuple[object, ...]:
    return (
        rel.id,
        rel.head,
        actor_of(actors, rel.head).name,
        rel.type,
        rel.tail,
        actor_of(actors, rel.tail).name,
        is_symmetric(rel.type),
        rel.status,
        round(rel.confidence, 4),
        rel.asserted,
        rel.negated,
        rel.independent_sources,
        rel.first_time,
        rel.last_time,
        rel.valid_from,
        rel.valid_to,
        round(rel.share_hedged, 4),
        rel.first_reported,
        rel.last_reported,
    )


def _claim_row(claim: StoredClaim, rel_id: str) -> tuple[object, ...]:
    src = claim.source
    return (
        claim.id,
        rel_id,
        claim.head,
        claim.type,
        claim.tail,
        claim.negated,
        claim.hedged,
        claim.attributed_to,
        claim.time,
        claim.date,
        claim.time_source,
        round(claim.confidence, 4),
        claim.review,
        claim.rule,
        claim.evidence,
        claim.evidence_start,
        claim.evidence_end,
        src.doc_id,
        src.title,
        src.url,
        src.publisher,
        src.published,
        src.outlet_name,
        src.cluster_id,
    )


def _reference_row(ref: ReferenceRelation, actors: Actors) -> tuple[object, ...]:
    return (
        ref.head,
        actor_of(actors, ref.head).name,
        ref.type,
        ref.tail,
        actor_of(actors, ref.tail).name,
        ref.start,
        ref.end,
        ref.source,
        ref.note,
    )


def _write_table(path: Path, header: tuple[str, ...], rows: Iterable[tuple[object, ...]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows([csv_cell(v) for v in row] for row in rows)


def write_csv(
    folder: str | Path,
    relationships: Iterable[Relationship],
    actors: Actors,
    reference: Iterable[ReferenceRelation] = (),
) -> dict[str, Path]:
    """Write ``actors.csv``, ``relationships.csv``, ``claims.csv`` and ``reference.csv`` into ``folder``.

    UTF-8, RFC 4180 quoting (commas, quotes and newlines in evidence survive a round trip), booleans as
    ``true``/``false``, missing values empty, aliases joined with ``"; "``. ``claims.csv`` joins
    ``relationships.csv`` on ``relationship_id``; ``reference.csv`` is written even when empty so the
    folder always has the same shape. Returns the paths by file name.
    """
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    rels, refs = sorted_relationships(relationships), sorted_reference(reference)
    paths = {name: out / name for name in CSV_FILES}
    _write_table(
        paths["actors.csv"], ACTOR_COLUMNS, (_actor_row(actor_of(actors, i)) for i in involved_ids(rels, refs))
    )
    _write_table(paths["relationships.csv"], RELATIONSHIP_COLUMNS, (_relationship_row(r, actors) for r in rels))
    _write_table(paths["claims.csv"], CLAIM_COLUMNS, (_claim_row(c, r.id) for r in rels for c in r.claims))
    _write_table(paths["reference.csv"], REFERENCE_COLUMNS, (_reference_row(r, actors) for r in refs))
    return paths
