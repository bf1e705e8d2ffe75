"""Relationships from hand-made claims; every expected number is worked out in the comment beside it."""

from __future__ import annotations

import itertools
import random

import pytest

from factionmap.errors import InvalidInput
from factionmap.graph.relationships import (
    ATTRIBUTED_FACTOR,
    HEDGED_FACTOR,
    MAX_UNREVIEWED,
    PARTISAN_FACTOR,
    DateBounds,
    aggregate,
    cluster_outlets,
    earlier,
    is_partisan,
)
from factionmap.graph.reliability import load_reliability, parse_reliability
from factionmap.model import Claim, Source, StoredClaim

_ids = itertools.count(1)


def source(
    doc: int,
    publisher: str | None = "daily",
    published: str | None = "2020-05",
    cluster: int | None = None,
    url: str | None = None,
) -> Source:
    return Source(doc, f"doc{doc}", f"title {doc}", url, publisher, published, None, cluster or doc)


def claim(
    head: str,
    type_: str,
    tail: str,
    src: Source | None = None,
    *,
    negated: bool = False,
    hedged: bool = False,
    by: str | None = None,
    time: str | None = None,
    conf: float = 0.8,
    review: str | None = None,
) -> StoredClaim:
    n = next(_ids)
    return StoredClaim(
        f"c{n}",
        Claim(head, type_, tail, negated, hedged, by, time, f"evidence {n}", 0, 10, conf, "rule"),
        src or source(n),
        review,
    )


def one(claims, **kw):
    rels = aggregate(claims, **kw)
    assert len(rels) == 1, rels
    return rels[0]


def test_symmetric_type_groups_both_directions_under_the_lower_id():
    rel = one([claim("north_front", "ALLY_OF", "east_brigade"), claim("east_brigade", "ALLY_OF", "north_front")])
    assert (rel.head, rel.tail, rel.asserted) == ("east_brigade", "north_front", 2)


def test_directed_type_keeps_directions_apart():
    rels = aggregate([claim("a", "AFFILIATE_OF", "b"), claim("b", "AFFILIATE_OF", "a")])
    assert sorted(r.key for r in rels) == [("a", "AFFILIATE_OF", "b"), ("b", "AFFILIATE_OF", "a")]


def test_syndicated_copies_and_one_outlets_stories_count_once():
    wire = source(10, publisher="Wire Service")
    copy = source(11, publisher="Town Paper", cluster=10)  # near-duplicate of doc 10
    wire_again = source(12, publisher="wire service ")  # another story, same outlet
    other = source(13, publisher="Other Outlet")
    claims = [claim("a", "SUPPORTS", "b", s) for s in (wire, copy, wire_again, other)]
    rel = one(claims)
    assert rel.asserted == 4
    assert rel.independent_sources == 2  # "wire service" (docs 10, 11, 12) and "other outlet"
    assert cluster_outlets(claims)[10] == "wire service"  # the cluster counts as its first document's outlet


def test_one_plain_claim_keeps_its_extraction_confidence():
    rel = one([claim("a", "SUPPORTS", "b", conf=0.7)])
    assert rel.confidence == pytest.approx(0.7)
    assert rel.status == "asserted"


def test_corroboration_is_a_noisy_or_over_outlets():
    # outlets with strongest claims 0.8 and 0.5: 1 - 0.2 * 0.5 = 0.9; a weaker repeat in outlet 1 adds nothing
    claims = [
        claim("a", "ALLY_OF", "b", source(1, "one"), conf=0.8),
        claim("a", "ALLY_OF", "b", source(2, "one"), conf=0.3),
        claim("a", "ALLY_OF", "b", source(3, "two"), conf=0.5),
    ]
    assert one(claims).confidence == pytest.approx(0.9)


def test_unreviewed_corroboration_is_capped_and_acceptance_confirms():
    many = [claim("a", "ALLY_OF", "b", source(i, f"outlet{i}"), conf=0.9) for i in range(4)]
    assert one(many).confidence == pytest.approx(MAX_UNREVIEWED)  # 1 - 0.1**4 = 0.9999, capped
    accepted = one([claim("a", "ALLY_OF", "b", conf=0.3, hedged=True, review="accepted")])
    assert (accepted.confidence, accepted.accepted) == (1.0, 1)


def test_hedging_and_attribution_discount_a_claim():
    assert one([claim("a", "SUPPORTS", "b", hedged=True)]).confidence == pytest.approx(0.8 * HEDGED_FACTOR)
    third = claim("gulf_state", "SUPPORTS", "coast_militia", by="a UN monitoring report")
    assert one([third]).confidence == pytest.approx(0.8 * ATTRIBUTED_FACTOR)
    partisan = claim("river_front", "SUPPORTS", "hill_army", by="a River Front spokesman")
    assert one([partisan]).confidence == pytest.approx(0.8 * PARTISAN_FACTOR)
    assert PARTISAN_FACTOR < ATTRIBUTED_FACTOR < 1  # own voice > third party > a party to it


