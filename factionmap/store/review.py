"""Analyst decisions: accept or reject a claim, merge or split actors, revert any of them.

A decision is a row in ``review_decisions`` with who made it and when; nothing else in the store
changes. The reader (``reader.actor_map``, and the verdicts joined to every claim read) applies the decisions in force
to every query and export, so reverting one (``reverted_at``/``reverted_by`` set, the row kept) undoes
its effect everywhere and the history of who decided what stays (nomenklatura's judgement log).

Semantics, as the reader applies them:

- accept / reject: the newest verdict in force on a claim wins.
- merge A into B: A's claims count as B's. A newer merge of A replaces an older one.
- split A and B: a negative judgement ("not the same"); it cancels a merge between the two, and a
  merge between them is refused while the split is in force.

Every change is checked against the map it would produce, inside the same transaction: a merge that
would make a cycle, or a split that leaves the two actors joined through other merges, is refused and
nothing is written.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, and_, insert, or_, select, update

from factionmap.errors import InvalidInput, NotFound
from factionmap.model import Decision, DecisionKind
from factionmap.store import relationships as rel
from factionmap.store import schema as t
from factionmap.store.db import is_row_id, serialize
from factionmap.store.reader import ActorMap, actor_map

REVIEWER_MAX = 120  # the column's width
# Decisions are made one at a time: each checks the map the store's decisions make (no merge cycle, no
# revert of a reverted one) and writes in one transaction, and two at once would each check without the
# other's write (two reverts both "succeeding", merges A→B and B→A making a cycle).
DECISIONS_LOCK = "factionmap.review_decisions"


# Every function that records or reverts a decision takes ``on_changed``: called last, in the same
# transaction, with what the decision changed, to keep the relationships table up to date
# (store/relationships.py says why it is passed in).


def accept(
    engine: Engine, claim_id: str, reviewer: str, note: str | None = None, *, on_changed: rel.ChangeHook | None = None
) -> Decision:
    """Mark a claim as checked and right."""
    return _verdict(engine, DecisionKind.ACCEPT, claim_id, reviewer, note, on_changed)


def reject(
    engine: Engine, claim_id: str, reviewer: str, note: str | None = None, *, on_changed: rel.ChangeHook | None = None
) -> Decision:
    """Mark a claim as wrong: queries and exports leave it out (unless asked for rejected claims)."""
    return _verdict(engine, DecisionKind.REJECT, claim_id, reviewer, note, on_changed)


def merge(
    engine: Engine,
    actor_id: str,
    into_id: str,
    reviewer: str,
    note: str | None = None,
    *,
    on_changed: rel.ChangeHook | None = None,
) -> Decision:
    """Count ``actor_id`` as ``into_id`` from now on (the same group under two ids)."""
    reviewer = _reviewer(reviewer)
    _distinct(actor_id, into_id, DecisionKind.MERGE)
    with engine.begin() as conn:
        serialize(conn, DECISIONS_LOCK)
        _require_actors(conn, actor_id, into_id)
        before = actor_map(conn)
        _refuse_same(before, actor_id, into_id)
        split = _split_between(conn, actor_id, into_id)
        if split is not None:
            raise InvalidInput(
                f"{actor_id!r} and {into_id!r} were judged different by split decision {split}",
                hint=f"revert decision {split} first if they are the same after all",
            )
        decision = _insert(conn, DecisionKind.MERGE, reviewer, note, actor_id=actor_id, into_id=into_id)
        after = actor_map(conn)
        if not _acyclic(after) or after(actor_id) != after(into_id):
            raise InvalidInput(
                f"merging {actor_id!r} into {into_id!r} would make a merge cycle",
                hint="revert one of the merges that join them first",
            )
        rel.notify(conn, on_changed, _moved(before, after))
        return decision


def split(
    engine: Engine,
    actor_id: str,
    other_id: str,
    reviewer: str,
    note: str | None = None,
    *,
    on_changed: rel.ChangeHook | None = None,
) -> Decision:
    """Judge two actors different: cancels a merge between them and blocks a new one."""
    reviewer = _reviewer(reviewer)
    _distinct(actor_id, other_id, DecisionKind.SPLIT)
    with engine.begin() as conn:
        serialize(conn, DECISIONS_LOCK)
        _require_actors(conn, actor_id, other_id)
        before = actor_map(conn)
        existing = _split_between(conn, actor_id, other_id)
        if existing is not None:
            raise InvalidInput(f"{actor_id!r} and {other_id!r} are already split by decision {existing}")
        decision = _insert(conn, DecisionKind.SPLIT, reviewer, note, actor_id=actor_id, into_id=other_id)
        after = actor_map(conn)
        if after(actor_id) == after(other_id):
            joining = sorted(d.id for d in _merges_in_force(conn) if {d.actor_id, d.into_id} & {actor_id, other_id})
            raise InvalidInput(
                f"{actor_id!r} and {other_id!r} would still count as {after(actor_id)!r} through "
                f"other merges (decisions {joining})",
                hint="split the pairs those merges join, or revert them",
            )
        rel.notify(conn, on_changed, _moved(before, after))
        return decision


def revert(engine: Engine, decision_id: int, reviewer: str, *, on_changed: rel.ChangeHook | None = None) -> Decision:
    """Undo a decision's effect; the row stays, with who reverted it and when."""
    reviewer = _reviewer(reviewer)
    with engine.begin() as conn:
        serialize(conn, DECISIONS_LOCK)
        current = _get(conn, decision_id)
        before = actor_map(conn)
        if not current.in_force:
            raise InvalidInput(
                f"decision {decision_id} was already reverted by {current.reverted_by} "
                f"at {current.reverted_at:%Y-%m-%d %H:%M}",
                hint="record a new decision instead",
            )
        conn.execute(
            update(t.review_decisions)
            .where(t.review_decisions.c.id == decision_id)
            .values(reverted_at=datetime.now(UTC), reverted_by=reviewer)
        )
        after = actor_map(conn)
        if not _acyclic(after):
            raise InvalidInput(
                f"reverting decision {decision_id} would bring back a merge that now makes a cycle with later merges",
                hint="revert one of the later merges first",
            )
        if current.kind in (DecisionKind.ACCEPT, DecisionKind.REJECT):
            rel.notify(conn, on_changed, _claim_change(conn, current.claim_id))
        else:
            rel.notify(conn, on_changed, _moved(before, after))
        return _get(conn, decision_id)


