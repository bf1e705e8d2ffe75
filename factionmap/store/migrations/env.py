"""Alembic environment: runs on the connection db.migrate hands over (no alembic.ini needed)."""

from __future__ import annotations

from alembic import context

from factionmap.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - only `alembic` on the command line gets here
    raise SystemExit("run migrations through factionmap.store.db.migrate(engine)")

context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
