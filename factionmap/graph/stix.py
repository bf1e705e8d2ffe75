"""Relationships as a STIX 2.1 bundle, for threat-intelligence platforms (OpenCTI, MISP, TAXII feeds).

Object types follow the ``stix`` field of ``actor_types`` in vocab.yaml, so the mapping is data:

- ``ARMED_GROUP`` -> ``intrusion-set``. A named group known by its behaviour and its aliases, which is
  how MITRE ATT&CK and OpenCTI carry named groups; ``threat-actor`` would assert who stands behind a
  name and invite a ``threat_actor_types`` judgement ("terrorist", "nation-state") that the news
  evidence does not make. ``aliases`` and first/last seen fit what we know.
- ``STATE`` -> ``identity`` (``identity_class`` ``organization``, sector ``government-national``): a state
  acts here as a government (supports, negotiates, attacks), which is a "who"; a STIX ``location`` is a
  place and would make "X supports location Y" read wrongly.
- ``PERSON`` -> ``identity`` (``individual``); ``ORGANIZATION`` -> ``identity`` (``organization``).
- ``LOCATION`` -> ``location`` would need an ISO country code, a region or coordinates, which a place
  read from an article does not have; such places become ``identity`` with ``identity_class``
  ``unknown`` and say so in their description, so the bundle stays valid without invented geodata.

Relationships use the vocabulary's ``stix`` names (``allied-with``, ``splinter-of``, ...), which are
custom relationship types: stix2-validator reports them as warnings, not errors. News-derived
relationships are labelled ``news-derived`` and carry their articles and evidence quotes as external
references; reference rows (MMP, UCDP, UN) are labelled ``reference-data``. Ids are uuid5 of actor ids
and relationship keys, so a re-export gives the same ids and a platform updates instead of duplicating.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, time
from pathlib import Path
from types import MappingProxyType
from typing import Any

import stix2

from factionmap.graph.exports import (
    Actors,
    actor_of,
    involved_ids,
    sorted_reference,
    sorted_relationships,
)
from factionmap.graph.relationships import Relationship
from factionmap.isodates import span
from factionmap.model import Actor, ReferenceRelation, StoredClaim
from factionmap.vocab import load_vocab

NAMESPACE = uuid.UUID("6a3c2f4e-1b7d-5e38-9c41-0f2d8b7a5e91")  # fixed forever: changing it changes every id
MAX_EVIDENCE_REFERENCES = 50  # quotes per relationship; a heavily reported pair would otherwise bloat the bundle
NEWS_LABEL = "news-derived"
REFERENCE_LABEL = "reference-data"
IDENTITY_CLASS = {"PERSON": "individual", "STATE": "organization", "ORGANIZATION": "organization"}
STATE_SECTORS = ("government-national",)
PRODUCER_NAME = "factionmap"
GROUP_KINDS = MappingProxyType({"intrusion-set": stix2.IntrusionSet, "threat-actor": stix2.ThreatActor})


def stix_id(kind: str, *parts: str) -> str:
    """A deterministic STIX id: the same parts give the same id on every export."""
    return f"{kind}--{uuid.uuid5(NAMESPACE, '|'.join((kind, *parts)))}"


def producer(created: datetime) -> stix2.Identity:
    """The identity every exported object is ``created_by``: this system."""
    return stix2.Identity(
        id=stix_id("identity", "producer", PRODUCER_NAME),
        name=PRODUCER_NAME,
        identity_class="system",
        created=created,
        modified=created,
        description="Evidence-backed relations extracted from news articles by factionmap.",
    )


def _stix_kind(actor: Actor) -> str:
    kinds = load_vocab().actor_types
    return str(kinds.get(actor.type, {}).get("stix", "identity"))


def actor_object(actor: Actor, created: datetime, created_by: str) -> stix2.v21._DomainObject:
    """The STIX object for one actor (see the module docstring for the choice of type)."""
    common: dict[str, Any] = {"name": actor.name, "created": created, "modified": created, "created_by_ref": created_by}
    note = f"factionmap actor {actor.id} ({actor.type}{', provisional' if actor.provisional else ''})"
    aliases = sorted(set(actor.aliases) - {actor.name})
    kind = _stix_kind(actor)
    if kind in GROUP_KINDS:  # vocab.yaml says intrusion-set; threat-actor is honoured if it is changed
        return GROUP_KINDS[kind](id=stix_id(kind, actor.id), description=note, aliases=aliases or None, **common)
    if actor.type == "STATE":
        common["sectors"] = list(STATE_SECTORS)
    elif actor.type not in IDENTITY_CLASS:
        note += "; a place or actor without geodata, exported as an identity of unknown class"
    if aliases:
        note += "; also known as " + ", ".join(aliases)
    return stix2.Identity(
        id=stix_id("identity", actor.id),
        description=note,
        identity_class=IDENTITY_CLASS.get(actor.type, "unknown"),
        **common,
    )


def _start(value: str | None) -> datetime | None:
    bounds = span(value)
    return datetime.combine(bounds[0], time.min, UTC) if bounds else None


def _stop(value: str | None) -> datetime | None:
    bounds = span(value)
    return datetime.combine(bounds[1], time(23, 59, 59), UTC) if bounds else None


def _interval(start: datetime | None, stop: datetime | None) -> dict[str, datetime]:
    """``start_time``/``stop_time`` where known; a stop before the start (conflicting evidence) keeps the
    dated stop and drops the start, because STIX requires stop > start."""
    if start and stop and stop <= start:
        start = None
    return {k: v for k, v in (("start_time", start), ("stop_time", stop)) if v}


def _evidence_reference(claim: StoredClaim) -> dict[str, str]:
    src = claim.source
    ref = {"source_name": src.outlet_name, "description": claim.evidence}
    if src.url:
        ref["url"] = src.url
    return ref


def _description(rel: Relationship, actors: Actors) -> str:
    vocab = load_vocab()
    label = vocab.relations[rel.type].label if rel.type in vocab.relations else rel.type
    head, tail = actor_of(actors, rel.head).name, actor_of(actors, rel.tail).name
    if rel.first_time:  # what the sentences date; else only when it was reported, said as such
        span = f"; dated {rel.first_time} to {rel.last_time} in the text"
    elif rel.first_reported:
        span = f"; no date stated, reported in articles of {rel.first_reported} to {rel.last_reported}"
    else:
        span = ""
    text = (
        f"{head} {label} {tail} ({rel.status}): {rel.asserted} asserting and {rel.negated} denying "
        f"claim(s) from {rel.independent_sources} independent source(s){span}."
    )
    if len(rel.claims) > MAX_EVIDENCE_REFERENCES:
        text += f" First {MAX_EVIDENCE_REFERENCES} of {len(rel.claims)} quotes attached."
    return text


def _stix_type(relation_type: str) -> str:
    spec = load_vocab().relations.get(relation_type)
    return spec.stix if spec else relation_type.lower().replace("_", "-")


def relationship_object(
    rel: Relationship, actors: Actors, ids: dict[str, str], created: datetime, created_by: str
) -> stix2.Relationship:
    """A news-derived relationship with its confidence, time bounds and evidence quotes. ``start_time``
    comes from stated times only (``valid_from``/``first_time``): an article's date is not when it held."""
    refs = [_evidence_reference(c) for c in rel.claims[:MAX_EVIDENCE_REFERENCES]]
    start = _start(rel.valid_from or rel.first_time)
    stop = _stop(rel.valid_to)
    return stix2.Relationship(
        id=stix_id("relationship", "news", rel.head, rel.type, rel.tail),
        relationship_type=_stix_type(rel.type),
        source_ref=ids[rel.head],
        target_ref=ids[rel.tail],
        confidence=round(100 * min(max(rel.confidence, 0), 1)),
        description=_description(rel, actors),
        external_references=refs or None,
        labels=[NEWS_LABEL, str(rel.status)],
        created=created,
        modified=created,
        created_by_ref=created_by,
        **_interval(start, stop),
    )


