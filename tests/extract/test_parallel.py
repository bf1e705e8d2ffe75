"""Extraction over worker processes: same results, same order, failures returned not raised."""

from __future__ import annotations

import pytest

from factionmap.errors import InvalidInput
from factionmap.extract.parallel import extract_one, extract_parallel
from factionmap.extract.pipeline import Extractor, load_nlp
from factionmap.model import Article
from factionmap.output import extraction_to_json

ARTICLES = [
    Article("a", "Boko Haram pledged allegiance to the Islamic State in March 2015."),
    Article("b", "Hamas praised the Houthis."),
    Article("c", "Al-Shabaab attacked AMISOM troops in Mogadishu."),
    Article("d", "JNIM denounced the Wagner Group."),
]


class Flaky:
    """An extractor stand-in that fails in the two ways a real one can."""

    nlp = None

    def extract(self, article: Article):
        if article.doc_id == "bad":
            raise InvalidInput("unreadable text", source=article.doc_id)
        if article.doc_id == "bug":
            raise KeyError("oops")
        return article.doc_id


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(nlp=load_nlp())


def test_workers_give_the_same_extractions_in_input_order(extractor):
    serial = [extraction_to_json(o.extraction) for o in extract_parallel(ARTICLES, 1, extractor)]
    parallel = [extraction_to_json(o.extraction) for o in extract_parallel(ARTICLES, 2, extractor)]
    assert [d["doc_id"] for d in parallel] == ["a", "b", "c", "d"]
    assert parallel == serial
    assert any(r["type"] == "PLEDGED_ALLEGIANCE" for r in parallel[0]["relations"])


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_document_is_an_outcome_and_the_batch_goes_on(workers):
    docs = [Article("ok1", "x"), Article("bad", "x"), Article("bug", "x"), Article("ok2", "x")]
    outcomes = list(extract_parallel(docs, workers, Flaky()))
    assert [o.article.doc_id for o in outcomes] == ["ok1", "bad", "bug", "ok2"]
    assert [o.extraction for o in outcomes] == ["ok1", None, None, "ok2"]
    assert "unreadable text" in outcomes[1].error
    assert "internal error KeyError" in outcomes[2].error and "please report" in outcomes[2].error


def test_extract_one_passes_a_good_extraction_through():
    outcome = extract_one(Flaky(), Article("fine", "x"))
    assert (outcome.extraction, outcome.error) == ("fine", None)


class Killer:
    """An extractor stand-in whose worker dies (SIGKILL, as the out-of-memory killer does) on some articles:
    "poison" every time, "once" the first time only (a marker file says it already died once)."""

    nlp = None

    def __init__(self, marker) -> None:
        self.marker = marker

    def extract(self, article: Article):
        import os
        import signal
        import time

        if article.doc_id == "poison" or (article.doc_id == "once" and not self.marker.exists()):
            self.marker.touch()
            os.kill(os.getpid(), signal.SIGKILL)
        time.sleep(0.01)  # let documents queue up in flight beside the one that dies
        return article.doc_id


def test_a_killed_worker_costs_only_the_document_that_killed_it(tmp_path):
    docs = (
        [Article(f"ok{i}", "x") for i in range(6)]
        + [Article("poison", "x")]
        + [Article(f"later{i}", "x") for i in range(12)]
    )
    outcomes = list(extract_parallel(docs, 2, Killer(tmp_path / "died")))
    assert [o.article.doc_id for o in outcomes] == [d.doc_id for d in docs]  # input order, nothing lost
    failed = [o for o in outcomes if o.extraction is None]
    assert [o.article.doc_id for o in failed] == ["poison"]
    assert "died" in failed[0].error and "retried once" in failed[0].error


def test_a_document_whose_worker_died_once_is_retried_and_extracted(tmp_path):
    docs = [Article("a", "x"), Article("once", "x"), Article("b", "x"), Article("c", "x")]
    outcomes = list(extract_parallel(docs, 2, Killer(tmp_path / "died")))
    assert [o.extraction for o in outcomes] == ["a", "once", "b", "c"]
    assert (tmp_path / "died").exists()  # it did die the first time
