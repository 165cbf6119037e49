"""Satisfaction ratings, one per ticket; statistics of closed days kept once computed
(issue 6: a year of events takes ~20 s to reduce); indexes for dossiers by time.

Revision ID: 0004_ratings
Revises: 0003_dossier_lifecycle
Create Date: 2026-11-26 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004_ratings'
down_revision = '0003_dossier_lifecycle'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('ticket_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('level', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=200), nullable=True),
    sa.Column('counter_no', sa.Integer(), nullable=True),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('rated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.ForeignKeyConstraint(['clerk_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['rated_by_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('ticket_id')
    )
    with op.batch_alter_table('ticket_ratings', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_ratings_office_day', ['office_id', 'day'], unique=False)

    op.create_table('stats_ticket_facts',
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('month', sa.Integer(), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('hour', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('counter_no', sa.Integer(), nullable=True),
    sa.Column('clerk_id', sa.Integer(), nullable=True),
    sa.Column('outcome', sa.String(length=10), nullable=False),
    sa.Column('called', sa.Boolean(), nullable=False),
    sa.Column('transferred', sa.Boolean(), nullable=False),
    sa.Column('waiting', sa.Float(), nullable=True),
    sa.Column('walk', sa.Float(), nullable=True),
    sa.Column('service', sa.Float(), nullable=True),
    sa.Column('on_site', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.PrimaryKeyConstraint('ticket_id')
    )
    with op.batch_alter_table('stats_ticket_facts', schema=None) as batch_op:
        batch_op.create_index('ix_stats_ticket_facts_office_day', ['office_id', 'day'],
                              unique=False)
    op.create_table('stats_counter_days',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('counter_no', sa.Integer(), nullable=False),
    sa.Column('idle_s', sa.Float(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.PrimaryKeyConstraint('office_id', 'day', 'counter_no')
    )
    op.create_table('stats_days',
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('tickets', sa.Integer(), nullable=False),
    sa.Column('computed_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.PrimaryKeyConstraint('office_id', 'day')
    )
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index('ix_dossiers_office_received', ['office_id', 'received_at'])
        batch_op.create_index('ix_dossiers_office_returned', ['office_id', 'returned_at'])
        batch_op.create_index('ix_dossiers_office_status_due', ['office_id', 'status', 'due_at'])


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_office_status_due')
        batch_op.drop_index('ix_dossiers_office_returned')
        batch_op.drop_index('ix_dossiers_office_received')
    op.drop_table('stats_days')
    op.drop_table('stats_counter_days')
    op.drop_table('stats_ticket_facts')
    op.drop_table('ticket_ratings')
