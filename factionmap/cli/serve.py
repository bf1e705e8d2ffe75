"""`factionmap serve`: the map and the JSON API over one store, with uvicorn.

Logging: uvicorn's own access log is off; the app writes its own (factionmap.api.middleware.AccessLog: client,
method, path, query parameter names, status, milliseconds) to the ``factionmap.access`` logger. ``--log-level``
sets uvicorn's level and factionmap's, through one logging configuration that each worker process applies.
"""

from __future__ import annotations

import copy
import os
from enum import StrEnum
from typing import Annotated, Any

import typer

from factionmap.cli.common import DbOption, err, fail, out
from factionmap.errors import FactionmapError

LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
MAX_DEFAULT_WORKERS = 8
# asctime: the access lines of a shared server are read later, next to the proxy's log
LOG_FORMAT = "%(asctime)s %(levelprefix)s %(name)s: %(message)s"


class LogLevel(StrEnum):
    """The levels ``--log-level`` offers (uvicorn's names, lower case)."""

    debug = "debug"
    info = "info"
    warning = "warning"
    error = "error"


def log_config(level: str) -> dict[str, Any]:
    """uvicorn's logging configuration with factionmap's loggers added at ``level``: the access lines to
    stdout (as uvicorn's own would go), every other factionmap message to stderr. uvicorn applies it in each
    worker process, so the multi-process server logs like the single one."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config["formatters"]["factionmap"] = {"()": "uvicorn.logging.DefaultFormatter", "fmt": LOG_FORMAT}
    config["handlers"]["factionmap"] = {
        "formatter": "factionmap",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stderr",
    }
    config["handlers"]["factionmap.access"] = {
        "formatter": "factionmap",
        "class": "logging.StreamHandler",
        "stream": "ext://sys.stdout",
    }
    config["loggers"]["factionmap"] = {"handlers": ["factionmap"], "level": level.upper(), "propagate": False}
    config["loggers"]["factionmap.access"] = {
        "handlers": ["factionmap.access"],
        "level": level.upper(),
        "propagate": False,
    }
    return config


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
    log_level: Annotated[
        LogLevel,
        typer.Option(
            case_sensitive=False,
            help="Log level: debug, info, warning or error; at info one access line per request (client, method,"
            " path, status, ms), at debug health checks too",
        ),
    ] = LogLevel.info,
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
    level = log_level.value
    # the app's own access log replaces uvicorn's (which has no duration and writes query values)
    logging_options: dict[str, Any] = {"log_level": level, "log_config": log_config(level), "access_log": False}
    if count == 1:
        from factionmap import heap

        heap.settle()  # the store, knowledge base and routes live as long as the server: out of the collector's way
        uvicorn.run(app, host=host, port=port, server_header=False, **logging_options)
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
        server_header=False,
        **logging_options,
    )
