"""The frozen test split: whole outlets, a fixed rule, a recorded list that cannot drift silently."""

from __future__ import annotations

from pathlib import Path

import pytest

from factionmap.training.corpora import ROOT, SHARED, load_set
from factionmap.training.split import is_test_outlet, outlet_group

SPLIT_FILE = ROOT / "realset" / "test-split.txt"


@pytest.mark.parametrize(
    ("outlet", "group"),
    [
        ("The Week (India), AFP-based", "week"),
        ("Africa Daily (AFP wire)", "africa daily"),
        ("CTC Sentinel (Combating Terrorism Center at West Point)", "ctc sentinel"),
        ("the new arab", "new arab"),
        (None, "unknown"),
    ],
)
def test_outlets_are_grouped_by_their_name_alone(outlet, group):
    assert outlet_group(outlet) == group


def test_the_rule_is_a_pure_function_of_the_outlet():
    assert is_test_outlet("The New Arab") == is_test_outlet("the New Arab (wire)")


def recorded() -> list[str]:
    return [
        line.split()[0]
        for line in SPLIT_FILE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


@pytest.mark.skipif(not (SHARED / "gold" / "real").exists(), reason="../shared is not beside the checkout")
def test_the_recorded_split_is_what_the_rule_gives_and_holds_a_quarter():
    real = load_set("real")
    by_rule = sorted(d.doc_id for d in real if d.test)
    assert by_rule == sorted(recorded()), f"the test split moved: update {Path(SPLIT_FILE).name} only on purpose"
    assert len(by_rule) >= len(real) / 4
    test_groups = {d.group for d in real if d.test}
    assert not any(d.group in test_groups for d in real if not d.test), "an outlet on both sides"
