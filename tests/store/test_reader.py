"""The one read path, on SQLite and PostgreSQL: both directions, as-of dates, analysts' decisions applied.

Decisions are written here as raw rows, so these tests pin the reader's semantics independently of
review.py (tested in test_review.py through the reader).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert, select, update

from factionmap.store import schema as t
from factionmap.store.reader import claims_between, claims_of, iter_claims


def _store(engine, helpers):
    c = helpers.claim
    claims = [
        c("north_front", "ALLY_OF", "river_brigade", start=0, time="2020-03"),
        c("river_brigade", "RIVAL_OF", "north_front", start=50, time="2022"),
        c("north_front", "ALLY_OF", "river_brigade", start=90, hedged=True),  # dated by the article
        c("state_x", "SUPPORTS", "river_brigade", start=130, time="2019"),
        c("hill_council", "ATTACKS", "river_brigade", start=170, time="2021-01-05"),
    ]
    helpers.ingest(engine, helpers.make_extraction(claims=claims, published="2023-05-01"))
    return claims


def _decide(engine, kind, **values) -> int:
    with engine.begin() as conn:
        return conn.execute(
            insert(t.review_decisions)
            .values(kind=kind, reviewer="ana", decided_at=datetime.now(UTC), **values)
            .returning(t.review_decisions.c.id)
        ).scalar_one()


def _triples(claims):
    return [(c.head, c.type, c.tail) for c in claims]


def test_claims_between_reads_both_directions_oldest_first(engine, helpers):
    _store(engine, helpers)
    forward = claims_between(engine, "north_front", "river_brigade")
    backward = claims_between(engine, "river_brigade", "north_front")
    assert [c.id for c in forward] == [c.id for c in backward]
    assert [c.date for c in forward] == ["2020-03", "2022", "2023-05-01"]
    assert _triples(forward) == [
        ("north_front", "ALLY_OF", "river_brigade"),
        ("river_brigade", "RIVAL_OF", "north_front"),
        ("north_front", "ALLY_OF", "river_brigade"),
    ]
    assert [c.hedged for c in forward] == [False, False, True]
    assert claims_between(engine, "north_front", "state_x") == []


def test_each_claim_keeps_where_its_date_comes_from(engine, helpers):
    _store(engine, helpers)
    forward = claims_between(engine, "north_front", "river_brigade")
    assert [c.time_source for c in forward] == ["stated", "stated", "article"]
    assert [c.stated_time for c in forward] == ["2020-03", "2022", None]
    assert [c.shown_date for c in forward] == ["2020-03", "2022", "~2023-05-01"]
    with engine.connect() as conn:  # stored as such, not only worked out on reading
        stored = dict(conn.execute(select(t.claims.c.evidence_start, t.claims.c.time_source)).all())
    assert stored == {0: "stated", 50: "stated", 90: "article", 130: "stated", 170: "stated"}
    helpers.ingest(
        engine,
        helpers.make_extraction(
            helpers.OTHER_STORY,
            doc_id="doc-2",
            published=None,
            claims=[helpers.claim("north_front", "ALLY_OF", "state_x")],
        ),
    )
    (undated,) = claims_between(engine, "north_front", "state_x")
    assert (undated.time_source, undated.date, undated.shown_date) == ("none", None, None)


def test_stored_claims_carry_their_source(engine, helpers):
    _store(engine, helpers)
    first = claims_between(engine, "state_x", "river_brigade")[0]
    assert first.source.publisher == "Alpha News" and first.source.outlet == "alpha news"
    assert first.source.url == "https://a.example/1" and first.source.doc_id == "doc-1"
    assert first.source.cluster_id == first.source.document_id
    assert first.review is None and first.head_raw == "state_x"


def test_as_of_keeps_claims_dated_on_or_before(engine, helpers):
    _store(engine, helpers)
    dates = lambda as_of: [c.date for c in claims_between(engine, "north_front", "river_brigade", as_of=as_of)]  # noqa: E731
    assert dates("2019") == []
    assert dates("2021") == ["2020-03"]
    assert dates("2022-06") == ["2020-03", "2022"]
    assert dates("2023-05-01") == ["2020-03", "2022", "2023-05-01"]


def test_undated_claims_in_undated_articles_are_always_kept(engine, helpers):
    helpers.ingest(
        engine, helpers.make_extraction(published=None, claims=[helpers.claim("north_front", "ALLY_OF", "state_x")])
    )
    assert len(claims_between(engine, "north_front", "state_x", as_of="1990")) == 1


def test_claims_of_filters_by_type_and_date(engine, helpers):
    _store(engine, helpers)
    assert len(claims_of(engine, "river_brigade")) == 5
    assert _triples(claims_of(engine, "river_brigade", types={"SUPPORTS", "ATTACKS"})) == [
        ("state_x", "SUPPORTS", "river_brigade"),
        ("hill_council", "ATTACKS", "river_brigade"),
    ]
    assert len(claims_of(engine, "river_brigade", as_of="2020-12")) == 2


def test_rejected_claims_are_left_out_unless_asked_for(engine, helpers):
    _store(engine, helpers)
    target, other = claims_between(engine, "north_front", "river_brigade")[:2]
    _decide(engine, "reject", claim_id=target.id)
    _decide(engine, "accept", claim_id=other.id)
    kept = claims_between(engine, "north_front", "river_brigade")
    assert target.id not in {c.id for c in kept}
    assert {c.id: c.review for c in kept}[other.id] == "accepted"
    everything = claims_between(engine, "north_front", "river_brigade", include_rejected=True)
    assert {c.id: c.review for c in everything}[target.id] == "rejected"
    assert target.id not in {c.id for c in iter_claims(engine)}


def test_latest_verdict_wins_and_reverted_ones_do_not_count(engine, helpers):
    _store(engine, helpers)
    target = claims_between(engine, "north_front", "river_brigade")[0]
    _decide(engine, "reject", claim_id=target.id)
    accepted = _decide(engine, "accept", claim_id=target.id)
    assert claims_between(engine, "north_front", "river_brigade")[0].review == "accepted"
    with engine.begin() as conn:
        conn.execute(
            update(t.review_decisions)
            .where(t.review_decisions.c.id == accepted)
            .values(reverted_at=datetime.now(UTC), reverted_by="ben")
        )
    assert target.id not in {c.id for c in claims_between(engine, "north_front", "river_brigade")}


def test_merged_actor_counts_as_its_target(engine, helpers):
    _store(engine, helpers)
    _decide(engine, "merge", actor_id="hill_council", into_id="north_front")
    merged = claims_between(engine, "north_front", "river_brigade")
    attack = next(c for c in merged if c.type == "ATTACKS")
    assert (attack.head, attack.head_raw) == ("north_front", "hill_council")
    assert len(merged) == 4
    # asking by the merged-away id finds the same claims
    assert [c.id for c in claims_between(engine, "hill_council", "river_brigade")] == [c.id for c in merged]


def test_merges_chain_and_splits_or_reverts_undo_them(engine, helpers):
    _store(engine, helpers)
    first = _decide(engine, "merge", actor_id="hill_council", into_id="state_x")
    _decide(engine, "merge", actor_id="state_x", into_id="north_front")
    assert {c.head for c in claims_of(engine, "river_brigade", types={"ATTACKS", "SUPPORTS"})} == {"north_front"}
    _decide(engine, "split", actor_id="state_x", into_id="north_front")
    heads = {c.head_raw: c.head for c in claims_of(engine, "river_brigade", types={"ATTACKS", "SUPPORTS"})}
    assert heads == {"hill_council": "state_x", "state_x": "state_x"}
    with engine.begin() as conn:
        conn.execute(
            update(t.review_decisions)
            .where(t.review_decisions.c.id == first)
            .values(reverted_at=datetime.now(UTC), reverted_by="ben")
        )
    heads = {c.head_raw: c.head for c in claims_of(engine, "river_brigade", types={"ATTACKS", "SUPPORTS"})}
    assert heads == {"hill_council": "hill_council", "state_x": "state_x"}


def test_iter_claims_streams_every_claim_across_batches(engine, helpers):
    stored = _store(engine, helpers)
    got = list(iter_claims(engine, batch=2))
    assert len(got) == len(stored) == len({c.id for c in got})
    assert {c.date for c in iter_claims(engine, as_of="2020", batch=2)} == {"2019", "2020-03"}
