"""Loads ``vocab.yaml`` once, validates it and answers questions about relation types and cues.

The vocabulary is data so that code, docs, the evaluation and exports agree on one list of types;
an unknown type anywhere is a bug, so lookups fail fast with :class:`VocabError`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from factionmap.errors import VocabError
from factionmap.model import ACTOR_TYPES

ROLE_VALUES = ("head", "tail", "both", "none")
NOUN_CLASSES = ("relational", "event")
DEFAULT_CUE_WEIGHT = 0.8
STANCES = ("cooperative", "hostile", "neutral")
# contrary order -> the order the other type's entry must give back
CONTRARY_ORDERS = {"before": "after", "after": "before", "ended_by": "ends", "ends": "ended_by"}
TRAITS = ("stance", "contrary", "lineage", "place", "undated", "event", "phrases", "colour", "question_nouns")
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


@dataclass(frozen=True, slots=True)
class RelationType:
    name: str
    symmetric: bool
    head: tuple[str, ...]
    tail: tuple[str, ...]
    label: str
    stix: str
    stance: str  # cooperative | hostile | neutral
    contrary: tuple[tuple[str, str], ...]  # (other type, order): before | after | ended_by | ends
    lineage: bool
    place: bool
    undated: bool
    event: str | None
    pair_phrase: str
    directed_phrase: str
    colour: str  # pages and map
    picture_colour: str  # PNG/SVG pictures
    question_nouns: tuple[str, ...]

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

    def _having(self, test) -> frozenset[str]:
        return frozenset(n for n, r in self.relations.items() if test(r))

    @property
    def cooperative(self) -> frozenset[str]:
        """Cooperative ties: the positive layer of the signed network."""
        return self._having(lambda r: r.stance == "cooperative")

    @property
    def hostile(self) -> frozenset[str]:
        """Hostile ties: the negative layer."""
        return self._having(lambda r: r.stance == "hostile")

    @property
    def lineage(self) -> frozenset[str]:
        return self._having(lambda r: r.lineage)

    @property
    def place(self) -> frozenset[str]:
        return self._having(lambda r: r.place)

    @property
    def undated(self) -> frozenset[str]:
        return self._having(lambda r: r.undated)

    @property
    def contrary_pairs(self) -> tuple[tuple[str, str], ...]:
        """(earlier, later) pairs of relations that cannot hold together, the one that usually comes first
        in a group's life first, in the file's order."""
        return tuple(
            (n, other)
            for n, r in self.relations.items()
            for other, order in r.contrary
            if order in ("before", "ended_by")
        )

    @property
    def lifecycle(self) -> frozenset[tuple[str, str]]:
        """(earlier, later) contrary pairs where the later one ends the earlier by definition (a split)."""
        return frozenset(
            (n, other) for n, r in self.relations.items() for other, order in r.contrary if order == "ended_by"
        )

    @property
    def events(self) -> dict[str, str]:
        """Relation type -> the event type its claims make."""
        return {n: r.event for n, r in self.relations.items() if r.event}

    @property
    def colours(self) -> dict[str, str]:
        return {n: r.colour for n, r in self.relations.items()}

    @property
    def picture_colours(self) -> dict[str, str]:
        return {n: r.picture_colour for n, r in self.relations.items()}

    @property
    def question_nouns(self) -> dict[str, str]:
        """Question noun ("enemy") -> relation type."""
        return {noun: n for n, r in self.relations.items() for noun in r.question_nouns}

    def pair_phrase(self, name: str) -> str:
        return self.relation(name).pair_phrase

    def directed_phrase(self, name: str) -> str:
        return self.relation(name).directed_phrase

    def css(self) -> str:
        """Custom properties and classes for the pages: ``--rel-TYPE`` colours and ``.rel-TYPE`` swatches."""
        lines = [":root {", *(f"  --rel-{n}: {r.colour};" for n, r in self.relations.items()), "}"]
        lines += [f".rel-{n} {{ --c: var(--rel-{n}); }}" for n in self.relations]
        return "\n".join(lines) + "\n"


def _trait_error(name: str, trait: str, problem: str) -> VocabError:
    return VocabError(f"vocab.yaml: relation {name}: trait {trait!r} {problem}")


def _flag(name: str, raw: dict[str, Any], trait: str) -> bool:
    if not isinstance(raw[trait], bool):
        raise _trait_error(name, trait, "must be true or false")
    return raw[trait]


def _text(name: str, trait: str, value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise _trait_error(name, trait, "must be non-empty text")
    return value


def _relation(name: str, raw: dict[str, Any]) -> RelationType:
    for side in ("head", "tail"):
        bad = [t for t in raw.get(side, ()) if t not in ACTOR_TYPES]
        if bad or not raw.get(side):
            raise VocabError(f"vocab.yaml: relation {name}: {side} kinds {bad or 'missing'} are not actor types")
    missing = [t for t in TRAITS if t not in raw]
    if missing:
        raise _trait_error(name, missing[0], f"is missing (every type gives {', '.join(TRAITS)})")
    if raw["stance"] not in STANCES:
        raise _trait_error(name, "stance", f"must be one of {', '.join(STANCES)}")
    contrary = raw["contrary"]
    if not isinstance(contrary, dict) or any(
        not isinstance(k, str) or v not in CONTRARY_ORDERS for k, v in contrary.items()
    ):
        raise _trait_error(name, "contrary", f"must map relation types to one of {', '.join(CONTRARY_ORDERS)}")
    event = raw["event"]
    if event is not None and (not isinstance(event, str) or not re.fullmatch(r"[A-Z][A-Z_]*", event)):
        raise _trait_error(name, "event", "must be an upper-case event type or null")
    phrases = raw["phrases"]
    if not isinstance(phrases, dict) or set(phrases) != {"pair", "directed"}:
        raise _trait_error(name, "phrases", "must give exactly pair and directed")
    colour = raw["colour"]
    if (
        not isinstance(colour, dict)
        or set(colour) != {"page", "picture"}
        or not all(isinstance(c, str) and COLOUR.fullmatch(c) for c in colour.values())
    ):
        raise _trait_error(name, "colour", 'must give page and picture as "#rrggbb"')
    nouns = raw["question_nouns"]
    if not isinstance(nouns, list) or any(not isinstance(n, str) or not n.islower() for n in nouns):
        raise _trait_error(name, "question_nouns", "must be a list of lower-case nouns")
    return RelationType(
        name,
        bool(raw.get("symmetric", False)),
        tuple(raw["head"]),
        tuple(raw["tail"]),
        str(raw.get("label", name.lower())),
        str(raw.get("stix", name.lower())),
        raw["stance"],
        tuple(contrary.items()),
        _flag(name, raw, "lineage"),
        _flag(name, raw, "place"),
        _flag(name, raw, "undated"),
        event,
        _text(name, "phrases", phrases["pair"]),
        _text(name, "phrases", phrases["directed"]),
        colour["page"],
        colour["picture"],
        tuple(nouns),
    )


def _check_relations(relations: dict[str, RelationType]) -> None:
    """What one entry cannot check alone: contrary types exist and mirror each other; nouns are unique."""
    owner: dict[str, str] = {}
    for name, rel in relations.items():
        for other, order in rel.contrary:
            back = dict(relations[other].contrary).get(name) if other in relations else None
            if other not in relations or other == name:
                raise _trait_error(name, "contrary", f"names {other!r}, not another relation type")
            if back != CONTRARY_ORDERS[order]:
                raise _trait_error(
                    name,
                    "contrary",
                    f"says {other}: {order}, so {other} must say {name}: {CONTRARY_ORDERS[order]} (it says {back})",
                )
        for noun in rel.question_nouns:
            if owner.setdefault(noun, name) != name:
                raise _trait_error(name, "question_nouns", f"{noun!r} already asks for {owner[noun]}")


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
    obj: str | None
    if raw["pos"] == "NOUN" and len(words) == 2:
        lemma, obj = words[1], f"compound:{words[0]}"
    else:
        lemma, obj = words[0], (words[1] if len(words) > 1 else None)
    preps = raw.get("preps")
    return Cue(
        lemma,
        obj,
        raw["pos"],
        raw["type"],
        noun_class,
        roles,
        tuple(preps) if preps is not None else None,
        by_prep,
        bool(raw.get("reciprocal", False)),
        float(raw.get("weight", DEFAULT_CUE_WEIGHT)),
        tuple(raw.get("tails", ())),
    )


@functools.cache
def load_vocab() -> Vocab:
    """The packaged vocabulary, parsed and validated once per process."""
    return parse_vocab(resources.files("factionmap").joinpath("vocab.yaml").read_text(encoding="utf-8"))


def load_vocab_file(path: str | Path) -> Vocab:
    """A vocabulary from another file (an edited copy), parsed and validated, not cached."""
    return parse_vocab(Path(path).read_text(encoding="utf-8"))


def parse_vocab(text: str) -> Vocab:
    raw = yaml.safe_load(text)
    relations = {name: _relation(name, spec) for name, spec in raw["relations"].items()}
    _check_relations(relations)
    cues = tuple(_cue(i, c, relations) for i, c in enumerate(raw.get("cues", [])))
    index: dict[tuple[str, str], list[Cue]] = {}
    for cue in cues:
        index.setdefault((cue.lemma, cue.pos), []).append(cue)
    return Vocab(relations, cues, dict(raw.get("actor_types", {})), {k: tuple(v) for k, v in index.items()})
