"""The maintained relationships table on both dialects: every kind of write keeps it equal to the claims.

A fixed sequence (ingest, near-duplicate copy, re-extraction, verdict and its revert, merge, split and
their reverts) through the writers with the maintenance hook; after each step the table equals what
aggregating every claim gives, and ``rebuild`` gives it again. tests/graph/test_maintained.py runs random
sequences on SQLite.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import Engine, select

from factionmap.graph.maintained import rebuild, refresh
from factionmap.store import relationships as table
from factionmap.store import review
from factionmap.store import schema as t
from factionmap.store.db import make_engine, migrate
from factionmap.store.dedupe import signature
from factionmap.store.writer import find_existing, write_extraction
from tests.graph.test_maintained import assert_same, expected, stored
from tests.store.conftest import PG_DATABASE

TIMEOUT_S = 60


def _ingest(engine: Engine, extraction) -> None:
    sig = signature(extraction.article.text)
    write_extraction(engine, extraction, sig, find_existing(engine, sig), None, on_changed=refresh)


def _check(engine: Engine) -> list[dict]:
    got = stored(engine)
    assert_same(got, expected(engine))
    with engine.connect() as conn:  # each write's clusters, probed one by one, as the whole store has them
        clusters = set(conn.scalars(select(t.documents.c.cluster_id)))
        assert table.cluster_outlets(conn, clusters) == table.cluster_outlets(conn)
    return got


def _claim_id(engine: Engine, type_: str) -> str:
    with engine.connect() as conn:
        return conn.execute(select(t.claims.c.id).where(t.claims.c.type == type_).order_by(t.claims.c.id)).scalar()


def test_every_write_keeps_the_table_equal_to_the_claims(engine, helpers):
    c = helpers.claim
    _ingest(engine, helpers.make_extraction())
    first = _check(engine)
    assert {(r["head_id"], r["type"], r["tail_id"]) for r in first} == {
        ("north_front", "ALLY_OF", "river_brigade"),
        ("state_x", "SUPPORTS", "river_brigade"),
    }
    # a near-duplicate copy from another outlet, with a denial and a partisan speaker
    _ingest(
        engine,
        helpers.make_extraction(
            helpers.STORY + " Updated.",
            doc_id="doc-2",
            url="https://b.example/2",
            publisher="Beta Post",
            claims=[
                c("river_brigade", "ALLY_OF", "north_front", negated=True, start=0),
                c("hill_council", "RIVAL_OF", "north_front", start=200, attributed_to="a Hill Council spokesman"),
            ],
        ),
    )
    _check(engine)
    _ingest(
        engine,
        helpers.make_extraction(
            helpers.OTHER_STORY,
            doc_id="doc-3",
            publisher="Gamma",
            url=None,
            claims=[c("north_front", "ATTACKS", "hill_council", time="2024", start=0)],
        ),
    )
    _check(engine)
    # re-extraction by a newer version: doc-1's claims are replaced
    _ingest(
        engine,
        helpers.make_extraction(version="v2", claims=[c("north_front", "ALLY_OF", "hill_council", time="2021")]),
    )
    after = _check(engine)
    assert ("state_x", "SUPPORTS", "river_brigade") not in {(r["head_id"], r["type"], r["tail_id"]) for r in after}

    rejected = review.reject(engine, _claim_id(engine, "RIVAL_OF"), "tester", on_changed=refresh)
    _check(engine)
    review.revert(engine, rejected.id, "tester", on_changed=refresh)
    _check(engine)
    accepted = review.accept(engine, _claim_id(engine, "ATTACKS"), "tester", on_changed=refresh)
    _check(engine)

    merged = review.merge(engine, "river_brigade", "hill_council", "tester", on_changed=refresh)
    rows = _check(engine)
    assert not any("river_brigade" in (r["head_id"], r["tail_id"]) for r in rows)
    review.revert(engine, merged.id, "tester", on_changed=refresh)
    _check(engine)
    review.merge(engine, "hill_council", "north_front", "tester", on_changed=refresh)
    _check(engine)
    split = review.split(engine, "hill_council", "north_front", "tester", on_changed=refresh)
    _check(engine)
    review.revert(engine, split.id, "tester", on_changed=refresh)
    _check(engine)
    review.revert(engine, accepted.id, "tester", on_changed=refresh)
    maintained = _check(engine)

    with engine.begin() as conn:
        assert rebuild(conn) == len(maintained)
    assert stored(engine) == maintained


def test_a_write_without_the_hook_leaves_the_table_and_rebuild_repairs_it(engine, helpers):
    helpers.ingest(engine, helpers.make_extraction())  # the store's writer alone: no maintenance
    assert table.read_all(engine) == []
    with engine.begin() as conn:
        assert rebuild(conn) == 2
    assert len(_check(engine)) == 2


def test_a_cluster_counts_as_its_first_document_with_a_claim_in_force(engine, helpers):
    """The per-cluster probe (each write's) and the store-wide read choose alike: the first document, else
    the lowest-id one with a claim in force; a cluster with none in force counts as no outlet."""
    c = helpers.claim
    _ingest(engine, helpers.make_extraction(claims=[c("north_front", "ALLY_OF", "river_brigade")]))
    for n, publisher in ((2, "Beta Post"), (3, "Gamma Wire")):
        copy = helpers.make_extraction(
            helpers.STORY + " Updated." * n,
            doc_id=f"doc-{n}",
            url=f"https://b.example/{n}",
            publisher=publisher,
            claims=[c("north_front", "ALLY_OF", "river_brigade")],
        )
        _ingest(engine, copy)
    with engine.connect() as conn:
        (cluster,) = set(conn.scalars(select(t.documents.c.cluster_id)))
        claims = conn.execute(select(t.claims.c.id).order_by(t.claims.c.document_id)).scalars().all()

    def outlets() -> dict[int, str]:
        with engine.connect() as conn:
            one, whole = table.cluster_outlets(conn, {cluster}), table.cluster_outlets(conn)
        assert one == whole
        return one

    assert len(claims) == 3 and outlets()[cluster] not in ("beta post", "gamma wire")  # the first document's
    review.reject(engine, claims[0], "tester", on_changed=refresh)  # the first document has none in force
    assert outlets()[cluster] == "beta post"  # the second document's, not the third's
    review.reject(engine, claims[1], "tester", on_changed=refresh)
    assert outlets()[cluster] == "gamma wire"
    review.reject(engine, claims[2], "tester", on_changed=refresh)
    assert outlets() == {}
    _check(engine)


def test_a_near_duplicate_maintained_after_a_later_one_recounts_the_cluster(pg_cluster, helpers):
    """Two writers store copies of one story at once (PostgreSQL; SQLite has one writer). The earlier
    copy (lower id) reaches the table's maintenance after the later one committed: it then becomes the
    cluster's outlet (the cluster's first document has no claim in force), so the later copy's claims,
    counted under its own outlet, must be recounted, not left beside the new ones."""
    engine = make_engine(pg_cluster.create_schema(PG_DATABASE, "test_cluster_race"))
    migrate(engine)
    c = helpers.claim

    def copy(n: int, publisher: str):
        return helpers.make_extraction(
            helpers.STORY + " Updated." * n,
            doc_id=f"doc-{n}",
            url=f"https://{n}.example/",
            publisher=publisher,
            claims=[c("north_front", "ALLY_OF", "river_brigade")],
        )

    _ingest(engine, copy(0, "Alpha News"))
    review.reject(engine, _claim_id(engine, "ALLY_OF"), "tester", on_changed=refresh)  # none in force in it
    entered, release = threading.Event(), threading.Event()

    def held_back(conn, change) -> None:  # the earlier copy's write, stopped before its maintenance
        entered.set()
        assert release.wait(TIMEOUT_S)
        refresh(conn, change)

    def earlier() -> None:
        extraction = copy(1, "Beta Post")
        sig = signature(extraction.article.text)
        write_extraction(engine, extraction, sig, find_existing(engine, sig), None, on_changed=held_back)

    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(earlier)
        assert entered.wait(TIMEOUT_S)
        _ingest(engine, copy(2, "Gamma Wire"))  # the later copy: stored and maintained at once
        release.set()
        first.result(timeout=TIMEOUT_S)
    with engine.connect() as conn:
        assert len(set(conn.scalars(select(t.documents.c.cluster_id)))) == 1  # one story, three copies
    alliance = next(r for r in _check(engine) if r["type"] == "ALLY_OF")
    assert alliance["independent_sources"] == 1  # both copies count as the cluster's one outlet
    engine.dispose()
