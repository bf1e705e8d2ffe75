"""Numbered migrations create exactly schema.py's tables, on SQLite and PostgreSQL, and re-running is a no-op."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select, text

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


def test_a_store_made_at_0001_upgrades_in_place_keeping_its_claims(store_url, helpers):
    engine = make_engine(store_url)
    try:
        migrate(engine, "0001")
        assert _version(engine) == "0001"
        helpers.ingest(engine, helpers.make_extraction())
        with engine.connect() as conn:
            before = conn.execute(select(t.claims).order_by(t.claims.c.id)).all()
        assert before
        migrate(engine)
        assert _version(engine) == "0002"
        with engine.connect() as conn:
            assert conn.execute(select(t.claims).order_by(t.claims.c.id)).all() == before
            assert compare_metadata(MigrationContext.configure(conn), t.metadata) == []
    finally:
        engine.dispose()