def history(engine: Engine, claim_id: str | None = None, actor_id: str | None = None) -> list[Decision]:
    """Decisions (reverted ones included), oldest first: on a claim, on an actor (either side), or all."""
    d = t.review_decisions
    query = select(d).order_by(d.c.id)
    if claim_id is not None:
        query = query.where(d.c.claim_id == claim_id)
    if actor_id is not None:
        query = query.where(or_(d.c.actor_id == actor_id, d.c.into_id == actor_id))
    with engine.connect() as conn:
        return [_decision(r) for r in conn.execute(query)]


# --- helpers ---------------------------------------------------------------------------------------


def _verdict(
    engine: Engine,
    kind: DecisionKind,
    claim_id: str,
    reviewer: str,
    note: str | None,
    on_changed: rel.ChangeHook | None,
) -> Decision:
    reviewer = _reviewer(reviewer)
    with engine.begin() as conn:
        serialize(conn, DECISIONS_LOCK)
        found = conn.execute(select(t.claims.c.id).where(t.claims.c.id == claim_id)).first()
        if found is None:
            raise NotFound(
                f"no claim with id {claim_id!r} in the store — claim ids are shown by "
                "`factionmap relation A B` (re-extraction with a newer version gives new ids)"
            )
        decision = _insert(conn, kind, reviewer, note, claim_id=claim_id)
        rel.notify(conn, on_changed, _claim_change(conn, claim_id))
        return decision


def _claim_change(conn: Connection, claim_id: str | None) -> rel.Change:
    """A verdict on a claim (or its revert) changes the claim's relationship, and possibly which document
    counts as its cluster's outlet; nothing when the claim is gone (replaced by a newer extraction)."""
    found = rel.claim_key(conn, claim_id)
    if found is None:
        return rel.Change()
    key, document = found
    return rel.Change(claims=frozenset({key}), documents=frozenset({document}))


