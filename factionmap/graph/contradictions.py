"""Contradictions and change: claims on one pair that cannot all hold at once, and what is new.

Two readings of a conflict, decided by the dates (:func:`conflicts`):

* a **change** when one side's evidence ends before the other's begins ("affiliate of al-Qaeda until
  2016, split from al-Qaeda since 2016, per ..."): the pair's relation moved on;
* a **dispute** when they overlap or cannot be ordered ("X says allied, Y says rivals").

:func:`changes` is the analyst's watchlist: what is new or different since a date.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from factionmap import deadline
from factionmap.graph.relationships import (
    CONTRARY,
    DateBounds,
    Relationship,
    aggregate,
    cluster_outlets,
    relation_key,
)
from factionmap.isodates import earlier, undated_last
from factionmap.model import ReviewVerdict, StoredClaim, claim_order
from factionmap.vocab import load_vocab

# Short phrases for narratives come from vocab.yaml's ``phrases``. A split ends an affiliation or a pledge by
# definition (vocab.yaml's ``contrary``: ended_by/ends): a claim of the first kind that the text does not
# date is read as describing the time before a dated split (see :func:`_order_sides`).
MAX_CITED = 2  # sources named per side in a narrative; the rest are counted
CHANGE_KINDS = ("new", "status", "ended", "contradiction")


@dataclass(frozen=True, slots=True)
class Side:
    """One side of a conflict: the claims stating one relation (or its denial) on the pair, oldest first.

    For an ALLY_OF-vs-ATTACKS conflict the ATTACKS side holds both directions (``head`` <= ``tail``)."""

    head: str
    type: str
    tail: str
    negated: bool
    claims: tuple[StoredClaim, ...]
    # Worked out once from the claims (the ordering and the narrative ask for them repeatedly). Only
    # stated times order a change; an article's date only says when a side was reported.
    times: list[str] = field(init=False, repr=False, compare=False)  # stated claim times
    first: str | None = field(init=False, repr=False, compare=False)  # earliest stated time
    last: str | None = field(init=False, repr=False, compare=False)  # latest stated time
    first_reported: str | None = field(init=False, repr=False, compare=False)  # earliest article date

    def __post_init__(self) -> None:
        times = [c.stated_time for c in self.claims if c.stated_time]
        object.__setattr__(self, "times", times)
        object.__setattr__(self, "first", min(times, default=None))
        object.__setattr__(self, "last", max(times, default=None))
        reported = [c.source.article_date for c in self.claims if c.source.article_date]
        object.__setattr__(self, "first_reported", min(reported, default=None))

    @property
    def key(self) -> tuple[str, str, str, bool]:
        return (self.head, self.type, self.tail, self.negated)


@dataclass(frozen=True, slots=True)
class Conflict:
    """Claims on one pair that cannot all hold at the same time, both sides ordered in time."""

    a: str  # the pair, a <= b by id
    b: str
    kind: str  # "contrary" (ALLY_OF vs RIVAL_OF, ...) or "negation" (asserted vs denied, same type)
    earlier: Side  # the side whose evidence comes first (for a dispute: the earlier first date)
    later: Side
    reading: str  # "change" or "dispute"
    changed_at: str | None  # for a change: when the later side begins
    narrative: str

    @property
    def key(self) -> tuple[str, str, frozenset]:
        """Identity of the conflict regardless of its reading (for spotting new ones)."""
        return (self.a, self.b, frozenset((self.earlier.key, self.later.key)))


@dataclass(frozen=True, slots=True)
class Change:
    """One line of the watchlist."""

    kind: str  # "new" (pair/type not seen before), "status", "ended" (a valid_to appeared), "contradiction"
    relationship: Relationship | None  # as it stands now (None for a contradiction)
    before: Relationship | None  # as it stood before ``since`` (None when new)
    conflict: Conflict | None
    claims: tuple[StoredClaim, ...]  # the new claims behind the change
    summary: str  # one line for the watchlist, without the kind (callers print the kind beside it)


# --- wording ---------------------------------------------------------------------------------------


def _name(actor: str, names: Mapping[str, str] | None) -> str:
    return (names or {}).get(actor, actor)


def cite(claim: StoredClaim) -> str:
    """Who says so: the credited speaker with the outlet, or the outlet itself."""
    outlet = claim.source.cited_as
    return f"{claim.attributed_to} ({outlet})" if claim.attributed_to else outlet


def _who(side: Side) -> tuple[str, bool]:
    """The side's sources for a sentence, and whether there are several."""
    seen = list(dict.fromkeys(cite(c) for c in side.claims))
    named = seen[:MAX_CITED]
    text = " and ".join(named)
    if len(seen) > MAX_CITED:
        text = f"{', '.join(named)} and {len(seen) - MAX_CITED} more"
    return text, len(seen) > 1


def _phrase(side: Side, names: Mapping[str, str] | None, pairwise: bool) -> str:
    if pairwise:
        text = load_vocab().pair_phrase(side.type)
    else:
        verb = load_vocab().directed_phrase(side.type)
        text = f"{verb} {_name(side.tail, names)}"
    return f"not {text}" if side.negated else text


