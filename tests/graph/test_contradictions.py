"""Conflicts read as a change or a dispute, and the watchlist of changes since a date."""

from __future__ import annotations

import itertools

from factionmap.graph.contradictions import changes, cite, conflicts, is_new
from factionmap.model import Claim, Source, StoredClaim

_ids = itertools.count(1)


def source(doc: int, publisher: str | None = "Daily", published: str | None = "2020-05") -> Source:
    return Source(doc, f"doc{doc}", f"title {doc}", None, publisher, published, None, doc)


def claim(
    head: str,
    type_: str,
    tail: str,
    src: Source | None = None,
    *,
    negated: bool = False,
    by: str | None = None,
    time: str | None = None,
    review: str | None = None,
) -> StoredClaim:
    n = next(_ids)
    return StoredClaim(
        f"c{n}",
        Claim(head, type_, tail, negated, False, by, time, f"evidence {n}", 0, 10, 0.8, "rule"),
        src or source(100 + n),
        review,
    )


def only(found):
    assert len(found) == 1, found
    return found[0]


def test_split_after_affiliation_reads_as_a_change_with_its_sources():
    c = only(
        conflicts(
            [
                claim("cell", "AFFILIATE_OF", "core", source(1, "Alpha Times", "2015"), time="2013"),
                claim("cell", "SPLINTER_OF", "core", source(2, "Beta Post", "2017"), time="2016"),
            ]
        )
    )
    assert (c.kind, c.reading, c.changed_at) == ("contrary", "change", "2016")
    assert (c.earlier.type, c.later.type) == ("AFFILIATE_OF", "SPLINTER_OF")
    assert c.narrative == (
        "cell: affiliate of core until 2016 (per Alpha Times), split from core since 2016 (per Beta Post)"
    )


def test_affiliation_dated_only_by_its_article_is_read_as_before_a_dated_split():
    # one recent article calls it an affiliate, another says it split in 2016: read as a change, not a dispute
    c = only(
        conflicts(
            [
                claim("cell", "AFFILIATE_OF", "core", source(1, "Alpha Times", "2023")),
                claim("cell", "SPLINTER_OF", "core", source(2, "Beta Post", "2023"), time="2016"),
            ]
        )
    )
    assert (c.reading, c.changed_at, c.earlier.type) == ("change", "2016", "AFFILIATE_OF")


def test_affiliation_and_split_the_text_dates_alike_are_a_dispute_and_a_later_one_a_rejoining():
    split = claim("cell", "SPLINTER_OF", "core", source(2, "Beta Post", "2023"), time="2016")
    same_year = only(
        conflicts([claim("cell", "AFFILIATE_OF", "core", source(1, "Alpha Times", "2023"), time="2016"), split])
    )
    assert (same_year.reading, same_year.changed_at) == ("dispute", None)
    later = only(
        conflicts([claim("cell", "AFFILIATE_OF", "core", source(1, "Alpha Times", "2023"), time="2019"), split])
    )
    assert (later.reading, later.earlier.type, later.changed_at) == ("change", "SPLINTER_OF", "2019")


def test_overlapping_claims_read_as_a_dispute_naming_who_says_what():
    c = only(
        conflicts(
            [
                claim("hill_army", "ALLY_OF", "river_front", source(1, "Alpha Times", "2021-04")),
                claim("river_front", "RIVAL_OF", "hill_army", source(2, "Beta Post", "2021-04"), by="a local elder"),
            ]
        )
    )
    assert (c.a, c.b, c.reading) == ("hill_army", "river_front", "dispute")
    assert c.narrative == ("hill_army and river_front: Alpha Times says allied; a local elder (Beta Post) says rivals")


def test_display_names_replace_ids_in_the_narrative():
    c = only(
        conflicts(
            [claim("x", "ALLY_OF", "y", source(1, "A")), claim("x", "RIVAL_OF", "y", source(2, "B"))],
            names={"x": "Crescent Front", "y": "Valley Guard"},
        )
    )
    assert c.narrative.startswith("Crescent Front and Valley Guard: ")


def test_attacks_in_either_direction_conflict_with_an_alliance():
    c = only(
        conflicts(
            [
                claim("a", "ALLY_OF", "b", source(1, "Alpha", "2015"), time="2014"),
                claim("b", "ATTACKS", "a", source(2, "Beta", "2019"), time="2018-09"),
            ]
        )
    )
    assert (c.reading, c.earlier.type, c.later.type) == ("change", "ALLY_OF", "ATTACKS")
    assert c.narrative == "a and b: allied as of 2014 (per Alpha), fighting as of 2018-09 (per Beta)"


def test_sides_dated_only_by_their_articles_are_a_dispute_not_a_change():
    # An article of 2014 says allied, one of 2018 says fighting, neither sentence dates it: the tool
    # cannot tell a history from a disagreement, so it says who says what.
    c = only(
        conflicts(
            [
                claim("a", "ALLY_OF", "b", source(1, "Alpha", "2014")),
                claim("b", "ATTACKS", "a", source(2, "Beta", "2018-09")),
            ]
        )
    )
    assert (c.reading, c.changed_at) == ("dispute", None)
    assert (c.earlier.type, c.later.type) == ("ALLY_OF", "ATTACKS")  # reported first, first


