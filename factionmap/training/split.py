"""The frozen test split of the real annotated documents, grouped by outlet.

The rule was fixed before any model was trained or any error read, and it never changes: an outlet
belongs to the test split when the SHA-256 of its normalised name falls in the lowest
``TEST_PERCENT`` of the hash space. Whole outlets go one way, so a writer's style or a house template
never sits on both sides, and adding documents never moves an existing one. The documents the rule
picks are also listed in ``realset/test-split.txt``, and a test checks the two agree, so the split can
not drift silently.
"""

from __future__ import annotations

import hashlib
import re

TEST_PERCENT = 35  # expected share of outlets held out; at least a quarter of the documents is checked


def outlet_group(outlet: str | None) -> str:
    """The outlet a document came from, reduced to its name: "The Week (India), AFP-based" -> "week"."""
    name = (outlet or "").lower()
    name = re.sub(r"\(.*?\)", " ", name)
    name = name.split(",")[0]
    name = re.sub(r"[^a-z0-9]+", " ", name).strip()
    return name.removeprefix("the ").strip() or "unknown"


def is_test_outlet(outlet: str | None) -> bool:
    digest = hashlib.sha256(outlet_group(outlet).encode("utf-8")).hexdigest()
    return int(digest, 16) % 100 < TEST_PERCENT
