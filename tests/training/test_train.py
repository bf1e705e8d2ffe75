"""Pieces of ``make train`` that need no annotated data: the threshold choice."""

from __future__ import annotations

from factionmap.training.train import best_threshold


def scores(**f1_by_threshold: float) -> dict[float, dict]:
    return {float(t.replace("t", "0.")): {"relations": {"f1": f1}} for t, f1 in f1_by_threshold.items()}


def test_a_lone_spike_loses_to_a_broad_peak():
    # the raw maximum is 0.1, but its neighbours fall away; 0.15 sits on the plateau
    cv = scores(t05=0.31, t1=0.360, t15=0.355, t2=0.346, t25=0.331)
    assert best_threshold(cv) == 0.15


def test_a_clear_best_is_kept_and_a_tie_goes_to_the_higher_threshold():
    assert best_threshold(scores(t1=0.30, t15=0.36, t2=0.33, t25=0.20)) == 0.15
    assert best_threshold(scores(t1=0.30, t15=0.30, t2=0.30)) == 0.2
