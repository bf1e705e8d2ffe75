"""Opening a store, and every difference between SQLite and PostgreSQL, in this one module.

The embedded default is a SQLite file (``factionmap.db`` in the working folder, or ``FACTIONMAP_DB``);
a server store is any ``postgresql+psycopg://`` URL. Opening a store brings its schema to the newest
migration, so a store made by an older release is upgraded in place, never rebuilt.
"""

from __future__ import annotations

import functools
import zlib
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from importlib import resources

from sqlalchemy import Connection, Engine, any_, create_engine, event, func, insert, literal, select
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError

from factionmap.errors import StoreError
from factionmap.settings import DEFAULT_DB_FILE as DEFAULT_DB_FILE  # the URL rule lives in settings (lower layer)
from factionmap.settings import ENV_VAR as ENV_VAR
from factionmap.settings import database_url as database_url

INSERT_CHUNK = 5_000  # rows per executemany: large enough to amortise, small enough for SQLite's limits
MAX_ROW_ID = 2**63 - 1  # integer ids are 64-bit on both dialects; a larger number cannot be an id and
# would overflow the database driver (OverflowError on SQLite, NumericValueOutOfRange on PostgreSQL)
SQLITE_BUSY_TIMEOUT_MS = 30_000  # how long a SQLite writer waits for another's lock before giving up
LOCK_SQLSTATES = {"40P01": "deadlock", "55P03": "lock timeout", "57014": "statement timeout"}  # PostgreSQL
SQLITE_IN_CHUNK = 2_000  # values per IN (...) on SQLite: under its 32,766 bound variables, few round trips


def make_engine(url: str) -> Engine:
    """An engine with the pragmas and pool each dialect needs."""
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"not a database URL: {url!r} — use a file path or postgresql+psycopg://user@host/db") from exc
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(url)
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "handle_error", _lock_timeout)
        return engine
    if parsed.get_backend_name() == "postgresql":
        engine = create_engine(url, pool_pre_ping=True)
        event.listen(engine, "handle_error", _lock_timeout)
        return engine
    raise StoreError(f"unsupported database {parsed.get_backend_name()!r}: use SQLite or PostgreSQL")


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """WAL lets readers (the web app) run while a long ingest writes; foreign keys are off by default."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = NORMAL")
    cursor.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_MS)}")
    cursor.close()


def _lock_timeout(context) -> None:
    """Another writer held the store too long (SQLite's busy timeout ran out) or two writers deadlocked
    (PostgreSQL): one line saying so and what to do, never a driver traceback. Other errors pass."""
    orig = context.original_exception
    message = str(orig).splitlines()[0] if str(orig) else type(orig).__name__
    sqlstate = getattr(orig, "sqlstate", None)
    if "database is locked" in message or "database table is locked" in message:
        why = (
            f"another process kept the store locked for more than {SQLITE_BUSY_TIMEOUT_MS / 1000:g} s "
            "(an ingest, a review decision or a long read)"
        )
    elif sqlstate in LOCK_SQLSTATES:
        why = f"another writer holds what this change needs ({LOCK_SQLSTATES[sqlstate]})"
    else:
        return
    raise StoreError(
        f"the store is busy: {why}; nothing of this change was written — try again when the "
        f"other writer has finished ({message})"
    ) from orig


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
    return [column.in_(values[i : i + SQLITE_IN_CHUNK]) for i in range(0, len(values), SQLITE_IN_CHUNK)]


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
        raise StoreError(
            f"cannot open the store at {engine.url.render_as_string(hide_password=True)}: "
            f"{exc.orig} — check the path or URL and that the server is running"
        ) from exc


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
    from sqlalchemy.dialects import postgresql, sqlite

    dialect_insert = sqlite.insert if is_sqlite(conn) else postgresql.insert
    # In key order: two transactions inserting overlapping rows then wait for each other in one order and
    # cannot deadlock (PostgreSQL locks each conflicting key until the inserting transaction ends).
    rows = sorted(rows, key=lambda row: tuple(row[k] for k in keys))
    for start in range(0, len(rows), INSERT_CHUNK):
        stmt = dialect_insert(table).on_conflict_do_nothing(index_elements=list(keys))
        conn.execute(stmt, list(rows[start : start + INSERT_CHUNK]))


def serialize(conn: Connection, name: str) -> None:
    """Make this transaction the only one of its kind (``name``) at a time, until it ends, on both dialects.

    For read-check-write transactions (review decisions) whose check must see every earlier write: on
    PostgreSQL a transaction-scoped advisory lock; on SQLite the write lock taken now (BEGIN IMMEDIATE)
    rather than at the first write, so the reads are inside the transaction (the driver starts it lazily)."""
    if is_sqlite(conn):
        dbapi = conn.connection.dbapi_connection
        if dbapi is not None and not dbapi.in_transaction:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        return
    conn.execute(select(func.pg_advisory_xact_lock(zlib.crc32(name.encode()))))


@contextmanager
def transaction(engine: Engine) -> Iterator[Connection]:
    """One unit of work: committed when the block ends, rolled back (store untouched) if it raises."""
    with engine.begin() as conn:
        yield conn


@functools.cache
def migration_revisions() -> tuple[frozenset[str], frozenset[str]]:
    """(the heads, every revision) of the migration scripts shipped with this package, read once per process
    from the scripts themselves (Alembic's ScriptDirectory), so a newly added migration is the head at once."""
    from alembic.script import ScriptDirectory

    scripts = ScriptDirectory(str(resources.files("factionmap.store") / "migrations"))
    return frozenset(scripts.get_heads()), frozenset(s.revision for s in scripts.walk_revisions())


def store_revisions(engine: Engine) -> frozenset[str]:
    """The migration revision(s) the store is at (empty for an empty database): one connection, one read of
    Alembic's version table, cheap enough for a health check. Raises StoreError when the store does not answer."""
    from alembic.runtime.migration import MigrationContext

    try:
        with engine.connect() as conn:
            return frozenset(MigrationContext.configure(conn).get_current_heads())
    except SQLAlchemyError as exc:
        reason = (str(getattr(exc, "orig", None) or exc).splitlines() or [type(exc).__name__])[0]
        where = engine.url.render_as_string(hide_password=True)
        raise StoreError(f"the store at {where} does not answer: {reason}") from exc
