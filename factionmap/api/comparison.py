"""News-vs-reference comparison items as the API shows them (see factionmap.graph.reference_compare)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from factionmap.api import convert
from factionmap.api.schemas import ComparisonPublic
from factionmap.graph.reference_compare import Comparison


def comparison_public(items: Iterable[Comparison], names: Mapping[str, str]) -> list[ComparisonPublic]:
    return [
        ComparisonPublic(
            kind=c.kind,
            basis=c.basis,
            text=c.text,
            relationship=convert.relationship_id(c.relationship) if c.relationship else None,
            reference=[convert.reference(r, names) for r in c.reference],
        )
        for c in items
    ]
