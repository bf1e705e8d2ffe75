"""A throwaway PostgreSQL cluster from the machine's own binaries, for the store tests and benchmarks.

The store must pass the same tests on PostgreSQL as on SQLite, on a fresh machine with no server
running and no Docker. So the tests start a private cluster: ``initdb`` into a temporary folder, the
server listening only on a unix socket inside that folder (no TCP, nothing to collide with), ``pg_ctl
-w start``, and at the end ``pg_ctl stop`` and the folder removed, even when the tests fail.

``initdb`` refuses to run as root, so as root the server binaries run as the ``postgres`` user (the
Debian package creates it) and the folder is handed to that user. Durability is switched off (fsync,
synchronous commit, full-page writes): the data lives for one test session only.

Nothing here is imported by the application; only tests and ``bench/`` use it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import create_engine, text

from factionmap.errors import StoreError

SUPERUSER = "postgres"
SERVER_USER_WHEN_ROOT = "postgres"  # the system user Debian's postgresql package creates
START_TIMEOUT_S = 30  # pg_ctl -w waits this long; a cold start here takes ~1 s
BIN_GLOBS = ("/usr/lib/postgresql/*/bin", "/usr/local/pgsql/bin", "/opt/homebrew/opt/postgresql*/bin")
# Settings for a disposable cluster: no durability, no TCP, little memory.
SERVER_OPTIONS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off "
    "-c listen_addresses= -c max_connections=60 -c shared_buffers=64MB"
)


@dataclass(frozen=True, slots=True)
class Cluster:
    """A running throwaway cluster: make databases in it and get their SQLAlchemy URLs."""

    bindir: Path
    root: Path  # the temporary folder: data/, the socket and the server log
    port: int

    @property
    def socket_dir(self) -> Path:
        return self.root

    def url(self, dbname: str = "postgres", schema: str | None = None) -> str:
        """The database's URL; with ``schema``, connections use that schema (search_path) for everything."""
        url = f"postgresql+psycopg://{SUPERUSER}@/{dbname}?host={self.socket_dir}&port={self.port}"
        return f"{url}&options=-csearch_path%3D{schema}" if schema else url

    def create_database(self, name: str, template: str = "template1") -> str:
        """A new empty database (a copy of ``template``); returns its URL."""
        _execute(self.url(), f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return self.url(name)

    def create_schema(self, dbname: str, schema: str) -> str:
        """A new empty schema in an existing database; returns a URL whose connections work inside it.

        Much cheaper than a database (~5 ms against ~300 ms for CREATE DATABASE, which copies a
        template), so tests that each want an empty store get one this way."""
        _execute(self.url(dbname), f'CREATE SCHEMA "{schema}"')
        return self.url(dbname, schema)

    def drop_database(self, name: str) -> None:
        _execute(self.url(), f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _execute(url: str, sql: str) -> None:
    """Run one statement outside a transaction (CREATE/DROP DATABASE need that)."""
    engine = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.execute(text(sql))
    finally:
        engine.dispose()


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: on PATH, else the newest of the usual install places."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    found = sorted(
        (Path(p) for pattern in BIN_GLOBS for p in glob.glob(pattern)), key=lambda p: _version_key(p), reverse=True
    )
    return next((p for p in found if (p / "initdb").exists() and (p / "pg_ctl").exists()), None)


def _version_key(path: Path) -> tuple[int, ...]:
    digits = [part for part in path.parts if part.isdigit()]
    return tuple(int(d) for d in digits) or (0,)


def free_port() -> int:
    """A port no one listens on; it only names the socket file, but a free one avoids surprises."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _as_server_user(cmd: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return cmd
    try:
        pwd.getpwnam(SERVER_USER_WHEN_ROOT)
    except KeyError:
        raise StoreError(
            f"running as root and there is no {SERVER_USER_WHEN_ROOT!r} user to run PostgreSQL "
            "as — install Debian's postgresql package or run as another user"
        ) from None
    return ["runuser", "-u", SERVER_USER_WHEN_ROOT, "--", *cmd]


def _run(cmd: list[str], what: str, log: Path | None = None) -> None:
    done = subprocess.run(_as_server_user(cmd), capture_output=True, text=True, check=False)
    if done.returncode != 0:
        detail = done.stderr.strip() or done.stdout.strip()
        if log is not None and log.exists():
            detail += "\n" + log.read_text(errors="replace")[-2000:]
        raise StoreError(f"PostgreSQL {what} failed: {detail}")


def start(bindir: Path) -> Cluster:
    """initdb a temporary folder and start a server on a unix socket inside it."""
    root = Path(tempfile.mkdtemp(prefix="fm-pg-"))
    if os.geteuid() == 0:
        shutil.chown(root, SERVER_USER_WHEN_ROOT)
    cluster = Cluster(bindir, root, free_port())
    try:
        _run(
            [
                str(bindir / "initdb"),
                "-D",
                str(root / "data"),
                "-U",
                SUPERUSER,
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ],
            "initdb",
        )
        _run(
            [
                str(bindir / "pg_ctl"),
                "-D",
                str(root / "data"),
                "-l",
                str(root / "server.log"),
                "-w",
                "-t",
                str(START_TIMEOUT_S),
                "-o",
                f"-k {root} -p {cluster.port} {SERVER_OPTIONS}",
                "start",
            ],
            "start",
            root / "server.log",
        )
    except BaseException:
        shutil.rmtree(root, ignore_errors=True)
        raise
    return cluster


def stop(cluster: Cluster) -> None:
    """Stop the server (fast, it holds nothing worth keeping) and remove its folder."""
    try:
        _run(
            [str(cluster.bindir / "pg_ctl"), "-D", str(cluster.root / "data"), "-m", "immediate", "-w", "stop"], "stop"
        )
    finally:
        shutil.rmtree(cluster.root, ignore_errors=True)


@contextmanager
def throwaway_cluster(bindir: Path | None = None) -> Iterator[Cluster]:
    """A running cluster for the length of the block; stopped and removed however the block ends."""
    bindir = bindir or find_bindir()
    if bindir is None:
        raise StoreError(
            "no PostgreSQL server binaries (initdb, pg_ctl) found on PATH or under "
            "/usr/lib/postgresql — install them, e.g. `apt-get install postgresql`"
        )
    cluster = start(bindir)
    try:
        yield cluster
    finally:
        stop(cluster)
