"""replies in the citizen's language and the right agency: each procedure's English documents, fee and duration;
each inquiry's language and the candidates it was not offered; intents long enough for an agency's name; the seed
revision a catalogue has taken in

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 22:45:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.add_column(sa.Column("documents_en", _JSON, nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("fee_en", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("duration_en", sa.Text(), nullable=False, server_default=""))
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("lang", sa.String(length=2), nullable=False, server_default="th"))
        batch_op.add_column(sa.Column("alternatives", _JSON, nullable=False, server_default="[]"))
        batch_op.alter_column("intent", existing_type=sa.String(length=24), type_=sa.String(length=40))
        batch_op.create_index("ix_inquiries_lang", ["lang"], unique=False)
    with op.batch_alter_table("examples", schema=None) as batch_op:
        batch_op.alter_column("intent", existing_type=sa.String(length=32), type_=sa.String(length=40))
    with op.batch_alter_table("catalogue_state", schema=None) as batch_op:
        batch_op.add_column(sa.Column("seed_revision", sa.Integer(), nullable=False, server_default="1"))


def downgrade() -> None:
    # Before 0007 there were no agencies: their questions were "other_agency" (and an agency's label is too long for
    # the narrower columns).
    op.execute("UPDATE examples SET intent = 'other_agency' WHERE intent LIKE 'agency:%'")
    op.execute("UPDATE inquiries SET intent = 'other_agency' WHERE intent LIKE 'agency:%'")
    with op.batch_alter_table("catalogue_state", schema=None) as batch_op:
        batch_op.drop_column("seed_revision")
    with op.batch_alter_table("examples", schema=None) as batch_op:
        batch_op.alter_column("intent", existing_type=sa.String(length=40), type_=sa.String(length=32))
    with op.batch_alter_table("inquiries", schema=None) as batch_op:
        batch_op.drop_index("ix_inquiries_lang")
        batch_op.alter_column("intent", existing_type=sa.String(length=40), type_=sa.String(length=24))
        batch_op.drop_column("alternatives")
        batch_op.drop_column("lang")
    with op.batch_alter_table("procedures", schema=None) as batch_op:
        batch_op.drop_column("duration_en")
        batch_op.drop_column("fee_en")
        batch_op.drop_column("documents_en")
