"""Loads ``lexicon.yaml``: the word lists of the mention, coreference and relation stages."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import yaml

from factionmap.errors import VocabError

REQUIRED = (
    "state_role_nouns",
    "collective_nouns",
    "group_nouns",
    "plural_group_phrases",
    "pronouns",
    "armed_group_name_words",
    "organization_name_words",
    "group_head_words",
    "place_suffixes",
    "ner_labels",
    "ner_stoplist",
)


@dataclass(frozen=True, slots=True)
class MentionLexicon:
    state_role_nouns: frozenset[str]
    collective_nouns: frozenset[str]
    group_nouns: frozenset[str]
    plural_group_phrases: tuple[str, ...]
    pronouns: dict[str, tuple[str, ...]]
    armed_group_name_words: frozenset[str]
    organization_name_words: frozenset[str]
    group_head_words: frozenset[str]
    place_suffixes: frozenset[str]
    ner_labels: dict[str, str]
    ner_stoplist: frozenset[str]


@functools.cache
def load_word_sets(name: str) -> dict[str, frozenset[str]]:
    """A package YAML file of named word lists (e.g. ``frame_words.yaml``), each as a lower-case set."""
    raw = yaml.safe_load(resources.files("factionmap.extract").joinpath(name).read_text("utf-8"))
    if not isinstance(raw, dict):
        raise VocabError(f"extract/{name}: expected named lists of words")
    bad = [k for k, v in raw.items() if not isinstance(v, list)]
    if bad:
        raise VocabError(f"extract/{name}: {bad} must each be a list of words")
    return {k: frozenset(str(w).lower() for w in v) for k, v in raw.items()}


@functools.cache
def load_lexicon() -> MentionLexicon:
    raw = yaml.safe_load(resources.files("factionmap.extract").joinpath("lexicon.yaml").read_text("utf-8"))
    missing = [k for k in REQUIRED if k not in raw]
    if missing:
        raise VocabError(f"extract/lexicon.yaml: missing lists {missing}")
    words = {
        k: frozenset(str(w).lower() for w in raw[k])
        for k in REQUIRED
        if isinstance(raw[k], list) and k != "plural_group_phrases"
    }
    return MentionLexicon(
        state_role_nouns=words["state_role_nouns"],
        collective_nouns=words["collective_nouns"],
        group_nouns=words["group_nouns"],
        plural_group_phrases=tuple(raw["plural_group_phrases"]),
        pronouns={k: tuple(v) for k, v in raw["pronouns"].items()},
        armed_group_name_words=words["armed_group_name_words"],
        organization_name_words=words["organization_name_words"],
        group_head_words=words["group_head_words"],
        place_suffixes=words["place_suffixes"],
        ner_labels=dict(raw["ner_labels"]),
        ner_stoplist=words["ner_stoplist"],
    )
