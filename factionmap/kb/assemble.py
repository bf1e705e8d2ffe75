"""Assemble actor records from the bundled reference data and the YAML layers on top of it.

Order: bundled ``actors.jsonl`` (built by tools/build_kb.py), then ``curated.yaml``, then each user
``--kb`` file. A YAML entry whose id exists extends that actor; ``merge`` folds reference records into
an entry and leaves a redirect so their old ids still resolve (UCDP "Government of Turkey" → turkey).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from factionmap.errors import KnowledgeBaseError
from factionmap.kb.kbfile import Entry, KbFile, Link
from factionmap.kb.normalize import alias_key
from factionmap.model import ReferenceRelation

CURATED_SOURCE = "curated"


@dataclass(slots=True)
class Record:
    """A mutable actor while layers are applied; frozen into model.Actor at the end."""

    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    editorial_aliases: list[str] = field(default_factory=list)
    country: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    demonyms: list[str] = field(default_factory=list)
    form_words: list[str] = field(default_factory=list)
    capital: str | None = None
    active_from: str | None = None
    active_to: str | None = None
    note: str | None = None

    def all_names(self) -> list[str]:
        return [self.name, *self.aliases, *self.editorial_aliases]


@dataclass(slots=True)
class Assembly:
    records: dict[str, Record]
    redirects: dict[str, str]
    links: list[Link]
    denylist: list[str]
    state_forms: list[str]
    relations: list[ReferenceRelation]


def read_jsonl_records(path: Path) -> dict[str, Record]:
    records = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            records[row["id"]] = Record(
                id=row["id"],
                name=row["name"],
                type=row["type"],
                aliases=list(row["aliases"]),
                editorial_aliases=list(row["editorial_aliases"]),
                country=list(row["country"]),
                sources=list(row["sources"]),
                active_from=row["active_from"],
                active_to=row["active_to"],
            )
    return records


def read_jsonl_relations(path: Path) -> list[ReferenceRelation]:
    with open(path, encoding="utf-8") as f:
        rows = [json.loads(line) for line in f]
    return [
        ReferenceRelation(r["head"], r["type"], r["tail"], r["start"], r["end"], r["source"], r["note"]) for r in rows
    ]


def _add_unique(target: list[str], items: list[str]) -> None:
    seen = {alias_key(x) for x in target}
    for item in items:
        key = alias_key(item)
        if key not in seen:
            seen.add(key)
            target.append(item)


def _absorb(target: Record, other: Record) -> None:
    """Fold a merged reference record into ``target``, keeping its names and source ids."""
    _add_unique(target.aliases, [other.name, *other.aliases])
    _add_unique(target.editorial_aliases, other.editorial_aliases)
    _add_unique(target.country, other.country)
    target.sources.extend(s for s in other.sources if s not in target.sources)
    target.active_from = target.active_from or other.active_from
    target.active_to = target.active_to or other.active_to


def _new_record(entry: Entry) -> Record:
    for required in ("name", "type"):
        if required not in entry.values:
            raise KnowledgeBaseError(f"{entry.where} (field {required!r}): required for a new actor")
    return Record(id=entry.id, name=entry.values["name"], type=entry.values["type"])


def _apply_entry(asm: Assembly, entry: Entry) -> None:
    actor_id = asm.redirects.get(entry.id, entry.id)
    rec = asm.records.get(actor_id) or _new_record(entry)
    asm.records[actor_id] = rec
    v = entry.values
    for merged in v.get("merge", []):
        other = asm.records.pop(asm.redirects.get(merged, merged), None)
        if other is None or other is rec:
            raise KnowledgeBaseError(f"{entry.where} (field 'merge'): unknown actor id {merged!r}")
        _absorb(rec, other)
        asm.redirects.update({old: actor_id for old, new in asm.redirects.items() if new == other.id})
        asm.redirects[other.id] = actor_id
    if "name" in v and v["name"] != rec.name:
        _add_unique(rec.aliases, [rec.name])
        rec.name = v["name"]
    rec.type = v.get("type", rec.type)
    removed = {alias_key(a) for a in v.get("remove_aliases", [])}
    rec.aliases = [a for a in rec.aliases if alias_key(a) not in removed]
    rec.editorial_aliases = [a for a in rec.editorial_aliases if alias_key(a) not in removed]
    _add_unique(rec.aliases, [a for a in v.get("aliases", []) if alias_key(a) != alias_key(rec.name)])
    for name in ("demonyms", "form_words", "country"):
        _add_unique(getattr(rec, name), v.get(name, []))
    for name in ("capital", "note", "active_from", "active_to"):
        if name in v:
            setattr(rec, name, v[name])
    sources = v.get("sources", [CURATED_SOURCE])
    rec.sources.extend(s for s in sources if s not in rec.sources)
    asm.links.extend(entry.links)


def apply_file(asm: Assembly, kb_file: KbFile) -> None:
    """Apply one YAML layer: denylist and templates are added to, entries applied in order."""
    asm.denylist.extend(kb_file.denylist)
    asm.state_forms.extend(f for f in kb_file.state_forms if f not in asm.state_forms)
    for entry in kb_file.entries:
        _apply_entry(asm, entry)
    check_links(asm, kb_file)


def check_links(asm: Assembly, kb_file: KbFile) -> None:
    """Every link of this file must point at a known actor once the file is applied."""
    for entry in kb_file.entries:
        for link in entry.links:
            if asm.redirects.get(link.target, link.target) not in asm.records:
                name = "leads" if link.relation == "LEADS" else "member_of"
                raise KnowledgeBaseError(f"{entry.where} (field {name!r}): unknown actor id {link.target!r}")


def finish(asm: Assembly) -> tuple[list[Link], list[ReferenceRelation]]:
    """Point links and reference relations at merged ids; drop relations that became self-loops."""

    def resolve(actor_id: str) -> str:
        return asm.redirects.get(actor_id, actor_id)

    links = [Link(resolve(k.person), k.relation, resolve(k.target), k.start, k.end) for k in asm.links]
    relations = []
    for r in asm.relations:
        head, tail = resolve(r.head), resolve(r.tail)
        if head != tail:
            relations.append(ReferenceRelation(head, r.type, tail, r.start, r.end, r.source, r.note))
    return links, relations
