"""a member who leaves a formed circle is taken off its group message, and added again on rejoining

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-07 14:30:00
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('matching_circle_members', schema=None) as batch_op:
        batch_op.add_column(sa.Column('message_removals', sa.Integer(), server_default='0', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('matching_circle_members', schema=None) as batch_op:
        batch_op.drop_column('message_removals')
