"""Queue: services, counter state and services, tickets, ticket events, daily numbers,
the office's queue strategy and public address; dossiers may name their ticket.

Revision ID: 0002_queue
Revises: 0001_initial
Create Date: 2026-11-25 08:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002_queue'
down_revision = '0001_initial'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('public_base_url', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('queue_mode', sa.String(length=20), nullable=False,
                                      server_default='strict'))
        batch_op.add_column(sa.Column('queue_ratio', sa.Integer(), nullable=False,
                                      server_default='2'))

    op.create_table('services',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('prefix', sa.String(length=2), nullable=False),
    sa.Column('number_start', sa.Integer(), nullable=False),
    sa.Column('number_end', sa.Integer(), nullable=False),
    sa.Column('daily_cap', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('office_id', 'code')
    )

    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.String(length=10), nullable=False,
                                      server_default='open'))
        batch_op.add_column(sa.Column('pause_reason', sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column('clerk_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key('fk_counters_clerk_id_users', 'users', ['clerk_id'], ['id'])

    op.create_table('counter_services',
    sa.Column('counter_id', sa.Integer(), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], ),
    sa.PrimaryKeyConstraint('counter_id', 'service_id')
    )
    op.create_table('ticket_sequences',
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('last_value', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], ),
    sa.PrimaryKeyConstraint('service_id', 'day')
    )
    op.create_table('tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('issued_service_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=10), nullable=False),
    sa.Column('service_id', sa.Integer(), nullable=False),
    sa.Column('priority', sa.String(length=20), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('counter_id', sa.Integer(), nullable=True),
    sa.Column('target_counter_id', sa.Integer(), nullable=True),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('called_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('started_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('finished_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('call_count', sa.Integer(), nullable=False),
    sa.Column('source', sa.String(length=10), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=True),
    sa.Column('request_hash', sa.String(length=64), nullable=True),
    sa.Column('issued_by_id', sa.Integer(), nullable=True),
    sa.Column('transferred_from', sa.String(length=20), nullable=True),
    sa.Column('transferred_from_counter', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['counter_id'], ['counters.id'], ),
    sa.ForeignKeyConstraint(['issued_by_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['issued_service_id'], ['services.id'], ),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], ),
    sa.ForeignKeyConstraint(['target_counter_id'], ['counters.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('issued_service_id', 'day', 'seq'),
    sa.UniqueConstraint('office_id', 'idempotency_key')
    )
    with op.batch_alter_table('tickets', schema=None) as batch_op:
        batch_op.create_index('ix_tickets_queue', ['office_id', 'day', 'status', 'service_id'],
                              unique=False)

    op.create_table('ticket_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('type', sa.String(length=20), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('service_id', sa.Integer(), nullable=True),
    sa.Column('counter_no', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('priority', sa.Boolean(), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.ForeignKeyConstraint(['service_id'], ['services.id'], ),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sqlite_autoincrement=True
    )
    with op.batch_alter_table('ticket_events', schema=None) as batch_op:
        batch_op.create_index('ix_ticket_events_office_day', ['office_id', 'day', 'id'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_ticket_events_ticket_id'), ['ticket_id'],
                              unique=False)

    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ticket_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_dossiers_ticket_id'), ['ticket_id'], unique=False)
        batch_op.create_foreign_key('fk_dossiers_ticket_id_tickets', 'tickets', ['ticket_id'],
                                    ['id'])


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_constraint('fk_dossiers_ticket_id_tickets', type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_dossiers_ticket_id'))
        batch_op.drop_column('ticket_id')
    op.drop_table('ticket_events')
    op.drop_table('tickets')
    op.drop_table('ticket_sequences')
    op.drop_table('counter_services')
    with op.batch_alter_table('counters', schema=None) as batch_op:
        batch_op.drop_constraint('fk_counters_clerk_id_users', type_='foreignkey')
        batch_op.drop_column('clerk_id')
        batch_op.drop_column('pause_reason')
        batch_op.drop_column('state')
    op.drop_table('services')
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('queue_ratio')
        batch_op.drop_column('queue_mode')
        batch_op.drop_column('public_base_url')
