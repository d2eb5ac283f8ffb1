"""applications per programme, and the approvers' messages of each programme

Every application so far is the citizens programme's: the new column's server default says so. A
member may now apply to several programmes, one application each. The approvers' messages circleup
already sent (performed actions of batches `citizens:<member>:<step>:approvers`) are recorded as
the citizens programme's, so a `/approve` written in one of them still decides there.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-07 14:40:00
"""
import json

from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('citizen_applications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('programme', sa.String(length=30), server_default='citizens', nullable=False))
        batch_op.drop_constraint('uq_citizen_applications_member_id', type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_citizen_applications_member_id_programme'),
                                          ['member_id', 'programme'])
        batch_op.create_index(batch_op.f('ix_citizen_applications_programme'), ['programme'], unique=False)

    messages = op.create_table('citizen_approvers_messages',
    sa.Column('topic_id', sa.BigInteger(), autoincrement=False, nullable=False),
    sa.Column('programme', sa.String(length=30), server_default='citizens', nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('topic_id', name=op.f('pk_citizen_approvers_messages'))
    )
    _record_approvers_messages_sent(messages)


def _record_approvers_messages_sent(messages: sa.Table) -> None:
    actions = sa.table('actions', sa.column('batch', sa.String), sa.column('kind', sa.String),
                       sa.column('status', sa.String), sa.column('result', sa.JSON),
                       sa.column('done_at', sa.DateTime(timezone=True)))
    connection = op.get_bind()
    rows = connection.execute(sa.select(actions.c.result, actions.c.done_at).where(
        actions.c.batch.like('citizens:%:approvers'), actions.c.kind == 'private_message',
        actions.c.status == 'done'))
    seen = set()
    for result, done_at in rows:
        if isinstance(result, str):  # a JSON column read without its type's processing
            result = json.loads(result)
        topic_id = (result or {}).get('topic_id')
        if topic_id and int(topic_id) not in seen:
            seen.add(int(topic_id))
            connection.execute(messages.insert().values(topic_id=int(topic_id), programme='citizens',
                                                        created_at=done_at or sa.func.now()))


def downgrade() -> None:
    op.drop_table('citizen_approvers_messages')
    # Only the citizens programme's applications fit the one-application-per-member table.
    op.execute("DELETE FROM citizen_applications WHERE programme <> 'citizens'")
    with op.batch_alter_table('citizen_applications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citizen_applications_programme'))
        batch_op.drop_constraint(batch_op.f('uq_citizen_applications_member_id_programme'), type_='unique')
        batch_op.create_unique_constraint(batch_op.f('uq_citizen_applications_member_id'), ['member_id'])
        batch_op.drop_column('programme')