def reference_object(
    ref: ReferenceRelation, ids: dict[str, str], created: datetime, created_by: str
) -> stix2.Relationship:
    """A baseline row (MMP, UCDP, UN) as a relationship labelled ``reference-data``, citing its row id."""
    dataset = ref.source.split(":", 1)[0] or "reference"
    citation = {"source_name": dataset, "external_id": ref.source, "description": ref.note or ref.source}
    return stix2.Relationship(
        id=stix_id("relationship", "reference", ref.head, ref.type, ref.tail, ref.source),
        relationship_type=_stix_type(ref.type),
        source_ref=ids[ref.head],
        target_ref=ids[ref.tail],
        description=f"Reference data ({dataset}): {ref.note}".strip(),
        external_references=[citation],
        labels=[REFERENCE_LABEL],
        created=created,
        modified=created,
        created_by_ref=created_by,
        **_interval(_start(ref.start), _stop(ref.end)),
    )


def to_stix(
    relationships: Iterable[Relationship],
    actors: Actors,
    reference: Iterable[ReferenceRelation] = (),
    *,
    created: datetime | None = None,
) -> stix2.Bundle:
    """The bundle: the producer identity, one object per involved actor, one relationship per edge.

    ``created`` stamps every object (default: now, UTC); pass a fixed value for byte-identical re-exports.
    """
    stamp = (created or datetime.now(UTC)).astimezone(UTC)
    rels, refs = sorted_relationships(relationships), sorted_reference(reference)
    me = producer(stamp)
    actor_objects = {i: actor_object(actor_of(actors, i), stamp, me.id) for i in involved_ids(rels, refs)}
    ids = {i: obj.id for i, obj in actor_objects.items()}
    objects = [
        me,
        *actor_objects.values(),
        *(relationship_object(r, actors, ids, stamp, me.id) for r in rels),
        *(reference_object(r, ids, stamp, me.id) for r in refs),
    ]
    bundle_id = stix_id("bundle", *sorted(o.id for o in objects))
    return stix2.Bundle(objects=objects, id=bundle_id, allow_custom=False)


def write_stix(
    path: str | Path,
    relationships: Iterable[Relationship],
    actors: Actors,
    reference: Iterable[ReferenceRelation] = (),
    *,
    created: datetime | None = None,
) -> Path:
    """:func:`to_stix` serialised as indented JSON (UTF-8)."""
    bundle = to_stix(relationships, actors, reference, created=created)
    Path(path).write_text(bundle.serialize(pretty=True, ensure_ascii=False) + "\n", encoding="utf-8")
    return Path(path)
