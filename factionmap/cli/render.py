"""Answers as rich tables and as JSON: the analyst reads the summary first, then the evidence."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from pydantic import BaseModel
from rich.console import Console
from rich.table import Table
from rich.text import Text

from factionmap.cli.common import printable
from factionmap.graph.relationships import Relationship
from factionmap.model import ReferenceRelation, StoredClaim
from factionmap.queries.text import reference_sentence

QUOTE_CHARS = 220  # evidence shown per claim in tables; --json has it whole
INFERRED_CAPTION = (
    "~2016-10: the sentence gives no date; reported in an article of 2016-10 "
    "(it bounds nothing and is never read as when the relation held)"
)


def claim_source(c: StoredClaim) -> str:
    s = c.source
    outlet = s.outlet_name if s.has_outlet else None  # else the title or the id names it
    parts = [outlet, s.title or s.doc_id, s.published]
    return " · ".join(p for p in parts if p)


def qualifiers(c: StoredClaim) -> str:
    quals = [
        "NOT" if c.negated else None,
        "hedged" if c.hedged else None,
        f"per {c.attributed_to}" if c.attributed_to else None,
        f"analyst: {c.review}" if c.review else None,
    ]
    return ", ".join(q for q in quals if q) or "-"


def relationships_table(console: Console, rels: Sequence[Relationship], names: Mapping[str, str], title: str) -> None:
    """One row per claim, grouped by relationship (type, direction), strongest first."""
    table = Table(title=title, show_lines=True, expand=False, caption=INFERRED_CAPTION)
    for col, kw in (
        ("relation", {}),
        ("when", {"no_wrap": True}),
        ("qualifiers", {}),
        ("source", {}),
        ("evidence", {"overflow": "fold"}),
    ):
        table.add_column(col, **kw)
    for r in sorted(rels, key=lambda r: (-r.confidence, r.type)):
        head = f"{names.get(r.head, r.head)} {r.type} {names.get(r.tail, r.tail)}"
        label = Text(printable(f"{head}\n"), style="bold")
        label.append(f"{r.status}, {r.independent_sources} source(s), confidence {r.confidence:.2f}", style="dim")
        for k, c in enumerate(r.claims):
            quote = c.evidence if len(c.evidence) <= QUOTE_CHARS else c.evidence[: QUOTE_CHARS - 1] + "…"
            source = Text(printable(claim_source(c)))
            source.append(f"\nclaim {c.id}", style="dim")
            table.add_row(
                label if k == 0 else "", c.shown_date or "-", qualifiers(c), source, Text(printable(f"“{quote}”"))
            )
    console.print(table)


def reference_table(console: Console, refs: Sequence[ReferenceRelation], names: Mapping[str, str]) -> None:
    if not refs:
        return
    table = Table(title="reference data (not from the news)", show_edge=False)
    table.add_column("relation")
    table.add_column("source")
    table.add_column("note", overflow="fold")
    for ref in refs:
        note = ref.note if len(ref.note) <= QUOTE_CHARS else ref.note[: QUOTE_CHARS - 1] + "…"
        table.add_row(reference_sentence(ref, names), ref.source, note)
    console.print(table)


def print_json(console: Console, payload) -> None:
    """A JSON value, or a public model (factionmap.public.records: the shape the API gives)."""
    if isinstance(payload, BaseModel):
        payload = payload.model_dump(mode="json")
    console.print_json(json.dumps(payload, ensure_ascii=False))
