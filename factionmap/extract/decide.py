"""The learned relation decision: which relation, in which direction, holds for a candidate pair, or none.

The model is a one-vs-rest logistic regression over the pair features of pairs.py, one binary decision
per label, so one pair can carry two relations ("X and Y clashed" is ATTACKS both ways). A label is a
relation type and a direction: ``TYPE>`` (the earlier mention is the head), ``TYPE<`` (the later one
is), ``TYPE=`` for symmetric types. It is trained by ``make train`` (factionmap/training/train.py) with
scikit-learn; the fitted weights are stored here as plain arrays (``relations.npz``) with a JSON record of
the labels, features, thresholds, data and library versions they came from (``relations.json``), so
loading needs neither scikit-learn nor pickle, and a newer scikit-learn can never fail to read them.
Scoring a pair is the same sum of weights scikit-learn's ``decision_function`` computes.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Sequence
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
from spacy.tokens import Token

from factionmap.errors import ModelUnavailable
from factionmap.extract.grammar import SentenceGraph
from factionmap.extract.pairs import PairCandidate, dependency_path
from factionmap.extract.relations import SentenceContext, make_claim
from factionmap.model import Claim, Mention
from factionmap.vocab import Vocab

MODEL_DIR = "model"
MODEL_NAME = "relations"


@dataclass(frozen=True)
class RelationModel:
    """Weights of the fitted classifier and what is known of how they were made."""

    labels: tuple[str, ...]
    index: dict[str, int]  # feature string -> row of ``weights``
    weights: np.ndarray  # (features, labels)
    bias: np.ndarray  # (labels,)
    thresholds: np.ndarray  # (labels,): a label is decided when its probability reaches this
    record: dict[str, Any]

    def probabilities(self, features: Sequence[str]) -> np.ndarray:
        rows = sorted({self.index[f] for f in features if f in self.index})  # a fixed order: the same sum
        score = self.bias + (self.weights[rows].sum(axis=0, dtype=np.float64) if rows else 0.0)
        return 1.0 / (1.0 + np.exp(-score))

    def decisions(self, features: Sequence[str]) -> list[tuple[str, float]]:
        """(label, probability) for every label whose probability reaches its threshold."""
        p = self.probabilities(features)
        return [(self.labels[k], float(p[k])) for k in np.flatnonzero(p >= self.thresholds)]

    def decide_many(self, feature_lists: Sequence[Sequence[str]]) -> list[list[tuple[str, float]]]:
        """``decisions`` for many candidates at once: one sparse product instead of one sum per candidate."""
        if not feature_lists:
            return []
        from scipy.sparse import csr_matrix

        indptr, indices = [0], []
        for features in feature_lists:
            # sorted: a sum in one fixed order, whatever order the feature strings came in (their sets
            # iterate in an order that changes with Python's string hashing, run to run)
            indices += sorted({self.index[f] for f in features if f in self.index})
            indptr.append(len(indices))
        x = csr_matrix(
            (np.ones(len(indices), dtype=np.float64), indices, indptr), shape=(len(feature_lists), len(self.index))
        )
        p = 1.0 / (1.0 + np.exp(-(x @ self.weights + self.bias)))
        return [[(self.labels[k], float(row[k])) for k in np.flatnonzero(row >= self.thresholds)] for row in p]

    # -- files ---------------------------------------------------------------------------------------
    def save(self, folder: Path, name: str = MODEL_NAME) -> tuple[Path, Path]:
        folder.mkdir(parents=True, exist_ok=True)
        arrays, meta = folder / f"{name}.npz", folder / f"{name}.json"
        features = sorted(self.index, key=self.index.__getitem__)
        np.savez_compressed(
            arrays,
            weights=self.weights.astype(np.float32),
            bias=self.bias.astype(np.float32),
            thresholds=self.thresholds.astype(np.float32),
        )
        meta.write_text(
            json.dumps(
                {"labels": list(self.labels), "features": features, "record": self.record}, indent=1, ensure_ascii=False
            )
            + "\n",
            encoding="utf-8",
        )
        return arrays, meta

    @classmethod
    def load(cls, folder: Path | None = None, name: str = MODEL_NAME) -> RelationModel:
        base = Path(folder) if folder is not None else Path(str(resources.files("factionmap.extract") / MODEL_DIR))
        arrays, meta = base / f"{name}.npz", base / f"{name}.json"
        try:
            raw = json.loads(meta.read_text(encoding="utf-8"))
            with np.load(arrays, allow_pickle=False) as data:
                weights, bias, thresholds = data["weights"], data["bias"], data["thresholds"]
        except (OSError, ValueError, KeyError) as exc:
            raise ModelUnavailable(
                f"relation model {arrays} / {meta} cannot be read ({exc}); run `make train` to rebuild it"
            ) from exc
        labels, features = tuple(raw["labels"]), raw["features"]
        if weights.shape != (len(features), len(labels)) or bias.shape != (len(labels),):
            raise ModelUnavailable(
                f"relation model {arrays}: weights {weights.shape} do not fit "
                f"{len(features)} features x {len(labels)} labels in {meta}; run `make train`"
            )
        return cls(labels, {f: k for k, f in enumerate(features)}, weights, bias, thresholds, raw.get("record", {}))


@functools.cache
def shipped_model() -> RelationModel:
    """The model that ships in the package, loaded once per process."""
    return RelationModel.load()


def label_of(rtype: str, first_is_head: bool, vocab: Vocab) -> str:
    if vocab.relation(rtype).symmetric:
        return f"{rtype}="
    return f"{rtype}>" if first_is_head else f"{rtype}<"


def parse_label(label: str) -> tuple[str, bool]:
    """(type, earlier mention is the head) of a label."""
    return label[:-1], label[-1] != "<"


@dataclass(slots=True)
class SentencePairs:
    """One parsed sentence's candidates, with what turning a decision into a claim needs."""

    ctx: SentenceContext
    graph: SentenceGraph
    candidates: list[PairCandidate]


