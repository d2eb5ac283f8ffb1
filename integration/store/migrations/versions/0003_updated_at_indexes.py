"""index updated_at of citizen_applications and skills_profile_texts

Matching's process index reads the rows changed since its last look before every circle; without
these indexes each look scans both tables (a row per member with a skills profile).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07 12:00:00
"""
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('citizen_applications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_applications_updated_at'), ['updated_at'], unique=False)
    with op.batch_alter_table('skills_profile_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skills_profile_texts_updated_at'), ['updated_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('skills_profile_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skills_profile_texts_updated_at'))
    with op.batch_alter_table('citizen_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citizen_applications_updated_at'))
