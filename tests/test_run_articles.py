"""run.ingest over articles from anywhere (not only paths), and run.read/readable, the reading step that
``factionmap extract`` shares with ingest."""

from __future__ import annotations

import pytest

from factionmap.extract.pipeline import Extractor, load_nlp
from factionmap.ingest import ReadFailure, read_text_article
from factionmap.run import ingest, read, readable
from factionmap.store import writer
from factionmap.store.db import make_engine, migrate

PLEDGE = "Boko Haram pledged allegiance to the Islamic State in March 2015.\n"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(nlp=load_nlp(), relation_model=None)


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(engine)
    return engine


def test_ingest_takes_articles_and_failures_instead_of_paths(engine, extractor):
    seen: list[tuple[str, str]] = []
    items = [read_text_article(PLEDGE, "pledge", "feed"), ReadFailure("feed", "bad record", line=2)]
    summary = ingest([], engine, extractor, articles=items, progress=lambda d, o: seen.append((d, o)))
    assert (summary.new, summary.failures) == (1, ["feed:2: bad record"])
    assert ("pledge", "new") in seen and ("feed:2", "failed") in seen
    assert writer.counts(engine)
    again = ingest([], engine, extractor, articles=[read_text_article(PLEDGE, "pledge", "feed")])
    assert (again.new, again.unchanged) == (0, 1)


def test_read_and_readable_split_articles_from_failures(tmp_path):
    (tmp_path / "a.txt").write_text(PLEDGE, encoding="utf-8")
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    failures: list[str] = []
    articles = list(readable(read([tmp_path / "a.txt", tmp_path / "empty.txt", tmp_path / "gone.txt"]), failures))
    assert [a.doc_id for a in articles] == ["a"]
    assert len(failures) == 2 and any("no such file" in f for f in failures)
