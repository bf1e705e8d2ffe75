"""Numbered migrations create exactly schema.py's tables, on SQLite and PostgreSQL, and re-running is a no-op."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import MetaData, inspect, select, text

from factionmap.store import schema as t
from factionmap.store.db import make_engine, migrate


def _version(engine) -> str:
    with engine.connect() as conn:
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()


def test_fresh_database_is_empty_and_migrate_creates_every_table(store_url):
    engine = make_engine(store_url)
    try:
        assert inspect(engine).get_table_names() == []
        migrate(engine)
        assert set(inspect(engine).get_table_names()) == set(t.metadata.tables) | {"alembic_version"}
    finally:
        engine.dispose()


def test_migrated_schema_matches_schema_py(engine):
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(conn), t.metadata)
    assert diffs == []


def test_migrate_twice_is_a_no_op(engine, helpers):
    helpers.ingest(engine, helpers.make_extraction())
    version = _version(engine)
    with engine.connect() as conn:
        before = {table.name: conn.execute(select(table)).all() for table in t.metadata.sorted_tables}
    migrate(engine)
    assert _version(engine) == version
    with engine.connect() as conn:
        after = {table.name: conn.execute(select(table)).all() for table in t.metadata.sorted_tables}
    assert after == before


def test_indexes_the_pair_lookup_needs_exist(engine):
    indexes = {tuple(ix["column_names"]) for ix in inspect(engine).get_indexes("claims")}
    assert {("head_id", "tail_id", "type", "negated"), ("tail_id", "head_id", "type", "negated")} <= indexes


def _old_store(store_url, tmp_path, helpers, revision: str, extractions) -> object:
    """A store at an older ``revision`` holding what today's writer stores for ``extractions`` (written into
    a scratch store at head, then copied over minus the columns the older schema lacks)."""
    scratch = make_engine(f"sqlite:///{tmp_path / 'scratch.db'}")
    migrate(scratch)
    for ex in extractions:
        helpers.ingest(scratch, ex)
    engine = make_engine(store_url)
    migrate(engine, revision)
    old = MetaData()
    old.reflect(bind=engine)
    with scratch.connect() as src, engine.begin() as dst:
        for table in t.metadata.sorted_tables:
            rows = [dict(r._mapping) for r in src.execute(select(table))]
            if rows and table.name in old.tables:
                keep = set(old.tables[table.name].columns.keys())
                dst.execute(old.tables[table.name].insert(), [{k: v for k, v in r.items() if k in keep} for r in rows])
    scratch.dispose()
    return engine


def _claim_rows(engine) -> list:
    columns = [c for c in t.claims.c if c.name != "time_source"]
    with engine.connect() as conn:
        return conn.execute(select(*columns).order_by(t.claims.c.id)).all()


def test_a_store_made_at_0001_upgrades_in_place_keeping_its_claims(store_url, tmp_path, helpers):
    engine = _old_store(store_url, tmp_path, helpers, "0001", [helpers.make_extraction()])
    try:
        assert _version(engine) == "0001"
        before = _claim_rows(engine)
        assert before
        migrate(engine)
        assert _version(engine) == "0005"
        assert _claim_rows(engine) == before
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
    finally:
        engine.dispose()


def test_0003_derives_each_claims_time_source_from_what_is_stored(store_url, tmp_path, helpers):
    c = helpers.claim
    dated = helpers.make_extraction(
        claims=[
            c("north_front", "ALLY_OF", "river_brigade", start=0),
            c("state_x", "SUPPORTS", "river_brigade", start=120, time="2022"),
        ]
    )
    undated = helpers.make_extraction(
        helpers.OTHER_STORY,
        doc_id="doc-2",
        published=None,
        claims=[c("hill_council", "RIVAL_OF", "north_front", start=0)],
    )
    inferred = helpers.make_extraction(
        helpers.OTHER_STORY + " Roads reopened later.",
        doc_id="doc-3",
        published=None,
        claims=[c("north_front", "ATTACKS", "state_x", start=0)],
    )
    inferred.time_anchor = "2021-03"  # no publication date, one read from the text
    engine = _old_store(store_url, tmp_path, helpers, "0002", [dated, undated, inferred])
    try:
        migrate(engine)
        with engine.connect() as conn:
            got = dict(conn.execute(select(t.claims.c.type, t.claims.c.time_source)).all())
        assert got == {"ALLY_OF": "article", "SUPPORTS": "stated", "RIVAL_OF": "none", "ATTACKS": "article"}
    finally:
        engine.dispose()
