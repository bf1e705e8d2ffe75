"""`factionmap store …`: looking after the store itself (not its contents' meaning).

``store rebuild`` recomputes the maintained relationships table from the claims. Every write keeps the
table equal to the claims already (factionmap.graph.maintained); rebuilding is the repair for a table a
write without the hook left behind (a script calling the store directly), or a check after a change of
the aggregation's rules.
"""

from __future__ import annotations

import typer

from factionmap.cli.common import DbOption, err, fail, open_engine, out
from factionmap.cli.helptext import HelpCommand
from factionmap.errors import FactionmapError

store_app = typer.Typer(help="Look after the store: rebuild the relationships table.", no_args_is_help=True)


@store_app.command("rebuild", cls=HelpCommand)
def rebuild(db: DbOption = None) -> None:
    """Recompute the relationships table from every claim, in one transaction (readers see the old table
    until it commits)."""
    from factionmap.graph.maintained import rebuild as rebuild_table

    engine = open_engine(db)
    try:
        # About a minute at a million claims (bench/whole_network.py): say what it is doing meanwhile.
        with err.status("rebuilding the relationships table from every claim…"), engine.begin() as conn:
            rows = rebuild_table(conn)
    except FactionmapError as exc:
        fail(exc)
    out.print(f"relationships rebuilt: {rows} rows", highlight=False)
