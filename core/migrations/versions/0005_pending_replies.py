"""pending replies survive a crash: inquiries.reply_token and reply_owner, and a heartbeat table of workers

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 20:30:00
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
        "workers",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("beat_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_workers")),
    )
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_workers_beat_at"), ["beat_at"], unique=False)
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reply_token", sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column("reply_owner", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_inquiries_reply_status"), ["reply_status"], unique=False)
    # Replies left pending by an older version can no longer be sent: their tokens were never kept.
    op.execute("UPDATE inquiries SET reply_status = 'expired' WHERE reply_status = 'pending'")


def downgrade() -> None:
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inquiries_reply_status"))
        batch_op.drop_column("reply_owner")
        batch_op.drop_column("reply_token")
    with op.batch_alter_table("workers", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_workers_beat_at"))
    op.drop_table("workers")
