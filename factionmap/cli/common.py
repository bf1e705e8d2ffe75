"""What every command shares: the consoles, the store option and the one-line error exit."""

from __future__ import annotations

import re
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from factionmap.errors import FactionmapError

# Control characters other than newline and tab: an escape sequence in a file name or a stored title
# could clear the screen or restyle (hide) what the console shows.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """``text`` with control characters shown as U+FFFD, for the console."""
    return _CONTROL.sub("\ufffd", text)


class SafeConsole(Console):
    """A console for untrusted text: what reaches it comes from articles, file names, --kb files and the
    store. Markup is off ("the [/b] Brigade" prints as it is, never crashing the command or restyling
    what is shown) and every string is made printable on its way in (``render_str`` is where rich turns
    printed strings, table cells and titles into Text). Our own styling goes through ``style=`` and
    rich.text.Text; a Text built from untrusted parts takes them through :func:`printable`."""

    def __init__(self, **kwargs) -> None:
        super().__init__(markup=False, **kwargs)

    def render_str(self, text: str, **kwargs) -> Text:
        return super().render_str(printable(text), **kwargs)


err = SafeConsole(stderr=True, soft_wrap=True)  # an error stays one line in logs and pipes
out = SafeConsole()

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        metavar="URL|FILE",
        help="Store: a SQLite file or a postgresql+psycopg:// URL (default: $FACTIONMAP_DB or ./factionmap.db)",
    ),
]


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


AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        metavar="DATE",
        callback=date_check("--as-of"),
        help="Only what the claims said on or before this date (ISO: 2021, 2021-08, 2021-08-15)",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables")]


def fail(exc: FactionmapError, code: int = 1) -> NoReturn:
    """Our own errors end a command with one line naming what went wrong and what to do."""
    err.print(Text.assemble(("error:", "red"), " ", printable(str(exc))), highlight=False)
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
