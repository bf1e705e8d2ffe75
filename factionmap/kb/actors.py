"""The actor knowledge base: who exists, under which names, and how the reference data links them.

``KnowledgeBase.load()`` assembles the bundled reference data (tools/build_kb.py output), the curated
layer and any user ``--kb`` files into lookup tables. The bundled part is read once per process by a
cached loader (never at import time); a KB without user files is itself cached, so every stage that
calls ``load()`` shares one instance.
"""

from __future__ import annotations

import difflib
import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factionmap.errors import NotFound
from factionmap.kb.assemble import (
    Assembly,
    Record,
    apply_file,
    finish,
    read_jsonl_records,
    read_jsonl_relations,
)
from factionmap.kb.kbfile import KbFile, Link, read_kb_file
from factionmap.kb.normalize import alias_key
from factionmap.model import Actor, ReferenceRelation

DATA_DIR = Path(__file__).resolve().parent / "data"
ACTORS_FILE = DATA_DIR / "actors.jsonl"
RELATIONS_FILE = DATA_DIR / "reference_relations.jsonl"
CURATED_FILE = DATA_DIR / "curated.yaml"
SUGGEST_CUTOFF = 0.75  # difflib ratio; "Hayat Tahrir al Sam" still finds HTS, "Hamas" does not find "Amal"


@dataclass(frozen=True, slots=True)
class ActorDetails:
    """What the KB knows beyond model.Actor: dates, capital, demonyms, free-text note."""

    active_from: str | None
    active_to: str | None
    capital: str | None
    demonyms: tuple[str, ...]
    note: str | None


@functools.lru_cache(maxsize=1)
def _bundled() -> tuple[tuple[tuple[str, dict[str, Any]], ...], tuple[ReferenceRelation, ...], KbFile]:
    """Bundled files, parsed once per process. Records are kept as plain field dicts so each
    KnowledgeBase builds its own mutable copies."""
    records = read_jsonl_records(ACTORS_FILE)
    frozen = tuple((k, {f: getattr(r, f) for f in r.__slots__}) for k, r in records.items())
    return frozen, tuple(read_jsonl_relations(RELATIONS_FILE)), read_kb_file(CURATED_FILE)


def bundled_reference_relations() -> tuple[ReferenceRelation, ...]:
    """The reference relations bundled in kb/data/reference_relations.jsonl, as written (old ids not mapped:
    ``KnowledgeBase.canonical_id`` does that), parsed once per process."""
    return _bundled()[1]


def _copy_records(frozen: tuple[tuple[str, dict[str, Any]], ...]) -> dict[str, Record]:
    out = {}
    for key, fields in frozen:
        values: dict[str, Any] = {k: list(v) if isinstance(v, list) else v for k, v in fields.items()}
        out[key] = Record(**values)
    return out


def _generated_forms(records: dict[str, Record], templates: list[str]) -> dict[str, dict[str, str]]:
    """State forms ("Turkish government", "US military") from each state's form words:
    alias key → {state id: surface form}."""
    out: dict[str, dict[str, str]] = defaultdict(dict)
    for rec in records.values():
        if rec.type != "STATE" or not (rec.form_words or rec.demonyms):
            continue
        words = rec.form_words or [rec.demonyms[0], rec.name]
        for word in words:
            for template in templates:
                form = template.replace("{w}", word)
                out[alias_key(form)].setdefault(rec.id, form)
    return out


