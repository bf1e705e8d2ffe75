"""Loads ``vocab.yaml`` once, validates it and answers questions about relation types and cues.

The vocabulary is data so that code, docs, the evaluation and exports agree on one list of types;
an unknown type anywhere is a bug, so lookups fail fast with :class:`VocabError`.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

from factionmap.errors import VocabError
from factionmap.model import ACTOR_TYPES

ROLE_VALUES = ("head", "tail", "both", "none")
NOUN_CLASSES = ("relational", "event")
DEFAULT_CUE_WEIGHT = 0.8


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    symmetric: bool
    head: tuple[str, ...]
    tail: tuple[str, ...]
    label: str
    stix: str

    def allows(self, head_type: str, tail_type: str) -> bool:
        return head_type in self.head and tail_type in self.tail


@dataclass(frozen=True, slots=True)
class Cue:
    """One cue word (or verb + object noun) and how its syntactic slots map to head and tail."""

    lemma: str  # first word of the cue (the word that carries the parse)
    obj_lemma: str | None  # second word of a two-word cue: "break tie" -> object "tie"
    pos: str
    type: str
    noun_class: str | None
    roles: dict[str, str] = field(default_factory=dict)
    preps: tuple[str, ...] | None = None
    by_prep: dict[str, str] = field(default_factory=dict)
    reciprocal: bool = False
    weight: float = DEFAULT_CUE_WEIGHT
    tail_types: tuple[str, ...] = ()  # narrows the relation's tail kinds for this cue only

    @property
    def text(self) -> str:
        return f"{self.lemma} {self.obj_lemma}" if self.obj_lemma else self.lemma


@dataclass(frozen=True, slots=True)
class Vocab:
    relations: dict[str, RelationType]
    cues: tuple[Cue, ...]
    actor_types: dict[str, dict[str, str]]
    by_lemma: dict[tuple[str, str], tuple[Cue, ...]]

    def relation(self, name: str) -> RelationType:
        try:
            return self.relations[name]
        except KeyError:
            raise VocabError(f"unknown relation type {name!r}; known: {', '.join(self.relations)}") from None

    def cues_for(self, lemma: str, pos: str) -> tuple[Cue, ...]:
        return self.by_lemma.get((lemma, pos), ())

    @property
    def symmetric(self) -> frozenset[str]:
        return frozenset(n for n, r in self.relations.items() if r.symmetric)


def _relation(name: str, raw: dict[str, Any]) -> RelationType:
    for side in ("head", "tail"):
        bad = [t for t in raw.get(side, ()) if t not in ACTOR_TYPES]
        if bad or not raw.get(side):
            raise VocabError(f"vocab.yaml: relation {name}: {side} kinds {bad or 'missing'} are not actor types")
    return RelationType(name, bool(raw.get("symmetric", False)), tuple(raw["head"]), tuple(raw["tail"]),
                        str(raw.get("label", name.lower())), str(raw.get("stix", name.lower())))


def _cue(index: int, raw: dict[str, Any], relations: dict[str, RelationType]) -> Cue:
    where = f"vocab.yaml: cue #{index} ({raw.get('lemma')!r})"
    if raw.get("type") not in relations:
        raise VocabError(f"{where}: unknown type {raw.get('type')!r}")
    if raw.get("pos") not in ("VERB", "NOUN", "ADJ", "ADV"):
        raise VocabError(f"{where}: pos must be VERB, NOUN, ADJ or ADV")
    noun_class = raw.get("class")
    if raw["pos"] == "NOUN" and noun_class not in NOUN_CLASSES:
        raise VocabError(f"{where}: a NOUN cue needs class relational or event")
    roles = {str(k): str(v) for k, v in (raw.get("roles") or {}).items()}
    if any(v not in ROLE_VALUES for v in roles.values()):
        raise VocabError(f"{where}: roles take one of {ROLE_VALUES}")
    by_prep = {str(k): str(v) for k, v in (raw.get("by_prep") or {}).items()}
    if any(v not in relations for v in by_prep.values()):
        raise VocabError(f"{where}: by_prep names an unknown type")
    words = str(raw["lemma"]).split()
    # "safe haven", "role model", "prime minister": compound nouns keyed by their last word
    if raw["pos"] == "NOUN" and len(words) == 2:
        lemma, obj = words[1], f"compound:{words[0]}"
    else:
        lemma, obj = words[0], (words[1] if len(words) > 1 else None)
    preps = raw.get("preps")
    return Cue(lemma, obj, raw["pos"], raw["type"], noun_class, roles,
               tuple(preps) if preps is not None else None, by_prep, bool(raw.get("reciprocal", False)),
               float(raw.get("weight", DEFAULT_CUE_WEIGHT)), tuple(raw.get("tails", ())))


@functools.cache
def load_vocab() -> Vocab:
    """The packaged vocabulary, parsed and validated once per process."""
    text = resources.files("factionmap").joinpath("vocab.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    relations = {name: _relation(name, spec) for name, spec in raw["relations"].items()}
    cues = tuple(_cue(i, c, relations) for i, c in enumerate(raw.get("cues", [])))
    index: dict[tuple[str, str], list[Cue]] = {}
    for cue in cues:
        index.setdefault((cue.lemma, cue.pos), []).append(cue)
    return Vocab(relations, cues, dict(raw.get("actor_types", {})), {k: tuple(v) for k, v in index.items()})
