"""`factionmap serve`: the map and the JSON API over one store, with uvicorn."""

from __future__ import annotations

import os
from typing import Annotated

import typer

from factionmap.cli.common import DbOption, err, fail, out
from factionmap.errors import FactionmapError

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_DEFAULT_WORKERS = 8


def default_workers() -> int:
    """One worker process per core, at most :data:`MAX_DEFAULT_WORKERS`: answers are CPU-bound Python, so
    threads in one process share one core (the GIL), and each worker holds its own snapshot of the map."""
    return max(1, min(os.cpu_count() or 1, MAX_DEFAULT_WORKERS))


def serve(
    host: Annotated[
        str, typer.Option(help="Interface to listen on (0.0.0.0 exposes the map to the network)")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on")] = 8000,
    db: DbOption = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, max=64, help="Server processes sharing the store (default: one per core, at most 8)"),
    ] = None,
) -> None:
    """Serve the interactive map and the JSON API (/api, schema at /openapi.json). Reads are open; ingest
    and review need FACTIONMAP_TOKEN set on the server and sent as 'Authorization: Bearer <token>'."""
    import uvicorn

    from factionmap.api import create_app
    from factionmap.settings import Settings

    settings = Settings() if db is None else Settings(db=db)
    try:
        app = create_app(settings)  # opens (and migrates) the store once, here, before any worker starts
    except FactionmapError as exc:
        fail(exc, 2)
    shown = f"[{host}]" if ":" in host else host
    count = workers or default_workers()
    out.print(
        f"factionmap: open http://{'127.0.0.1' if host == '0.0.0.0' else shown}:{port}/ for the map "
        f"(store: {app.state.engine.url.render_as_string(hide_password=True)}; {count} worker process"
        f"{'es' if count > 1 else ''})",
        highlight=False,
        soft_wrap=True,
    )
    if not settings.token:
        err.print(
            "read-only: FACTIONMAP_TOKEN is not set, so ingest and review through the web are refused", highlight=False
        )
    if host not in LOCAL_HOSTS:
        err.print(f"listening on {host}: anyone who can reach this port can read the store", highlight=False)
    if count == 1:
        from factionmap import heap

        heap.settle()  # the store, knowledge base and routes live as long as the server: out of the collector's way
        uvicorn.run(app, host=host, port=port, log_level="info", server_header=False)
        return
    app.state.engine.dispose()
    del app
    if db is not None:  # the worker processes read their settings from the environment
        os.environ["FACTIONMAP_DB"] = db
    # Each worker builds its own app (factionmap.api.app.worker_app) over the same store: the database
    # serialises their writes, and each keeps its own snapshot of the map, rebuilt when the store moves.
    uvicorn.run(
        "factionmap.api.app:worker_app",
        factory=True,
        workers=count,
        host=host,
        port=port,
        log_level="info",
        server_header=False,
    )
