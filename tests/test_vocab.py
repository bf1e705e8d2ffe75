"""vocab.yaml: it loads, agrees with the scorer's relation types, and a malformed entry fails fast."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from factionmap.errors import VocabError
from factionmap.model import ACTOR_TYPES
from factionmap.vocab import CONTRARY_ORDERS, STANCES, TRAITS, _cue, _relation, load_vocab, load_vocab_file

SCORER = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "score.py"
SCHEMA_TYPES = frozenset(
    {
        "ALLY_OF",
        "RIVAL_OF",
        "ATTACKS",
        "AFFILIATE_OF",
        "SPLINTER_OF",
        "SUCCESSOR_OF",
        "PLEDGED_ALLEGIANCE",
        "SUPPORTS",
        "PRAISES",
        "DENOUNCES",
        "INSPIRED_BY",
        "NEGOTIATES_WITH",
        "LEADS",
        "MEMBER_OF",
        "CONTROLS",
        "OPERATES_IN",
    }
)


def scorer_types() -> frozenset[str]:
    """The scorer's TYPES (SYMMETRIC | {...}), read from its source without importing it; the
    schema's 16 names when ../shared is not beside the checkout."""
    if not SCORER.exists():
        return SCHEMA_TYPES
    names: set[str] = set()
    for node in ast.parse(SCORER.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") in ("TYPES", "SYMMETRIC") for t in node.targets):
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


@pytest.mark.parametrize(
    "raw",
    [
        {"head": ["ARMED_GROUP"]},  # no tail
        {"head": ["ARMED_GROUP"], "tail": ["MILITIA"]},  # not an actor kind
        {"head": [], "tail": ["STATE"]},
    ],
)
def test_malformed_relation_raises(raw):
    with pytest.raises(VocabError, match="BROKEN"):
        _relation("BROKEN", raw)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"lemma": "befriend", "pos": "VERB", "type": "BEFRIENDS"}, "unknown type"),
        ({"lemma": "ally", "pos": "PRON", "type": "ALLY_OF"}, "pos must be"),
        ({"lemma": "alliance", "pos": "NOUN", "type": "ALLY_OF"}, "class"),
        ({"lemma": "ally", "pos": "VERB", "type": "ALLY_OF", "roles": {"subj": "boss"}}, "roles"),
        ({"lemma": "fight", "pos": "VERB", "type": "ATTACKS", "by_prep": {"alongside": "FRIENDS"}}, "by_prep"),
    ],
)
def test_malformed_cue_raises(vocab, raw, message):
    with pytest.raises(VocabError, match=message):
        _cue(0, raw, vocab.relations)


def test_two_word_cues_are_split_into_verb_and_object(vocab):
    cue = _cue(0, {"lemma": "break tie", "pos": "VERB", "type": "SPLINTER_OF"}, vocab.relations)
    assert (cue.lemma, cue.obj_lemma, cue.text) == ("break", "tie", "break tie")
    noun = _cue(0, {"lemma": "safe haven", "pos": "NOUN", "type": "SUPPORTS", "class": "relational"}, vocab.relations)
    assert (noun.lemma, noun.obj_lemma) == ("haven", "compound:safe")


