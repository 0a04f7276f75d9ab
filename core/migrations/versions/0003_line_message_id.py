"""inquiries.line_message_id: the LINE message an inquiry came from, so an unsent message's text can be deleted

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-26 07:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("line_message_id", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_inquiries_line_message_id"), ["line_message_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inquiries_line_message_id"))
        batch_op.drop_column("line_message_id")
