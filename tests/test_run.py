"""run.ingest: read → check the store → extract → write, idempotent, copies recorded, failures contained;
over paths, or over articles from anywhere; and run.read/readable, the reading step ``factionmap extract``
shares with ingest."""

from __future__ import annotations

from pathlib import Path

import pytest

from factionmap.extract.pipeline import Extractor, load_nlp
from factionmap.ingest import ReadFailure, read_text_article
from factionmap.run import ingest, read, readable
from factionmap.store import writer
from factionmap.store.db import make_engine, migrate
from tests.graph.test_maintained import maintained_equals_rebuilt

PLEDGE = "Boko Haram pledged allegiance to the Islamic State in March 2015.\n"
PRAISE = "Hamas praised the Houthis for their attacks on shipping in the Red Sea.\n"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    return Extractor(nlp=load_nlp(), relation_model=None)


@pytest.fixture
def engine(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'store.db'}")
    migrate(engine)
    return engine


def write(folder: Path, files: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_ingest_stores_claims_and_a_second_run_adds_nothing(tmp_path, engine, extractor):
    corpus = write(tmp_path / "in", {"pledge.txt": PLEDGE, "praise.txt": PRAISE})
    first = ingest([corpus], engine, extractor)
    assert (first.new, first.copies, first.unchanged, first.failures) == (2, 0, 0, [])
    assert first.claims >= 2
    before = writer.counts(engine)
    second = ingest([corpus], engine, extractor)
    assert (second.new, second.unchanged) == (0, 2)
    assert writer.counts(engine) == before


def test_the_same_text_under_another_name_is_a_copy_not_a_source(tmp_path, engine, extractor):
    ingest([write(tmp_path / "a", {"pledge.txt": PLEDGE})], engine, extractor)
    again = ingest([write(tmp_path / "b", {"mirror.txt": PLEDGE})], engine, extractor)
    assert (again.new, again.copies) == (0, 1)
    counts = writer.counts(engine)
    assert (counts["documents"], counts["copies"]) == (1, 1)


def test_two_copies_in_one_run_store_one_document(tmp_path, engine, extractor):
    summary = ingest([write(tmp_path / "in", {"a.txt": PRAISE, "b.txt": PRAISE})], engine, extractor)
    assert (summary.new, summary.copies) == (1, 1)
    assert writer.counts(engine)["documents"] == 1


def test_a_bad_file_is_reported_and_the_rest_stored(tmp_path, engine, extractor):
    corpus = write(tmp_path / "in", {"pledge.txt": PLEDGE, "empty.txt": "   \n"})
    summary = ingest([corpus], engine, extractor)
    assert summary.new == 1
    assert len(summary.failures) == 1 and "empty.txt" in summary.failures[0]


def test_a_failing_write_leaves_the_store_as_it_was(tmp_path, engine, extractor, monkeypatch):
    ingest([write(tmp_path / "a", {"pledge.txt": PLEDGE})], engine, extractor)
    before = writer.counts(engine)

    def broken(*args, **kwargs):
        raise __import__("sqlalchemy").exc.OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(writer, "_insert_content", broken)
    summary = ingest([write(tmp_path / "b", {"praise.txt": PRAISE})], engine, extractor)
    assert summary.new == 0 and len(summary.failures) == 1
    assert "store is as it was" in summary.failures[0]
    assert writer.counts(engine) == before


def test_a_newer_extractor_version_replaces_the_claims(tmp_path, engine, extractor, monkeypatch):
    corpus = write(tmp_path / "in", {"pledge.txt": PLEDGE})
    ingest([corpus], engine, extractor)
    monkeypatch.setattr(extractor, "version", "model-99")
    summary = ingest([corpus], engine, extractor)
    assert (summary.new, summary.replaced) == (0, 1)
    assert writer.counts(engine)["documents"] == 1
    assert maintained_equals_rebuilt(engine)  # the replacement recomputed the relationships table


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
