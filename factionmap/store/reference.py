"""The reference layer: baseline relations from curated datasets (MMP, UCDP, UN lists), stored apart.

``../shared/kb/relations.csv`` (columns head_id,type,tail_id,start,end,source,note) is what specialists
have already established, with a source row id for each relation. It goes into its own table,
``reference_relations``, never into ``claims``: queries show it beside the news-derived claims and it
can never be counted as one of them.

Loading is all or nothing. A row with an unknown relation type, a missing or unknown actor, a
malformed date or an over-long field stops the load with an error naming file:line:field and nothing
is written: a typo in baseline knowledge should be fixed, not silently dropped. Two kinds of row are
skipped without error: one whose head and tail become the same actor once old ids are mapped to the
knowledge base's current ids (``KnowledgeBase.canonical_id``, as kb.assemble does), and a repeat of a
(head, type, tail, source) already seen in the file (the first is kept).

Reloading is idempotent: rows are keyed on (head, type, tail, source); a new key is inserted, a known
one is updated if its dates or note changed, and an unchanged file adds nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, Row, and_, bindparam, func, or_, select, update

from factionmap.errors import InvalidInput
from factionmap.isodates import PartialDate
from factionmap.model import ReferenceRelation
from factionmap.store import schema as t
from factionmap.store.db import insert_ignore, one_of
from factionmap.vocab import load_vocab

if TYPE_CHECKING:
    from factionmap.kb import KnowledgeBase

COLUMNS = ("head_id", "type", "tail_id", "start", "end", "source", "note")

Key = tuple[str, str, str, str]


def load_reference(engine: Engine, csv_path: Path | str, kb: KnowledgeBase | None = None) -> int:
    """Store a reference relations CSV; returns how many rows were inserted or updated (0 on a reload)."""
    if kb is None:
        from factionmap.kb import KnowledgeBase

        kb = KnowledgeBase.load()
    return store_reference(engine, read_reference_csv(Path(csv_path), kb))


def load_bundled_reference(engine: Engine) -> int:
    """Store the reference relations bundled with the knowledge base (kb/data/reference_relations.jsonl,
    built from ../shared/kb by tools/build_kb.py, sources in kb/data/PROVENANCE.md)."""
    from factionmap.kb import KnowledgeBase, bundled_reference_relations

    kb = KnowledgeBase.load()
    rows: dict[Key, ReferenceRelation] = {}
    for raw in bundled_reference_relations():
        head, tail = kb.canonical_id(raw.head), kb.canonical_id(raw.tail)
        if head == tail:
            continue
        rel = ReferenceRelation(head, raw.type, tail, raw.start, raw.end, raw.source, raw.note or "")
        rows.setdefault((head, rel.type, tail, rel.source), rel)
    return store_reference(engine, rows)


def store_reference(engine: Engine, rows: dict[Key, ReferenceRelation]) -> int:
    """Upsert validated reference relations on (head, type, tail, source); returns rows inserted or updated."""
    table = t.reference_relations
    with engine.begin() as conn:
        stored = {
            (r.head_id, r.type, r.tail_id, r.source): (r.id, r.start, r.end, r.note)
            for r in conn.execute(select(table))
        }
        new = [_row(rel) for key, rel in rows.items() if key not in stored]
        changed = [
            {"row_id": stored[key][0], "start": rel.start, "end": rel.end, "note": rel.note or None}
            for key, rel in rows.items()
            if key in stored and stored[key][1:] != (rel.start, rel.end, rel.note or None)
        ]
        # ignoring rows another process inserted since the read above (two first ingests into a new store)
        insert_ignore(conn, table, new, ["head_id", "type", "tail_id", "source"])
        if changed:
            conn.execute(
                update(table)
                .where(table.c.id == bindparam("row_id"))
                .values(start=bindparam("start"), end=bindparam("end"), note=bindparam("note")),
                changed,
            )
    return len(new) + len(changed)


def read_reference_csv(path: Path, kb: KnowledgeBase) -> dict[Key, ReferenceRelation]:
    """Validated relations keyed by (head, type, tail, source), ids mapped to the knowledge base's."""
    relation_types = load_vocab().relations
    out: dict[Key, ReferenceRelation] = {}
    try:
        with open(path, encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise InvalidInput(
                    f"missing column(s) {', '.join(missing)}",
                    source=str(path),
                    line=1,
                    hint=f"the header must be {','.join(COLUMNS)}",
                )
            for raw in reader:
                rel = _relation(raw, kb, relation_types, str(path), reader.line_num)
                if rel.head != rel.tail:
                    out.setdefault((rel.head, rel.type, rel.tail, rel.source), rel)
    except OSError as exc:
        raise InvalidInput(
            f"cannot read the reference file: {exc.strerror}", source=str(path), hint="pass the path of relations.csv"
        ) from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"not UTF-8 text ({exc.reason})", source=str(path), hint="save the file as UTF-8") from exc
    return out


