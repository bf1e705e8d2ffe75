"""Store fixtures: every store test runs on SQLite and on a real, throwaway PostgreSQL.

The PostgreSQL cluster is started once per session from the machine's own binaries
(factionmap.store.pgtest); each test gets a fresh empty schema in one database there. Without the binaries the
PostgreSQL half is skipped, except under CI (the ``CI`` variable set), where it fails: CI must never
pass by silently leaving PostgreSQL out.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from types import SimpleNamespace

import pytest
from sqlalchemy import Engine

from factionmap.model import Actor, Article, Claim, Extraction, Mention
from factionmap.store import pgtest
from factionmap.store.db import make_engine, migrate
from factionmap.store.dedupe import signature
from factionmap.store.writer import WriteResult, find_existing, record_copy, write_extraction

DIALECTS = ("sqlite", "postgresql")
PG_DATABASE = "factionmap_tests"  # one database; each test gets its own schema in it (fast to create)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[pgtest.Cluster]:
    bindir = pgtest.find_bindir()
    if bindir is None:
        reason = (
            "no PostgreSQL server binaries (initdb, pg_ctl) on PATH or under /usr/lib/postgresql: "
            "install them (Debian: apt-get install postgresql)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI is set, so PostgreSQL tests must run: {reason}", pytrace=False)
        pytest.skip(reason)
    with pgtest.throwaway_cluster(bindir) as cluster:
        cluster.create_database(PG_DATABASE)
        yield cluster


@pytest.fixture(scope="session")
def _db_names() -> Iterator[int]:
    return itertools.count()


@pytest.fixture(params=DIALECTS)
def store_url(request, tmp_path, _db_names) -> str:
    """A URL to a fresh, empty store (no tables yet) on each dialect: a SQLite file, a PostgreSQL schema."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    cluster = request.getfixturevalue("pg_cluster")
    return cluster.create_schema(PG_DATABASE, f"test_{next(_db_names)}")


@pytest.fixture
def engine(store_url) -> Iterator[Engine]:
    """A migrated, empty store."""
    eng = make_engine(store_url)
    migrate(eng)
    yield eng
    eng.dispose()


# --- small hand-made extractions (no spaCy) --------------------------------------------------------

ACTORS = {
    "north_front": Actor("north_front", "North Front", "ARMED_GROUP", aliases=("NF",)),
    "river_brigade": Actor("river_brigade", "River Brigade", "ARMED_GROUP"),
    "hill_council": Actor("hill_council", "Hill Council", "ARMED_GROUP"),
    "state_x": Actor("state_x", "Republic of X", "STATE"),
}

STORY = (
    "The North Front announced on Monday that it had formed an alliance with the River Brigade, "
    "according to a statement posted by the group. Officials in the capital said the River Brigade "
    "had received weapons from the Republic of X during the previous winter, a claim the government "
    "denied. The Hill Council, a former partner of the North Front, accused both groups of betrayal "
    "and said its fighters would continue to operate independently in the eastern valleys.\n"
    "Residents of the border towns described a tense week, with checkpoints appearing on the main road "
    "and convoys of pickup trucks moving at night. Traders said that prices for fuel and flour had "
    "doubled since the announcement, and that many families had sent their children to relatives in "
    "the south. A local teacher said the schools had emptied within days.\n"
    "Analysts who follow the conflict said the alliance reflected pressure on both groups after a "
    "series of defeats last year, and that it was unclear whether their commanders would share "
    "territory or revenue. Previous agreements between armed factions in the region have collapsed "
    "within months, often over the control of smuggling routes and the division of taxes collected "
    "at crossings. Diplomats in neighbouring countries called for restraint and for talks."
)
OTHER_STORY = (
    "Heavy rains flooded several districts of the coastal city overnight, forcing hundreds of "
    "families to leave their homes. Emergency services reported that three bridges had been "
    "closed and that schools would remain shut until the water receded later in the week."
)


def claim(head: str, type_: str, tail: str, evidence: str = "", start: int = 0, **kw) -> Claim:
    values = {
        "negated": False,
        "hedged": False,
        "attributed_to": None,
        "time": None,
        "confidence": 0.8,
        "rule": "test",
    } | kw
    evidence = evidence or f"{head} {type_} {tail}"
    return Claim(
        head, type_, tail, evidence=evidence, evidence_start=start, evidence_end=start + len(evidence), **values
    )


def make_extraction(
    text: str = STORY,
    *,
    doc_id: str = "doc-1",
    url: str | None = "https://a.example/1",
    publisher: str | None = "Alpha News",
    published: str | None = "2023-05-01",
    claims: list[Claim] | None = None,
    version: str = "v1",
) -> Extraction:
    """An extraction as the pipeline would give it, built by hand."""
    if claims is None:
        claims = [
            claim("north_front", "ALLY_OF", "river_brigade", start=0),
            claim("state_x", "SUPPORTS", "river_brigade", start=120, hedged=True, time="2022"),
        ]
    used = {c.head for c in claims} | {c.tail for c in claims}
    mentions = [Mention(0, 5, ACTORS[a].name, a, ACTORS[a].type, "gazetteer") for a in sorted(used)]
    return Extraction(
        Article(doc_id, text, publisher=publisher, published=published, url=url),
        actors={a: ACTORS[a] for a in sorted(used)},
        mentions=mentions,
        claims=claims,
        extractor_version=version,
    )


def ingest(engine: Engine, extraction: Extraction) -> WriteResult:
    """What `factionmap ingest` does with one extraction: copy, unchanged, replace or new."""
    sig = signature(extraction.article.text)
    existing = find_existing(engine, sig)
    if existing is not None and existing.extractor_version == extraction.extractor_version:
        return record_copy(engine, existing, extraction.article)
    return write_extraction(engine, extraction, sig, existing, None)


@pytest.fixture
def helpers() -> SimpleNamespace:
    """The hand-made records and the ingest step, for the tests in this folder (conftest is not importable)."""
    return SimpleNamespace(
        ACTORS=ACTORS, STORY=STORY, OTHER_STORY=OTHER_STORY, claim=claim, make_extraction=make_extraction, ingest=ingest
    )
