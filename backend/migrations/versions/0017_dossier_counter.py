"""The counter that received each dossier (issue 14, statistics by counter). Dossiers
stored before take their receiving clerk's counter of today: the best record there is.

Revision ID: 0017_dossier_counter
Revises: 0016_agency_codes
Create Date: 2026-12-05 01:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0017_dossier_counter'
down_revision = '0016_agency_codes'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('counter_no', sa.Integer(), nullable=True))
    op.execute("UPDATE dossiers SET counter_no = (SELECT users.counter_no FROM users "
               "WHERE users.id = dossiers.received_by_id)")


def downgrade() -> None:
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_column('counter_no')