class KnowledgeBase:
    """Read-only lookups over the assembled actors. Build with ``KnowledgeBase.load()``."""

    def __init__(self, asm: Assembly) -> None:
        links, relations = finish(asm)
        self._records = asm.records
        self._redirects = dict(asm.redirects)
        self._actors = {k: _freeze(r) for k, r in asm.records.items()}
        self.denylist: frozenset[str] = frozenset(alias_key(a) for a in asm.denylist)
        self._forms: dict[str, set[str]] = defaultdict(set)  # alias key -> surface forms seen
        self.aliases = self._alias_index()
        for key, forms in _generated_forms(asm.records, asm.state_forms).items():
            if key not in self.aliases:  # an explicit alias always beats a generated form
                self.aliases[key] = tuple(sorted(forms))
                self._forms[key].update(forms.values())
        self.ambiguous: dict[str, tuple[str, ...]] = {k: v for k, v in self.aliases.items() if len(v) > 1}
        self.demonyms = self._state_word_index(lambda r: r.demonyms)
        self.capitals = self._state_word_index(lambda r: [r.capital] if r.capital else [])
        self._links: dict[str, list[Link]] = defaultdict(list)
        for link in links:
            self._links[link.person].append(link)
        self._relations: dict[str, list[ReferenceRelation]] = defaultdict(list)
        for rel in relations:
            self._relations[rel.head].append(rel)
            self._relations[rel.tail].append(rel)

    # ------------------------------------------------------------------ building
    @classmethod
    def load(cls, extra: Sequence[Path | str] = ()) -> KnowledgeBase:
        """The bundled KB plus user files (same format as curated.yaml), applied in order."""
        if not extra:
            return _default_kb()
        return cls._build(tuple(read_kb_file(p) for p in extra))

    @classmethod
    def _build(cls, extra_files: tuple[KbFile, ...]) -> KnowledgeBase:
        frozen, relations, curated = _bundled()
        asm = Assembly(
            records=_copy_records(frozen),
            redirects={},
            links=[],
            denylist=[],
            state_forms=[],
            relations=list(relations),
        )
        for kb_file in (curated, *extra_files):
            apply_file(asm, kb_file)
        return cls(asm)

    def _alias_index(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, set[str]] = defaultdict(set)
        for rec in self._records.values():
            for name in rec.all_names():
                key = alias_key(name)
                if key:
                    index[key].add(rec.id)
                    self._forms[key].add(name)
        return {k: tuple(sorted(v)) for k, v in index.items()}

    def _state_word_index(self, words) -> dict[str, str]:
        index: dict[str, str] = {}
        for rec in sorted(self._records.values(), key=lambda r: r.id):
            if rec.type == "STATE":
                for word in words(rec):
                    index.setdefault(alias_key(word), rec.id)
        return index

    # ------------------------------------------------------------------ lookups
    def __len__(self) -> int:
        return len(self._actors)

    def __contains__(self, actor_id: str) -> bool:
        return self._redirects.get(actor_id, actor_id) in self._actors

    def __iter__(self):
        return iter(self._actors.values())

    def canonical_id(self, actor_id: str) -> str:
        """The id an old (merged) id now lives under; the id itself otherwise."""
        return self._redirects.get(actor_id, actor_id)

    def actor(self, actor_id: str) -> Actor:
        try:
            return self._actors[self.canonical_id(actor_id)]
        except KeyError:
            raise NotFound(f"no actor with id {actor_id!r} in the knowledge base") from None

    def details(self, actor_id: str) -> ActorDetails:
        rec = self._records[self.actor(actor_id).id]
        return ActorDetails(rec.active_from, rec.active_to, rec.capital, tuple(rec.demonyms), rec.note)

    def find_by_name(self, name: str) -> list[Actor]:
        """Actors with this exact name or alias after normalisation (case, accents, "al-", "the")."""
        return [self._actors[i] for i in self.aliases.get(alias_key(name), ())]

    def alias_forms(self, key: str) -> frozenset[str]:
        """The surface spellings behind a normalised alias key (for the gazetteer's case rules)."""
        return frozenset(self._forms.get(key, ()))

    def suggest(self, name: str, limit: int = 5) -> list[Actor]:
        """Actors whose names are close to a misspelt ``name`` (difflib ratio ≥ SUGGEST_CUTOFF)."""
        key = alias_key(name)
        keys = difflib.get_close_matches(key, list(self.aliases), n=limit * 3, cutoff=SUGGEST_CUTOFF)
        out: list[Actor] = []
        for key in keys:
            for actor_id in self.aliases[key]:
                actor = self._actors[actor_id]
                if actor not in out:
                    out.append(actor)
        return out[:limit]

    def links(self, person_id: str) -> tuple[Link, ...]:
        """A person's LEADS / MEMBER_OF links, with dates where known."""
        return tuple(self._links.get(self.canonical_id(person_id), ()))

    def leader_of(self, person_id: str) -> list[str]:
        """Ids of the groups/states a person leads or belongs to, leadership first. Used only to
        resolve descriptions such as "al-Jolani's group"; never an article claim."""
        # leadership first, then the tie still in force (no end), then the most recent start
        links = sorted(
            self.links(person_id),
            key=lambda k: (
                k.relation != "LEADS",
                k.end is not None,
                "".join(chr(0x10FFFF - ord(c)) for c in (k.start or "")),
            ),
        )
        return list(dict.fromkeys(k.target for k in links))

    def demonym(self, word: str) -> str | None:
        """The state a demonym or people form names ("Turkish", "the Turks" → turkey)."""
        return self.demonyms.get(alias_key(word))

    def capital_of(self, city: str) -> str | None:
        """The state whose capital ``city`` is ("Ankara" → turkey): a metonym candidate only."""
        return self.capitals.get(alias_key(city))

    def state_for_country(self, country: str) -> str | None:
        """The STATE id for a country name as written in ``Actor.country`` ("DR Congo", "Syria")."""
        for actor_id in self.aliases.get(alias_key(country), ()):
            if self._actors[actor_id].type == "STATE":
                return actor_id
        return None

    def reference_relations(self, actor_id: str) -> list[ReferenceRelation]:
        """Reference-data relations where the actor is head or tail (provenance in ``source``)."""
        return list(self._relations.get(self.canonical_id(actor_id), ()))


def _freeze(rec: Record) -> Actor:
    name_key = alias_key(rec.name)
    aliases = [a for a in dict.fromkeys([*rec.aliases, *rec.editorial_aliases]) if alias_key(a) != name_key]
    return Actor(
        id=rec.id,
        name=rec.name,
        type=rec.type,
        aliases=tuple(aliases),
        country=tuple(rec.country),
        sources=tuple(rec.sources),
    )


@functools.lru_cache(maxsize=1)
def _default_kb() -> KnowledgeBase:
    return KnowledgeBase._build(())
