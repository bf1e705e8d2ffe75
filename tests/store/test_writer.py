"""The one write path, on SQLite and PostgreSQL: idempotence, copies, near-duplicates, atomic replacement."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from factionmap.store import schema as t
from factionmap.store import writer
from factionmap.store.writer import counts


def snapshot(engine) -> dict[str, list[tuple]]:
    """Every row of every table, in a stable order: two snapshots are equal only if nothing changed."""
    with engine.connect() as conn:
        return {
            table.name: sorted(tuple(row) for row in conn.execute(select(table))) for table in t.metadata.sorted_tables
        }


def test_new_document_stores_document_actors_claims(engine, helpers):
    result = helpers.ingest(engine, helpers.make_extraction())
    assert result.status == "new"
    assert result.claims == 2
    assert result.cluster_id == result.document_id
    got = counts(engine)
    assert (got["documents"], got["claims"], got["actors"], got["copies"]) == (1, 2, 3, 0)
    with engine.connect() as conn:
        aliases = {r.alias for r in conn.execute(select(t.aliases).where(t.aliases.c.actor_id == "north_front"))}
    assert {"North Front", "NF"} <= aliases


def test_same_article_again_adds_nothing(engine, helpers):
    helpers.ingest(engine, helpers.make_extraction())
    before = snapshot(engine)
    again = helpers.ingest(engine, helpers.make_extraction())
    assert again.status == "unchanged"
    assert snapshot(engine) == before


def test_same_text_under_another_url_is_a_copy(engine, helpers):
    first = helpers.ingest(engine, helpers.make_extraction())
    copy = helpers.ingest(
        engine, helpers.make_extraction(doc_id="doc-2", url="https://b.example/story", publisher="Beta Daily")
    )
    assert copy.status == "copy"
    assert copy.document_id == first.document_id
    got = counts(engine)
    assert (got["documents"], got["copies"], got["claims"]) == (1, 1, 2)
    with engine.connect() as conn:
        row = conn.execute(select(t.document_copies)).one()
    assert (row.url, row.publisher) == ("https://b.example/story", "Beta Daily")
    # seeing that copy a second time records nothing more
    assert (
        helpers.ingest(
            engine, helpers.make_extraction(doc_id="doc-2", url="https://b.example/story", publisher="Beta Daily")
        ).status
        == "unchanged"
    )
    assert counts(engine)["copies"] == 1


def test_whitespace_and_case_changes_are_the_same_text(engine, helpers):
    helpers.ingest(engine, helpers.make_extraction())
    shouted = "  " + helpers.STORY.upper().replace(" ", "  ")
    assert (
        helpers.ingest(engine, helpers.make_extraction(shouted, doc_id="doc-3", url="https://c.example/3")).status
        == "copy"
    )


def test_near_duplicate_joins_the_cluster_and_unrelated_text_does_not(engine, helpers):
    first = helpers.ingest(engine, helpers.make_extraction())
    edited = (
        helpers.STORY.replace("on Monday", "on Tuesday")
        .replace("tense week", "difficult week")
        .replace("Diplomats", "Envoys")
    )
    near = helpers.ingest(
        engine, helpers.make_extraction(edited, doc_id="wire-2", url="https://b.example/2", publisher="Beta Daily")
    )
    other = helpers.ingest(
        engine, helpers.make_extraction(helpers.OTHER_STORY, doc_id="other", url="https://c.example/9")
    )
    assert near.status == "new" and near.document_id != first.document_id
    assert near.cluster_id == first.cluster_id
    assert other.status == "new"
    assert other.cluster_id not in (first.cluster_id, near.cluster_id)
    assert counts(engine)["documents"] == 3


def test_newer_extractor_version_replaces_the_documents_claims(engine, helpers):
    old = helpers.ingest(engine, helpers.make_extraction(version="v1"))
    with engine.connect() as conn:
        old_ids = set(conn.execute(select(t.claims.c.id)).scalars())
    replacement = [helpers.claim("hill_council", "RIVAL_OF", "north_front", start=300)]
    new = helpers.ingest(engine, helpers.make_extraction(version="v2", claims=replacement))
    assert new.status == "replaced"
    assert new.document_id == old.document_id and new.cluster_id == old.cluster_id
    with engine.connect() as conn:
        rows = conn.execute(select(t.claims)).all()
        doc = conn.execute(select(t.documents)).one()
        mention_actors = set(conn.execute(select(t.mentions.c.actor_id)).scalars())
    assert [(r.head_id, r.type, r.tail_id) for r in rows] == [("hill_council", "RIVAL_OF", "north_front")]
    assert not old_ids & {r.id for r in rows}
    assert doc.extractor_version == "v2"
    assert mention_actors == {"hill_council", "north_front"}
    assert counts(engine)["documents"] == 1


class Boom(RuntimeError):
    pass


def _fail_after(original):
    """Wrap a write step so it does its work and then fails, as a crash midway through a document would."""

    def wrapper(*args, **kwargs):
        original(*args, **kwargs)
        raise Boom("disk on fire")

    return wrapper


@pytest.mark.parametrize("step", ["_upsert_actors", "_insert_content"])
def test_failure_inside_a_new_document_leaves_the_store_as_before(engine, helpers, monkeypatch, step):
    helpers.ingest(engine, helpers.make_extraction())
    before = snapshot(engine)
    monkeypatch.setattr(writer, step, _fail_after(getattr(writer, step)))
    extra = [helpers.claim("hill_council", "RIVAL_OF", "north_front")]
    with pytest.raises(Boom):
        helpers.ingest(
            engine, helpers.make_extraction(helpers.OTHER_STORY, doc_id="d9", url="https://z.example/9", claims=extra)
        )
    assert snapshot(engine) == before


def test_failure_while_replacing_keeps_the_old_claims(engine, helpers, monkeypatch):
    helpers.ingest(engine, helpers.make_extraction(version="v1"))
    before = snapshot(engine)
    monkeypatch.setattr(writer, "_insert_content", _fail_after(writer._insert_content))
    with pytest.raises(Boom):
        helpers.ingest(engine, helpers.make_extraction(version="v2", claims=[]))
    assert snapshot(engine) == before
    assert counts(engine)["claims"] == 2


def test_runs_are_recorded(engine):
    run = writer.start_run(engine, "ingest", "v1")
    writer.finish_run(engine, run, documents=3, copies=1, failures=2)
    with engine.connect() as conn:
        row = conn.execute(select(t.runs)).one()
    assert (row.command, row.documents, row.copies, row.failures) == ("ingest", 3, 1, 2)
    assert row.finished_at is not None and row.finished_at >= row.started_at


def test_review_decisions_follow_their_claims_through_re_extraction(engine, helpers):
    from factionmap.store import reader, review

    helpers.ingest(engine, helpers.make_extraction(version="v1"))
    before = {c.type: c.id for c in reader.claims_of(engine, "river_brigade")}
    review.reject(engine, before["SUPPORTS"], "analyst")
    review.accept(engine, before["ALLY_OF"], "analyst")
    helpers.ingest(engine, helpers.make_extraction(version="v2"))  # same claims, new ids
    after = {c.type: c for c in reader.claims_of(engine, "river_brigade", include_rejected=True)}
    assert after["ALLY_OF"].id != before["ALLY_OF"]
    assert (after["ALLY_OF"].review, after["SUPPORTS"].review) == ("accepted", "rejected")
