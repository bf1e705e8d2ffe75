"""Every annotated real excerpt is usable: text, provenance and gold agree with the schema and each other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from factionmap.training.corpora import ROOT
from factionmap.vocab import load_vocab

REALSET = ROOT / "realset"
META_FIELDS = ("doc_id", "url", "outlet", "title", "date")
ENTITY_TYPES = {"ARMED_GROUP", "STATE", "PERSON", "ORGANIZATION", "LOCATION"}


def documents() -> list[Path]:
    return sorted((REALSET / "corpus").glob("*.txt"))


@pytest.mark.parametrize("text", documents(), ids=lambda p: p.stem)
def test_each_excerpt_has_provenance_and_a_gold_annotation_that_fits_it(text: Path):
    meta = json.loads(text.with_suffix(".meta.json").read_text(encoding="utf-8"))
    gold = json.loads((REALSET / "gold" / f"{text.stem}.json").read_text(encoding="utf-8"))
    body = text.read_text(encoding="utf-8")
    assert all(meta.get(k) for k in META_FIELDS), [k for k in META_FIELDS if not meta.get(k)]
    assert meta["doc_id"] == gold["doc_id"] == text.stem
    assert meta["url"].startswith(("http://", "https://"))
    assert 300 <= len(body) <= 12_000
    names = {e["name"] for e in gold["entities"]}
    assert all(e["type"] in ENTITY_TYPES for e in gold["entities"])
    relations = load_vocab().relations
    for r in gold["relations"]:
        assert r["type"] in relations, r
        assert r["head"] in names and r["tail"] in names, r
        assert r["evidence"] and r["evidence"] in body, r["evidence"][:80]


def test_no_excerpt_comes_from_a_page_of_the_independent_evaluation_set():
    excluded_file = ROOT.parent / "shared" / "eval" / "EXCLUDED-URLS.txt"
    if not excluded_file.exists():
        pytest.skip("../shared is not beside the checkout")
    excluded = {
        line.strip().rstrip("/")
        for line in excluded_file.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    used = {json.loads(p.with_suffix(".meta.json").read_text())["url"].rstrip("/") for p in documents()}
    assert not used & excluded
