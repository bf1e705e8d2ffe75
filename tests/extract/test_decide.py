"""The learned decision's mechanics with small hand-made models: files, scoring, labels, claims.

The shipped model's quality is the quality gate's business (tests/test_quality_gate.py); these tests pin
what any model does with its weights, so they hold whatever ``make train`` produces.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

from factionmap.errors import ModelUnavailable
from factionmap.extract.decide import RelationModel, label_of, parse_label, shipped_model
from factionmap.extract.pipeline import Extractor, load_nlp
from factionmap.model import Article
from factionmap.output import extraction_to_json
from factionmap.vocab import load_vocab


def hand_model(
    weights: dict[tuple[str, str], float], labels: tuple[str, ...], threshold: float = 0.5, bias: float = -4.0
) -> RelationModel:
    features = sorted({f for f, _ in weights})
    index = {f: k for k, f in enumerate(features)}
    w = np.zeros((len(features), len(labels)), dtype=np.float32)
    for (f, lab), v in weights.items():
        w[index[f], labels.index(lab)] = v
    return RelationModel(
        labels,
        index,
        w,
        np.full(len(labels), bias, dtype=np.float32),
        np.full(len(labels), threshold, dtype=np.float32),
        {"id": "hand"},
    )


ATTACK_MODEL = hand_model(
    {("lca=attack", "ATTACKS>"): 8.0, ("lca=ally", "ALLY_OF="): 8.0}, ("ATTACKS>", "ATTACKS<", "ALLY_OF=")
)


def test_probability_is_the_logistic_of_bias_plus_weights():
    m = ATTACK_MODEL
    p = m.probabilities(["lca=attack", "unknown feature", "lca=attack"])  # repeats and unknowns count once / not
    assert p[0] == pytest.approx(1 / (1 + np.exp(-4.0)))
    assert p[1] == pytest.approx(1 / (1 + np.exp(4.0)))
    assert m.decisions(["lca=attack"]) == [("ATTACKS>", pytest.approx(p[0]))]
    assert m.decisions(["nothing"]) == []


def test_labels_carry_type_and_direction():
    vocab = load_vocab()
    assert label_of("ATTACKS", True, vocab) == "ATTACKS>"
    assert label_of("ATTACKS", False, vocab) == "ATTACKS<"
    assert label_of("ALLY_OF", False, vocab) == "ALLY_OF="
    assert parse_label("ATTACKS<") == ("ATTACKS", False)
    assert parse_label("ALLY_OF=") == ("ALLY_OF", True)


def test_save_and_load_give_the_same_decisions(tmp_path):
    ATTACK_MODEL.save(tmp_path)
    again = RelationModel.load(tmp_path)
    assert again.labels == ATTACK_MODEL.labels and again.index == ATTACK_MODEL.index
    np.testing.assert_allclose(again.probabilities(["lca=ally"]), ATTACK_MODEL.probabilities(["lca=ally"]))
    assert again.record == {"id": "hand"}


def test_a_missing_or_inconsistent_model_file_says_which_and_what_to_do(tmp_path):
    with pytest.raises(ModelUnavailable, match=r"relations\.npz.*make train"):
        RelationModel.load(tmp_path)
    ATTACK_MODEL.save(tmp_path)
    meta = json.loads((tmp_path / "relations.json").read_text())
    meta["labels"] = meta["labels"][:1]
    (tmp_path / "relations.json").write_text(json.dumps(meta))
    with pytest.raises(ModelUnavailable, match="do not fit"):
        RelationModel.load(tmp_path)


def test_the_shipped_model_loads_and_records_where_it_came_from():
    m = shipped_model()
    assert len(m.labels) >= 10 and len(m.index) > 1000
    assert m.weights.shape == (len(m.index), len(m.labels))
    record = m.record
    assert record["trained_on"]["real"] and record["versions"]["scikit-learn"]
    assert not set(record["trained_on"]["real"]) & set(record.get("test_split", [])), "trained on the test split"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(nlp=load_nlp(), relation_model=ATTACK_MODEL)


def claims(extractor, text: str) -> list[dict]:
    return extraction_to_json(extractor.extract(Article("t", text, published="2024-05-01")))["relations"]


def test_a_decided_label_becomes_a_directed_qualified_claim(extractor):
    [c] = claims(extractor, "Hamas attacked Israel on 3 March 2024.")
    assert (c["head"], c["type"], c["tail"], c["negated"]) == ("Hamas", "ATTACKS", "Israel", False)
    assert c["time"] == "2024-03-03"
    assert c["evidence"] == "Hamas attacked Israel on 3 March 2024."
    [n] = claims(extractor, "Hamas did not attack Israel.")
    assert n["negated"] is True


def test_labels_the_two_kinds_do_not_allow_are_dropped(extractor):
    # ATTACKS needs an actor head: a place cannot attack, whatever the weights say
    assert claims(extractor, "Gaza attacked Israel.") == [] or all(
        c["head"] != "Gaza" for c in claims(extractor, "Gaza attacked Israel.")
    )


def test_the_extractor_version_names_the_model(extractor):
    out = extraction_to_json(extractor.extract(Article("t", "Hamas attacked Israel.")))
    assert out["extractor_version"].endswith("+hand")


def test_deciding_many_at_once_equals_one_by_one():
    lists = [["lca=attack"], ["lca=ally", "x"], [], ["lca=attack", "lca=ally"]]
    many = ATTACK_MODEL.decide_many(lists)
    for features, decided in zip(lists, many, strict=True):
        one = ATTACK_MODEL.decisions(features)
        assert [lab for lab, _ in decided] == [lab for lab, _ in one]
        assert [p for _, p in decided] == pytest.approx([p for _, p in one], rel=1e-5)
    assert ATTACK_MODEL.decide_many([]) == []


def test_a_model_claim_is_negated_only_by_a_negation_on_the_word_joining_its_mentions():
    located = hand_model(
        {("lca=<NUM>", "OPERATES_IN>"): 8.0, ("lca=meet", "ALLY_OF="): 8.0}, ("OPERATES_IN>", "ALLY_OF=")
    )
    ex = Extractor(nlp=load_nlp(), relation_model=located)
    # the paths meet on "1994", inside a clause that "has never been" governs: no denial of the location
    text = (
        "The involvement of the KYKL in the act has raised eyebrows since it has never been a part of any "
        "large-scale armed operation since its inception in 1994, when Namoijam Oken, its chairman walked "
        "out of the United National Liberation Front—an insurgent group based in Manipur."
    )
    found = {(c["head"], c["tail"], c["negated"]) for c in claims(ex, text)}
    assert ("United National Liberation Front", "Manipur", False) in found
    [met] = [c for c in claims(ex, "Hamas did not meet Fatah in Cairo.") if c["type"] == "ALLY_OF"]
    assert met["negated"] is True
