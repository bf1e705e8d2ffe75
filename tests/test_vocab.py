"""vocab.yaml: it loads, agrees with the scorer's relation types, and a malformed entry fails fast."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from factionmap.errors import VocabError
from factionmap.model import ACTOR_TYPES
from factionmap.vocab import _cue, _relation, load_vocab

SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"
SCHEMA_TYPES = frozenset({
    "ALLY_OF", "RIVAL_OF", "ATTACKS", "AFFILIATE_OF", "SPLINTER_OF", "SUCCESSOR_OF", "PLEDGED_ALLEGIANCE",
    "SUPPORTS", "PRAISES", "DENOUNCES", "INSPIRED_BY", "NEGOTIATES_WITH", "LEADS", "MEMBER_OF", "CONTROLS",
    "OPERATES_IN",
})


def scorer_types() -> frozenset[str]:
    """The scorer's TYPES (SYMMETRIC | {...}), read from its source without importing it; the
    schema's 16 names when ../shared is not beside the checkout."""
    if not SCORER.exists():
        return SCHEMA_TYPES
    names: set[str] = set()
    for node in ast.parse(SCORER.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in ("TYPES", "SYMMETRIC")
                                                 for t in node.targets):
            names |= {c.value for c in ast.walk(node.value) if isinstance(c, ast.Constant)}
    return frozenset(names)


@pytest.fixture(scope="module")
def vocab():
    return load_vocab()


def test_vocab_loads_once(vocab):
    assert load_vocab() is vocab
    assert vocab.relations and vocab.cues


def test_relation_types_are_the_scorers(vocab):
    assert set(vocab.relations) == scorer_types()
    assert len(vocab.relations) == 16


def test_symmetric_types(vocab):
    assert vocab.symmetric == {"ALLY_OF", "RIVAL_OF", "NEGOTIATES_WITH"}


def test_relations_name_only_actor_kinds(vocab):
    for rel in vocab.relations.values():
        assert rel.head and rel.tail and rel.label
        assert set(rel.head) | set(rel.tail) <= set(ACTOR_TYPES)
    assert set(vocab.actor_types) == set(ACTOR_TYPES)


def test_kind_constraints(vocab):
    assert vocab.relation("LEADS").allows("PERSON", "ARMED_GROUP")
    assert not vocab.relation("LEADS").allows("ARMED_GROUP", "PERSON")
    assert vocab.relation("CONTROLS").allows("ARMED_GROUP", "LOCATION")


def test_every_cue_names_a_known_type(vocab):
    for cue in vocab.cues:
        assert cue.type in vocab.relations, cue
        assert set(cue.by_prep.values()) <= set(vocab.relations), cue
        assert set(cue.tail_types) <= set(ACTOR_TYPES), cue
        assert cue in vocab.cues_for(cue.lemma, cue.pos)


def test_every_relation_type_has_a_cue_or_rule(vocab):
    """OPERATES_IN also comes from the locative rule; every other type needs at least one cue."""
    cued = {c.type for c in vocab.cues} | {t for c in vocab.cues for t in c.by_prep.values()}
    assert set(vocab.relations) - cued <= {"OPERATES_IN"}


def test_unknown_type_lookup_fails_fast(vocab):
    with pytest.raises(VocabError, match="BEFRIENDS"):
        vocab.relation("BEFRIENDS")


@pytest.mark.parametrize("raw", [
    {"head": ["ARMED_GROUP"]},  # no tail
    {"head": ["ARMED_GROUP"], "tail": ["MILITIA"]},  # not an actor kind
    {"head": [], "tail": ["STATE"]},
])
def test_malformed_relation_raises(raw):
    with pytest.raises(VocabError, match="BROKEN"):
        _relation("BROKEN", raw)


@pytest.mark.parametrize(("raw", "message"), [
    ({"lemma": "befriend", "pos": "VERB", "type": "BEFRIENDS"}, "unknown type"),
    ({"lemma": "ally", "pos": "PRON", "type": "ALLY_OF"}, "pos must be"),
    ({"lemma": "alliance", "pos": "NOUN", "type": "ALLY_OF"}, "class"),
    ({"lemma": "ally", "pos": "VERB", "type": "ALLY_OF", "roles": {"subj": "boss"}}, "roles"),
    ({"lemma": "fight", "pos": "VERB", "type": "ATTACKS", "by_prep": {"alongside": "FRIENDS"}}, "by_prep"),
])
def test_malformed_cue_raises(vocab, raw, message):
    with pytest.raises(VocabError, match=message):
        _cue(0, raw, vocab.relations)


def test_two_word_cues_are_split_into_verb_and_object(vocab):
    cue = _cue(0, {"lemma": "break tie", "pos": "VERB", "type": "SPLINTER_OF"}, vocab.relations)
    assert (cue.lemma, cue.obj_lemma, cue.text) == ("break", "tie", "break tie")
    noun = _cue(0, {"lemma": "safe haven", "pos": "NOUN", "type": "SUPPORTS", "class": "relational"},
                vocab.relations)
    assert (noun.lemma, noun.obj_lemma) == ("haven", "compound:safe")


def test_malformed_vocab_file_raises_on_load(tmp_path, monkeypatch):
    """The whole loader, pointed at an edited copy whose cue names a type that does not exist."""
    import factionmap.vocab as vocab_module

    (tmp_path / "vocab.yaml").write_text(
        "relations:\n  ALLY_OF: {symmetric: true, head: [STATE], tail: [STATE]}\n"
        "cues:\n  - {lemma: ally, pos: VERB, type: ALLIED}\n", encoding="utf-8")
    monkeypatch.setattr(vocab_module.resources, "files", lambda _package: tmp_path)
    with pytest.raises(VocabError, match="ALLIED"):
        load_vocab.__wrapped__()
