"""What every command shares: the consoles, the store option and the one-line error exit."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from rich.console import Console

from factionmap.errors import FactionmapError

err = Console(stderr=True, soft_wrap=True)  # an error stays one line in logs and pipes
out = Console()

DbOption = Annotated[str | None, typer.Option(
    "--db", help="Store: a SQLite file or a postgresql+psycopg:// URL (default: $FACTIONMAP_DB or ./factionmap.db)")]
def date_check(option: str):
    """A callback for a date option: the value checked by the one date reader (isodates.py), or one
    line naming the option and exit 2."""
    def check(value: str | None) -> str | None:
        from factionmap.isodates import parse_iso_date

        if value is None:
            return None
        try:
            return parse_iso_date(value, field=option)
        except FactionmapError as exc:
            fail(exc, 2)

    return check


AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", callback=date_check("--as-of"),
    help="Only what the claims said on or before this date (ISO: 2021, 2021-08, 2021-08-15)")]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")]


def fail(exc: FactionmapError, code: int = 1) -> NoReturn:
    """Our own errors end a command with one line naming what went wrong and what to do."""
    err.print(f"[red]error:[/red] {exc}", markup=True, highlight=False)
    raise typer.Exit(code) from exc


def open_engine(db: str | None):
    """The store named by --db / FACTIONMAP_DB, migrated to the newest schema."""
    from factionmap.settings import Settings
    from factionmap.store.db import make_engine, migrate

    settings = Settings() if db is None else Settings(db=db)
    try:
        engine = make_engine(settings.database_url())
        migrate(engine)
    except FactionmapError as exc:
        fail(exc, 2)
    return engine
