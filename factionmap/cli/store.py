"""`factionmap ingest` and `factionmap kb …`: filling the store."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from factionmap.cli.common import DbOption, err, fail, open_engine, out, printable
from factionmap.cli.helptext import HelpCommand
from factionmap.errors import FactionmapError
from factionmap.ingest import registry as input_types

kb_app = typer.Typer(help="The knowledge base: reference relations (MMP, UCDP, UN) in the store.", no_args_is_help=True)


# Ingest is batch work: on a machine that also serves the map, analysts' answers should come first. A
# lowered priority costs nothing on an idle machine (the run still gets every free core). Under load
# (bench/web_load.py, 2 cores, 20 clients) the server's overall p95 went from 1.0 s to 0.5 s with it.
INGEST_NICENESS = 10


def ingest(
    paths: Annotated[
        list[str], typer.Argument(help=f"Files, folders (recursive) or - for stdin: {input_types.suffix_list()}")
    ],
    db: DbOption = None,
    kb: Annotated[list[Path] | None, typer.Option("--kb", help="Extra actors YAML (as for extract)")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Extraction worker processes (one core each)")] = 1,
    strict: Annotated[bool, typer.Option(help="Exit non-zero if any input fails")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary")] = False,
    reference: Annotated[
        bool,
        typer.Option(
            "--reference/--no-reference",
            help="Into a store without reference relations, load the bundled ones (MMP, UCDP, UN) first",
        ),
    ] = True,
    niceness: Annotated[
        int,
        typer.Option(
            min=0,
            max=19,
            help="Lower this run's CPU priority by this much, so a server on the machine answers first (0: as it is)",
        ),
    ] = INGEST_NICENESS,
    dask: Annotated[
        bool,
        typer.Option(
            "--dask",
            help="Extract and write on a Dask cluster: a local one of --workers processes, or, given an address "
            "among the arguments (--dask tcp://host:8786), that scheduler's. Needs a PostgreSQL store",
        ),
    ] = False,
) -> None:
    """Extract articles and store their claims. Idempotent: the same article again adds nothing; the same
    text from another URL is recorded as a copy; near-duplicates are clustered as one source. A store
    with no reference relations gets the bundled ones first, unless --no-reference."""
    from factionmap.extract.pipeline import Extractor
    from factionmap.kb import KnowledgeBase
    from factionmap.run import ingest as run_ingest
    from factionmap.settings import database_url
    from factionmap.store.reference import ensure_bundled_reference

    scheduler = None
    if dask:  # before the store is opened: a SQLite file must not be created only to be refused
        from factionmap import cluster

        # `--dask` is a flag, so `--dask tcp://host:8786` leaves the address among the paths: take it from there
        addresses = [p for p in paths if cluster.is_address(p)]
        paths = [p for p in paths if not cluster.is_address(p)]
        try:
            if len(addresses) > 1:
                raise FactionmapError(f"--dask takes one scheduler address, not {len(addresses)}: {addresses}")
            if not paths:
                raise FactionmapError("no input: give files, folders or - besides the scheduler address")
            cluster.check_store(database_url(db))
        except FactionmapError as exc:
            fail(exc, 2)
        scheduler = addresses[0] if addresses else cluster.LOCAL
    if niceness > os.nice(0):
        os.nice(niceness - os.nice(0))  # to that level, not by it again; the --workers processes inherit it
    engine = open_engine(db)
    if reference:
        try:
            loaded = ensure_bundled_reference(engine)
        except FactionmapError as exc:
            fail(exc, 2)
        if loaded and not quiet:
            err.print(
                f"{loaded} bundled reference relations loaded into the new store (--no-reference skips this)",
                highlight=False,
            )
    try:
        extractor = Extractor(kb=KnowledgeBase.load(extra=tuple(kb or ())))
    except FactionmapError as exc:
        fail(exc, 2)
    progress = Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.description}", markup=False),
        TimeElapsedColumn(),
        console=err,
        disable=quiet,
        transient=True,
    )
    with progress:
        task = progress.add_task("", total=None)

        def report(doc_id: str, outcome: str) -> None:
            progress.update(task, description=f"{doc_id} ({outcome})", advance=1)

        try:
            if scheduler is None:
                summary = run_ingest(
                    paths,
                    engine,
                    extractor,
                    workers=workers,
                    kb_extra=tuple(kb or ()),
                    progress=report,
                    stdin=sys.stdin,
                )
            else:
                from factionmap.cluster import connect, ingest_dask

                with connect(scheduler, workers) as client:
                    summary = ingest_dask(
                        paths,
                        engine.url.render_as_string(hide_password=False),
                        client,
                        kb_extra=tuple(kb or ()),
                        progress=report,
                        stdin=sys.stdin,
                    )
        except FactionmapError as exc:
            fail(exc)
    if not quiet:
        table = Table(
            title=f"ingest run {summary.run_id} into {engine.url.render_as_string(hide_password=True)}", show_edge=False
        )
        for col in ("new", "re-extracted", "copies", "unchanged", "failed", "claims"):
            table.add_column(col, justify="right")
        table.add_row(
            *(
                str(x)
                for x in (
                    summary.new,
                    summary.replaced,
                    summary.copies,
                    summary.unchanged,
                    len(summary.failures),
                    summary.claims,
                )
            )
        )
        err.print(table)
        for f in summary.failures:
            err.print(Text.assemble(("skipped", "yellow"), " ", printable(str(f))), highlight=False)
    if summary.seen == 0 or (strict and summary.failures):
        raise typer.Exit(1)


@kb_app.command("load-reference", cls=HelpCommand)
def load_reference(
    csv: Annotated[
        Path | None,
        typer.Argument(
            help="relations.csv (head_id,type,tail_id,start,end,source,note); default: the bundled reference relations"
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Store reference relations (MMP, UCDP, UN lists) as baseline knowledge, kept apart from news claims."""
    from factionmap.store.reference import load_bundled_reference
    from factionmap.store.reference import load_reference as load

    engine = open_engine(db)
    try:
        count = load(engine, csv) if csv else load_bundled_reference(engine)
    except FactionmapError as exc:
        fail(exc)
    out.print(f"{count} reference relations stored (a reload adds nothing new)")
