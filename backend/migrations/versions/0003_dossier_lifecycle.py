"""Dossier lifecycle: status history, result return, delivery address; supplement requests
and refusals with their daily numbers; calendar overrides and office hours; procedures'
legal basis. Existing dossiers get their "received" history step.

Revision ID: 0003_dossier_lifecycle
Revises: 0002_queue
Create Date: 2026-11-26 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003_dossier_lifecycle'
down_revision = '0002_queue'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.add_column(sa.Column('legal_basis', sa.Text(), nullable=True))

    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('office_hours', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('calendar_version', sa.Integer(), nullable=False,
                                      server_default='0'))

    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('delivery_address', sa.String(length=300), nullable=True))
        batch_op.add_column(sa.Column('returned_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('returned_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('return_info', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('return_key', sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column('return_hash', sa.String(length=64), nullable=True))
        batch_op.create_foreign_key('fk_dossiers_returned_by_id_users', 'users',
                                    ['returned_by_id'], ['id'])

    op.create_table('dossier_history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=100), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('dossier_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_history_dossier_id'), ['dossier_id'],
                              unique=False)

    op.create_table('form_sequences',
    sa.Column('kind', sa.String(length=2), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.PrimaryKeyConstraint('kind', 'office_id', 'day')
    )
    op.create_table('form_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=2), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('procedure_code', sa.String(length=40), nullable=False),
    sa.Column('applicant', sa.JSON(), nullable=False),
    sa.Column('missing', sa.JSON(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('contact', sa.JSON(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('idempotency_key', sa.String(length=100), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.ForeignKeyConstraint(['procedure_code'], ['procedures.code'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('office_id', 'idempotency_key'),
    sa.UniqueConstraint('office_id', 'number')
    )
    with op.batch_alter_table('form_records', schema=None) as batch_op:
        batch_op.create_index('ix_form_records_office_day', ['office_id', 'day', 'kind'],
                              unique=False)

    op.create_table('calendar_overrides',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('office_id', 'day')
    )

    # Dossiers received before this revision: their first step, so every timeline starts.
    op.execute("INSERT INTO dossier_history (dossier_id, status, at, user_id) "
               "SELECT id, 'received', received_at, received_by_id FROM dossiers")


def downgrade() -> None:
    op.drop_table('calendar_overrides')
    op.drop_table('form_records')
    op.drop_table('form_sequences')
    op.drop_table('dossier_history')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_constraint('fk_dossiers_returned_by_id_users', type_='foreignkey')
        for column in ('return_hash', 'return_key', 'return_info', 'returned_by_id',
                       'returned_at', 'delivery_address'):
            batch_op.drop_column(column)
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('calendar_version')
        batch_op.drop_column('office_hours')
    with op.batch_alter_table('procedures', schema=None) as batch_op:
        batch_op.drop_column('legal_basis')
