"""Plain-English sentences for answers: what an analyst reads first, before the evidence tables.

Wording comes from the relation types' labels in vocab.yaml ("is allied with", "split from"), so the
sentences, the docs and the exports always agree on what a type means.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from factionmap.graph.relationships import Relationship
from factionmap.model import INFERRED_MARK, ReferenceRelation
from factionmap.vocab import load_vocab

MAX_SENTENCES = 6  # relationships spelled out in the summary; the rest are in the table below it


def span(first: str | None, last: str | None) -> str:
    if first and last and first[:4] != last[:4]:
        return f"{first[:4]}–{last[:4]}"
    return (first or last or "")[:4]


def relationship_when(r: Relationship) -> str:
    """When the news places a relationship: the years its sentences state ("2016–2019"), else when it was
    reported, marked as such ("reported ~2021–2024"), else "". An article's date is never shown as when
    the relation held."""
    if r.first_time:
        return span(r.first_time, r.last_time)
    if r.first_reported:
        return f"reported {INFERRED_MARK}{span(r.first_reported, r.last_reported)}"
    return ""


def relationship_sentence(r: Relationship, names: Mapping[str, str]) -> str:
    label = load_vocab().relations[r.type].label
    head, tail = names.get(r.head, r.head), names.get(r.tail, r.tail)
    sources = f"{r.independent_sources} independent source{'s' if r.independent_sources != 1 else ''}"
    facts = [
        f"{r.asserted} claim{'s' if r.asserted != 1 else ''}" if r.asserted else None,
        sources,
        relationship_when(r) or None,
        f"hedged in {round(r.share_hedged * 100)}%" if r.share_hedged else None,
    ]
    detail = ", ".join(f for f in facts if f)
    if r.status == "denied":
        denials = f"{r.negated} denial{'s' if r.negated != 1 else ''}"
        return f"Articles deny that {head} {label} {tail} ({denials}, {sources})."
    if r.status == "contested":
        return f"Contested: {head} {label} {tail} ({r.asserted} for, {r.negated} against; {sources})."
    return f"{head} {label} {tail} ({detail}; confidence {r.confidence:.2f})."


def reference_sentence(ref: ReferenceRelation, names: Mapping[str, str]) -> str:
    label = load_vocab().relations[ref.type].label if ref.type in load_vocab().relations else ref.type
    when = span(ref.start, ref.end)
    return (
        f"{names.get(ref.head, ref.head)} {label} {names.get(ref.tail, ref.tail)}"
        f"{f' ({when})' if when else ''} [{ref.source.split(':')[0].upper()}]"
    )


def relation_summary(
    a,
    b,
    rels: Sequence[Relationship],
    conflicts: Sequence,
    reference: Sequence[ReferenceRelation],
    path: Sequence[Relationship],
    names: Mapping[str, str],
) -> str:
    names = {a.id: a.name, b.id: b.name, **names}
    lines: list[str] = []
    if rels:
        ranked = sorted(rels, key=lambda r: (-r.confidence, r.type))
        lines += [relationship_sentence(r, names) for r in ranked[:MAX_SENTENCES]]
        if len(ranked) > MAX_SENTENCES:
            lines.append(f"…and {len(ranked) - MAX_SENTENCES} more relationships below.")
    elif path:
        hops = " → ".join(names.get(x, x) for x in _chain(path, a.id))
        lines.append(
            f"No article in the store links {a.name} and {b.name} directly; they are connected through {hops}:"
        )
        lines += [relationship_sentence(r, names) for r in path]
    else:
        lines.append(f"No article in the store relates {a.name} and {b.name}.")
    for c in conflicts:
        lines.append("Note: " + c.narrative)
    if reference:
        ref_names = {**names}
        lines.append("Reference data: " + "; ".join(reference_sentence(r, ref_names) for r in reference[:4]) + ".")
    return "\n".join(lines)


def _chain(path: Sequence[Relationship], start: str) -> list[str]:
    nodes, current = [start], start
    for r in path:
        current = r.tail if r.head == current else r.head
        nodes.append(current)
    return nodes
