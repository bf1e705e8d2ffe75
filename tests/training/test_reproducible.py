"""`make train` reproduces the shipped model: same data, same labels and features, same scores."""

from __future__ import annotations

import numpy as np
import pytest

from factionmap.extract.decide import RelationModel, shipped_model
from factionmap.training.corpora import SHARED

CV_FLOOR = 0.35  # real dev relation F1 by outlet-grouped CV: 0.357 (85 documents), 2026-12-05; only ever raised
TOLERANCE = 0.02  # relation P/R/F1 of the cross-validation; weights agree far closer on one machine

pytestmark = pytest.mark.skipif(
    not (SHARED / "eval" / "score.py").exists(), reason="../shared is not beside the checkout"
)


@pytest.fixture(scope="module")
def retrained(tmp_path_factory) -> RelationModel:
    from factionmap.training.train import train

    out = tmp_path_factory.mktemp("model")
    train(SHARED, out)
    return RelationModel.load(out)


@pytest.mark.slow
def test_the_shipped_model_was_trained_on_the_data_here(retrained):
    shipped = shipped_model().record
    assert retrained.record["data_digest"] == shipped["data_digest"], (
        "the annotated data changed since the model was trained: run `make train` and commit the model"
    )
    assert retrained.record["trained_on"] == shipped["trained_on"]
    assert retrained.record["settings"] == shipped["settings"]


@pytest.mark.slow
def test_retraining_gives_the_shipped_scores_and_weights(retrained):
    shipped = shipped_model()
    for key in ("precision", "recall", "f1"):
        assert retrained.record["cv_real_dev"]["relations"][key] == pytest.approx(
            shipped.record["cv_real_dev"]["relations"][key], abs=TOLERANCE
        )
    assert retrained.labels == shipped.labels
    common = sorted(set(retrained.index) & set(shipped.index))
    assert len(common) >= 0.98 * len(shipped.index)
    rows_new = [retrained.index[f] for f in common]
    rows_old = [shipped.index[f] for f in common]
    np.testing.assert_allclose(retrained.weights[rows_new], shipped.weights[rows_old], atol=0.05)


@pytest.mark.slow
def test_real_dev_cross_validation_keeps_its_floor(retrained):
    assert retrained.record["cv_real_dev"]["relations"]["f1"] >= CV_FLOOR
