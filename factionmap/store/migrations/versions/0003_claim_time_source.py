"""claims.time_source: where a claim's date comes from ("stated", "article" or "none")

A claim whose sentence gives no date used to be shown, bounded and compared by its article's date
exactly like one whose sentence states it. The origin is now stored with every claim. Older stores
need no re-extraction: ``claims.time`` has only ever held times read from the claim's own sentence,
so the origin follows from what is stored: a time is "stated"; no time but a document dated (published
or inferred, ``documents.time_anchor``) is "article"; neither is "none".

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.add_column(sa.Column("time_source", sa.String(length=8), nullable=True))
    op.execute(
        sa.text(
            "UPDATE claims SET time_source = CASE"
            " WHEN time IS NOT NULL THEN 'stated'"
            " WHEN EXISTS (SELECT 1 FROM documents d WHERE d.id = claims.document_id"
            "              AND (d.published IS NOT NULL OR d.time_anchor IS NOT NULL)) THEN 'article'"
            " ELSE 'none' END"
        )
    )
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.alter_column("time_source", existing_type=sa.String(length=8), nullable=False)


def downgrade() -> None:
    with op.batch_alter_table("claims", schema=None) as batch_op:
        batch_op.drop_column("time_source")
