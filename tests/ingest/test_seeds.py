"""The seed articles read cleanly: no article sentence lost, no trailing prompt left.

Generic properties only (nothing here names a seed's words): every gold evidence sentence survives,
every long prose line of the raw file survives, and no surviving line is an interface prompt or a
paywall offer.
"""

import json
import re
from pathlib import Path

import pytest

from factionmap.ingest import ReadFailure, iter_articles
from factionmap.ingest.boilerplate import cue_score
from factionmap.ingest.lexicon import fold, load_lexicon

SHARED = Path(__file__).resolve().parents[3] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds"
PROSE_WORDS = 15

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/corpus/seeds is absent")


def _squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def articles() -> dict:
    results = list(iter_articles([SEEDS]))
    assert not [r for r in results if isinstance(r, ReadFailure)]
    assert len(results) == len(list(SEEDS.glob("*.txt")))
    return {a.doc_id: a for a in results}


def test_gold_evidence_survives(articles: dict) -> None:
    if not GOLD.is_dir():
        pytest.skip("no gold annotations")
    lex = load_lexicon()
    for path in sorted(GOLD.glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        text = _squash(articles[gold["doc_id"]].text)
        for item in gold["relations"] + gold.get("events", []):
            evidence = item["evidence"]
            label = lex.credit_label.match(evidence)
            evidence = label["rest"] if label else evidence
            assert _squash(evidence) in text, (gold["doc_id"], evidence)


def test_long_prose_lines_survive(articles: dict) -> None:
    lex = load_lexicon()
    for path in sorted(SEEDS.glob("*.txt")):
        text = _squash(articles[path.stem].text)
        for line in path.read_text(encoding="utf-8").splitlines():
            prose = len(line.split()) >= PROSE_WORDS and re.search(r"[.!?]\W*$", line.strip())
            end_matter = lex.disclaimer.search(line) or lex.bio_cue.search(line)
            if prose and cue_score(line, lex) == 0 and not end_matter:
                assert _squash(line) in text, (path.stem, line)


def test_no_prompt_or_paywall_line_survives(articles: dict) -> None:
    lex = load_lexicon()
    for article in articles.values():
        lines = article.text.split("\n")
        assert lines, article.doc_id
        for line in lines:
            assert fold(line) not in lex.prompts, (article.doc_id, line)
            assert not lex.strong.search(line), (article.doc_id, line)
        last = lines[-1]
        assert len(last.split()) >= 5 and re.search(r"[.!?”\"]\W*$", last), (article.doc_id, last)
