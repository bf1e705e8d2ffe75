"""News relationships against reference relations: agrees, adds, contradicts, reference only; stated times only."""

from __future__ import annotations

import itertools

from factionmap.graph.reference_compare import compare, contradictions, fresh_relationships, summary_line
from factionmap.graph.relationships import aggregate
from factionmap.model import Claim, ReferenceRelation, Source, StoredClaim

_ids = itertools.count(1)
NAMES = {"hurras": "Hurras al-Din", "aq": "al-Qaeda", "north": "North Front", "east": "East Brigade"}


def claim(
    head: str,
    type_: str,
    tail: str,
    *,
    time: str | None = None,
    publisher: str = "daily",
    published: str | None = "2024-01",
    negated: bool = False,
) -> StoredClaim:
    n = next(_ids)
    src = Source(n, f"doc{n}", f"title {n}", None, publisher, published, None, n)
    return StoredClaim(
        f"c{n}", Claim(head, type_, tail, negated, False, None, time, f"evidence {n}", 0, 10, 0.8, "rule"), src
    )


def ref(
    head: str, type_: str, tail: str, start: str | None = None, end: str | None = None, source: str = "mmp_rel:1"
) -> ReferenceRelation:
    return ReferenceRelation(head, type_, tail, start, end, source, "")


def only(claims, refs):
    found = [c for c in compare(aggregate(claims), refs, NAMES) if c.relationship is not None]
    assert len(found) == 1, found
    return found[0]


def test_news_affiliate_stated_after_a_reference_split_contradicts():
    news = [claim("hurras", "AFFILIATE_OF", "aq", time="2019", publisher=p) for p in ("daily", "wire", "daily")]
    item = only(news, [ref("hurras", "SPLINTER_OF", "aq", start="2017")])
    assert (item.kind, item.basis) == ("contradicts", "contrary")
    assert item.text.startswith("News: Hurras al-Din is an affiliate of al-Qaeda (3 claims, 2 outlets, 2019)")
    assert "reference (MMP) says Hurras al-Din split from al-Qaeda since 2017" in item.text


def test_news_affiliate_stated_before_a_reference_split_is_history_not_contradiction():
    item = only(
        [claim("hurras", "AFFILIATE_OF", "aq", time="2015")], [ref("hurras", "SPLINTER_OF", "aq", start="2017")]
    )
    assert (item.kind, item.basis) == ("agrees", "history")


def test_article_date_never_places_an_undated_claim_before_a_split():
    # reported in 2015, but no sentence dates it: it cannot be placed before the 2017 split
    item = only(
        [claim("hurras", "AFFILIATE_OF", "aq", published="2015-03")], [ref("hurras", "SPLINTER_OF", "aq", start="2017")]
    )
    assert (item.kind, item.basis) == ("contradicts", "undated")
    assert "no stated date" in item.text


def test_same_relation_agrees_and_a_stated_time_after_the_reference_end_contradicts():
    reference = [ref("north", "ALLY_OF", "east", start="2009", end="2012")]
    assert only([claim("north", "ALLY_OF", "east", time="2011")], reference).kind == "agrees"
    assert only([claim("north", "ALLY_OF", "east")], reference).kind == "agrees"  # undated: consistent
    late = only([claim("north", "ALLY_OF", "east", time="2020")], reference)
    assert (late.kind, late.basis) == ("contradicts", "after_end")
    assert "2009–2012" in late.text


def test_symmetric_type_agrees_in_either_direction_and_a_directed_one_does_not():
    sym = only([claim("north", "ALLY_OF", "east")], [ref("north", "ALLY_OF", "east", source="ucdp:1")])
    assert (sym.kind, sym.basis) == ("agrees", "symmetric")  # the news relationship is keyed east <= north
    directed = compare(aggregate([claim("north", "SUPPORTS", "east")]), [ref("east", "SUPPORTS", "north")], NAMES)
    assert [c.kind for c in directed] == ["adds", "reference_only"]


def test_contrary_symmetric_and_directed_types_compare_either_way():
    item = only([claim("east", "ATTACKS", "north", time="2014")], [ref("north", "ALLY_OF", "east", start="2013")])
    assert item.kind == "contradicts"
    before = only([claim("east", "ATTACKS", "north", time="2010")], [ref("north", "ALLY_OF", "east", start="2013")])
    assert before.kind == "adds"  # fighting before the alliance: no conflict, and no reference of fighting


def test_news_the_reference_lacks_adds_and_unmatched_reference_is_listed():
    found = compare(
        aggregate([claim("north", "PRAISES", "east")]),
        [ref("north", "RIVAL_OF", "east", start="2016", source="ucdp:9")],
        NAMES,
    )
    assert [(c.kind, c.basis) for c in found] == [("adds", "none"), ("reference_only", "unmatched")]
    assert found[1].relationship is None and found[1].reference[0].type == "RIVAL_OF"
    assert found[1].text == (
        "Reference only: North Front is a rival of East Brigade since 2016 (UCDP); no news claim speaks to it."
    )
    assert summary_line(found) == "News vs reference: 1 adds to it, 1 only in the reference."


def test_a_news_denial_of_what_the_reference_records_contradicts_unless_dated_after_its_end():
    denied = only([claim("hurras", "AFFILIATE_OF", "aq", negated=True)], [ref("hurras", "AFFILIATE_OF", "aq")])
    assert (denied.kind, denied.basis) == ("contradicts", "denied")
    later = only(
        [claim("hurras", "AFFILIATE_OF", "aq", negated=True, time="2018")],
        [ref("hurras", "AFFILIATE_OF", "aq", end="2016")],
    )
    assert later.kind == "agrees"


def test_undated_split_after_an_ended_reference_affiliation_is_consistent():
    item = only([claim("hurras", "SPLINTER_OF", "aq")], [ref("hurras", "AFFILIATE_OF", "aq", "2012", "2016")])
    assert item.kind == "adds"


def test_contradictions_among_fresh_relationships_only():
    old = claim("hurras", "AFFILIATE_OF", "aq", time="2019")
    new = claim("north", "ALLY_OF", "east", time="2021")
    rels = fresh_relationships([old, new], {new.id})
    assert [r.type for r in rels] == ["ALLY_OF"]
    refs = [ref("hurras", "SPLINTER_OF", "aq", start="2017"), ref("north", "RIVAL_OF", "east", start="2020")]
    found = contradictions(rels, refs, NAMES)
    assert [(c.relationship.type, c.reference[0].type) for c in found] == [("ALLY_OF", "RIVAL_OF")]
    assert contradictions(aggregate([old, new]), refs, NAMES)[0].relationship.type in {"AFFILIATE_OF", "ALLY_OF"}
