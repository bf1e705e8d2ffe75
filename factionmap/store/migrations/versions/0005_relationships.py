"""relationships: the aggregated relationships, kept equal to what the claims add up to

A new table of what factionmap.graph.relationships.aggregate makes of the claims (one row per head, type
and tail after analysts' merges), maintained by every write from now on (factionmap.graph.maintained),
so the map and the exports need not aggregate every claim on each request. Filled here from the claims
already stored, pair batch by pair batch, in the migration's transaction.

This data migration uses today's aggregation and store code (tools/import_layers.py puts migrations above
``graph`` for that): if a later migration changes the claims table, the fill belongs after it instead.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "relationships",
        sa.Column("head_id", sa.String(length=64), nullable=False),
        sa.Column("type", sa.String(length=24), nullable=False),
        sa.Column("tail_id", sa.String(length=64), nullable=False),
        sa.Column("claim_count", sa.Integer(), nullable=False),
        sa.Column("asserted", sa.Integer(), nullable=False),
        sa.Column("negated", sa.Integer(), nullable=False),
        sa.Column("independent_sources", sa.Integer(), nullable=False),
        sa.Column("first_time", sa.String(length=10), nullable=True),
        sa.Column("last_time", sa.String(length=10), nullable=True),
        sa.Column("valid_from", sa.String(length=10), nullable=True),
        sa.Column("valid_to", sa.String(length=10), nullable=True),
        sa.Column("first_reported", sa.String(length=10), nullable=True),
        sa.Column("last_reported", sa.String(length=10), nullable=True),
        sa.Column("share_hedged", sa.Float(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("support", sa.Float(), nullable=False),
        sa.Column("denial", sa.Float(), nullable=False),
        sa.Column("accepted", sa.Integer(), nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("head_id", "type", "tail_id", name=op.f("pk_relationships")),
    )
    with op.batch_alter_table("relationships", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_relationships_head_id"), ["head_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_relationships_tail_id"), ["tail_id"], unique=False)
        batch_op.create_index("ix_relationships_rank", ["confidence", "independent_sources", "status"], unique=False)
        for column in ("valid_from", "valid_to", "last_time"):
            batch_op.create_index(batch_op.f(f"ix_relationships_{column}"), [column], unique=False)

    from factionmap.graph.maintained import rebuild

    rebuild(op.get_bind())


def downgrade() -> None:
    with op.batch_alter_table("relationships", schema=None) as batch_op:
        for column in ("valid_from", "valid_to", "last_time"):
            batch_op.drop_index(batch_op.f(f"ix_relationships_{column}"))
        batch_op.drop_index("ix_relationships_rank")
        batch_op.drop_index(batch_op.f("ix_relationships_tail_id"))
        batch_op.drop_index(batch_op.f("ix_relationships_head_id"))
    op.drop_table("relationships")
