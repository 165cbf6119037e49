"""The dossier's statutory life (issue 15): statuses one-to-one with the portal's codes
1-10, events with their due time and units (hand-overs, form 06), one extension (form 04).

The old "cancelled" had no portal meaning of its own: it becomes "stopped" (code 8), the
history row keeps its time, clerk and note.

Revision ID: 0014_portal_status
Revises: 0013_online_only
Create Date: 2026-12-05 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0014_portal_status'
down_revision = '0013_online_only'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('current_unit', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('proxy', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('original_due_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('extensions', sa.Integer(), server_default='0',
                                      nullable=False))
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('receipt_qr', sa.String(length=20),
                                      server_default='tracking', nullable=False))
    with op.batch_alter_table('dossier_history', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=20), server_default='status',
                                      nullable=False))
        batch_op.add_column(sa.Column('due_by', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('from_unit', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('to_unit', sa.String(length=120), nullable=True))
        batch_op.add_column(sa.Column('form_no', sa.String(length=30), nullable=True))
    op.execute("UPDATE dossiers SET status = 'stopped' WHERE status = 'cancelled'")
    op.execute("UPDATE dossier_history SET status = 'stopped' WHERE status = 'cancelled'")


def downgrade() -> None:
    for table in ('dossiers', 'dossier_history'):
        op.execute(f"UPDATE {table} SET status = 'cancelled' "
                   "WHERE status IN ('stopped', 'withdrawn', 'not_accepted')")
        op.execute(f"UPDATE {table} SET status = 'processing' WHERE status = 'awaiting_fee'")
        op.execute(f"UPDATE {table} SET status = 'received' WHERE status = 'new'")
    op.execute("DELETE FROM dossier_history WHERE kind <> 'status'")
    with op.batch_alter_table('dossier_history', schema=None) as batch_op:
        batch_op.drop_column('form_no')
        batch_op.drop_column('to_unit')
        batch_op.drop_column('from_unit')
        batch_op.drop_column('due_by')
        batch_op.drop_column('kind')
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('receipt_qr')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('extensions')
        batch_op.drop_column('original_due_at')
        batch_op.drop_column('current_unit')
        batch_op.drop_column('proxy')