def test_partisan_speaker_recognised_through_aliases():
    c = claim("rf", "SUPPORTS", "ha", by="RF commander Abu Example")
    assert not is_partisan(c, {"rf": ["River Front"]})
    assert is_partisan(c, {"rf": ["River Front", "RF"]})


def test_outlet_reliability_multiplies_the_claim_weight():
    c = claim("a", "SUPPORTS", "b", source(1, "Shaky Outlet"))
    assert one([c], reliability={"shaky outlet": 0.5}).confidence == pytest.approx(0.4)
    assert one([c], reliability={"someone else": 0.1}).confidence == pytest.approx(0.8)


def test_times_hedge_share_and_claim_order():
    claims = [
        claim("a", "ATTACKS", "b", source(1, published="2021-03"), hedged=True),
        claim("a", "ATTACKS", "b", source(2, published="2019-07")),
        claim("a", "ATTACKS", "b", source(3, published=None)),
    ]
    rel = one(claims)
    # No sentence dates it: it was reported in 2019-07 and 2021-03, which says nothing of when it held.
    assert (rel.first_time, rel.last_time) == (None, None)
    assert (rel.first_reported, rel.last_reported) == ("2019-07", "2021-03")
    assert rel.share_hedged == pytest.approx(1 / 3)
    assert [c.date for c in rel.claims] == ["2019-07", "2021-03", None]  # oldest first, undated last
    assert [c.time_source for c in rel.claims] == ["article", "article", "none"]
    assert [c.shown_date for c in rel.claims] == ["~2019-07", "~2021-03", None]


def test_first_and_last_time_are_the_stated_times_only():
    claims = [
        claim("a", "ATTACKS", "b", source(1, published="2024-01"), time="2016"),
        claim("a", "ATTACKS", "b", source(2, published="2024-05"), time="2019-04"),
        claim("a", "ATTACKS", "b", source(3, published="2025-02")),
    ]
    rel = one(claims)
    assert (rel.first_time, rel.last_time) == ("2016", "2019-04")
    assert (rel.first_reported, rel.last_reported) == ("2024-01", "2025-02")
    assert [c.shown_date for c in rel.claims] == ["2016", "2019-04", "~2025-02"]


def test_stated_time_starts_it_and_a_later_stated_denial_ends_it():
    claims = [
        claim("a", "ALLY_OF", "b", source(1, published="2018-01"), time="2014"),
        claim("a", "ALLY_OF", "b", source(2, published="2021-06"), negated=True, time="2020-06"),
    ]
    rel = one(claims)
    assert (rel.valid_from, rel.valid_to) == ("2014", "2020-06")
    assert rel.status == "asserted"  # the denial ends it rather than disputing it
    assert rel.confidence == pytest.approx(0.8)


def test_a_denial_dated_only_by_its_article_never_ends_it():
    # "They have no ties" in an article of 2020 does not say the ties ended in 2020: it disputes them.
    claims = [
        claim("a", "ALLY_OF", "b", source(1, published="2018-01"), time="2014"),
        claim("a", "ALLY_OF", "b", source(2, published="2020-06"), negated=True),
    ]
    rel = one(claims)
    assert rel.valid_to is None
    assert rel.status == "contested"


def test_an_article_date_never_starts_it():
    claims = [
        claim("a", "OPERATES_IN", "town", source(1, published="2015"), time=None),
        claim("a", "OPERATES_IN", "town", source(2, published="2020"), time="2019"),
    ]
    assert one(claims).valid_from == "2019"
    assert one(claims[:1]).valid_from is None


def test_a_later_contrary_relation_ends_it():
    rels = {
        r.type: r
        for r in aggregate(
            [
                claim("cell", "AFFILIATE_OF", "core", source(1, published="2015"), time="2013"),
                claim("cell", "SPLINTER_OF", "core", source(2, published="2017"), time="2016"),
            ]
        )
    }
    assert rels["AFFILIATE_OF"].valid_to == "2016"
    assert rels["SPLINTER_OF"].valid_to is None


def test_hostilities_after_an_alliance_end_it_in_either_direction():
    rels = {
        r.type: r
        for r in aggregate(
            [
                claim("a", "ALLY_OF", "b", source(1, published="2012"), time="2011"),
                claim("b", "ATTACKS", "a", source(2, published="2016-02"), time="2016-02"),
            ]
        )
    }
    assert rels["ALLY_OF"].valid_to == "2016-02"


def test_contrary_relations_dated_only_by_their_articles_end_nothing():
    # An article of 2023 saying "the group fights its old ally" beside an alliance stated in 2011.
    rels = {
        r.type: r
        for r in aggregate(
            [
                claim("a", "ALLY_OF", "b", source(1, published="2012"), time="2011"),
                claim("b", "ATTACKS", "a", source(2, published="2023-02")),
            ]
        )
    }
    assert rels["ALLY_OF"].valid_to is None