def _moved(before: ActorMap, after: ActorMap) -> rel.Change:
    """Actors whose canonical id a merge, split or revert changed, with the one they counted as before."""
    ids = before.canonical.keys() | after.canonical.keys()
    return rel.Change(moved={i: before(i) for i in ids if before(i) != after(i)})


def _reviewer(reviewer: str) -> str:
    name = (reviewer or "").strip()
    if not name or len(name) > REVIEWER_MAX:
        raise InvalidInput(
            f"a decision needs the reviewer's name (1 to {REVIEWER_MAX} characters), got {reviewer!r}",
            field="reviewer",
            hint="pass --reviewer NAME",
        )
    return name


def _distinct(actor_id: str, other_id: str, kind: DecisionKind) -> None:
    if actor_id == other_id:
        raise InvalidInput(f"cannot {kind} actor {actor_id!r} with itself", hint="name two different actors")


def _require_actors(conn: Connection, *ids: str) -> None:
    known = set(conn.execute(select(t.actors.c.id).where(t.actors.c.id.in_(ids))).scalars())
    for actor_id in ids:
        if actor_id not in known:
            raise NotFound(
                f"no actor with id {actor_id!r} in the store — look it up with `factionmap actor NAME`, which shows ids"
            )


def _refuse_same(amap: ActorMap, actor_id: str, into_id: str) -> None:
    """Two ids that already count as one actor: merging again is pointless, or (into its own member) a cycle."""
    root = amap(actor_id)
    if root != amap(into_id):
        return
    if root == actor_id:
        raise InvalidInput(
            f"{into_id!r} is already merged into {actor_id!r}: merging {actor_id!r} into it would make a merge cycle",
            hint=f"revert the merge of {into_id!r} first",
        )
    raise InvalidInput(
        f"{actor_id!r} and {into_id!r} already count as the same actor, {root!r}",
        hint="`history` shows the merges in force",
    )


def _split_between(conn: Connection, a: str, b: str) -> int | None:
    d = t.review_decisions
    pair = or_(and_(d.c.actor_id == a, d.c.into_id == b), and_(d.c.actor_id == b, d.c.into_id == a))
    return (
        conn.execute(
            select(d.c.id).where(d.c.kind == DecisionKind.SPLIT, d.c.reverted_at.is_(None), pair).order_by(d.c.id)
        )
        .scalars()
        .first()
    )


def _merges_in_force(conn: Connection) -> list[Decision]:
    d = t.review_decisions
    return [
        _decision(r) for r in conn.execute(select(d).where(d.c.kind == DecisionKind.MERGE, d.c.reverted_at.is_(None)))
    ]


def _acyclic(amap: ActorMap) -> bool:
    """Every actor's canonical id is final (itself canonical): false only when merges form a cycle."""
    return all(amap(target) == target for target in amap.canonical.values())


def _insert(conn: Connection, kind: DecisionKind, reviewer: str, note: str | None, **ids: str) -> Decision:
    decision_id = conn.execute(
        insert(t.review_decisions)
        .values(
            kind=kind,
            reviewer=reviewer,
            note=note,
            decided_at=datetime.now(UTC),
            **ids,
        )
        .returning(t.review_decisions.c.id)
    ).scalar_one()
    return _get(conn, decision_id)


def _get(conn: Connection, decision_id: int) -> Decision:
    row = None
    if is_row_id(decision_id):
        row = conn.execute(select(t.review_decisions).where(t.review_decisions.c.id == decision_id)).first()
    if row is None:
        raise NotFound(f"no review decision with id {decision_id} — `history` lists decisions with their ids")
    return _decision(row)


def _decision(row) -> Decision:
    return Decision(
        row.id,
        DecisionKind(row.kind),
        row.claim_id,
        row.actor_id,
        row.into_id,
        row.reviewer,
        row.note,
        row.decided_at,
        row.reverted_at,
        row.reverted_by,
    )
