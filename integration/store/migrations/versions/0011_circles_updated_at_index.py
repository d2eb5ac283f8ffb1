"""index updated_at of matching_circles

Matching's fairness and load counts, kept in the worker process, read the circles changed since
their last look before every circle; without this index each look scans every circle ever proposed.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-07 17:15:00
"""
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('matching_circles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_matching_circles_updated_at'), ['updated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('matching_circles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_matching_circles_updated_at'))
