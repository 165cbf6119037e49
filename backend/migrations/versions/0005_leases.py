"""Offline reception (issue 7): leases of ledger numbers handed to counters in advance;
dossiers remember whether they were received offline, on which lease, and whether the
backend re-ran the eID check.

Revision ID: 0005_leases
Revises: 0004_ratings
Create Date: 2026-11-27 09:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005_leases'
down_revision = '0004_ratings'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('dossier_leases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('agency_code', sa.String(length=40), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('first', sa.Integer(), nullable=False),
    sa.Column('last', sa.Integer(), nullable=False),
    sa.Column('issued_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('idempotency_key', sa.String(length=100), nullable=False),
    sa.Column('request_hash', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], ),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('office_id', 'idempotency_key')
    )
    with op.batch_alter_table('dossier_leases', schema=None) as batch_op:
        batch_op.create_index('ix_dossier_leases_user_day', ['user_id', 'day'])
        batch_op.create_index('ix_dossier_leases_office_day', ['office_id', 'day'])

    # Plain ADD COLUMNs: no foreign key and a literal default ('0' is false on PostgreSQL
    # too), or batch mode would rebuild the dossiers table on SQLite.
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('offline', sa.Boolean(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('lease_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('identity_rechecked', sa.Boolean(), nullable=False,
                                      server_default='0'))
        batch_op.create_index('ix_dossiers_lease_id', ['lease_id'])


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_lease_id')
        batch_op.drop_column('identity_rechecked')
        batch_op.drop_column('lease_id')
        batch_op.drop_column('offline')
    op.drop_table('dossier_leases')
