"""What a stored relationship keeps of its claims so that new claims can be added to it without reading them.

A relationship is a function of all its claims (graph.relationships.aggregate). Re-reading a busy pair's
thousands of claims for every new article made ingest quadratic (bench/store_ingest.py: 80 -> 4 documents/s
on SQLite at 1,000 documents). Adding a new article's claims needs only:

* per outlet (after near-duplicate clustering): how many claims assert, and the strongest asserting claim's
  weight (the noisy-OR takes each outlet's strongest; relationships.corroboration);
* the distinct stated times of the asserting claims (first/last time, validity, which denials are in force,
  and the dates with which the pair's contrary relations end one another: relationships.contrary_dates);
* how many asserting claims are hedged;
* the denials grouped by outlet and stated time, with each group's strongest weight and acceptances: a new
  dated assertion can put a denial out of force or back in, and that depends on its time alone.

A :class:`Summary` holds exactly that and travels with the row as JSON (``relationships.evidence``); it is
bounded by the outlets and distinct dates of a relationship, not by its claims. Writes other than new
articles (re-extraction, verdicts, merges) and pairs where a new name makes a speaker partisan are
recomputed from their claims instead (graph.maintained). Both ways give the same row;
tests/graph/test_maintained.py checks it after random sequences of writes.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from factionmap.graph.relationships import (
    MAX_UNREVIEWED,
    DateBounds,
    Relationship,
    claim_weight,
    confidence_of,
    corroboration,
    end_of,
    outlet_of,
    split_denials,
    status_of,
)
from factionmap.model import ReviewVerdict, StoredClaim

Key = tuple[str, str, str]


@dataclass(slots=True)
class OutletTally:
    """One outlet's asserting claims: how many, and the strongest one's weight."""

    asserting: int = 0
    strongest: float = 0.0  # the strongest asserting claim's weight (0 without one)


@dataclass(slots=True)
class DenialGroup:
    """The denials of one outlet stated at one time (or undated): which denials are in force depends only
    on their stated time, and the denial strength only on each outlet's strongest denial in force."""

    outlet: str
    time: str | None
    count: int = 0
    strongest: float = 0.0
    accepted: int = 0  # denials an analyst accepted


@dataclass(slots=True)
class Summary:
    """What :func:`fields` needs of a relationship's claims (see the module docstring)."""

    outlets: dict[str, OutletTally] = field(default_factory=dict)  # of the asserting claims
    dates: set[str] = field(default_factory=set)  # distinct stated times of the asserting claims
    hedged: int = 0  # asserting claims hedged
    denials: dict[tuple[str, str | None], DenialGroup] = field(default_factory=dict)

    def add(self, claim: StoredClaim, outlet: str, weight: float) -> None:
        """Count one claim (``outlet``: its cluster's outlet; ``weight``: relationships.claim_weight)."""
        if claim.negated:
            when = claim.stated_time
            group = self.denials.setdefault((outlet, when), DenialGroup(outlet, when))
            group.count += 1
            group.strongest = max(group.strongest, weight)
            group.accepted += claim.review == ReviewVerdict.ACCEPTED
            return
        tally = self.outlets.setdefault(outlet, OutletTally())
        tally.asserting += 1
        tally.strongest = max(tally.strongest, weight)
        self.hedged += claim.hedged
        if claim.stated_time:
            self.dates.add(claim.stated_time)

    def to_json(self) -> str:
        return json.dumps(
            {
                "o": {o: [x.asserting, x.strongest] for o, x in sorted(self.outlets.items())},
                "d": sorted(self.dates),
                "h": self.hedged,
                "n": [[g.outlet, g.time, g.count, g.strongest, g.accepted] for g in self.denial_groups],
            },
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, text: str) -> Summary:
        data = json.loads(text)
        groups = [DenialGroup(o, w, int(n), float(x), int(a)) for o, w, n, x, a in data["n"]]
        return cls(
            {o: OutletTally(int(a), float(w)) for o, (a, w) in data["o"].items()},
            set(data["d"]),
            int(data["h"]),
            {(g.outlet, g.time): g for g in groups},
        )

    @property
    def denial_groups(self) -> list[DenialGroup]:
        return sorted(self.denials.values(), key=lambda g: (g.outlet, g.time or ""))


def summarise(rel: Relationship, outlets: Mapping[int, str], aliases: Mapping[str, Collection[str]] | None) -> Summary:
    """The summary of an aggregated relationship, weighing its claims as aggregate did (default reliability)."""
    found = Summary()
    for c in rel.claims:
        outlet = outlet_of(c, outlets)
        found.add(c, outlet, claim_weight(c, None, outlet, aliases))
    return found


def fields(
    key: Key,
    summary: Summary,
    contrary: Mapping[Key, Iterable[str]],
    *,
    accepted: int,
    reported: tuple[str | None, str | None],
) -> dict[str, object]:
    """The row's numbers, as relationships._relationship makes them from the claims.

    ``contrary``: the pair's contrary dates (relationships.contrary_dates); ``accepted``: asserting claims an
    analyst accepted; ``reported``: the asserting claims' earliest and latest article dates."""
    asserted = sum(x.asserting for x in summary.outlets.values())
    negated = sum(g.count for g in summary.denials.values())
    dates = sorted(summary.dates)
    bounds = DateBounds.of(dates)
    ending, in_force = split_denials(bounds, summary.denial_groups, lambda g: g.time)
    status = status_of(bool(asserted), bool(in_force), accepted > 0, any(g.accepted for g in in_force))
    strongest = {o: [x.strongest] for o, x in summary.outlets.items()}
    support = 1.0 if accepted else min(corroboration(strongest), MAX_UNREVIEWED)
    refuting: dict[str, list[float]] = {}
    for g in in_force:
        refuting.setdefault(g.outlet, []).append(g.strongest)
    denial = corroboration(refuting)
    counted = summary.outlets if asserted else {g.outlet for g in summary.denials.values()}
    return {
        "claim_count": asserted + negated,
        "asserted": asserted,
        "negated": negated,
        "independent_sources": len(counted),
        "first_time": dates[0] if dates else None,
        "last_time": dates[-1] if dates else None,
        "valid_from": dates[0] if dates else None,
        "valid_to": end_of(key, bounds, (g.time for g in ending), contrary),
        "first_reported": reported[0],
        "last_reported": reported[1],
        "share_hedged": summary.hedged / asserted if asserted else 0.0,
        "confidence": round(confidence_of(status, support, denial), 4),
        "status": str(status),
        "support": round(support, 4),
        "denial": round(denial, 4),
        "accepted": accepted,
    }


def unjudged(claims: Iterable[StoredClaim]) -> bool:
    """Whether new claims can be added by summary: none carries an analyst's verdict yet (an acceptance
    changes a relationship's status in ways the row alone does not record)."""
    return all(c.review is None for c in claims)


def widen(span: tuple[str | None, str | None], dates: Iterable[str | None]) -> tuple[str | None, str | None]:
    """(earliest, latest) of a span and more dates (None: unknown, ignored)."""
    known = [d for d in (*span, *dates) if d]
    return (min(known), max(known)) if known else (None, None)
