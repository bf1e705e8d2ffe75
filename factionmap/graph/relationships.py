"""Relationships: what many claims about one actor pair and relation type add up to.

Claims are the stored truth; a :class:`Relationship` is an aggregation of them, recomputed on demand
(followthemoney's "relations are not edges"). :func:`aggregate` is the one place that turns claims into
relationships, so the CLI, the exports, the contradictions and the network views all agree.

How a relationship's numbers are made (details in :func:`aggregate`):

* **Independent sources** are outlets, not articles: syndicated and near-duplicate copies share a
  ``source.cluster_id`` and count once, as the outlet of the cluster's first document.
* **Confidence** is a noisy-OR over outlets of each outlet's strongest claim, where a claim's weight is
  its extraction confidence discounted for hedging, for attribution (more for a partisan speaker) and by
  the outlet's reliability; an analyst-accepted claim weighs 1. Denials in force scale it down.
* **Validity**: explicit claim times start it; a later dated denial or a later dated contrary relation
  (a split after an affiliation, hostilities after an alliance) ends it. Only times a claim's own
  sentence states (``StoredClaim.stated_time``) take part: an article's date says when a claim was
  reported, not when the relation held, so it never bounds, orders or ends anything here.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from factionmap import deadline
from factionmap.isodates import earlier
from factionmap.model import ReviewVerdict, Status, StoredClaim, claim_order
from factionmap.vocab import load_vocab

# --- named constants -------------------------------------------------------------------------------
# None of these is fitted to a gold set (there is no gold for relationship confidence yet); they were
# set by hand on the five seed articles' store so that one plain, unhedged, own-voice claim from one
# outlet keeps its extraction confidence, and the discounts order cases the way analysts rank them:
# own voice > third-party source > party to the relation; asserted > hedged.
HEDGED_FACTOR = 0.6  # "reportedly", "may": worth a bit more than half a plain statement
ATTRIBUTED_FACTOR = 0.85  # credited to a named third party ("a UN report", "an official")
PARTISAN_FACTOR = 0.6  # credited to one of the two parties or its people ("a Taliban spokesman")
DEFAULT_RELIABILITY = 1.0  # an outlet missing from the reliability mapping: no opinion either way
ACCEPTED_WEIGHT = 1.0  # an analyst-accepted claim is confirmed: full weight, no discounts
MAX_UNREVIEWED = 0.95  # however many outlets agree, only an analyst's acceptance reaches certainty
CHECK_EVERY = 512  # relationships made between two looks at the request's deadline (factionmap.deadline)
D = TypeVar("D")  # a denial: a claim, or a group of them (graph.summary)


STATUSES = tuple(Status)

# Relations that cannot both hold for the same pair at the same time: a later dated one ends the other
# (used for ``valid_to`` here and for conflicts in contradictions.py). Order within a tuple: the relation
# that usually comes first in a group's life, then the one that replaces it (vocab.yaml's ``contrary``).
CONTRARY: tuple[tuple[str, str], ...] = load_vocab().contrary_pairs


@dataclass(frozen=True, slots=True)
class Relationship:
    """One edge of the map: an ordered (head, type, tail), for a symmetric type head <= tail by id."""

    head: str
    type: str
    tail: str
    # every claim behind it, negated ones included, oldest first; empty when read from the store's maintained
    # table (graph.maintained.stored), where ``claim_count`` still counts them
    claims: tuple[StoredClaim, ...]
    asserted: int  # claims stating it
    negated: int  # claims denying it ("X has no ties to Y")
    independent_sources: int  # distinct outlets after near-duplicate clustering
    first_time: str | None  # earliest stated time of an asserting claim (ISO, as precise as known)
    last_time: str | None  # latest stated time of an asserting claim
    valid_from: str | None  # where the evidence bounds it: a dated start ("since 2016", a pledge date)
    valid_to: str | None  # a dated end (a later split, a dated negation, an explicit "until")
    share_hedged: float  # of the asserting claims
    confidence: float  # 0..1: corroboration, hedging, attribution, per-source reliability
    status: Status
    # The parts of ``confidence``, and when it was reported (defaults: a relationship built by hand)
    support: float = 0.0  # 0..1 strength of the asserting evidence alone (noisy-OR over outlets)
    denial: float = 0.0  # 0..1 strength of the denials in force (undated or overlapping the assertions)
    accepted: int = 0  # asserting claims an analyst accepted
    # When it was reported: the earliest and latest article dates of the asserting claims. Shown as
    # such ("reported 2016-10 to 2024-03") where no claim states a time; never a bound.
    first_reported: str | None = None
    last_reported: str | None = None

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.head, self.type, self.tail)

    @property
    def id(self) -> str:
        """The relationship's one id wherever it is given out: ``"head|type|tail"`` (the API, ``--json``,
        every export; STIX and FollowTheMoney derive their own ids from it)."""
        return "|".join(self.key)

    @property
    def claim_count(self) -> int:
        """Claims behind it (``claims`` is empty when it was read from the store's table)."""
        return self.asserted + self.negated

    @property
    def pair(self) -> tuple[str, str]:
        """The two actors, ordered by id (for grouping relationships of either direction)."""
        return (self.head, self.tail) if self.head <= self.tail else (self.tail, self.head)

    @property
    def asserting(self) -> tuple[StoredClaim, ...]:
        return tuple(c for c in self.claims if not c.negated)

    @property
    def denying(self) -> tuple[StoredClaim, ...]:
        return tuple(c for c in self.claims if c.negated)


# --- dates -----------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DateBounds:
    """The earliest and the latest date at each precision (year, month, day...) among some dates.

    Enough to answer "is every one of them before X?" under :func:`earlier`'s partial order in one
    comparison per precision instead of one per date: for dates of one length the comparison is on a
    fixed-length prefix, and prefixes keep the order of the strings, so the latest date decides. A busy
    pair has thousands of dated claims and these tests run once per claim or per contrary date."""

    low: Mapping[int, str]
    high: Mapping[int, str]

    @classmethod
    def of(cls, dates: Iterable[str | None]) -> DateBounds:
        low: dict[int, str] = {}
        high: dict[int, str] = {}
        for d in dates:
            if not d:
                continue
            n = len(d)
            if n not in low or d < low[n]:
                low[n] = d
            if n not in high or d > high[n]:
                high[n] = d
        return cls(low, high)

    def __bool__(self) -> bool:
        return bool(self.high)

    def all_before(self, date: str | None) -> bool:
        """``all(earlier(d, date) for d in dates)`` (True when there are no dates)."""
        return all(earlier(d, date) for d in self.high.values())

    def all_after(self, date: str | None) -> bool:
        """``all(earlier(date, d) for d in dates)`` (True when there are no dates)."""
        return all(earlier(date, d) for d in self.low.values())

    def precede(self, other: DateBounds) -> bool:
        """Both have dates and every one of these is before every one of ``other``'s."""
        return bool(self) and bool(other) and all(self.all_before(d) for d in other.low.values())


def relation_key(claim: StoredClaim, symmetric: Collection[str] | None = None) -> tuple[str, str, str]:
    """(head, type, tail) with a symmetric type's ends ordered by id."""
    sym = load_vocab().symmetric if symmetric is None else symmetric
    if claim.type in sym and claim.tail < claim.head:
        return (claim.tail, claim.type, claim.head)
    return (claim.head, claim.type, claim.tail)


# --- independent sources ---------------------------------------------------------------------------


def cluster_outlets(claims: Iterable[StoredClaim]) -> dict[int, str]:
    """Near-duplicate cluster -> the outlet it counts as: the outlet of the cluster's first document.

    The store gives every syndicated or near-duplicate copy the cluster id of its first document, so
    ten papers running one wire story count as the wire's outlet, once."""
    first: dict[int, tuple[int, int, str]] = {}
    for c in claims:
        s = c.source
        rank = (0 if s.document_id == s.cluster_id else 1, s.document_id)
        if s.cluster_id not in first or rank < first[s.cluster_id][:2]:
            first[s.cluster_id] = (*rank, s.outlet)
    return {cluster: value[2] for cluster, value in first.items()}


def outlet_of(claim: StoredClaim, outlets: Mapping[int, str]) -> str:
    return outlets.get(claim.source.cluster_id, claim.source.outlet)


# --- per-claim weight ------------------------------------------------------------------------------


@functools.lru_cache(maxsize=65_536)
def _words(text: str) -> frozenset[str]:
    """Cached: speakers and actor names repeat across thousands of claims, and scoring a busy pair asks
    for the words of every name of both actors once per attributed claim."""
    return frozenset(re.findall(r"[a-z0-9]+", text.lower()))


def _id_name(actor_id: str) -> str:
    """A readable name from an id: "new:armed_group:freedom_front" -> "freedom front"."""
    return actor_id.rsplit(":", 1)[-1].replace("_", " ")


def is_partisan(claim: StoredClaim, aliases: Mapping[str, Collection[str]] | None = None) -> bool:
    """True when the claim is credited to one of its own parties: the speaker's words contain a name of
    the head or the tail ("a Taliban spokesman" on a Taliban claim). ``aliases`` maps actor id -> names and
    aliases; without it the id itself is the name."""
    if not claim.attributed_to:
        return False
    return any(
        names_said((aliases or {}).get(actor, ()) or (_id_name(actor),), claim.attributed_to)
        for actor in (claim.head, claim.tail)
    )


def names_said(names: Iterable[str], said: str) -> bool:
    """Whether the speaker's words (``attributed_to``) contain every word of one of ``names``."""
    words_said = _words(said)
    return any((words := _words(name)) and words <= words_said for name in names)


def claim_weight(
    claim: StoredClaim,
    reliability: Mapping[str, float] | None = None,
    outlet: str | None = None,
    aliases: Mapping[str, Collection[str]] | None = None,
) -> float:
    """How much one claim counts, 0..1: extraction confidence x hedging x attribution x outlet reliability;
    an analyst-accepted claim counts :data:`ACCEPTED_WEIGHT`."""
    if claim.review == ReviewVerdict.ACCEPTED:
        return ACCEPTED_WEIGHT
    weight = max(0.0, min(1.0, claim.confidence))
    if claim.hedged:
        weight *= HEDGED_FACTOR
    if claim.attributed_to:
        weight *= PARTISAN_FACTOR if is_partisan(claim, aliases) else ATTRIBUTED_FACTOR
    outlet = outlet if outlet is not None else claim.source.outlet
    return weight * (reliability or {}).get(outlet, DEFAULT_RELIABILITY)


def corroboration(weights_by_outlet: Mapping[str, Iterable[float]]) -> float:
    """Noisy-OR over outlets of each outlet's strongest claim: 1 - prod(1 - max_o).

    Each independent outlet is a separate chance that the relation is real, so a second outlet adds
    less than the first (diminishing returns) and repeating a story in one outlet adds nothing. The
    noisy-OR is the usual baseline for fusing independent extractions (Dong et al., "Knowledge Vault",
    KDD 2014)."""
    miss = 1.0
    for outlet in sorted(weights_by_outlet):  # one order, so a relationship updated outlet by outlet agrees
        miss *= 1.0 - max(weights_by_outlet[outlet], default=0.0)
    return 1.0 - miss


# --- aggregation -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    reliability: Mapping[str, float]
    outlets: Mapping[int, str]
    aliases: Mapping[str, Collection[str]] | None
    contrary_dates: Mapping[tuple[str, str, str], list[str]]


def _strength(claims: Iterable[StoredClaim], ctx: _Context) -> float:
    by_outlet: dict[str, list[float]] = defaultdict(list)
    for c in claims:
        outlet = outlet_of(c, ctx.outlets)
        by_outlet[outlet].append(claim_weight(c, ctx.reliability, outlet, ctx.aliases))
    return corroboration(by_outlet)


def _contrary_dates(claims: list[StoredClaim], symmetric: frozenset[str]) -> dict[tuple[str, str, str], list[str]]:
    """(head, type, tail) -> dates of asserted contrary claims that could end it."""
    return contrary_dates(((c.head, c.type, c.tail, c.stated_time) for c in claims if not c.negated), symmetric)


def contrary_dates(
    dated: Iterable[tuple[str, str, str, str | None]], symmetric: frozenset[str]
) -> dict[tuple[str, str, str], list[str]]:
    """(head, type, tail) -> the dates that could end it, from asserted (head, type, tail, stated time) of
    the contrary relations (graph.maintained gives each relationship's distinct dates, not every claim)."""
    ends: dict[str, list[tuple[str, bool]]] = defaultdict(list)  # a claim's type -> (type it ends, pairwise)
    for first, second in CONTRARY:
        pairwise = first in symmetric or second in symmetric
        ends[second].append((first, pairwise))
        ends[first].append((second, pairwise))
    out: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for head, type_, tail, when in dated:
        if not when or type_ not in ends:
            continue
        for mine, pairwise in ends[type_]:
            if pairwise:
                low, high = (head, tail) if head <= tail else (tail, head)
                out[(low, mine, high)].append(when)
                out[(high, mine, low)].append(when)
            else:
                out[(head, mine, tail)].append(when)
    return out


def split_denials(dates: DateBounds, denying: list[D], time: Callable[[D], str | None]) -> tuple[list[D], list[D]]:
    """Denials that end the relationship (dated after every dated assertion) vs denials in force.

    ``dates``: the asserting claims' stated times; ``time``: a denial's stated time (denials are claims
    here, groups of them in graph.summary). Denials stated before every dated assertion (it began later)
    are neither; a denial with no stated time is in force."""
    if not dates:
        return [], denying
    ending, in_force = [], []
    for c in denying:
        when = time(c)
        if dates.all_before(when):
            ending.append(c)
        elif not dates.all_after(when):
            in_force.append(c)
    return ending, in_force


def status_of(asserting: bool, in_force: bool, accepted_yes: bool, accepted_no: bool) -> Status:
    """asserted / denied / contested; an analyst's acceptance on one side only settles a dispute.

    ``asserting`` / ``in_force``: whether any claim asserts it / any denial is in force; ``accepted_*``:
    whether an analyst accepted one of the asserting claims / one of the denials in force."""
    if not asserting:
        return Status.DENIED
    if not in_force:
        return Status.ASSERTED
    if accepted_yes != accepted_no:
        return Status.ASSERTED if accepted_yes else Status.DENIED
    return Status.CONTESTED


def confidence_of(status: Status, support: float, denial: float) -> float:
    """The belief that the relation holds or held, from its status and the two strengths (unrounded)."""
    return {Status.ASSERTED: support, Status.CONTESTED: support * (1.0 - denial), Status.DENIED: 0.0}[status]


def end_of(
    key: tuple[str, str, str],
    dates: DateBounds,
    ending: Iterable[str | None],
    contrary: Mapping[tuple[str, str, str], Iterable[str]],
) -> str | None:
    """The earliest stated time, after every dated assertion (``dates``), of an ending denial (``ending``: their
    stated times) or of a contrary relation on the pair (``contrary``: :func:`contrary_dates`); None when
    nothing ends it."""
    if not dates:
        return None
    enders = [when for when in ending if when]
    enders += [d for d in set(contrary.get(key, ())) if dates.all_before(d)]
    return min(enders) if enders else None


def _stated(claim: StoredClaim) -> str | None:
    return claim.stated_time


def _relationship(key: tuple[str, str, str], claims: list[StoredClaim], ctx: _Context) -> Relationship:
    claims.sort(key=claim_order)
    asserting = [c for c in claims if not c.negated]
    denying = [c for c in claims if c.negated]
    dates = [c.stated_time for c in asserting if c.stated_time]
    bounds = DateBounds.of(dates)
    reported = [c.source.article_date for c in asserting if c.source.article_date]
    ending, in_force = split_denials(bounds, denying, _stated)
    accepted = any(c.review == ReviewVerdict.ACCEPTED for c in asserting)
    refused = any(c.review == ReviewVerdict.ACCEPTED for c in in_force)
    status = status_of(bool(asserting), bool(in_force), accepted, refused)
    support = 1.0 if accepted else min(_strength(asserting, ctx), MAX_UNREVIEWED)
    denial = _strength(in_force, ctx)
    confidence = confidence_of(status, support, denial)
    counted = asserting or denying
    return Relationship(
        head=key[0],
        type=key[1],
        tail=key[2],
        claims=tuple(claims),
        asserted=len(asserting),
        negated=len(denying),
        independent_sources=len({outlet_of(c, ctx.outlets) for c in counted}),
        first_time=min(dates) if dates else None,
        last_time=max(dates) if dates else None,
        valid_from=min(dates, default=None),
        valid_to=end_of(key, bounds, (c.stated_time for c in ending), ctx.contrary_dates),
        share_hedged=sum(c.hedged for c in asserting) / len(asserting) if asserting else 0.0,
        confidence=round(confidence, 4),
        status=status,
        support=round(support, 4),
        denial=round(denial, 4),
        accepted=sum(c.review == ReviewVerdict.ACCEPTED for c in asserting),
        first_reported=min(reported, default=None),
        last_reported=max(reported, default=None),
    )


def aggregate(
    claims: Iterable[StoredClaim],
    reliability: Mapping[str, float] | None = None,
    *,
    aliases: Mapping[str, Collection[str]] | None = None,
    outlets: Mapping[int, str] | None = None,
) -> list[Relationship]:
    """Group claims by (head, type, tail) and sum each group up; sorted by confidence, then key.

    * Grouping: a symmetric type's ends are ordered by id; rejected claims (``review == "rejected"``)
      are dropped in case the caller asked the store for them.
    * ``independent_sources``: distinct outlets (see :func:`cluster_outlets`) among the asserting claims,
      or among the denying ones for a relationship that is only denied.
    * ``first_time`` / ``last_time``: the asserting claims' stated times (``StoredClaim.stated_time``);
      ``first_reported`` / ``last_reported``: their articles' dates (when it was reported).
    * Validity, from stated times only (an article's date only says when a claim was reported, not
      when the relation began or ended): ``valid_from`` is the earliest stated time of an assertion
      (the earliest the news places it), None when none is stated. ``valid_to`` is the earliest stated
      time, strictly after every dated assertion, of a denial or of a contrary relation on the pair
      (:data:`CONTRARY`).
    * Status: denials stated strictly after (they end it) or strictly before (it began later) every dated
      assertion do not contest it. Others (undated ones too) are in force: with assertions the relationship is
      ``contested``, unless an analyst accepted claims on one side only, which settles it. No assertion:
      ``denied``.
    * Confidence (0..1, the belief that the relation holds or held): ``support`` = noisy-OR over outlets
      of :func:`claim_weight` (:func:`corroboration`), capped at :data:`MAX_UNREVIEWED` unless an analyst
      accepted an asserting claim (then 1). Contested: ``support x (1 - denial)`` with ``denial`` the
      same measure over the denials in force. Denied: 0.
    * ``reliability`` maps an outlet (``Source.outlet``: lower-case publisher or host) to a weight in
      0..1; a missing outlet weighs :data:`DEFAULT_RELIABILITY` (see reliability.py to load a file).
    * ``aliases`` (actor id -> names and aliases) lets :func:`is_partisan` recognise a party as the speaker.
    * ``outlets``: a :func:`cluster_outlets` map made from a larger set of claims, for aggregating a subset
      exactly as it would be aggregated within the whole (by default it is made from ``claims``).
    """
    kept = [c for c in claims if c.review != ReviewVerdict.REJECTED]
    symmetric = load_vocab().symmetric
    outlets = cluster_outlets(kept) if outlets is None else outlets
    ctx = _Context(reliability or {}, outlets, aliases, _contrary_dates(kept, symmetric))
    groups: dict[tuple[str, str, str], list[StoredClaim]] = defaultdict(list)
    for c in kept:
        groups[relation_key(c, symmetric)].append(c)
    out = []
    for i, (key, group) in enumerate(groups.items()):
        if i % CHECK_EVERY == 0:
            deadline.check()
        out.append(_relationship(key, group, ctx))
    out.sort(key=lambda r: (-r.confidence, r.key))
    return out
