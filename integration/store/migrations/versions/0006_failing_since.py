"""events and actions remember when their current run of failures began

Transient errors are retried for a time (worker.retry_for_s) rather than a number of attempts.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07 11:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failing_since', sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failing_since', sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_column('failing_since')
    with op.batch_alter_table('events', schema=None) as batch_op:
        batch_op.drop_column('failing_since')
