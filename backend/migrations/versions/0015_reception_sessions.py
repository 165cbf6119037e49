"""Calendar (issue 15, item 9): weekend reception sessions and imported official yearly
schedules of days off / make-up working days, both per office.

Revision ID: 0015_reception_sessions
Revises: 0014_portal_status
Create Date: 2026-12-05 01:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0015_reception_sessions'
down_revision = '0014_portal_status'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.add_column(sa.Column('reception_sessions', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('official_calendar', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('offices', schema=None) as batch_op:
        batch_op.drop_column('official_calendar')
        batch_op.drop_column('reception_sessions')
