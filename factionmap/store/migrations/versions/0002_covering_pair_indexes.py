"""covering pair indexes: (head, tail) and (tail, head) also carry type and negated

Walking the network (reader.neighbours: "which actors does X have claims with, places aside") and
counting claims per link (reader.link_counts) filter on type and negated. With the old two-column
indexes every matching claim cost a table read for those two values: 27 ms for an actor with 4,500
claims on PostgreSQL, 40 ms on SQLite. With them in the index the same queries read the index only
(1.4 ms on both; bench/relation_latency.py). The pair lookups use the indexes' first two columns, as
before.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_claims_head_id_tail_id_type_negated"),
            ["head_id", "tail_id", "type", "negated"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_claims_tail_id_head_id_type_negated"),
            ["tail_id", "head_id", "type", "negated"],
            unique=False,
        )
        batch_op.drop_index(batch_op.f("ix_claims_head_id_tail_id"))
        batch_op.drop_index(batch_op.f("ix_claims_tail_id_head_id"))


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_claims_head_id_tail_id"), ["head_id", "tail_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_claims_tail_id_head_id"), ["tail_id", "head_id"], unique=False)
        batch_op.drop_index(batch_op.f("ix_claims_head_id_tail_id_type_negated"))
        batch_op.drop_index(batch_op.f("ix_claims_tail_id_head_id_type_negated"))