def test_undated_denial_contests_and_scales_confidence():
    claims = [
        claim("a", "SUPPORTS", "b", conf=0.8),
        claim("a", "SUPPORTS", "b", source(9, published=None), negated=True, conf=0.5),
    ]
    rel = one(claims)
    assert rel.status == "contested"
    assert (rel.support, rel.denial) == (pytest.approx(0.8), pytest.approx(0.5))
    assert rel.confidence == pytest.approx(0.8 * (1 - 0.5))
    assert (rel.asserted, rel.negated) == (1, 1)


def test_denial_dated_before_every_assertion_does_not_contest():
    claims = [
        claim("a", "SUPPORTS", "b", source(1, published="2021"), time="2021"),
        claim("a", "SUPPORTS", "b", source(2, published="2022"), negated=True, time="2018"),
    ]
    assert one(claims).status == "asserted"


def test_only_denials_make_a_denied_relationship_with_zero_confidence():
    claims = [
        claim("a", "SUPPORTS", "b", source(1, "x"), negated=True),
        claim("a", "SUPPORTS", "b", source(2, "y"), negated=True),
    ]
    rel = one(claims)
    assert (rel.status, rel.confidence, rel.independent_sources) == ("denied", 0.0, 2)
    assert rel.first_time is None


def test_analyst_acceptance_on_one_side_settles_a_dispute():
    yes = claim("a", "SUPPORTS", "b", review="accepted")
    no = claim("a", "SUPPORTS", "b", source(50, published=None), negated=True)
    assert one([yes, no]).status == "asserted"
    no_accepted = claim("a", "SUPPORTS", "b", source(51, published=None), negated=True, review="accepted")
    plain_yes = claim("a", "SUPPORTS", "b")
    rel = one([plain_yes, no_accepted])
    assert (rel.status, rel.confidence) == ("denied", 0.0)


def test_rejected_claims_are_left_out():
    rels = aggregate([claim("a", "SUPPORTS", "b", review="rejected"), claim("c", "SUPPORTS", "d")])
    assert [r.key for r in rels] == [("c", "SUPPORTS", "d")]


def test_dates_are_ordered_only_at_common_precision():
    assert earlier("2015", "2016-03")
    assert not earlier("2016", "2016-03") and not earlier("2016-03", "2016")
    assert earlier("2016-02-28", "2016-03")
    assert not earlier(None, "2016")


def test_date_bounds_agree_with_comparing_every_date():
    # DateBounds answers "before/after every date" from the extremes at each precision; it must give
    # exactly what comparing date by date with earlier() gives, mixed precisions and undated included.
    rng = random.Random(5)

    def date():
        y, m, d = rng.choice(("2015", "2016", "2017")), f"{rng.randint(1, 12):02d}", f"{rng.randint(1, 28):02d}"
        return rng.choice((y, f"{y}-{m}", f"{y}-{m}-{d}", None))

    for _ in range(2000):
        xs, ys, probe = [date() for _ in range(rng.randint(0, 5))], [date() for _ in range(rng.randint(0, 4))], date()
        bx, by = DateBounds.of(xs), DateBounds.of(ys)
        dated_x, dated_y = [x for x in xs if x], [y for y in ys if y]
        assert bx.all_before(probe) == all(earlier(x, probe) for x in dated_x)
        assert bx.all_after(probe) == all(earlier(probe, x) for x in dated_x)
        assert bool(bx) == bool(dated_x)
        assert bx.precede(by) == (bool(dated_x and dated_y) and all(earlier(x, y) for x in dated_x for y in dated_y))


def test_reliability_file_is_read_and_normalised(tmp_path):
    path = tmp_path / "rel.yaml"
    path.write_text("outlets:\n  The Wire: 0.9\n  www.Example.org: 0.25\n", encoding="utf-8")
    assert load_reliability(path) == {"the wire": 0.9, "example.org": 0.25}
    assert load_reliability(None) == {}
    assert parse_reliability("") == {}


@pytest.mark.parametrize(
    ("text", "line", "field"),
    [
        ("outlets:\n  good: 0.5\n  bad: lots\n", 3, "bad"),
        ("outlets:\n  high: 1.5\n", 2, "high"),
        ("sources:\n  x: 1\n", 1, "sources"),
        ("outlets:\n  twice: 1\n  Twice: 0.2\n", 3, "twice"),
    ],
)
def test_reliability_errors_name_file_line_and_field(text, line, field):
    with pytest.raises(InvalidInput) as err:
        parse_reliability(text, "weights.yaml")
    assert (err.value.source, err.value.line, err.value.field) == ("weights.yaml", line, field)
    assert str(err.value).startswith(f"weights.yaml:{line}")


def test_a_subset_aggregates_as_within_the_whole_given_the_cluster_map():
    first = claim("x", "SUPPORTS", "y", source(20, publisher="Wire"))  # the cluster's first document
    copy = claim("a", "SUPPORTS", "b", source(21, publisher="Town Paper", cluster=20))
    wire = claim("a", "SUPPORTS", "b", source(22, publisher="Wire"))
    subset = [copy, wire]
    assert one(subset).independent_sources == 2  # alone, the copy looks like its own outlet
    whole = cluster_outlets([first, copy, wire])
    assert one(subset, outlets=whole).independent_sources == 1  # it is the wire's story
