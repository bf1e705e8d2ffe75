"""Candidate pairs and their features on invented sentences, mentions placed by hand (name -> kind)."""

from __future__ import annotations

import re

import pytest

from factionmap.extract.grammar import MentionSpan, SentenceGraph
from factionmap.extract.masking import mask_sentence
from factionmap.extract.pairs import dependency_path, kb_features, sentence_candidates
from factionmap.model import Claim, Mention, Sentence
from factionmap.vocab import load_vocab


@pytest.fixture(scope="module")
def nlp():
    from factionmap.extract.pipeline import load_nlp

    return load_nlp()


def graph_of(nlp, sentence: str, actors: dict[str, str]) -> tuple[SentenceGraph, list[Mention]]:
    found = sorted(
        (
            Mention(m.start(), m.end(), name, name, kind, "gazetteer")
            for name, kind in actors.items()
            for m in re.finditer(rf"\b{re.escape(name)}\b", sentence)
        ),
        key=lambda m: m.start,
    )
    masked = mask_sentence(Sentence(0, 0, len(sentence), sentence), found)
    doc = nlp(masked.text)
    spans = []
    for k, m in enumerate(found):
        span = doc.char_span(masked.to_masked(m.start), masked.to_masked(m.end), alignment_mode="expand")
        spans.append(MentionSpan(k, span.start, span.end, span.root.i, m.actor_id, m.actor_type))
    return SentenceGraph(doc, spans), found


def only_pair(nlp, sentence: str, actors: dict[str, str], rule_claims=()) -> list[str]:
    graph, mentions = graph_of(nlp, sentence, actors)
    cands = sentence_candidates(graph, mentions, 0, load_vocab(), list(rule_claims))
    assert len(cands) == 1, [(graph.spans[c.first].actor_id, graph.spans[c.second].actor_id) for c in cands]
    return cands[0].features


def test_every_pair_of_two_different_actors_is_a_candidate_once(nlp):
    kinds = {"JNIM": "ARMED_GROUP", "ISGS": "ARMED_GROUP", "Wagner": "ARMED_GROUP", "Gao": "LOCATION"}
    graph, mentions = graph_of(nlp, "JNIM and ISGS clashed with Wagner near Gao while JNIM held Gao.", kinds)
    cands = sentence_candidates(graph, mentions, 0, load_vocab(), [])
    pairs = [(graph.spans[c.first].actor_id, graph.spans[c.second].actor_id) for c in cands]
    assert all(a != b for a, b in pairs)  # never an actor with itself
    assert all(graph.spans[c.first].start < graph.spans[c.second].start for c in cands)  # text order
    assert {frozenset(p) for p in pairs} == {
        frozenset(p)
        for p in [
            ("JNIM", "ISGS"),
            ("JNIM", "Wagner"),
            ("ISGS", "Wagner"),
            ("JNIM", "Gao"),
            ("ISGS", "Gao"),
            ("Wagner", "Gao"),
        ]
    }


def test_apposition_and_of_phrase_are_read(nlp):
    f = only_pair(
        nlp, "Ansaru, an affiliate of Boko Haram, was banned.", {"Ansaru": "ARMED_GROUP", "Boko Haram": "ARMED_GROUP"}
    )
    assert "types=ARMED_GROUP|ARMED_GROUP" in f
    assert "bw=affiliate" in f and "bw1=," in f
    assert any(x.startswith("of_phrase_") and x.endswith("=of") for x in f) or "pw=affiliate" in f
    assert "cue_between=AFFILIATE_OF" in f or "cue_path=AFFILIATE_OF" in f


def test_verb_path_carries_the_lemma_and_the_arcs(nlp):
    f = only_pair(nlp, "Hamas attacked Israel on Saturday.", {"Hamas": "ARMED_GROUP", "Israel": "STATE"})
    assert "lca=attack" in f and "lca_pos=VERB" in f
    assert "dpath=nsubj^ dobjv" in f
    assert "a_dep=nsubj" in f and "b_dep=dobj" in f
    assert "cue_path=ATTACKS" in f and "adjacent" not in f


def test_negation_on_the_path_is_a_feature(nlp):
    f = only_pair(nlp, "Hamas did not attack Israel.", {"Hamas": "ARMED_GROUP", "Israel": "STATE"})
    assert "negated" in f


def test_person_then_group_title(nlp):
    f = only_pair(nlp, "Shekau, the leader of Boko Haram, died.", {"Shekau": "PERSON", "Boko Haram": "ARMED_GROUP"})
    assert "types=PERSON|ARMED_GROUP" in f and "ta=PERSON" in f and "tb=ARMED_GROUP" in f
    assert "bw=leader" in f


def test_frame_claims_become_directed_votes(nlp):
    claim = Claim(
        "Israel",
        "ATTACKS",
        "Hamas",
        False,
        False,
        None,
        None,
        "s",
        0,
        1,
        0.8,
        "frame:verb:subj->obj",
        "attack",
        "Israel",
        "Hamas",
    )
    f = only_pair(nlp, "Hamas attacked Israel.", {"Hamas": "ARMED_GROUP", "Israel": "STATE"}, [claim])
    assert "rule=ATTACKS<" in f  # the frame's head is the later mention
    assert "rulename=frame:verb:subj->obj<" in f


def test_dependency_path_meets_at_the_lowest_common_ancestor(nlp):
    doc = nlp("Hamas attacked Israel.")
    inner, arcs, lca = dependency_path(doc[0], doc[2])
    assert lca is not None and lca.lemma_ == "attack"
    assert inner == [doc[1]] and arcs == ["nsubj^", "dobjv"]


def test_kb_features_read_reference_relations_and_countries():
    from factionmap.kb.actors import KnowledgeBase

    kb = KnowledgeBase.load()
    assert kb_features(kb, "new:armed_group:x", "al_shabaab") == []  # unknown actors: nothing
    rel = next(r for a in ("al_shabaab", "hts", "isis_k", "jnim", "ttp") if a in kb for r in kb.reference_relations(a))
    head, tail = kb.canonical_id(rel.head), kb.canonical_id(rel.tail)
    assert f"kb_rel={rel.type}>" in kb_features(kb, head, tail)
    assert f"kb_rel={rel.type}<" in kb_features(kb, tail, head)