def test_assertion_and_later_denial_of_one_type_is_a_change():
    c = only(
        conflicts(
            [
                claim("a", "SUPPORTS", "b", source(1, "Alpha", "2015"), time="2015"),
                claim("a", "SUPPORTS", "b", source(2, "Beta", "2020"), negated=True, time="2020"),
            ]
        )
    )
    assert (c.kind, c.reading) == ("negation", "change")
    assert (c.earlier.negated, c.later.negated) == (False, True)
    assert "not supporting b as of 2020" in c.narrative


def test_undated_denial_is_a_dispute():
    c = only(
        conflicts(
            [
                claim("a", "SUPPORTS", "b", source(1, "Alpha", None)),
                claim("a", "SUPPORTS", "b", source(2, "Beta", "2020"), negated=True),
            ]
        )
    )
    assert c.reading == "dispute"
    assert (c.earlier.negated, c.later.negated) == (True, False)  # the dated side first, undated last


def test_directed_contraries_must_point_the_same_way_and_rejected_claims_do_not_count():
    assert conflicts([claim("a", "AFFILIATE_OF", "b"), claim("b", "SPLINTER_OF", "a")]) == []
    assert conflicts([claim("a", "ALLY_OF", "b"), claim("a", "RIVAL_OF", "b", review="rejected")]) == []


def test_several_sources_are_counted_beyond_two():
    sides = [claim("a", "ALLY_OF", "b", source(i, f"Outlet {i}", "2020")) for i in range(4)]
    c = only(conflicts([*sides, claim("a", "RIVAL_OF", "b", source(9, "Lone", "2020"))]))
    assert "Outlet 0, Outlet 1 and 2 more say allied" in c.narrative
    assert "Lone says rivals" in c.narrative


def test_cite_falls_back_to_the_title_without_a_publisher():
    assert cite(claim("a", "ALLY_OF", "b", Source(1, "d1", "A Story", None, None, None, None, 1))) == "“A Story”"


def test_is_new_by_claim_date_or_by_ingestion():
    old_story = claim("a", "ALLY_OF", "b", source(1, published="2019-02"), time="2019-02")
    assert not is_new(old_story, "2020")
    assert is_new(claim("a", "ALLY_OF", "b", source(2, published="2020-03"), time="2020-03"), "2020-03")
    assert not is_new(claim("a", "ALLY_OF", "b", source(3, published=None)), "2000")  # undated: never new
    # Only the sentence's own date counts: a leader dead since 2021, recalled in an article of 2024
    # (no date in the sentence), is not news of 2024; one stated in 2021 in that article is not either.
    recalled = claim("a", "MEMBER_OF", "b", source(4, published="2024-06"))
    assert recalled.time_source == "article"
    assert not is_new(recalled, "2024-01")
    assert not is_new(claim("a", "MEMBER_OF", "b", source(5, published="2024-06"), time="2021"), "2024-01")
    assert is_new(recalled, "2024-01", ingested={4: "2024-07-01T00:00:00+00:00"})  # ingestion still counts
    assert is_new(old_story, "2024-01-01", ingested={1: "2024-01-05T09:30:00+00:00"})
    assert not is_new(old_story, "2024-01-01", ingested={})


def test_watchlist_reports_new_ended_status_and_contradiction():
    old = [
        claim("a", "ALLY_OF", "b", source(1, "Alpha", "2019"), time="2019"),
        claim("c", "SUPPORTS", "d", source(2, "Alpha", "2019"), time="2019"),
    ]
    new = [
        claim("a", "RIVAL_OF", "b", source(3, "Beta", "2022"), time="2022"),  # ends the alliance, new pair/type
        claim("c", "SUPPORTS", "d", source(4, "Beta", "2023"), time="2023"),
        claim("c", "SUPPORTS", "d", source(5, "Gamma", "2022"), negated=True, time="2022"),
    ]  # overlaps
    found = {(ch.kind, ch.relationship.key if ch.relationship else None) for ch in changes(old + new, "2021")}
    assert found == {
        ("new", ("a", "RIVAL_OF", "b")),
        ("ended", ("a", "ALLY_OF", "b")),
        ("status", ("c", "SUPPORTS", "d")),
        ("contradiction", None),
    }
    listed = changes(old + new, "2021")
    assert [ch.kind for ch in listed] == ["new", "status", "ended", "contradiction", "contradiction"]
    by_kind = {ch.kind: ch for ch in listed}
    assert by_kind["status"].summary == "c supports d: asserted → contested"
    assert [c.id for c in by_kind["new"].claims] == [new[0].id]
    readings = {(ch.conflict.kind, ch.conflict.reading) for ch in listed if ch.conflict}
    assert readings == {("contrary", "change"), ("negation", "dispute")}


def test_watchlist_by_ingestion_date_ignores_claim_dates():
    early = claim("a", "SUPPORTS", "b", source(1, "Alpha", "2023"))
    late = claim("e", "SUPPORTS", "f", source(2, "Beta", "2001"))  # an old story ingested this week
    found = changes([early, late], "2024-06-01", ingested={1: "2024-01-01", 2: "2024-06-03"})
    assert [(ch.kind, ch.relationship.key) for ch in found] == [("new", ("e", "SUPPORTS", "f"))]
    assert changes([early], "2024-06-01", ingested={1: "2024-01-01"}) == []
