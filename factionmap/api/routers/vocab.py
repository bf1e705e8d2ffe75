"""GET /api/vocab: the relation types and actor kinds, straight from vocab.yaml (the one list the code,
the docs, the evaluation and the map's legend agree on)."""

from __future__ import annotations

from fastapi import APIRouter

from factionmap.api.schemas import ActorTypePublic, RelationTypePublic, VocabPublic
from factionmap.vocab import load_vocab

router = APIRouter(prefix="/vocab", tags=["vocabulary"])


@router.get("", response_model=VocabPublic)
def vocabulary() -> VocabPublic:
    """Relation types (label, symmetric, STIX name, allowed head and tail kinds, stance, contrary types,
    page colour) and actor kinds."""
    vocab = load_vocab()
    return VocabPublic(
        relation_types=[
            RelationTypePublic(
                name=r.name,
                label=r.label,
                symmetric=r.symmetric,
                stix=r.stix,
                head=list(r.head),
                tail=list(r.tail),
                stance=r.stance,
                contrary=dict(r.contrary),
                colour=r.colour,
            )
            for r in vocab.relations.values()
        ],
        actor_types=[
            ActorTypePublic(name=name, label=str(spec.get("label", name)), stix=str(spec.get("stix", "")))
            for name, spec in vocab.actor_types.items()
        ],
    )
