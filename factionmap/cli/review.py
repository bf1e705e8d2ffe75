"""`factionmap review …`: analysts' decisions on claims and actors, each stored with who and when."""

from __future__ import annotations

import getpass
from typing import Annotated

import typer
from rich.table import Table

from factionmap.cli.common import DbOption, fail, open_engine, out
from factionmap.cli.helptext import HelpCommand
from factionmap.errors import FactionmapError

review_app = typer.Typer(
    help="Accept or reject claims, merge or split actors, revert a decision; every "
    "query and export respects the decisions in force.",
    no_args_is_help=True,
)

Reviewer = Annotated[
    str | None, typer.Option("--reviewer", help="Who decides (default: $FACTIONMAP_REVIEWER, else the login name)")
]
Note = Annotated[str | None, typer.Option("--note", help="Why, for the record")]


def _reviewer(given: str | None) -> str:
    from factionmap.settings import Settings

    return given or Settings().reviewer or getpass.getuser()


def _done(decision) -> None:
    target = decision.claim_id or f"{decision.actor_id} → {decision.into_id}"
    out.print(f"decision {decision.id}: {decision.kind} {target} by {decision.reviewer}", highlight=False)


@review_app.command("accept", cls=HelpCommand)
def accept(claim_id: str, db: DbOption = None, reviewer: Reviewer = None, note: Note = None) -> None:
    """Mark a claim checked and right (claim ids are in `factionmap relation A B --json`)."""
    from factionmap.store import review

    _on_claim(review.accept, claim_id, db, reviewer, note)


@review_app.command("reject", cls=HelpCommand)
def reject(claim_id: str, db: DbOption = None, reviewer: Reviewer = None, note: Note = None) -> None:
    """Mark a claim wrong: queries and exports leave it out."""
    from factionmap.store import review

    _on_claim(review.reject, claim_id, db, reviewer, note)


def _on_claim(decide, claim_id: str, db: str | None, reviewer: str | None, note: str | None) -> None:
    from factionmap.graph.maintained import refresh

    try:
        _done(decide(open_engine(db), claim_id, _reviewer(reviewer), note, on_changed=refresh))
    except FactionmapError as exc:
        fail(exc)


@review_app.command("merge", cls=HelpCommand)
def merge(
    actor: Annotated[str, typer.Argument(help="The actor merged away (any name or id)")],
    into: Annotated[str, typer.Argument(help="The actor it is the same as")],
    db: DbOption = None,
    reviewer: Reviewer = None,
    note: Note = None,
) -> None:
    """Two names are one actor: the first's claims count as the second's everywhere."""
    from factionmap.store import review

    _on_pair(review.merge, actor, into, db, reviewer, note)


@review_app.command("split", cls=HelpCommand)
def split(actor: str, other: str, db: DbOption = None, reviewer: Reviewer = None, note: Note = None) -> None:
    """Two actors are not the same: cancels a merge between them and refuses future ones."""
    from factionmap.store import review

    _on_pair(review.split, actor, other, db, reviewer, note)


def _on_pair(decide, first: str, second: str, db: str | None, reviewer: str | None, note: str | None) -> None:
    """A decision on two actors named as analysts type them (names, aliases or ids)."""
    from factionmap.graph.maintained import refresh
    from factionmap.queries.names import NameResolver

    engine = open_engine(db)
    try:
        names = NameResolver(engine)
        first_id, second_id = names.resolve(first).id, names.resolve(second).id
        _done(decide(engine, first_id, second_id, _reviewer(reviewer), note, on_changed=refresh))
    except FactionmapError as exc:
        fail(exc)


@review_app.command("revert", cls=HelpCommand)
def revert(decision_id: int, db: DbOption = None, reviewer: Reviewer = None) -> None:
    """Undo a decision; its row stays in the history with who reverted it and when."""
    from factionmap.graph.maintained import refresh
    from factionmap.store import review

    try:
        _done(review.revert(open_engine(db), decision_id, _reviewer(reviewer), on_changed=refresh))
    except FactionmapError as exc:
        fail(exc)


@review_app.command("history", cls=HelpCommand)
def history(
    db: DbOption = None,
    claim: Annotated[str | None, typer.Option(help="Only this claim")] = None,
    actor: Annotated[str | None, typer.Option(help="Only this actor id")] = None,
) -> None:
    """Every decision, reverted ones included, oldest first."""
    from factionmap.store import review

    table = Table(title="review decisions")
    for col in ("id", "kind", "on", "by", "when", "reverted", "note"):
        table.add_column(col, overflow="fold")
    for d in review.history(open_engine(db), claim_id=claim, actor_id=actor):
        table.add_row(
            str(d.id),
            d.kind,
            d.claim_id or f"{d.actor_id} / {d.into_id}",
            d.reviewer,
            f"{d.decided_at:%Y-%m-%d %H:%M}",
            f"{d.reverted_at:%Y-%m-%d %H:%M} by {d.reverted_by}" if d.reverted_at else "-",
            d.note or "",
        )
    out.print(table)
