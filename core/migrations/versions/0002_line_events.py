"""line events: follows, unfollows, postbacks and other non-question events, deduplicated by event id

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 06:55:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "line_events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_key", sa.String(length=64), nullable=True),
        sa.Column("source_type", sa.String(length=8), nullable=True),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("webhook_event_id", sa.String(length=64), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_line_events")),
        sa.UniqueConstraint("webhook_event_id", name=op.f("uq_line_events_webhook_event_id")),
    )
    with op.batch_alter_table("line_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_line_events_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_line_events_received_at"), ["received_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("line_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_line_events_received_at"))
        batch_op.drop_index(batch_op.f("ix_line_events_kind"))
    op.drop_table("line_events")
