"""An Extraction in the schema's JSON shape (../shared/gold/SCHEMA.md), plus provenance extras.

Names in ``relations`` and ``events`` are the actors' canonical names, and every entity lists the
surface forms the article used and the knowledge base's other names, so that a reader (or the scorer)
can match them. Extra fields (ids, offsets, confidence, rule) are additive: the schema's own fields
keep their meaning.
"""

from __future__ import annotations

from typing import Any

from factionmap.model import Extraction, MentionMethod, time_source

MAX_KB_ALIASES = 40  # plenty to match any common form; keeps files readable for huge alias lists


def _aliases(ex: Extraction, actor_id: str) -> list[str]:
    actor = ex.actors[actor_id]
    seen: dict[str, None] = {}
    for m in ex.mentions:
        if m.actor_id == actor_id and m.method not in (MentionMethod.COREF, MentionMethod.DESCRIPTION):
            seen.setdefault(m.text.strip(), None)
    for alias in actor.aliases[:MAX_KB_ALIASES]:
        seen.setdefault(alias, None)
    seen.pop(actor.name, None)
    return list(seen)


def extraction_to_json(ex: Extraction) -> dict[str, Any]:
    a = ex.article
    name = {k: v.name for k, v in ex.actors.items()}
    return {
        "doc_id": a.doc_id,
        "title": a.title,
        "author": a.author,
        "publisher": a.publisher,
        "published": a.published,
        "url": a.url,
        "source": a.source,
        "extractor_version": ex.extractor_version,
        "time_anchor": ex.time_anchor,
        "time_anchor_source": ex.time_anchor_source,
        "entities": [
            {
                "name": actor.name,
                "type": actor.type,
                "aliases": _aliases(ex, k),
                "id": k,
                "provisional": actor.provisional,
                "mentions": sum(1 for m in ex.mentions if m.actor_id == k),
            }
            for k, actor in sorted(ex.actors.items(), key=lambda kv: kv[1].name.lower())
        ],
        "relations": [
            {
                "head": name[c.head],
                "type": c.type,
                "tail": name[c.tail],
                "negated": c.negated,
                "hedged": c.hedged,
                "attributed_to": c.attributed_to,
                "time": c.time,
                "time_source": time_source(c.time, a.published or ex.time_anchor),
                "evidence": c.evidence,
                "evidence_start": c.evidence_start,
                "evidence_end": c.evidence_end,
                "confidence": c.confidence,
                "rule": c.rule,
                "cue": c.cue,
                "head_id": c.head,
                "tail_id": c.tail,
                "head_text": c.head_text,
                "tail_text": c.tail_text,
            }
            for c in ex.claims
        ],
        "events": [
            {
                "type": e.type,
                "date": e.date,
                "location": name.get(e.location, e.location) if e.location else None,
                "actors": [name.get(x, x) for x in e.actors],
                "targets": [name.get(x, x) for x in e.targets],
                "casualties": e.casualties,
                "evidence": e.evidence,
                "evidence_start": e.evidence_start,
                "evidence_end": e.evidence_end,
            }
            for e in ex.events
        ],
    }
