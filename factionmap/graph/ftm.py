"""Relationships as FollowTheMoney entities (JSON lines), for OpenAleph, OpenSanctions' tooling and ``ftm``.

One entity per involved actor and one interval entity per relationship, each a line of
``EntityProxy.to_dict()`` JSON that ``followthemoney.model.get_proxy`` reads back. Mapping:

- actors by type: ``ARMED_GROUP`` and ``ORGANIZATION`` -> ``Organization``; ``STATE`` -> ``PublicBody``
  (a state acts here as a government, topic ``gov.national``); ``PERSON`` -> ``Person``; ``LOCATION`` ->
  ``Territory``; an id the lookup does not know -> ``LegalEntity``. Names, aliases (``alias``) and the
  factionmap id and type (``keywords``) are kept;
- relationships where FtM has a schema for them: ``MEMBER_OF`` and ``AFFILIATE_OF`` -> ``Membership``
  (member, organization), ``LEADS`` -> ``Directorship`` (director, organization, role ``leader``),
  ``SUCCESSOR_OF`` -> ``Succession`` (predecessor, successor), each only when the other end is of a
  schema the property accepts; everything else -> ``UnknownLink`` (subject = head, object = tail) with the
  vocabulary's label as ``role``;
- ``startDate``/``endDate`` only from times the sentences state (``valid_from`` or else ``first_time``,
  and ``valid_to``), never from article dates; ``status`` is asserted/denied/contested; the evidence
  quotes are ``description`` values (a denying one prefixed ``[denies]``), the articles' addresses
  ``sourceUrl`` and their outlets ``publisher``; ``recordId`` is the relationship id of the CSV/JSON
  exports. Reference rows (MMP, UCDP, UN) become the same schemata with ``status`` ``reference``, their
  source as ``publisher`` and their note as ``description``.

Ids are ``make_id`` hashes of the factionmap ids, so a re-export gives the same ids.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from followthemoney import model
from followthemoney.proxy import EntityProxy

from factionmap.graph.exports import (
    UNKNOWN_TYPE,
    Actors,
    actor_of,
    involved_ids,
    sorted_reference,
    sorted_relationships,
)
from factionmap.graph.relationships import Relationship
from factionmap.model import Actor, ReferenceRelation
from factionmap.vocab import load_vocab

ID_PREFIX = "factionmap"
ACTOR_SCHEMA = {
    "ARMED_GROUP": "Organization",
    "ORGANIZATION": "Organization",
    "STATE": "PublicBody",
    "PERSON": "Person",
    "LOCATION": "Territory",
    UNKNOWN_TYPE: "LegalEntity",
}
ACTOR_TOPICS = {"STATE": "gov.national"}
# relation type -> (schema, property for the head, property for the tail, role)
LINK_SCHEMA = {
    "MEMBER_OF": ("Membership", "member", "organization", None),
    "AFFILIATE_OF": ("Membership", "member", "organization", "affiliate"),
    "LEADS": ("Directorship", "director", "organization", "leader"),
    "SUCCESSOR_OF": ("Succession", "successor", "predecessor", None),
}
FALLBACK = ("UnknownLink", "subject", "object")
DENIES = "[denies] "


def _actor_entity(actor: Actor) -> EntityProxy:
    entity = model.make_entity(ACTOR_SCHEMA.get(actor.type, "LegalEntity"))
    entity.make_id(ID_PREFIX, "actor", actor.id)
    entity.add("name", actor.name)
    entity.add("alias", [a for a in actor.aliases if a != actor.name])
    entity.add("keywords", [actor.id, actor.type])
    entity.add("topics", ACTOR_TOPICS.get(actor.type))
    return entity


def _label(relation_type: str) -> str:
    spec = load_vocab().relations.get(relation_type)
    return spec.label if spec else relation_type.lower().replace("_", " ")


def _link(relation_type: str, head: EntityProxy, tail: EntityProxy, key: str) -> EntityProxy:
    """The interval entity for head -> tail: a specific schema when it fits both ends, else UnknownLink."""
    role: str | None
    schema, head_prop, tail_prop, role = (*FALLBACK, _label(relation_type))
    if relation_type in LINK_SCHEMA:
        specific, h, t, specific_role = LINK_SCHEMA[relation_type]
        props = model[specific].properties  # LINK_SCHEMA names only schemata FtM defines
        if head.schema.is_a(props[h].range) and tail.schema.is_a(props[t].range):
            schema, head_prop, tail_prop, role = specific, h, t, specific_role
    entity = model.make_entity(schema)
    entity.make_id(ID_PREFIX, "relationship", key)
    entity.add(head_prop, head.id)
    entity.add(tail_prop, tail.id)
    entity.add("role", role)
    entity.add("recordId", key)
    entity.add("summary", f"{head.caption} {_label(relation_type)} {tail.caption}")
    return entity


def _relationship_entity(rel: Relationship, entities: dict[str, EntityProxy]) -> EntityProxy:
    entity = _link(rel.type, entities[rel.head], entities[rel.tail], rel.id)
    entity.add("status", str(rel.status))
    entity.add("startDate", rel.valid_from or rel.first_time, quiet=True)  # stated times only
    entity.add("endDate", rel.valid_to, quiet=True)
    entity.add("description", [f"{DENIES if c.negated else ''}{c.evidence}" for c in rel.claims if c.evidence])
    entity.add("sourceUrl", sorted({c.source.url for c in rel.claims if c.source.url}), quiet=True)
    entity.add("publisher", sorted({c.source.outlet_name for c in rel.claims}))
    return entity


def _reference_entity(ref: ReferenceRelation, entities: dict[str, EntityProxy]) -> EntityProxy:
    key = f"reference:{ref.head}:{ref.type}:{ref.tail}:{ref.source}:{ref.start or ''}"
    entity = _link(ref.type, entities[ref.head], entities[ref.tail], key)
    entity.add("status", "reference")
    entity.add("startDate", ref.start, quiet=True)
    entity.add("endDate", ref.end, quiet=True)
    entity.add("publisher", ref.source)
    entity.add("description", ref.note or None)
    return entity


def to_ftm(
    relationships: Iterable[Relationship], actors: Actors, reference: Iterable[ReferenceRelation] = ()
) -> Iterator[EntityProxy]:
    """The actors first (sorted by id), then the relationships, then the reference rows."""
    rels, refs = sorted_relationships(relationships), sorted_reference(reference)
    entities = {i: _actor_entity(actor_of(actors, i)) for i in involved_ids(rels, refs)}
    yield from entities.values()
    for rel in rels:
        yield _relationship_entity(rel, entities)
    for ref in refs:
        yield _reference_entity(ref, entities)


def write_ftm(
    path: str | Path, relationships: Iterable[Relationship], actors: Actors, reference: Iterable[ReferenceRelation] = ()
) -> Path:
    """:func:`to_ftm` as JSON lines (UTF-8), one ``to_dict()`` per line."""
    with Path(path).open("w", encoding="utf-8") as handle:
        for entity in to_ftm(relationships, actors, reference):
            handle.write(json.dumps(entity.to_dict(), ensure_ascii=False, sort_keys=True) + "\n")
    return Path(path)
