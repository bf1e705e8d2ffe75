"""Answers as rich tables and as JSON: the analyst reads the summary first, then the evidence."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from factionmap.cli.common import printable
from factionmap.graph.relationships import Relationship
from factionmap.kb import ReferenceRelation
from factionmap.model import StoredClaim
from factionmap.queries.text import reference_sentence, span

QUOTE_CHARS = 220  # evidence shown per claim in tables; --json has it whole
INFERRED_CAPTION = (
    "~2016-10: the sentence gives no date; reported in an article of 2016-10 "
    "(it bounds nothing and is never read as when the relation held)"
)


def claim_source(c: StoredClaim) -> str:
    s = c.source
    outlet = s.publisher or (s.url.split("/")[2] if s.url and "://" in s.url else None)
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


def claim_json(c: StoredClaim, names: Mapping[str, str]) -> dict:
    s = c.source
    return {
        "id": c.id,
        "head": names.get(c.head, c.head),
        "type": c.type,
        "tail": names.get(c.tail, c.tail),
        "negated": c.negated,
        "hedged": c.hedged,
        "attributed_to": c.attributed_to,
        "time": c.time,
        "date": c.date,
        "time_source": c.time_source,
        "evidence": c.evidence,
        "confidence": c.confidence,
        "review": c.review,
        "source": {
            "doc_id": s.doc_id,
            "title": s.title,
            "url": s.url,
            "publisher": s.publisher,
            "published": s.published,
        },
    }


def relationship_json(r: Relationship, names: Mapping[str, str]) -> dict:
    return {
        "head": names.get(r.head, r.head),
        "head_id": r.head,
        "type": r.type,
        "tail": names.get(r.tail, r.tail),
        "tail_id": r.tail,
        "status": r.status,
        "confidence": round(r.confidence, 4),
        "asserted": r.asserted,
        "negated": r.negated,
        "independent_sources": r.independent_sources,
        "first_time": r.first_time,
        "last_time": r.last_time,
        "first_reported": r.first_reported,
        "last_reported": r.last_reported,
        "valid_from": r.valid_from,
        "valid_to": r.valid_to,
        "share_hedged": r.share_hedged,
        "span": span(r.first_time, r.last_time),
        "claims": [claim_json(c, names) for c in r.claims],
    }


def reference_json(ref: ReferenceRelation, names: Mapping[str, str]) -> dict:
    return {
        "head": names.get(ref.head, ref.head),
        "type": ref.type,
        "tail": names.get(ref.tail, ref.tail),
        "start": ref.start,
        "end": ref.end,
        "source": ref.source,
        "note": ref.note,
    }


def print_json(console: Console, payload) -> None:
    console.print_json(json.dumps(payload, ensure_ascii=False))
