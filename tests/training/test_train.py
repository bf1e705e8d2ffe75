"""Pieces of ``make train`` that need no annotated data: the threshold choice."""

from __future__ import annotations

from factionmap.training.train import best_threshold


def scores(**f1_by_threshold: float) -> dict[float, dict]:
    return {float(t.replace("t", "0.")): {"relations": {"f1": f1}} for t, f1 in f1_by_threshold.items()}


def test_the_highest_threshold_within_the_tie_of_the_best_f1_wins():
    cv = scores(t05=0.31, t1=0.360, t15=0.355, t2=0.346, t25=0.331)
    assert best_threshold(cv) == 0.15  # 0.355 ties 0.360: fewer, surer claims
    assert best_threshold(cv, tie=0.0) == 0.1


def test_a_clear_best_is_kept():
    assert best_threshold(scores(t1=0.30, t15=0.36, t2=0.33)) == 0.15