def _narrative(first: Side, second: Side, reading: str, at: str | None, names: Mapping[str, str] | None) -> str:
    sym = load_vocab().symmetric
    pairwise = first.type in sym or second.type in sym or first.head != second.head
    subject = (
        f"{_name(min(first.head, first.tail), names)} and {_name(max(first.head, first.tail), names)}"
        if pairwise
        else _name(first.head, names)
    )
    one, two = _phrase(first, names, pairwise), _phrase(second, names, pairwise)
    if reading == "dispute":
        (who1, many1), (who2, many2) = _who(first), _who(second)
        return f"{subject}: {who1} {'say' if many1 else 'says'} {one}; {who2} {'say' if many2 else 'says'} {two}"
    if at and (first.type, second.type) in load_vocab().lifecycle:  # a dated split ends the affiliation it follows
        return f"{subject}: {one} until {at} (per {_who(first)[0]}), {two} since {at} (per {_who(second)[0]})"
    # Otherwise only what each side's sentences date: "allied in 2014, fighting in 2018" does not say
    # when the alliance ended.
    return (
        f"{subject}: {one} as of {first.last} (per {_who(first)[0]}), "
        f"{two} as of {second.first} (per {_who(second)[0]})"
    )


# --- ordering --------------------------------------------------------------------------------------


def _separated(x: Side, y: Side) -> bool:
    """Every stated time of x strictly before every stated time of y (claims stating none do not block)."""
    return DateBounds.of(x.times).precede(DateBounds.of(y.times))


def _order_sides(x: Side, y: Side) -> tuple[Side, Side, str, str | None]:
    """(earlier, later, reading, changed_at).

    1. Lifecycle (an affiliation or a pledge, then a split): a split the text dates at T, against an
       affiliation whose explicit times (if any) are all before T, is a change at T. An affiliation
       claim dated only by its article is read as describing the time before the split: an article
       of 2023 calling a group "an affiliate" beside one saying it split in 2016 tells a history.
    2. Change when one side's stated times all precede the other's; it happens when the later side
       begins (its earliest stated time). Articles' dates never make a change: an article of 2016 and
       one of 2024 disagreeing about an undated relation are a dispute, not a history.
    3. Otherwise a dispute, the side stated or else reported first coming first (undated last)."""
    lifecycle = load_vocab().lifecycle
    for a, b in ((x, y), (y, x)):
        if (a.type, b.type) in lifecycle and not a.negated and b.times:
            at = min(b.times)
            if all(earlier(t, at) for t in a.times):
                return a, b, "change", at
    for a, b in ((x, y), (y, x)):
        if _separated(a, b):
            return a, b, "change", b.first
    a, b = sorted((x, y), key=lambda s: (undated_last(s.first or s.first_reported), s.type, s.negated))
    return a, b, "dispute", None


# --- conflicts -------------------------------------------------------------------------------------


def _sides(claims: Iterable[StoredClaim]) -> dict[tuple[str, str, str, bool], list[StoredClaim]]:
    sym = load_vocab().symmetric
    out: dict[tuple[str, str, str, bool], list[StoredClaim]] = defaultdict(list)
    for c in claims:
        if c.review != ReviewVerdict.REJECTED:
            out[(*relation_key(c, sym), c.negated)].append(c)
    return out


def _side(key: tuple[str, str, str, bool], claims: Iterable[StoredClaim]) -> Side:
    return Side(key[0], key[1], key[2], key[3], tuple(sorted(claims, key=claim_order)))


def _pair_side(groups: Mapping, a: str, b: str, type_: str, pairwise: bool) -> Side | None:
    """The asserted claims of ``type_`` on the pair (both directions when ``pairwise``)."""
    keys = [(a, type_, b, False)] + ([(b, type_, a, False)] if pairwise and a != b else [])
    found = [c for k in keys for c in groups.get(k, ())]
    return _side((a, type_, b, False), found) if found else None


def _conflict(x: Side, y: Side, kind: str, names: Mapping[str, str] | None) -> Conflict:
    first, second, reading, at = _order_sides(x, y)
    a, b = sorted((x.head, x.tail))
    return Conflict(a, b, kind, first, second, reading, at, _narrative(first, second, reading, at, names))


def conflicts(claims: Iterable[StoredClaim], *, names: Mapping[str, str] | None = None) -> list[Conflict]:
    """Every conflict among the claims: contrary relations (:data:`CONTRARY`) and a relation asserted and
    denied, each ordered in time and narrated (``names``: actor id -> display name).

    A symmetric type (ALLY_OF) against a directed one (ATTACKS) compares the pair in either direction;
    two directed types (AFFILIATE_OF vs SPLINTER_OF) must point the same way. Rejected claims are left out.
    """
    groups = _sides(claims)
    sym = load_vocab().symmetric
    out: list[Conflict] = []
    deadline.check()
    for (h, t, tl, neg), group in groups.items():
        if not neg and (h, t, tl, True) in groups:
            out.append(
                _conflict(
                    _side((h, t, tl, False), group),
                    _side((h, t, tl, True), groups[(h, t, tl, True)]),
                    "negation",
                    names,
                )
            )
    for first, second in CONTRARY:
        pairwise = first in sym or second in sym
        pairs = {
            tuple(sorted((h, tl))) if pairwise else (h, tl) for (h, t, tl, neg) in groups if t == first and not neg
        }
        deadline.check()
        for a, b in sorted(pairs):
            x, y = _pair_side(groups, a, b, first, pairwise), _pair_side(groups, a, b, second, pairwise)
            if x and y:
                out.append(_conflict(x, y, "contrary", names))
    out.sort(key=lambda c: (c.a, c.b, undated_last(c.earlier.first), c.earlier.type))
    return out