def test_malformed_vocab_file_raises_on_load(tmp_path, monkeypatch):
    """The whole loader, pointed at an edited copy whose cue names a type that does not exist."""
    import factionmap.vocab as vocab_module

    (tmp_path / "vocab.yaml").write_text(
        "relations:\n  ALLY_OF: {symmetric: true, head: [STATE], tail: [STATE], " + TRAITS_YAML + "}\n"
        "cues:\n  - {lemma: ally, pos: VERB, type: ALLIED}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(vocab_module.resources, "files", lambda _package: tmp_path)
    with pytest.raises(VocabError, match="ALLIED"):
        load_vocab.__wrapped__()


# --- relation-type traits: vocab.yaml is the one description of what each type means (issue 12) ------

TRAITS_YAML = (
    "stance: neutral, contrary: {}, lineage: false, place: false, undated: false, event: null, "
    "phrases: {pair: p, directed: d}, colour: {page: '#000001', picture: '#000002'}, question_nouns: []"
)


def packaged_vocab_text() -> str:
    from importlib import resources

    return resources.files("factionmap").joinpath("vocab.yaml").read_text(encoding="utf-8")


def test_every_type_gives_every_trait_a_valid_value(vocab):
    raw = yaml.safe_load(packaged_vocab_text())["relations"]
    for name, rel in vocab.relations.items():
        assert set(TRAITS) <= set(raw[name]), name
        assert rel.stance in STANCES, name
        assert all(isinstance(f, bool) for f in (rel.lineage, rel.place, rel.undated)), name
        assert rel.event is None or rel.event.isupper(), name
        assert rel.pair_phrase and rel.directed_phrase, name
        assert re.fullmatch(r"#[0-9a-f]{6}", rel.colour) and re.fullmatch(r"#[0-9a-f]{6}", rel.picture_colour), name
        assert all(o in vocab.relations and order in CONTRARY_ORDERS for o, order in rel.contrary), name


def test_contrary_pairs_are_mirrored_in_the_data(vocab):
    for name, rel in vocab.relations.items():
        for other, order in rel.contrary:
            assert dict(vocab.relation(other).contrary)[name] == CONTRARY_ORDERS[order], (name, other)
    pairs = vocab.contrary_pairs
    assert len(set(pairs)) == len(pairs) and not {(b, a) for a, b in pairs} & set(pairs)
    assert vocab.lifecycle <= set(pairs)


def test_derived_sets_are_the_ones_the_code_used_before(vocab):
    """The groups that were constants in graph/, queries/ and extract/ before issue 12, now read from the data."""
    assert vocab.cooperative == {
        "ALLY_OF",
        "AFFILIATE_OF",
        "PLEDGED_ALLEGIANCE",
        "SUPPORTS",
        "MEMBER_OF",
        "SUCCESSOR_OF",
    }
    assert vocab.hostile == {"ATTACKS", "RIVAL_OF", "DENOUNCES", "SPLINTER_OF"}
    assert vocab.contrary_pairs == (
        ("ALLY_OF", "RIVAL_OF"),
        ("ALLY_OF", "ATTACKS"),
        ("AFFILIATE_OF", "SPLINTER_OF"),
        ("PLEDGED_ALLEGIANCE", "SPLINTER_OF"),
    )
    assert vocab.lifecycle == {("AFFILIATE_OF", "SPLINTER_OF"), ("PLEDGED_ALLEGIANCE", "SPLINTER_OF")}
    assert vocab.lineage == {"SPLINTER_OF", "SUCCESSOR_OF", "AFFILIATE_OF", "PLEDGED_ALLEGIANCE"}
    assert vocab.place == {"OPERATES_IN", "CONTROLS"}
    assert vocab.undated == {"MEMBER_OF", "AFFILIATE_OF", "LEADS"}
    assert vocab.events == {"ATTACKS": "ATTACK", "CONTROLS": "CAPTURE"}
    assert vocab.question_nouns["enemy"] == "RIVAL_OF" and vocab.question_nouns["leader"] == "LEADS"
    assert (vocab.pair_phrase("ALLY_OF"), vocab.directed_phrase("PLEDGED_ALLEGIANCE")) == ("allied", "pledged to")
    assert vocab.pair_phrase("PRAISES") == vocab.relation("PRAISES").label  # the old fallback, now explicit
    assert len(set(vocab.colours.values())) == len(vocab.colours)


def _with_entry(name: str, entry: str, text: str | None = None) -> str:
    text = text or packaged_vocab_text()
    return text.replace("\nrelations:\n", f"\nrelations:\n  {name}:\n{entry}", 1)


BEFRIENDS = """    symmetric: true
    head: [ARMED_GROUP, STATE]
    tail: [ARMED_GROUP, STATE]
    label: befriends
    stix: befriends
    stance: cooperative
    contrary: {DENOUNCES: before}
    lineage: false
    place: false
    undated: true
    event: FRIENDSHIP
    phrases: {pair: friendly, directed: befriending}
    colour: {page: "#123456", picture: "#654321"}
    question_nouns: [pal]
"""


def test_a_new_type_is_one_vocab_entry(tmp_path):
    """A made-up type added to a copy of vocab.yaml (plus the mirror of its contrary) reaches every derived
    set, phrase, colour and the pages' CSS with no code change."""
    text = _with_entry("BEFRIENDS", BEFRIENDS).replace(
        "    stance: hostile\n    contrary: {}\n", "    stance: hostile\n    contrary: {BEFRIENDS: after}\n", 1
    )
    path = tmp_path / "vocab.yaml"
    path.write_text(text, encoding="utf-8")
    v = load_vocab_file(path)
    assert dict(v.relation("DENOUNCES").contrary) == {"BEFRIENDS": "after"}  # the first hostile type without one
    assert "BEFRIENDS" in v.cooperative and "BEFRIENDS" in v.symmetric and "BEFRIENDS" in v.undated
    assert ("BEFRIENDS", "DENOUNCES") in v.contrary_pairs and not {"BEFRIENDS"} & (v.lineage | v.place | v.hostile)
    assert v.events["BEFRIENDS"] == "FRIENDSHIP" and v.question_nouns["pal"] == "BEFRIENDS"
    assert (v.pair_phrase("BEFRIENDS"), v.directed_phrase("BEFRIENDS")) == ("friendly", "befriending")
    assert v.colours["BEFRIENDS"] == "#123456" and v.picture_colours["BEFRIENDS"] == "#654321"
    assert "--rel-BEFRIENDS: #123456;" in v.css() and ".rel-BEFRIENDS { --c: var(--rel-BEFRIENDS); }" in v.css()


@pytest.mark.parametrize(
    ("trait", "line", "replacement"),
    [
        ("stance", "    stance: cooperative\n", "    stance: friendly\n"),
        ("stance", "    stance: cooperative\n", ""),
        ("contrary", "    contrary: {DENOUNCES: before}\n", "    contrary: {DENOUNCES: sometimes}\n"),
        ("contrary", "    contrary: {DENOUNCES: before}\n", "    contrary: {PRAISES: before}\n"),  # not mirrored
        ("lineage", "    lineage: false\n", "    lineage: maybe\n"),
        ("undated", "    undated: true\n", ""),
        ("event", "    event: FRIENDSHIP\n", "    event: 3\n"),
        ("phrases", "    phrases: {pair: friendly, directed: befriending}\n", "    phrases: {pair: friendly}\n"),
        (
            "colour",
            '    colour: {page: "#123456", picture: "#654321"}\n',
            '    colour: {page: red, picture: "#654321"}\n',
        ),
        ("question_nouns", "    question_nouns: [pal]\n", "    question_nouns: [enemy]\n"),  # already RIVAL_OF's
    ],
)
def test_a_missing_or_wrong_trait_names_the_type_and_the_trait(tmp_path, trait, line, replacement):
    assert line in BEFRIENDS
    text = _with_entry("BEFRIENDS", BEFRIENDS.replace(line, replacement)).replace(
        "    stance: hostile\n    contrary: {}\n", "    stance: hostile\n    contrary: {BEFRIENDS: after}\n", 1
    )
    path = tmp_path / "vocab.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(VocabError, match=rf"BEFRIENDS.*{trait}|{trait}.*BEFRIENDS"):
        load_vocab_file(path)


# Where relation-type names may still be written in the package, and why. Everything else reads vocab.yaml.
TYPE_NAMES_ALLOWED = {
    "vocab.yaml": "the vocabulary itself",
    "extract/frames.py": "grammar rules that turn one cue's type into another (fight together: ALLY_OF; "
    "former affiliate: SPLINTER_OF; office compounds: MEMBER_OF)",
    "extract/relations.py": "the locative rule makes OPERATES_IN; office titles make LEADS / MEMBER_OF",
    "extract/coref.py": "a title resolves to the state its person LEADS",
    "kb/kbfile.py": "the knowledge base's leads/member_of fields are LEADS / MEMBER_OF links",
    "kb/actors.py": "a person's LEADS / MEMBER_OF links, leader first",
    "kb/assemble.py": "writes LEADS / MEMBER_OF links back as the kb file's fields",
    "graph/reference_compare.py": "MMP records AFFILIATE_OF without direction (a fact about that source)",
    "training/evaluate.py": "a one-relation gold example in the scorer's self-check",
    "graph/ftm.py": "FollowTheMoney schema per type (Membership, Directorship, ...): export mapping written "
    "alongside issue 12; could become a vocab.yaml trait like stix",
}


def test_no_relation_type_is_hard_coded_outside_the_vocabulary(vocab):
    """A new group, phrase or colour table naming types in code fails here: put the trait in vocab.yaml.
    In Python a string literal that is exactly a type name counts (prose in docstrings, comments and
    descriptions may name types as examples); in scripts, styles and templates any mention counts."""
    package = Path(__file__).resolve().parents[1] / "factionmap"
    names = re.compile(r"\b(?:" + "|".join(sorted(vocab.relations, key=len, reverse=True)) + r")\b")
    offenders = []
    for path in sorted(package.rglob("*")):
        rel = path.relative_to(package).as_posix()
        if path.suffix not in (".py", ".js", ".css", ".html") or rel in TYPE_NAMES_ALLOWED or "/vendor/" in rel:
            continue
        source = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            found = {
                node.value
                for node in ast.walk(ast.parse(source))
                if isinstance(node, ast.Constant) and node.value in vocab.relations
            }
        else:
            found = set(names.findall(source))
        if found:
            offenders.append(f"{rel}: {sorted(found)}")
    assert not offenders, "relation types hard-coded outside vocab.yaml: " + "; ".join(offenders)


def test_the_allowed_list_has_no_stale_entries(vocab):
    """Each file allowed to name types still does; drop it from TYPE_NAMES_ALLOWED when it stops."""
    package = Path(__file__).resolve().parents[1] / "factionmap"
    for rel in TYPE_NAMES_ALLOWED:
        assert any(name in (package / rel).read_text(encoding="utf-8") for name in vocab.relations), rel
