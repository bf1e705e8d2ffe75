"""factionmap's command line: a thin Typer shell over the readers, the extractor, the store and the queries.

Only this package prints. One module per concern (extract, store, queries, review, export); errors of
ours (FactionmapError) become one line and a non-zero exit; a bad file in a batch is reported and
skipped while the rest go on.
"""

from __future__ import annotations

from typing import Annotated

import typer

from factionmap import __version__
from factionmap.cli.common import err, out
from factionmap.cli.helptext import HelpCommand, HelpGroup

app = typer.Typer(
    cls=HelpGroup,
    help="factionmap: evidence-backed maps of armed-group relationships from the news.",
    no_args_is_help=True,
    add_completion=False,
)


def _print_version(value: bool) -> None:
    if value:
        out.print(__version__)
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, metavar="", help="Print the version and exit"
        ),
    ] = False,
) -> None:
    """factionmap reads articles about armed groups and extracts who is allied with, split from,
    pledged to, supported by, praising, denouncing or fighting whom, with the evidence."""


@app.command(cls=HelpCommand)
def version() -> None:
    """Print the version."""
    out.print(__version__)


def _register() -> None:
    """Commands live in one module per concern; importing them is cheap (heavy imports are inside)."""
    from factionmap.cli import extract, network, queries, review, serve, store, storeadmin, watch

    app.command(cls=HelpCommand)(extract.extract)
    app.command(cls=HelpCommand)(store.ingest)
    app.add_typer(store.kb_app, name="kb", cls=HelpGroup)
    for command in (
        queries.relation,
        queries.actor,
        queries.ask,
        queries.path,
        network.timeline,
        network.coalitions,
        network.changes,
        network.export,
    ):
        app.command(cls=HelpCommand)(command)
    app.command("map", cls=HelpCommand)(network.map_)
    app.add_typer(review.review_app, name="review", cls=HelpGroup)
    app.add_typer(storeadmin.store_app, name="store", cls=HelpGroup)
    app.command(cls=HelpCommand)(serve.serve)
    app.command(cls=HelpCommand)(watch.watch)


_register()

__all__ = ["app", "err", "out"]
