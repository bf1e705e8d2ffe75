"""watch_sources and watch_seen: the state `factionmap watch` resumes from

Two new tables, nothing else changes: each followed feed or sitemap's polling state (conditional-GET
validators, next due time, failures for the back-off), and every article URL already dealt with, so a
restarted watcher fetches none twice.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watch_sources",
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("etag", sa.Text(), nullable=True),
        sa.Column("last_modified", sa.Text(), nullable=True),
        sa.Column("last_polled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("next_poll_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failures", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_watch_sources")),
    )
    op.create_table(
        "watch_seen",
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("source_url", sa.String(length=2000), nullable=False),
        sa.Column("first_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=20), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("url", name=op.f("pk_watch_seen")),
    )
    with op.batch_alter_table("watch_seen", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_watch_seen_source_url"), ["source_url"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("watch_seen", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_watch_seen_source_url"))
    op.drop_table("watch_seen")
    op.drop_table("watch_sources")
