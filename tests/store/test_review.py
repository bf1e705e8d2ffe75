"""Analyst decisions, checked through the reader that applies them, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from factionmap.errors import InvalidInput, NotFound
from factionmap.store import reader, review
from factionmap.store.reader import claims_between, claims_of
from factionmap.store.writer import counts


@pytest.fixture
def stored(engine, helpers):
    c = helpers.claim
    helpers.ingest(
        engine,
        helpers.make_extraction(
            claims=[
                c("north_front", "ALLY_OF", "river_brigade", start=0),
                c("hill_council", "RIVAL_OF", "river_brigade", start=40),
                c("state_x", "SUPPORTS", "river_brigade", start=80),
            ]
        ),
    )
    return engine


def _ally(engine):
    return claims_between(engine, "north_front", "river_brigade", include_rejected=True)[0]


def _heads(engine) -> dict[str, str]:
    return {c.head_raw: c.head for c in claims_of(engine, "river_brigade")}


def test_reject_hides_a_claim_and_revert_brings_it_back(stored):
    target = _ally(stored)
    decision = review.reject(stored, target.id, "ana", note="the source misread a joint statement")
    assert (decision.kind, decision.claim_id, decision.reviewer) == ("reject", target.id, "ana")
    assert decision.in_force
    assert claims_between(stored, "north_front", "river_brigade") == []
    reverted = review.revert(stored, decision.id, "ben")
    assert (reverted.reverted_by, reverted.in_force) == ("ben", False)
    assert [c.id for c in claims_between(stored, "north_front", "river_brigade")] == [target.id]
    assert counts(stored)["claims"] == 3  # decisions never touch claims


def test_accept_marks_the_claim_and_the_newest_verdict_wins(stored):
    target = _ally(stored)
    review.reject(stored, target.id, "ana")
    review.accept(stored, target.id, "ben", note="confirmed by a second outlet")
    assert _ally(stored).review == "accepted"
    assert [d.kind for d in review.history(stored, claim_id=target.id)] == ["reject", "accept"]


@pytest.mark.parametrize("batch", [1, 2, 20_000])
def test_every_read_counts_a_claim_with_several_verdicts_once_with_its_latest(stored, batch):
    # The verdicts are joined to the claims, so a claim with several in force comes in several rows:
    # each read path must still make it once, with the newest verdict, even when a streamed batch
    # ends between its rows.
    target = _ally(stored)
    review.accept(stored, target.id, "ana")
    review.reject(stored, target.id, "ben")
    review.accept(stored, target.id, "cy")
    rival = claims_between(stored, "hill_council", "river_brigade")[0]
    review.accept(stored, rival.id, "ana")
    review.reject(stored, rival.id, "ben")
    streamed = list(reader.iter_claims(stored, include_rejected=True, batch=batch))
    assert sorted(c.id for c in streamed) == sorted({c.id for c in streamed})
    verdicts = {c.id: c.review for c in streamed}
    assert (verdicts[target.id], verdicts[rival.id]) == ("accepted", "rejected")
    assert [c.review for c in claims_between(stored, "north_front", "river_brigade")] == ["accepted"]
    assert rival.id not in {c.id for c in claims_of(stored, "river_brigade")}
    assert reader.claim(stored, rival.id).review == "rejected"
    assert {c.id: c.review for c in reader.document_claims(stored, target.source.document_id)}[target.id] == "accepted"


def test_merge_makes_claims_count_for_the_target_and_revert_undoes_it(stored):
    decision = review.merge(stored, "hill_council", "north_front", "ana")
    assert _heads(stored)["hill_council"] == "north_front"
    assert {c.type for c in claims_between(stored, "north_front", "river_brigade")} == {"ALLY_OF", "RIVAL_OF"}
    review.revert(stored, decision.id, "ana")
    assert _heads(stored)["hill_council"] == "hill_council"


def test_split_cancels_a_merge_and_blocks_a_new_one(stored):
    review.merge(stored, "hill_council", "north_front", "ana")
    split = review.split(stored, "north_front", "hill_council", "ben", note="different commanders")
    assert _heads(stored)["hill_council"] == "hill_council"
    with pytest.raises(InvalidInput, match=f"split decision {split.id}"):
        review.merge(stored, "hill_council", "north_front", "ana")
    review.revert(stored, split.id, "ben")
    assert _heads(stored)["hill_council"] == "north_front"


def test_merges_chain_to_the_final_target(stored):
    review.merge(stored, "hill_council", "state_x", "ana")
    review.merge(stored, "state_x", "north_front", "ana")
    assert set(_heads(stored).values()) == {"north_front"}


def test_merge_cycle_is_refused_and_nothing_is_written(stored):
    review.merge(stored, "hill_council", "state_x", "ana")
    review.merge(stored, "state_x", "north_front", "ana")
    before = review.history(stored)
    with pytest.raises(InvalidInput, match=r"'hill_council' is already merged into 'north_front'.*cycle"):
        review.merge(stored, "north_front", "hill_council", "ana")
    with pytest.raises(InvalidInput, match="already count as the same actor, 'north_front'"):
        review.merge(stored, "hill_council", "state_x", "ana")
    assert review.history(stored) == before
    assert set(_heads(stored).values()) == {"north_front"}


def test_a_newer_merge_of_the_same_actor_replaces_the_older(stored):
    review.merge(stored, "hill_council", "state_x", "ana")
    review.merge(stored, "hill_council", "north_front", "ben")
    assert _heads(stored)["hill_council"] == "north_front"
    assert _heads(stored)["state_x"] == "state_x"


def test_split_that_leaves_actors_joined_through_other_merges_is_refused(stored):
    review.merge(stored, "hill_council", "state_x", "ana")
    review.merge(stored, "state_x", "north_front", "ana")
    with pytest.raises(InvalidInput, match="still count as 'north_front'"):
        review.split(stored, "hill_council", "north_front", "ana")
    assert [d.kind for d in review.history(stored)] == ["merge", "merge"]


@pytest.mark.parametrize(
    ("call", "error", "names"),
    [
        (lambda e: review.accept(e, "feedbeef", "ana"), NotFound, "feedbeef"),
        (lambda e: review.reject(e, "feedbeef", "ana"), NotFound, "feedbeef"),
        (lambda e: review.merge(e, "ghost_group", "north_front", "ana"), NotFound, "ghost_group"),
        (lambda e: review.split(e, "north_front", "ghost_group", "ana"), NotFound, "ghost_group"),
        (lambda e: review.merge(e, "north_front", "north_front", "ana"), InvalidInput, "with itself"),
        (lambda e: review.split(e, "state_x", "state_x", "ana"), InvalidInput, "with itself"),
        (lambda e: review.revert(e, 999, "ana"), NotFound, "999"),
        (lambda e: review.merge(e, "state_x", "north_front", "  "), InvalidInput, "reviewer"),
    ],
)
def test_invalid_decisions_name_what_is_wrong(stored, call, error, names):
    with pytest.raises(error, match=names):
        call(stored)
    assert review.history(stored) == []


def test_revert_twice_is_refused(stored):
    decision = review.reject(stored, _ally(stored).id, "ana")
    review.revert(stored, decision.id, "ben")
    with pytest.raises(InvalidInput, match="already reverted by ben"):
        review.revert(stored, decision.id, "ana")


def test_history_by_actor_covers_both_sides_and_keeps_reverted_decisions(stored):
    first = review.merge(stored, "hill_council", "north_front", "ana")
    review.revert(stored, first.id, "ben")
    review.split(stored, "state_x", "north_front", "ana")
    review.reject(stored, _ally(stored).id, "ana")
    about_front = review.history(stored, actor_id="north_front")
    assert [(d.kind, d.in_force) for d in about_front] == [("merge", False), ("split", True)]
    assert [d.kind for d in review.history(stored, actor_id="hill_council")] == ["merge"]
    assert [d.kind for d in review.history(stored)] == ["merge", "split", "reject"]
    assert about_front[0].decided_at <= about_front[0].reverted_at


def test_ids_out_of_the_stores_range_are_unknown_not_a_driver_overflow(stored):
    for huge in (2**63, 10**23, -1):
        assert reader.document(stored, huge) is None
        with pytest.raises(NotFound):
            review.revert(stored, huge, "ana")
