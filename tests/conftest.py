"""Fixtures more than one test folder needs."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from factionmap.store import pgtest


@pytest.fixture(scope="session")
def pg() -> Iterator[pgtest.Cluster]:
    """A throwaway PostgreSQL server (factionmap.store.pgtest) for the tests that need concurrent writers;
    skipped without the server binaries, except under CI, where it must run."""
    bindir = pgtest.find_bindir()
    if bindir is None:
        reason = "no PostgreSQL server binaries (initdb, pg_ctl): install them (Debian: apt-get install postgresql)"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so PostgreSQL tests must run: {reason}", pytrace=False)
        pytest.skip(reason)
    with pgtest.throwaway_cluster(bindir) as cluster:
        yield cluster
