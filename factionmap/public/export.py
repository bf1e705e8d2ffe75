"""The JSON export: the map's relationships, their claims and the reference rows as one document, in the
very records the API returns and ``--json`` prints (:mod:`factionmap.public.records`).

Registered as ``json`` in :mod:`factionmap.graph.exporters`, with the writer signature every export shares
(``path, relationships, actors, reference``; see :mod:`factionmap.graph.exports`).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from factionmap.graph.exports import (
    Actors,
    actor_of,
    involved_ids,
    sorted_reference,
    sorted_relationships,
    write_document,
)
from factionmap.graph.relationships import Relationship
from factionmap.model import ReferenceRelation
from factionmap.public import convert

FORMAT = "factionmap-export"
# 2: the public records (names beside ids, claims with their document, "head|type|tail" ids)
VERSION = 2


def to_json(
    relationships: Iterable[Relationship], actors: Actors, reference: Iterable[ReferenceRelation] = ()
) -> dict[str, Any]:
    """The export as one JSON-ready document::

        {"format": "factionmap-export", "version": 2,
         "actors": [ActorPublic],               # "claims" is null: an export counts none
         "relationships": [RelationshipPublic],  # every claim, each with its document
         "reference": [ReferencePublic]}

    (the models' fields are in factionmap/public/records.py and the API's /openapi.json). Actors and
    relationships are sorted by id / (head, type, tail); claims keep the relationship's order (oldest
    first). ``reference`` holds the baseline rows (MMP, UCDP, UN), never mixed into ``relationships``.
    """
    rels, refs = sorted_relationships(relationships), sorted_reference(reference)
    found = [actor_of(actors, i) for i in involved_ids(rels, refs)]
    names = {a.id: a.name for a in found}
    return {
        "format": FORMAT,
        "version": VERSION,
        "actors": [convert.actor(a, None).model_dump(mode="json") for a in found],
        "relationships": [r.model_dump(mode="json") for r in convert.relationships(rels, names)],
        "reference": [convert.reference(r, names).model_dump(mode="json") for r in refs],
    }


def write_json(
    path: str | Path, relationships: Iterable[Relationship], actors: Actors, reference: Iterable[ReferenceRelation] = ()
) -> Path:
    """:func:`to_json` written as UTF-8 (indented, non-ASCII kept as is)."""
    return write_document(path, to_json(relationships, actors, reference))