# --- the watchlist ---------------------------------------------------------------------------------


def is_new(claim: StoredClaim, since: str, ingested: Mapping[int, str] | None = None) -> bool:
    """Whether a claim arrived on or after ``since`` (ISO date, as precise as wanted).

    With ``ingested`` (document id -> ISO ingestion date/time, from the store's ``documents.ingested_at``)
    the document's ingestion date decides: "what reached the map since Monday". Without it the claim's
    own stated time decides: "what the news says happened since". A claim whose sentence states no
    time is then never new: the date of the article reporting it says nothing of when it happened (a
    leader dead since 2021, recalled in an article of 2024, is not news of 2024). Dates compare at
    ``since``'s precision, as the store's ``as_of``."""
    when = ingested.get(claim.source.document_id) if ingested is not None else claim.stated_time
    if not when:
        return False
    return when[: len(since)] >= since


def _pair(claim: StoredClaim) -> tuple[str, str]:
    return (claim.head, claim.tail) if claim.head <= claim.tail else (claim.tail, claim.head)


def _by_key(rels: Iterable[Relationship]) -> dict[tuple[str, str, str], Relationship]:
    return {r.key: r for r in rels}


def _relationship_change(
    now: Relationship, before: Relationship | None, fresh: set[str], names: Mapping[str, str] | None
) -> Change | None:
    label = f"{_name(now.head, names)} {load_vocab().relation(now.type).label} {_name(now.tail, names)}"
    new_claims = tuple(c for c in now.claims if c.id in fresh)
    if before is None:
        count = now.asserted + now.negated
        kind, text = "new", f"{label} ({now.status}, {count} claim{'' if count == 1 else 's'})"
    elif before.status != now.status:
        kind, text = "status", f"{label}: {before.status} → {now.status}"
    elif now.valid_to and not before.valid_to:
        kind, text = "ended", f"{label}: ended {now.valid_to}"
    else:
        return None
    return Change(kind, now, before, None, new_claims, text)


def changes(
    claims: Iterable[StoredClaim],
    since: str,
    *,
    ingested: Mapping[int, str] | None = None,
    reliability: Mapping[str, float] | None = None,
    names: Mapping[str, str] | None = None,
    aliases: Mapping[str, Collection[str]] | None = None,
    outlets: Mapping[int, str] | None = None,
) -> list[Change]:
    """New and changed relationships since a date: the map without the new claims vs the map with them.

    Pass every claim of the scope watched (the whole store, one actor's claims, or every claim of the
    pairs with a new claim, with ``outlets``, the store-wide :func:`cluster_outlets`); :func:`is_new`
    decides which are new (by ingestion date with ``ingested``, else by claim date). Reported: a
    relationship that did not exist before (``new``), a status that moved (asserted / contested /
    denied), a relationship that gained an end date (``ended``), and a conflict that did not exist
    before (``contradiction``). Ordered by kind, then confidence."""
    kept = [c for c in claims if c.review != ReviewVerdict.REJECTED]
    fresh = {c.id for c in kept if is_new(c, since, ingested)}
    # Everything about a relationship (status, end, conflicts) depends only on claims of its pair:
    # only pairs with a new claim can have changed, so only they are aggregated, before and after.
    touched = {_pair(c) for c in kept if c.id in fresh}
    scope = [c for c in kept if _pair(c) in touched]
    old = [c for c in scope if c.id not in fresh]
    outlets = cluster_outlets(kept) if outlets is None else outlets
    before = _by_key(aggregate(old, reliability, aliases=aliases, outlets=outlets))
    out: list[Change] = []
    for rel in aggregate(scope, reliability, aliases=aliases, outlets=outlets):
        change = _relationship_change(rel, before.get(rel.key), fresh, names)
        if change:
            out.append(change)
    known = {c.key for c in conflicts(old)}
    for conflict in conflicts(scope, names=names):
        if conflict.key not in known:
            new_claims = tuple(c for s in (conflict.earlier, conflict.later) for c in s.claims if c.id in fresh)
            out.append(Change("contradiction", None, None, conflict, new_claims, conflict.narrative))
    rank = {k: i for i, k in enumerate(CHANGE_KINDS)}
    out.sort(key=lambda ch: (rank[ch.kind], -(ch.relationship.confidence if ch.relationship else 0.0)))
    return out
