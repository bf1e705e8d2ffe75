"""The throwaway PostgreSQL helper: URLs, and cleanup however the block ends."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from factionmap.store import pgtest


def test_urls_point_at_the_socket_folder_and_schema():
    cluster = pgtest.Cluster(Path("/usr/bin"), Path("/tmp/fm-pg-x"), 5433)
    assert cluster.url("db1") == "postgresql+psycopg://postgres@/db1?host=/tmp/fm-pg-x&port=5433"
    assert cluster.url("db1", "s2").endswith("&options=-csearch_path%3Ds2")


def test_schema_urls_isolate_tests(pg_cluster):
    first = pg_cluster.create_schema("factionmap_tests", "iso_a")
    second = pg_cluster.create_schema("factionmap_tests", "iso_b")
    for url, name in ((first, "iso_a"), (second, "iso_b")):
        engine = create_engine(url)
        try:
            with engine.connect() as conn:
                assert conn.execute(text("SELECT current_schema()")).scalar_one() == name
        finally:
            engine.dispose()


def test_cluster_is_stopped_and_removed_even_when_the_block_fails():
    bindir = pgtest.find_bindir()
    if bindir is None:
        pytest.skip("no PostgreSQL server binaries")
    with pytest.raises(ZeroDivisionError), pgtest.throwaway_cluster(bindir) as cluster:
        root = cluster.root
        assert (root / "data" / "postmaster.pid").exists()
        1 / 0  # noqa: B018 - the failure the cleanup must survive
    assert not root.exists()
