"""store/db.py's dialect differences, on SQLite and PostgreSQL: long id lists, revisions to migrate to."""

from __future__ import annotations

from sqlalchemy import func, select

from factionmap.store import schema as t
from factionmap.store.db import SQLITE_IN_CHUNK, bulk_insert, is_sqlite, one_of


def test_one_of_selects_exactly_the_listed_rows_however_long_the_list(engine):
    n = SQLITE_IN_CHUNK * 2 + 7  # more than one SQLite chunk, a remainder too
    with engine.begin() as conn:
        bulk_insert(
            conn,
            t.actors,
            (
                {"id": f"a{i:05d}", "name": f"A {i}", "type": "ARMED_GROUP", "provisional": False}
                for i in range(n + 100)
            ),
        )
        wanted = [*(f"a{i:05d}" for i in range(n)), "a00000", "no_such_actor"]  # a repeat, a miss
        conditions = one_of(conn, t.actors.c.id, wanted)
        assert len(conditions) == (3 if is_sqlite(conn) else 1)  # PostgreSQL: one array parameter
        found = [r for condition in conditions for r in conn.execute(select(t.actors.c.id).where(condition)).scalars()]
        assert sorted(found) == [f"a{i:05d}" for i in range(n)]
        assert one_of(conn, t.actors.c.id, []) == []
        total = conn.execute(select(func.count()).select_from(t.actors).where(*one_of(conn, t.actors.c.id, ["a00001"])))
        assert total.scalar_one() == 1
