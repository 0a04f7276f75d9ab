"""one verdict and one rating per inquiry (followups.slot, unique with the inquiry); inquiries.received_day

A repeated tap on "yes", "not what I asked" or a rating no longer adds a row: the database refuses a second verdict
or rating for the same inquiry and the first one stands. Rows stored twice before this revision are removed here,
keeping the first of each. ``received_day`` is the Bangkok calendar day of ``received_at`` (UTC+7, no daylight
saving), so figures are grouped by day in the database.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    for kinds in ("('helpful', 'not_helpful')", "('rating')"):
        op.execute(
            f"DELETE FROM followups WHERE kind IN {kinds} AND id NOT IN "
            f"(SELECT MIN(id) FROM followups WHERE kind IN {kinds} GROUP BY inquiry_id)"
        )
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.add_column(sa.Column("slot", sa.String(length=8), nullable=True))
    op.execute(
        "UPDATE followups SET slot = CASE WHEN kind IN ('helpful', 'not_helpful') THEN 'verdict' "
        "WHEN kind = 'rating' THEN 'rating' END"
    )
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.create_unique_constraint("uq_followups_inquiry_id_slot", ["inquiry_id", "slot"])
        batch_op.create_check_constraint(
            "slot_of_kind",
            "COALESCE(slot, '') = CASE kind WHEN 'helpful' THEN 'verdict' WHEN 'not_helpful' THEN 'verdict'"
            " WHEN 'rating' THEN 'rating' ELSE '' END",
        )

    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("received_day", sa.Date(), nullable=True))
    if bind.dialect.name == "postgresql":
        op.execute("UPDATE inquiries SET received_day = (received_at AT TIME ZONE 'Asia/Bangkok')::date")
    else:  # SQLite keeps naive UTC
        op.execute("UPDATE inquiries SET received_day = date(received_at, '+7 hours')")
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.alter_column("received_day", existing_type=sa.Date(), nullable=False)
        batch_op.create_index(batch_op.f("ix_inquiries_received_day"), ["received_day"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inquiries_received_day"))
        batch_op.drop_column("received_day")
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.drop_constraint("ck_followups_slot_of_kind", type_="check")
        batch_op.drop_constraint("uq_followups_inquiry_id_slot", type_="unique")
        batch_op.drop_column("slot")
