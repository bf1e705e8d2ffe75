"""`factionmap watch`: follow feeds and sitemaps into the store (the work is in factionmap.watch)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from factionmap.cli.common import DbOption, err, fail, open_engine, printable
from factionmap.cli.store import INGEST_NICENESS
from factionmap.errors import FactionmapError, InvalidInput

if TYPE_CHECKING:
    from distributed import Client

    from factionmap.watch import RoundSummary


def watch(
    sources: Annotated[Path, typer.Argument(help="YAML file listing the feeds and sitemaps (url, outlet, ...)")],
    db: DbOption = None,
    once: Annotated[bool, typer.Option("--once", help="One round, then exit (for cron)")] = False,
    user_agent: Annotated[
        str | None,
        typer.Option(
            "--user-agent", metavar="TEXT", help="User-Agent sent with every request (and matched in robots.txt)"
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Extraction worker processes (one core each)")] = 1,
    kb: Annotated[list[Path] | None, typer.Option("--kb", help="Extra actors YAML (as for extract)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress or summaries")] = False,
    dask: Annotated[
        bool,
        typer.Option(
            "--dask", help="Extract and store each round's pages on a Dask cluster (as ingest --dask); PostgreSQL only"
        ),
    ] = False,
    scheduler: Annotated[
        str | None,
        typer.Option(
            "--scheduler",
            metavar="ADDRESS",
            help="With --dask: the scheduler (tcp://host:8786); default a LocalCluster",
        ),
    ] = None,
) -> None:
    """Follow RSS/Atom feeds and sitemaps: poll each (conditional GET, robots.txt honoured), fetch the
    articles not seen before and ingest them. Without --once, keeps polling until Ctrl-C; a restart
    resumes from the state kept in the store."""
    from factionmap.extract.pipeline import Extractor
    from factionmap.kb import KnowledgeBase
    from factionmap.watch import DEFAULT_USER_AGENT, Fetcher, Watcher, load_sources, run_forever

    try:
        listed = load_sources(sources)
        if scheduler is not None and not dask:
            raise InvalidInput("--scheduler names a Dask scheduler: give --dask with it", source="--scheduler")
        if dask:  # before the store is opened: a SQLite file must not be created only to be refused
            from factionmap.cluster import check_store
            from factionmap.settings import database_url

            check_store(database_url(db))
    except FactionmapError as exc:
        fail(exc, 2)
    if os.nice(0) < INGEST_NICENESS:
        os.nice(INGEST_NICENESS - os.nice(0))  # batch work, as ingest: a server on the machine answers first
    engine = open_engine(db)
    try:
        extractor = Extractor(kb=KnowledgeBase.load(extra=tuple(kb or ())))
    except FactionmapError as exc:
        fail(exc, 2)

    def progress(key: str, outcome: str) -> None:
        if not quiet:
            err.print(Text.assemble((outcome, "dim"), " ", printable(key)), highlight=False)

    with Fetcher(user_agent or DEFAULT_USER_AGENT) as fetcher, _dask_client(dask, scheduler, workers) as client:
        ingest = None
        if client is not None:
            from factionmap.cluster import ingest_dask

            url = engine.url.render_as_string(hide_password=False)

            def ingest(articles, report):  # each round's pages on the cluster, the state kept here
                return ingest_dask((), url, client, kb_extra=tuple(kb or ()), progress=report, articles=articles)

        watcher = Watcher(
            engine,
            extractor,
            listed,
            fetcher,
            workers=workers,
            kb_extra=tuple(kb or ()),
            progress=progress,
            ingest=ingest,
        )
        try:
            if once:
                _summarise(watcher.run_round(), quiet)
            else:
                run_forever(watcher, lambda summary: _summarise(summary, quiet))
        except KeyboardInterrupt:
            err.print("stopped; the next run resumes from the state in the store", highlight=False)
        except FactionmapError as exc:
            fail(exc)


@contextmanager
def _dask_client(dask: bool, scheduler: str | None, workers: int) -> Iterator[Client | None]:
    """A client of the cluster a ``--dask`` watch sends its pages to (one for the whole run), else None."""
    if not dask:
        yield None
        return
    from factionmap.cluster import LOCAL, connect

    with connect(scheduler or LOCAL, workers) as client:
        yield client


def _summarise(summary: RoundSummary, quiet: bool) -> None:
    """One table per round on stderr, then each failure on its own line."""
    if quiet:
        return
    table = Table(title="watch round", show_edge=False)
    columns = ("polled", "not modified", "source errors", "stored", "copies", "unchanged", "skipped", "failed")
    for col in (*columns, "robots.txt", "claims"):
        table.add_column(col, justify="right")
    pages = summary.pages
    sources = (summary.polled, summary.not_modified, len(summary.source_errors))
    outcomes = (pages["stored"], pages["copy"], pages["unchanged"], pages["skipped"], pages["failed"] + pages["error"])
    claims = summary.ingest.claims if summary.ingest is not None else 0
    table.add_row(*(str(x) for x in (*sources, *outcomes, pages["robots"], claims)))
    err.print(table)
    for line in summary.source_errors:
        err.print(Text.assemble(("source failed", "yellow"), " ", printable(line)), highlight=False)
    for line in summary.ingest.failures if summary.ingest is not None else ():
        err.print(Text.assemble(("skipped", "yellow"), " ", printable(line)), highlight=False)
