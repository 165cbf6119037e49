"""The office's waiting-time target (statistics: tickets over target). Each closed day's ticket figures also kept as one packed row (a year by month read
365 rows instead of 384k), and covering indexes for dossiers by time (a year's received
dossiers per procedure, and returned on time, without reading the dossier rows).

Revision ID: 0007_stats_packs
Revises: 0006_audit
Create Date: 2026-11-24 12:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0007_stats_packs'
down_revision = '0006_audit'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('waiting_target_min', sa.Integer(), nullable=False,
                                      server_default='20'))
    # Days stored before this revision have no pack: they are recomputed on first use.
    with op.batch_alter_table('stats_days', schema=None) as batch_op:
        batch_op.add_column(sa.Column('pack', sa.LargeBinary(), nullable=True))
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_office_received')
        batch_op.drop_index('ix_dossiers_office_returned')
        batch_op.create_index('ix_dossiers_office_received',
                              ['office_id', 'received_at', 'procedure_code'])
        batch_op.create_index('ix_dossiers_office_returned',
                              ['office_id', 'returned_at', 'due_at'])


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_office_returned')
        batch_op.drop_index('ix_dossiers_office_received')
        batch_op.create_index('ix_dossiers_office_received', ['office_id', 'received_at'])
        batch_op.create_index('ix_dossiers_office_returned', ['office_id', 'returned_at'])
    with op.batch_alter_table('stats_days', schema=None) as batch_op:
        batch_op.drop_column('pack')
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('waiting_target_min')