def decide_claims(
    sentences: Sequence[SentencePairs], mentions: Sequence[Mention], model: RelationModel, vocab: Vocab
) -> list[Claim]:
    """Claims for every label the model decides on every candidate, qualified like the frames' claims."""
    placed = [(sp, cand) for sp in sentences for cand in sp.candidates]
    claims = []
    for (sp, cand), decided in zip(placed, model.decide_many([c.features for _, c in placed]), strict=True):
        for label, prob in decided:
            claim = _claim_for(sp, cand, label, prob, mentions, vocab)
            if claim is not None:
                claims.append(claim)
    return claims


def _claim_for(
    sp: SentencePairs, cand: PairCandidate, label: str, prob: float, mentions: Sequence[Mention], vocab: Vocab
) -> Claim | None:
    rtype, first_is_head = parse_label(label)
    head, tail = (cand.first, cand.second) if first_is_head else (cand.second, cand.first)
    hs, ts = sp.graph.spans[head], sp.graph.spans[tail]
    if not vocab.relation(rtype).allows(hs.actor_type, ts.actor_type):
        return None
    for ctype, forward, rule_claim in cand.rule_claims:
        if ctype == rtype and (forward == first_is_head or vocab.relation(rtype).symmetric):
            # the frame found the same relation: its cue word places negation, hedging and time best
            return replace(rule_claim, confidence=round(prob, 3), rule=f"model+{rule_claim.rule}")
    doc = sp.graph.doc
    _, _, lca = dependency_path(doc[hs.root], doc[ts.root])
    cue = lca if lca is not None else doc[hs.root]
    claim = make_claim(sp.ctx, sp.graph, mentions, head, tail, rtype, cue, prob, "model", cue.lower_)
    if claim is not None and claim.negated and not _locally_negated(cue):
        claim = replace(claim, negated=False)
    return claim


def _locally_negated(word: Token) -> bool:
    """A model claim has no cue word, only the word where its two mentions' paths meet; a negation counts
    only when it sits on that word ("X did not attack Y"). The frames' wider negation scope (up the clause
    chain, through governing verbs) misfires when read from that word ("since it has never been part of
    ..." denied an unrelated clause): of 17 negated claims on the real dev documents (outlet-grouped
    cross-validation), 2 were right and 7 were true claims made false."""
    return any(c.dep_ == "neg" for c in word.children)