def _relation(raw: dict, kb: KnowledgeBase, relation_types, source: str, line: int) -> ReferenceRelation:
    def fail(field: str, message: str, hint: str | None = None) -> InvalidInput:
        return InvalidInput(message, source=source, line=line, field=field, hint=hint)

    value = {c: (raw.get(c) or "").strip() for c in COLUMNS}
    if value["type"] not in relation_types:
        raise fail(
            "type",
            f"unknown relation type {value['type']!r}",
            f"use one of {', '.join(relation_types)} (factionmap/vocab.yaml)",
        )
    ids = {}
    for field in ("head_id", "tail_id"):
        if not value[field]:
            raise fail(field, "missing actor id")
        if value[field] not in kb:
            raise fail(
                field,
                f"actor {value[field]!r} is not in the knowledge base",
                "fix the id, or add the actor in a --kb file and load with that knowledge base",
            )
        ids[field] = kb.canonical_id(value[field])
    for field in ("start", "end"):
        found = PartialDate.parse(value[field])
        if value[field] and (found is None or found.iso != value[field]):
            raise fail(field, f"date {value[field]!r} is not a real YYYY, YYYY-MM or YYYY-MM-DD")
    if not value["source"]:
        raise fail("source", "missing source", "every reference relation names where it comes from")
    for field, width in (("head_id", t.ID), ("tail_id", t.ID), ("source", 120)):
        if len(value[field]) > width:
            raise fail(field, f"longer than {width} characters")
    return ReferenceRelation(
        ids["head_id"],
        value["type"],
        ids["tail_id"],
        value["start"] or None,
        value["end"] or None,
        value["source"],
        value["note"],
    )


def _row(rel: ReferenceRelation) -> dict:
    return {
        "head_id": rel.head,
        "type": rel.type,
        "tail_id": rel.tail,
        "start": rel.start,
        "end": rel.end,
        "source": rel.source,
        "note": rel.note or None,
    }


def reference_between(engine: Engine, a_ids: Collection[str], b_ids: Collection[str]) -> list[ReferenceRelation]:
    """Reference relations in either direction between two sets of ids (e.g. an actor and its merged ids)."""
    left, right = sorted(_ids(a_ids)), sorted(_ids(b_ids))
    c = t.reference_relations.c
    query = select(t.reference_relations).where(
        or_(and_(c.head_id.in_(left), c.tail_id.in_(right)), and_(c.head_id.in_(right), c.tail_id.in_(left)))
    )
    with engine.connect() as conn:
        return _sorted(conn.execute(query))


def reference_count(engine: Engine) -> int:
    """Reference relations in the store."""
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(t.reference_relations)).scalar_one()


def reference_of(engine: Engine, ids: Collection[str]) -> list[ReferenceRelation]:
    """Reference relations where any of the ids is head or tail."""
    wanted = _ids(ids)
    c = t.reference_relations.c
    rows: list[Row] = []
    with engine.connect() as conn:
        for column in (c.head_id, c.tail_id):
            for condition in one_of(conn, column, wanted):
                rows.extend(conn.execute(select(t.reference_relations).where(condition)))
    unique = {r.id: r for r in rows}
    return _sorted(unique.values())


def _ids(ids: Collection[str] | str) -> set[str]:
    """A single id is accepted too (a bare string would otherwise be read as its characters)."""
    return {ids} if isinstance(ids, str) else set(ids)


def _sorted(rows) -> list[ReferenceRelation]:
    """Oldest first; undated relations last."""
    rels = [ReferenceRelation(r.head_id, r.type, r.tail_id, r.start, r.end, r.source, r.note or "") for r in rows]
    return sorted(rels, key=lambda r: (r.start is None, r.start or "", r.type, r.head, r.tail, r.source))


def ensure_bundled_reference(engine: Engine) -> int:
    """Load the bundled reference relations into a store that has none yet (a new store), so the
    "Reference data" of every answer is never empty by accident; 0 when some are already there (an
    analyst's own reference CSV, or an earlier load, is never overwritten or duplicated)."""
    from sqlalchemy import func, select

    from factionmap.store import schema as t

    with engine.connect() as conn:
        present = conn.execute(select(func.count()).select_from(t.reference_relations)).scalar_one()
    return 0 if present else load_bundled_reference(engine)
