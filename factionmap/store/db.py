"""Opening a store, and every difference between SQLite and PostgreSQL, in this one module.

The embedded default is a SQLite file (``factionmap.db`` in the working folder, or ``FACTIONMAP_DB``);
a server store is any ``postgresql+psycopg://`` URL. Opening a store brings its schema to the newest
migration, so a store made by an older release is upgraded in place, never rebuilt.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from sqlalchemy import Connection, Engine, any_, create_engine, event, insert, literal
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError

from factionmap.errors import StoreError

DEFAULT_DB_FILE = "factionmap.db"
ENV_VAR = "FACTIONMAP_DB"
INSERT_CHUNK = 5_000  # rows per executemany: large enough to amortise, small enough for SQLite's limits
MAX_ROW_ID = 2**63 - 1  # integer ids are 64-bit on both dialects; a larger number cannot be an id and
# would overflow the database driver (OverflowError on SQLite, NumericValueOutOfRange on PostgreSQL)
SQLITE_IN_CHUNK = 2_000  # values per IN (...) on SQLite: under its 32,766 bound variables, few round trips


def database_url(db: str | None = None) -> str:
    """A SQLAlchemy URL from ``--db`` (URL or file path), else ``FACTIONMAP_DB``, else ./factionmap.db."""
    value = db or os.environ.get(ENV_VAR) or DEFAULT_DB_FILE
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def make_engine(url: str) -> Engine:
    """An engine with the pragmas and pool each dialect needs."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r} — use a file path or postgresql+psycopg://user@host/db") from exc
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True)
    raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers (the web app) run while a long ingest writes; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute("PRAGMA busy_timeout = 30000")
    cursor.close()


def is_sqlite(conn: Connection | Engine) -> bool:
    return conn.dialect.name == "sqlite"


def one_of(conn: Connection | Engine, column, values: Iterable) -> list:
    """``column IN values`` as the fewest conditions the dialect allows; OR them, or run one query each.

    PostgreSQL takes the whole list as one array parameter (``column = ANY(:array)``): a long IN list
    binds and plans a parameter per value, three times slower for the 1,500 documents of a busy pair.
    SQLite has no arrays and a bound on variables, so it gets IN lists of :data:`SQLITE_IN_CHUNK`."""
    values = sorted(set(values))
    if not values:
        return []
    if not is_sqlite(conn):
        return [column == any_(literal(values, type_=ARRAY(column.type)))]
    return [column.in_(values[i:i + SQLITE_IN_CHUNK]) for i in range(0, len(values), SQLITE_IN_CHUNK)]


def migrate(engine: Engine, revision: str = "head") -> None:
    """Bring the schema to the newest numbered migration (Alembic), creating it in an empty database.
    ``revision``: stop at an older one (tests of the upgrade path)."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(resources.files("factionmap.store") / "migrations"))
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, revision)
    except OperationalError as exc:
        raise StoreError(f"cannot open the store at {engine.url.render_as_string(hide_password=True)}: "
                         f"{exc.orig} — check the path or URL and that the server is running") from exc


def is_row_id(value: int) -> bool:
    """Whether ``value`` can be a stored integer id: check before it reaches SQL (see MAX_ROW_ID)."""
    return 0 <= value <= MAX_ROW_ID


def bulk_insert(conn: Connection, table, rows: Iterable[dict]) -> int:
    """Insert rows in chunks (executemany); returns how many."""
    count = 0
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= INSERT_CHUNK:
            conn.execute(insert(table), chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        conn.execute(insert(table), chunk)
        count += len(chunk)
    return count


def insert_ignore(conn: Connection, table, rows: Sequence[dict], keys: Sequence[str]) -> None:
    """Insert rows, skipping those whose ``keys`` already exist (ON CONFLICT DO NOTHING on both dialects)."""
    if not rows:
        return
    if is_sqlite(conn):
        from sqlalchemy.dialects.sqlite import insert as dialect_insert
    else:
        from sqlalchemy.dialects.postgresql import insert as dialect_insert
    for start in range(0, len(rows), INSERT_CHUNK):
        stmt = dialect_insert(table).on_conflict_do_nothing(index_elements=list(keys))
        conn.execute(stmt, list(rows[start:start + INSERT_CHUNK]))


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One unit of work: committed when the block ends, rolled back (store untouched) if it raises."""
    with engine.begin() as conn:
        yield conn
