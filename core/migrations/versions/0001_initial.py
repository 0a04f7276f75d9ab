"""initial schema: catalogue, inquiries, follow-ups, office counts

Revision ID: 0001
Revises:
Create Date: 2026-11-26 06:35:01.229218
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "catalogue_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("seeded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalogue_state")),
    )
    op.create_table(
        "office_counts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("count >= 0", name=op.f("ck_office_counts_count_not_negative")),
        sa.CheckConstraint("period_end >= period_start", name=op.f("ck_office_counts_period_order")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_office_counts")),
    )
    op.create_table(
        "procedures",
        sa.Column("id", sa.String(length=80), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title_th", sa.Text(), nullable=False),
        sa.Column("title_en", sa.Text(), nullable=False),
        sa.Column("department_th", sa.Text(), nullable=False),
        sa.Column("department_en", sa.Text(), nullable=False),
        sa.Column(
            "aliases_th", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column(
            "documents_th",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("fee_th", sa.Text(), nullable=False),
        sa.Column("duration_th", sa.Text(), nullable=False),
        sa.Column("clip_url", sa.Text(), nullable=False),
        sa.Column("manual_url", sa.Text(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_procedures")),
    )
    op.create_table(
        "vocabulary_entries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("term", sa.Text(), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_vocabulary_entries")),
        sa.UniqueConstraint("kind", "term", "value", name="uq_vocabulary_entries_kind_term_value"),
    )
    op.create_table(
        "examples",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("procedure_id", sa.String(length=80), nullable=True),
        sa.Column("intent", sa.String(length=32), nullable=True),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("(procedure_id IS NULL) <> (intent IS NULL)", name=op.f("ck_examples_one_label")),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedures.id"], name=op.f("fk_examples_procedure_id_procedures")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_examples")),
    )
    with op.batch_alter_table("examples", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_examples_procedure_id"), ["procedure_id"], unique=False)

    op.create_table(
        "inquiries",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("user_key", sa.String(length=64), nullable=True),
        sa.Column("source_type", sa.String(length=8), nullable=True),
        sa.Column("text", sa.Text(), nullable=True),
        sa.Column("normalised_text", sa.Text(), nullable=True),
        sa.Column("text_purged", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("decision", sa.String(length=8), nullable=False),
        sa.Column("intent", sa.String(length=24), nullable=False),
        sa.Column(
            "matches", sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"), nullable=False
        ),
        sa.Column("procedure_id", sa.String(length=80), nullable=True),
        sa.Column("webhook_event_id", sa.String(length=64), nullable=True),
        sa.Column("reply_status", sa.String(length=16), nullable=False),
        sa.Column("reply_error", sa.Text(), nullable=True),
        sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedures.id"], name=op.f("fk_inquiries_procedure_id_procedures")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inquiries")),
        sa.UniqueConstraint("webhook_event_id", name=op.f("uq_inquiries_webhook_event_id")),
    )
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_inquiries_channel"), ["channel"], unique=False)
        batch_op.create_index(batch_op.f("ix_inquiries_decision"), ["decision"], unique=False)
        batch_op.create_index(batch_op.f("ix_inquiries_procedure_id"), ["procedure_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inquiries_received_at"), ["received_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_inquiries_user_key"), ["user_key"], unique=False)

    op.create_table(
        "followups",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), autoincrement=True, nullable=False),
        sa.Column("inquiry_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("procedure_id", sa.String(length=80), nullable=True),
        sa.Column("rating", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("webhook_event_id", sa.String(length=64), nullable=True),
        sa.CheckConstraint(
            "kind IN ('helpful', 'not_helpful', 'chose', 'rating')", name=op.f("ck_followups_kind_known")
        ),
        sa.CheckConstraint("rating IS NULL OR (rating >= 1 AND rating <= 5)", name=op.f("ck_followups_rating_range")),
        sa.ForeignKeyConstraint(
            ["inquiry_id"], ["inquiries.id"], name=op.f("fk_followups_inquiry_id_inquiries"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(["procedure_id"], ["procedures.id"], name=op.f("fk_followups_procedure_id_procedures")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_followups")),
        sa.UniqueConstraint("webhook_event_id", name=op.f("uq_followups_webhook_event_id")),
    )
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_followups_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_followups_inquiry_id"), ["inquiry_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("followups", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_followups_inquiry_id"))
        batch_op.drop_index(batch_op.f("ix_followups_created_at"))

    op.drop_table("followups")
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inquiries_user_key"))
        batch_op.drop_index(batch_op.f("ix_inquiries_received_at"))
        batch_op.drop_index(batch_op.f("ix_inquiries_procedure_id"))
        batch_op.drop_index(batch_op.f("ix_inquiries_decision"))
        batch_op.drop_index(batch_op.f("ix_inquiries_channel"))

    op.drop_table("inquiries")
    with op.batch_alter_table("examples", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_examples_procedure_id"))

    op.drop_table("examples")
    op.drop_table("vocabulary_entries")
    op.drop_table("procedures")
    op.drop_table("office_counts")
    op.drop_table("catalogue_state")
