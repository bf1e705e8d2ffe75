"""Keeping the store's ``relationships`` table equal to what :func:`aggregate` makes of the claims.

The store's writers describe what they changed (``store.relationships.Change``) and call the hook their
caller gives them, in their own transaction; :func:`refresh` is that hook, so the table commits (or rolls
back) together with the claims and decisions. Two ways, giving the same rows:

* a new article (the common write): its claims are added to their pairs' rows from the summary each row
  keeps (graph.summary), without reading the pairs' other claims, so a write costs the same however busy
  its pairs are;
* anything else (a re-extraction, a verdict, a merge, a split, a revert, a new name that makes an
  earlier claim's speaker partisan, or a new article whose near-duplicate, stored after it by another
  writer, committed first): the rows of the pairs it can affect are recomputed from their claims, read
  in the same transaction.

Pairs, not single (head, type, tail) keys, are the unit: a relationship's ``valid_to`` reads the contrary
relations on its pair (graph.relationships.CONTRARY), so a new claim of one type can change another
type's row. Beyond the pairs of the claims themselves, a change that is not a new article reaches:

* the other claims of a near-duplicate cluster (which document counts as the cluster's outlet depends
  on which of them have claims in force, and it is one outlet for every pair);
* claims credited to a speaker, when one of the two actors gains a name that speaker uses (partisan);
* for a merge, split or revert: every pair an actor whose canonical id changed was part of, before or
  after.

The numbers are those of ``aggregate(all claims, aliases=every stored actor's names)`` with the default
reliability, as the whole-map views compute them: each pair is aggregated with the store-wide outlet of
each cluster (``outlets=``), so aggregating a pair alone gives what aggregating everything would.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Mapping

from sqlalchemy import Connection, Engine

from factionmap import deadline
from factionmap.graph import summary
from factionmap.graph.coalitions import SIGNED_TYPES, Tie
from factionmap.graph.network import MAP_STATUSES
from factionmap.graph.relationships import (
    Relationship,
    Status,
    _words,
    aggregate,
    claim_weight,
    cluster_outlets,
    contrary_dates,
    names_said,
    outlet_of,
    relation_key,
)
from factionmap.graph.summary import Key, Summary, summarise
from factionmap.model import StoredClaim
from factionmap.store import reader
from factionmap.store import relationships as table
from factionmap.store.reader import ActorMap
from factionmap.store.relationships import Change, Pair
from factionmap.vocab import load_vocab

REBUILD_BATCH = 5_000  # rows written per statement of a rebuild


def refresh(conn: Connection, change: Change) -> None:
    """Bring the rows every pair ``change`` can affect up to date (the store writers' ``on_changed`` hook):
    new articles' claims are added to their rows by summary (graph.summary), anything else is recomputed
    from the claims of the pairs it touches."""
    table.lock(conn)
    amap = reader.actor_map(conn)
    # A new document is its cluster's latest unless a near-duplicate stored after it (by a writer that
    # committed first) is there already: it may then take over as the cluster's outlet, so its cluster
    # is recounted as for any other change of a cluster's documents.
    appends = change.only_appends and not table.overtaken(conn, change.appended)
    pairs = _append(conn, change, amap) if appends else affected_pairs(conn, change, amap)
    _recompute(conn, pairs, amap)


def _append(conn: Connection, change: Change, amap: ActorMap) -> set[Pair]:
    """Add new documents' claims to their pairs' rows without reading the pairs' other claims.

    Returns the pairs that must be recomputed from their claims instead: those where a new name makes an
    earlier claim's speaker partisan, and (not from ingest) claims that arrive with a verdict."""
    slow = _renamed(conn, change.aliases, amap)
    by_pair: dict[Pair, list[StoredClaim]] = defaultdict(list)
    for c in reader.claims_of_documents(conn, change.appended, amap):
        by_pair[_pair(c.head, c.tail)].append(c)
    fast = {p for p, claims in by_pair.items() if p not in slow and summary.unjudged(claims)}
    rows: dict[Pair, list[table.StoredRelationship]] = defaultdict(list)
    for r in table.rows_of_pairs(conn, fast):
        rows[_pair(r.head_id, r.tail_id)].append(r)
    slow |= set(by_pair) - fast
    if fast:
        outlets = table.cluster_outlets(conn, {c.source.cluster_id for p in fast for c in by_pair[p]})
        aliases = _aliases(conn, {x for p in fast for x in p})
        updated = [r for p in sorted(fast) for r in _appended(rows[p], by_pair[p], outlets, aliases)]
        table.replace_pairs(conn, fast, updated)
    return slow


def _appended(
    rows: Iterable[table.StoredRelationship],
    claims: Iterable[StoredClaim],
    outlets: Mapping[int, str],
    aliases: Mapping[str, Collection[str]],
) -> list[dict[str, object]]:
    """One pair's rows with new claims added: every row of the pair, since a new dated claim can end a
    contrary relation on it."""
    symmetric = load_vocab().symmetric
    state: dict[Key, tuple[Summary, int, tuple[str | None, str | None]]] = {
        r.key: (Summary.from_json(r.evidence), r.accepted, (r.first_reported, r.last_reported)) for r in rows
    }
    for c in claims:
        key = relation_key(c, symmetric)
        found, accepted, reported = state.get(key) or (Summary(), 0, (None, None))
        outlet = outlet_of(c, outlets)
        found.add(c, outlet, claim_weight(c, None, outlet, aliases))
        if not c.negated:  # when it was reported: the asserting claims' articles
            reported = summary.widen(reported, [c.source.article_date])
        state[key] = (found, accepted, reported)
    contrary = contrary_dates(((*key, d) for key, (s, _, _) in state.items() for d in s.dates), symmetric)
    return [
        {
            "head_id": key[0],
            "type": key[1],
            "tail_id": key[2],
            **summary.fields(key, s, contrary, accepted=accepted, reported=reported),
            "evidence": s.to_json(),
        }
        for key, (s, accepted, reported) in sorted(state.items())
    ]


def _aliases(conn: Connection, ids: Collection[str]) -> dict[str, tuple[str, ...]]:
    """Actor id -> its name and stored aliases (what relationships.is_partisan reads)."""
    return {i: (a.name, *a.aliases) for i, a in reader.actors_conn(conn, ids).items()}


def rebuild(conn: Connection) -> int:
    """Recompute the whole table from the claims in the caller's transaction; returns the number of rows.

    One aggregation of every claim, as the whole-map views made before the table existed (all claims in
    memory at once: 72 s on SQLite and 91 s on PostgreSQL at a million generated claims, with the process
    at over a gigabyte: bench/whole_network.py), rather than pair by pair, which costs a read of the
    claims per batch of pairs."""
    table.lock(conn)
    table.clear(conn)
    claims = list(reader.iter_claims_conn(conn))
    aliases = _aliases(conn, {x for c in claims for x in (c.head, c.tail)})
    outlets = cluster_outlets(claims)  # of the claims in force, store-wide: what every refresh uses
    rels = aggregate(claims, aliases=aliases, outlets=outlets)
    del claims
    for i in range(0, len(rels), REBUILD_BATCH):
        deadline.check()
        table.insert(conn, [row(r, outlets, aliases) for r in rels[i : i + REBUILD_BATCH]])
    return len(rels)


def stored(engine: Engine, types: Collection[str] | None = None) -> list[Relationship]:
    """Every relationship as the table holds it, without its claims (``claims`` empty, ``claim_count`` set):
    for the views of the whole network that need the numbers only (coalitions, the graph exports).
    ``types``: only these relation types (all when None)."""
    with engine.connect() as conn:
        out = [_relationship(r) for r in table.iter_rows(conn, types)]
    out.sort(key=lambda r: (-r.confidence, r.key))  # aggregate's order
    return out


def signed_ties(engine: Engine) -> list[Tie]:
    """The ties coalitions read (graph.coalitions.ties) as the table holds them, without making
    relationships of its rows: a million-claim store has half a million."""
    with engine.connect() as conn:
        return table.ties(conn, SIGNED_TYPES, [str(s) for s in MAP_STATUSES])


def of_actor(conn: Connection, actor_id: str) -> list[Relationship]:
    """The relationships with the actor (an id after merges) at either end, without their claims."""
    out = [_relationship(r) for r in table.rows_of_actor(conn, actor_id)]
    out.sort(key=lambda r: (-r.confidence, r.key))
    return out


def with_claims(conn: Connection, rels: Collection[Relationship], amap: ActorMap) -> dict[Key, Relationship]:
    """These relationships (from the table) with their claims read back, by key: the claims aggregate would
    give them (not rejected, oldest first), the numbers unchanged."""
    if not rels:
        return {}
    symmetric = load_vocab().symmetric
    wanted = {r.key for r in rels}
    claims: dict[Key, list[StoredClaim]] = defaultdict(list)
    for c in pair_claims(conn, {r.pair for r in rels}, amap):
        key = relation_key(c, symmetric)
        if key in wanted:
            claims[key].append(c)
    return {r.key: dataclasses.replace(r, claims=tuple(claims[r.key])) for r in rels}


_STATUS = {str(s): s for s in Status}


def _relationship(row) -> Relationship:
    """A row of the table's numbers (store.relationships.NUMBERS, in that order) as a relationship without
    its claims. Unpacked by position: a whole-network view makes hundreds of thousands of them."""
    head, type_, tail, _count, asserted, negated, sources, first, last, start, end, reported_first, reported_last = row[
        :13
    ]
    share_hedged, confidence, status, support, denial, accepted = row[13:]
    return Relationship(
        head,
        type_,
        tail,
        (),
        asserted,
        negated,
        sources,
        first,
        last,
        start,
        end,
        share_hedged,
        confidence,
        _STATUS[status],
        support,
        denial,
        accepted,
        reported_first,
        reported_last,
    )


def affected_pairs(conn: Connection, change: Change, amap: ActorMap) -> set[Pair]:
    """The actor pairs (after merges, ordered) whose relationships ``change`` may have changed."""
    keys = set(change.claims)
    if change.documents:
        keys |= table.cluster_claim_keys(conn, change.documents)
    pairs = {_pair(amap(h), amap(tl)) for h, _, tl in keys}
    pairs |= _renamed(conn, change.aliases, amap)
    if change.moved:
        moved = dict(change.moved)

        def before(actor: str) -> str:
            return moved.get(actor, amap(actor))

        for h, _, tl in table.keys_touching(conn, _members(amap, moved)):
            pairs.add(_pair(before(h), before(tl)))
            pairs.add(_pair(amap(h), amap(tl)))
    return pairs


def _renamed(conn: Connection, names: Mapping[str, Collection[str]], amap: ActorMap) -> set[Pair]:
    """Pairs with a claim credited to a speaker who now names one of its actors (a partisan source).

    A relationship reads the names of the actor a claim counts for, so a new name of an actor merged
    away changes nothing."""
    pairs: set[Pair] = set()
    for actor, new in names.items():
        if amap(actor) != actor:
            continue
        members = amap.members(actor)
        for name in new:
            words = sorted(_words(name), key=len)
            if not words:
                continue
            for (h, _, tl), said in table.attributed_claims(conn, members, words[-1]):
                if names_said([name], said):
                    pairs.add(_pair(amap(h), amap(tl)))
    return pairs


def _members(amap: ActorMap, ids: Iterable[str]) -> set[str]:
    """The ids and every id counting as one of them now."""
    out = set(ids)
    for actor in list(out):
        out |= amap.members(actor)
    return out


def _pair(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def pair_claims(conn: Connection, pairs: Iterable[Pair], amap: ActorMap) -> list[StoredClaim]:
    """The claims (not rejected, oldest first) between the two actors of each pair, merged ids included."""
    return reader.claims_of_pairs(conn, set(_raw(pairs, amap)), amap)


def _raw(pairs: Iterable[Pair], amap: ActorMap) -> Iterator[tuple[str, str]]:
    """Every stored (head_id, tail_id), either way, that counts as one of ``pairs`` after merges."""
    groups: dict[str, set[str]] = defaultdict(set)
    for member, root in amap.canonical.items():
        groups[root].add(member)
    for a, b in pairs:
        left, right = groups.get(a, set()) | {a}, groups.get(b, set()) | {b}
        for x in left:
            for y in right:
                yield (x, y)
                yield (y, x)


def _recompute(conn: Connection, pairs: Collection[Pair], amap: ActorMap) -> int:
    """Aggregate the claims of ``pairs`` and replace their rows (pairs left without claims lose theirs)."""
    if not pairs:
        return 0
    claims = pair_claims(conn, pairs, amap)
    outlets = table.cluster_outlets(conn, {c.source.cluster_id for c in claims})
    aliases = _aliases(conn, {x for c in claims for x in (c.head, c.tail)})
    rels = aggregate(claims, aliases=aliases, outlets=outlets)
    table.replace_pairs(conn, pairs, [row(r, outlets, aliases) for r in rels])
    return len(rels)


def row(
    rel: Relationship, outlets: Mapping[int, str], aliases: Mapping[str, Collection[str]] | None
) -> dict[str, object]:
    """A relationship as a row of the table (without ``updated_at``, which the store sets); ``outlets`` and
    ``aliases`` as it was aggregated with, to summarise its claims the same way."""
    return {
        "head_id": rel.head,
        "type": rel.type,
        "tail_id": rel.tail,
        "claim_count": rel.claim_count,
        "asserted": rel.asserted,
        "negated": rel.negated,
        "independent_sources": rel.independent_sources,
        "first_time": rel.first_time,
        "last_time": rel.last_time,
        "valid_from": rel.valid_from,
        "valid_to": rel.valid_to,
        "first_reported": rel.first_reported,
        "last_reported": rel.last_reported,
        "share_hedged": rel.share_hedged,
        "confidence": rel.confidence,
        "status": str(rel.status),
        "support": rel.support,
        "denial": rel.denial,
        "accepted": rel.accepted,
        "evidence": summarise(rel, outlets, aliases).to_json(),
    }
